import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../commands/context.js';
import { runCommand } from '../../commands/run-command.js';
import { ADD_MODAL_CALLBACK, readAddModal } from '../add-modal.js';
import { renderBlocks } from '../render-blocks.js';

/** The `/infra add` modal's submission: validated before it closes, then run as the command. */
export function registerAddModal(app: App, services: Services): void {
  app.view(ADD_MODAL_CALLBACK, (args) => handleAddModal(args, services));
}

export async function handleAddModal(
  { ack, body, view, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
  services: Services,
): Promise<void> {
  const verdict = readAddModal(view.state.values as never, view.private_metadata);
  if (!verdict.ok) {
    await ack({ response_action: 'errors', errors: verdict.errors });
    return;
  }
  await ack();
  const result = await runCommand(verdict.line, {
    actor: { kind: 'slack', userId: body.user.id, ...(body.user.name ? { userName: body.user.name } : {}) },
    ...(verdict.channelId ? { channelId: verdict.channelId } : {}),
    frontDoor: 'slack',
    services,
  });
  // A modal has no response_url: the answer goes to the asker privately in the channel.
  if (!verdict.channelId) return;
  await client.chat
    .postEphemeral({ channel: verdict.channelId, user: body.user.id, ...renderBlocks(result.message) })
    .catch((error: unknown) => services.logger.warn({ err: error }, 'could not answer the add modal'));
}

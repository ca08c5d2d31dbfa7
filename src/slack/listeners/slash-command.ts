import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../commands/context.js';
import type { CommandResult } from '../../commands/result.js';
import { runCommand } from '../../commands/run-command.js';
import type { InFlight } from '../../workers/in-flight.js';
import { addModal, missingAddInput } from '../add-modal.js';
import type { ChannelPacer } from '../channel-pacer.js';
import { deliverResult } from '../deliver-result.js';
import { interruptedNotice, RESTARTING_TEXT, recordInterrupted } from '../interrupted-command.js';
import { renderBlocks } from '../render-blocks.js';

const usageOfAdd = 'add <queue|bucket|table> <name> [options]';

/**
 * How long we let a command run before acking without its answer. Slack allows 3 s; quick
 * commands (help, whoami) answer inside the ack itself, saving a response_url round trip.
 */
export const ACK_BUDGET_MS = 1_500;

export const COMMAND_NAME = '/infra';

export function registerSlashCommand(
  app: App,
  services: Services,
  pacer?: ChannelPacer,
  inFlight?: InFlight,
): void {
  app.command(COMMAND_NAME, async (args) => {
    if (!inFlight) return handleSlashCommand(args, services, pacer);
    // Shutting down: run nothing new, and say so (Slack shows the ack to the asker alone).
    if (!inFlight.accepting) return args.ack({ response_type: 'ephemeral', text: RESTARTING_TEXT });
    const { command, respond } = args;
    const line = command.text ?? '';
    return inFlight.track(
      {
        label: `${COMMAND_NAME} ${line}`,
        abandon: async () => {
          await recordInterrupted(services, {
            line,
            actor: { id: command.user_id, name: command.user_name, kind: 'slack' },
            channelId: command.channel_id,
          });
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: interruptedNotice(line),
          });
        },
      },
      handleSlashCommand(args, services, pacer),
    );
  });
}

export async function handleSlashCommand(
  { command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  services: Services,
  pacer?: ChannelPacer,
): Promise<void> {
  // `/infra add` without its required input: ask for it in a modal instead of failing — only
  // someone who may add (the others get the grammar's denial below, audited).
  const missing = services.changes ? missingAddInput(command.text ?? '') : undefined;
  const addVerb = services.registry.get('add');
  const mayAdd =
    missing !== undefined &&
    addVerb !== undefined &&
    (
      await services.access.check({
        actor: { kind: 'slack', userId: command.user_id },
        channelId: command.channel_id,
        verb: addVerb,
      })
    ).allowed;
  if (missing && mayAdd) {
    await ack();
    await client.views
      .open({ trigger_id: command.trigger_id, view: addModal(missing, command.channel_id) })
      .catch((error: unknown) => {
        services.logger.warn({ err: error }, 'could not open the add modal');
        return respond({
          response_type: 'ephemeral',
          text: `Could not open the form; type the whole command: \`${usageOfAdd}\``,
        });
      });
    return;
  }
  const work = runCommand(command.text ?? '', {
    actor: { kind: 'slack', userId: command.user_id, userName: command.user_name, teamId: command.team_id },
    channelId: command.channel_id,
    frontDoor: 'slack',
    services,
  });
  const budget = delay(ACK_BUDGET_MS);
  const quick = await Promise.race([work, budget.done]);
  // A pending timer per request would pile up under load and fire in bursts later.
  budget.cancel();
  if (quick && !quick.progress && !(quick.visibility === 'channel' && quick.outcome === 'ok')) {
    // Private answers go straight into the ack.
    await ack({ ...renderBlocks(quick.message), response_type: 'ephemeral' });
    return;
  }
  await ack();
  const result: CommandResult = quick ?? (await work);
  await deliverResult(result, {
    respond,
    client,
    channelId: command.channel_id,
    logger: services.logger,
    ...(pacer ? { pacer } : {}),
  });
}

function delay(ms: number): { done: Promise<undefined>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return { done, cancel: () => clearTimeout(timer) };
}

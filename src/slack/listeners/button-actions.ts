import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../commands/context.js';
import { runCommand } from '../../commands/run-command.js';
import type { InFlight } from '../../workers/in-flight.js';
import type { ChannelPacer } from '../channel-pacer.js';
import { deliverResult } from '../deliver-result.js';
import { interruptedNotice, RESTARTING_TEXT, recordInterrupted } from '../interrupted-command.js';
import { RUN_ACTION_PREFIX } from '../render-blocks.js';

const ACTION_PATTERN = new RegExp(`^${RUN_ACTION_PREFIX.replace('.', '\\.')}\\.\\d+$`);
/** How long a confirmation click is remembered, so a double click or a second replica can't run it twice. */
const CLICK_MEMORY_MS = 24 * 3_600_000;
export const CANCELLED = 'Cancelled, nothing changed.';

export function registerButtonActions(
  app: App,
  services: Services,
  pacer?: ChannelPacer,
  inFlight?: InFlight,
): void {
  app.action<BlockButtonAction>(ACTION_PATTERN, async (args) => {
    if (!inFlight) return handleButton(args, services, pacer);
    const { ack, respond, body, action } = args;
    if (!inFlight.accepting) {
      // Shutting down: the click runs nothing (and is not remembered, so it can be clicked again).
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: RESTARTING_TEXT });
      return;
    }
    const line = action.value ?? '';
    const channelId = body.channel?.id ?? body.container?.channel_id;
    return inFlight.track(
      {
        label: line,
        abandon: async () => {
          await recordInterrupted(services, {
            line,
            actor: { id: body.user.id, ...(body.user.name ? { name: body.user.name } : {}), kind: 'slack' },
            ...(channelId ? { channelId } : {}),
          });
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: interruptedNotice(line),
          });
        },
      },
      handleButton(args, services, pacer),
    );
  });
}

/** A button runs the command line in its value, as the person who clicked it. */
export async function handleButton(
  { ack, body, action, respond, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
  services: Services,
  pacer?: ChannelPacer,
): Promise<void> {
  await ack();
  const line = action.value ?? '';
  if (line.trim() === '') {
    // Cancel: the question is replaced by the answer, so nobody wonders whether something ran.
    await respond({ replace_original: true, response_type: 'ephemeral', text: CANCELLED });
    return;
  }
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const messageTs = body.container?.message_ts ?? body.message?.ts;
  const isConfirmation = /(^|\s)--yes(\s|$)/.test(line);
  if (isConfirmation && messageTs) {
    const first = await services.store.putIfAbsent(
      { pk: 'click', sk: `${channelId ?? '-'}:${messageTs}:${action.action_id}` },
      { userId: body.user.id, line },
      { ttlMs: CLICK_MEMORY_MS },
    );
    if (!first) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That was already confirmed; nothing more to do.',
      });
      return;
    }
  }
  // A button on a channel message belongs to that message's thread (an alert's parent or reply).
  const thread =
    channelId && messageTs && body.container?.is_ephemeral !== true
      ? { channel: channelId, ts: body.message?.thread_ts ?? messageTs }
      : undefined;
  const result = await runCommand(line, {
    actor: { kind: 'slack', userId: body.user.id, ...(body.user.name ? { userName: body.user.name } : {}) },
    ...(channelId ? { channelId } : {}),
    ...(thread ? { thread } : {}),
    frontDoor: 'slack',
    services,
    // The yes of a confirmation button: audited as confirmed, not as a typed --yes.
    ...(isConfirmation ? { confirmed: true } : {}),
  });
  const ephemeralSource = body.container?.is_ephemeral === true;
  await deliverResult(result, {
    respond,
    client,
    ...(channelId ? { channelId } : {}),
    // From a confirmation: the answer replaces the question. From a channel message: answer in its thread.
    ...(ephemeralSource
      ? { replaceOriginal: true }
      : messageTs
        ? { threadTs: body.message?.thread_ts ?? messageTs }
        : {}),
    logger: services.logger,
    ...(pacer ? { pacer } : {}),
  });
}

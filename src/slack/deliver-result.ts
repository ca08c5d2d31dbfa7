import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Message } from '../commands/message.js';
import type { CommandResult } from '../commands/result.js';
import type { Logger } from '../logger.js';
import type { ChannelPacer } from './channel-pacer.js';
import { renderBlocks } from './render-blocks.js';

export interface DeliveryTarget {
  respond: RespondFn;
  client: WebClient;
  channelId?: string;
  /** Reply in this thread when posting to the channel. */
  threadTs?: string;
  /** Replace the message the user clicked (a confirmation) instead of adding a new one. */
  replaceOriginal?: boolean;
  logger: Logger;
  /** Minimum gap between two edits of one message; chat.update is Tier 3 (≈ 50/min). */
  editIntervalMs?: number;
  /** Shared per-channel pacing of chat.postMessage. */
  pacer?: ChannelPacer;
}

/** response_url works five times in 30 minutes; keep one use for the final summary. */
const RESPONSE_URL_EDITS = 3;

/**
 * Shows a command result in Slack: private results through response_url (ephemeral), channel
 * results as a bot message. Progress edits one message — chat.update for bot messages, paced;
 * response_url replacements (at most a few, the last one always the summary) otherwise.
 */
export async function deliverResult(result: CommandResult, target: DeliveryTarget): Promise<void> {
  const first = renderBlocks(result.message);
  if (result.visibility === 'channel' && target.channelId) {
    const posted = await postToChannel(first, target);
    if (posted) {
      if (result.progress) await editWithProgress(result.progress, target, posted);
      return;
    }
  }
  await target.respond({
    ...first,
    response_type: result.visibility === 'channel' ? 'in_channel' : 'ephemeral',
    replace_original: target.replaceOriginal === true,
  });
  if (result.progress) {
    await replaceWithProgress(
      result.progress,
      target,
      result.visibility === 'channel' ? 'in_channel' : 'ephemeral',
    );
  }
}

async function postToChannel(
  rendered: ReturnType<typeof renderBlocks>,
  target: DeliveryTarget,
): Promise<{ channel: string; ts: string } | undefined> {
  try {
    const post = () =>
      target.client.chat.postMessage({
        channel: target.channelId!,
        ...rendered,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
    const out = await (target.pacer ? target.pacer.schedule(target.channelId!, post) : post());
    if (out.ok && out.ts && out.channel) {
      if (target.replaceOriginal) await target.respond({ delete_original: true }).catch(() => undefined);
      return { channel: out.channel, ts: out.ts };
    }
  } catch (error) {
    // Typically not_in_channel: the bot wasn't invited. response_url still works there.
    target.logger.info(
      { err: error, channel: target.channelId },
      'could not post to the channel; answering via response_url',
    );
  }
  return undefined;
}

async function editWithProgress(
  progress: AsyncIterable<Message>,
  target: DeliveryTarget,
  message: { channel: string; ts: string },
): Promise<void> {
  const interval = target.editIntervalMs ?? 1_200;
  let lastEdit = 0;
  let pending: Message | undefined;
  const flush = async () => {
    if (!pending) return;
    const rendered = renderBlocks(pending);
    pending = undefined;
    lastEdit = Date.now();
    await target.client.chat.update({ channel: message.channel, ts: message.ts, ...rendered });
  };
  for await (const step of progress) {
    pending = step;
    // Coalesce: skip intermediate steps that arrive faster than Slack should be edited.
    if (Date.now() - lastEdit >= interval)
      await flush().catch((err) => target.logger.warn({ err }, 'progress edit failed'));
  }
  await flush();
}

async function replaceWithProgress(
  progress: AsyncIterable<Message>,
  target: DeliveryTarget,
  responseType: 'in_channel' | 'ephemeral',
): Promise<void> {
  const steps: Message[] = [];
  let used = 0;
  for await (const step of progress) {
    steps.push(step);
    if (used < RESPONSE_URL_EDITS - 1 && steps.length % 3 === 1) {
      used++;
      await target
        .respond({ ...renderBlocks(step), response_type: responseType, replace_original: true })
        .catch((err) => target.logger.warn({ err }, 'progress update failed'));
    }
  }
  const last = steps.at(-1);
  if (last)
    await target.respond({ ...renderBlocks(last), response_type: responseType, replace_original: true });
}

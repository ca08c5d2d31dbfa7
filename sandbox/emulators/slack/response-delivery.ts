import { botMessageFields, contentPatch } from './bot-message.js';
import type { EmulatorCore } from './core.js';
import { isSlackTs } from './ids.js';
import { readMessageContent, type SlackFailure } from './message-content.js';
import type { ResponseUrlContext } from './response-urls.js';

/**
 * What Slack does with a message sent to a response_url (or returned in a slash command's
 * HTTP answer): `delete_original` removes the message that was clicked, `replace_original`
 * rewrites it, otherwise a new message is shown — only to the user (`ephemeral`, the default)
 * or to the channel (`in_channel`, optionally in `thread_ts`).
 */

export type Delivery =
  | { ok: true; action: 'deleted' | 'replaced' | 'posted' | 'posted_ephemeral' }
  | SlackFailure;

export function deliverResponse(core: EmulatorCore, context: ResponseUrlContext, body: unknown): Delivery {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, error: 'invalid_payload' };
  const message = body as Record<string, unknown>;
  const { workspace } = core;
  const original = context.messageTs;
  const truthy = (value: unknown) => value === true || value === 'true';

  if (truthy(message.delete_original) && original) {
    if (context.messageIsEphemeral) workspace.deleteEphemeral(context.channel, context.user, original);
    else workspace.deleteMessage(context.channel, original);
    return { ok: true, action: 'deleted' };
  }

  const content = readMessageContent(message);
  if (!content.ok) return content;

  if (truthy(message.replace_original) && original) {
    const patch = contentPatch(core, content.content, false);
    if (context.messageIsEphemeral) workspace.updateEphemeral(context.channel, context.user, original, patch);
    else if (workspace.message(context.channel, original)) {
      workspace.updateMessage(context.channel, original, patch);
    }
    return { ok: true, action: 'replaced' };
  }

  const fields = botMessageFields(core, content.content);
  const threadTs = typeof message.thread_ts === 'string' ? message.thread_ts : undefined;
  const validThread =
    threadTs !== undefined && isSlackTs(threadTs) && workspace.message(context.channel, threadTs);
  if (message.response_type === 'in_channel') {
    workspace.postMessage(context.channel, fields, { threadTs: validThread ? threadTs : undefined });
    return { ok: true, action: 'posted' };
  }
  if (validThread) fields.thread_ts = threadTs;
  workspace.postEphemeral(context.channel, context.user, fields);
  return { ok: true, action: 'posted_ephemeral' };
}

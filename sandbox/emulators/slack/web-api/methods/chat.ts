import { botMessageFields, contentPatch, publicMessage } from '../../bot-message.js';
import type { EmulatorCore } from '../../core.js';
import { isSlackTs } from '../../ids.js';
import { readMessageContent } from '../../message-content.js';
import type { SlackChannel, SlackMessage } from '../../types.js';
import { fail, type MethodHandler, type MethodResult } from '../method.js';
import type { Params } from '../params.js';

/** chat.* — posting, editing, deleting and linking messages. */

function channelFor(params: Params, core: EmulatorCore, name = 'channel'): SlackChannel | undefined {
  const ref = params.string(name);
  return ref ? core.workspace.resolveChannel(ref) : undefined;
}

/**
 * A thread_ts must name a message of the channel. Slack documents no error for this (an unknown
 * thread_ts yields an orphan reply nobody sees); the emulator is stricter and answers
 * `invalid_thread_ts` so that such bugs surface in tests instead of in production.
 */
function checkThread(params: Params, core: EmulatorCore, channel: SlackChannel): MethodResult | undefined {
  const threadTs = params.string('thread_ts');
  if (threadTs === undefined) return undefined;
  if (!isSlackTs(threadTs) || !core.workspace.message(channel.id, threadTs)) return fail('invalid_thread_ts');
  return undefined;
}

/** A message the channel still shows (a deleted parent lingers as a tombstone for its thread). */
function liveMessage(core: EmulatorCore, channel: string, ts: string | undefined): SlackMessage | undefined {
  const message = ts ? core.workspace.message(channel, ts) : undefined;
  return message?.subtype === 'tombstone' ? undefined : message;
}

function isOwnMessage(message: SlackMessage, core: EmulatorCore): boolean {
  return message.bot_id === core.workspace.bot.botId;
}

function permalink(core: EmulatorCore, channel: string, message: SlackMessage): string {
  const base = `https://${core.workspace.team.domain}.slack.com/archives/${channel}/p${message.ts.replace('.', '')}`;
  const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
  return isReply ? `${base}?thread_ts=${message.thread_ts}&cid=${channel}` : base;
}

const postMessage: MethodHandler = (params, core) => {
  const channel = channelFor(params, core);
  if (!channel) return fail('channel_not_found');
  if (!channel.bot_is_member) return fail('not_in_channel');
  const content = readMessageContent(params.raw);
  if (!content.ok) return content;
  const threadError = checkThread(params, core, channel);
  if (threadError) return threadError;
  const metadata = params.json('metadata');
  if (!metadata.ok) return fail('invalid_metadata_format');

  const fields = botMessageFields(core, content.content);
  if (metadata.value !== undefined) fields.metadata = metadata.value;
  const threadTs = params.string('thread_ts');
  const message = core.workspace.postMessage(channel.id, fields, {
    threadTs,
    broadcast: threadTs !== undefined && params.bool('reply_broadcast'),
  });
  return { ok: true, channel: channel.id, ts: message.ts, message: publicMessage(message) };
};

const update: MethodHandler = (params, core) => {
  const channel = channelFor(params, core);
  if (!channel) return fail('channel_not_found');
  const ts = params.string('ts');
  const existing = liveMessage(core, channel.id, ts);
  if (!ts || !existing) return fail('message_not_found');
  if (!isOwnMessage(existing, core)) return fail('cant_update_message');
  const content = readMessageContent(params.raw, false);
  if (!content.ok) return content;
  if (!params.has('text') && !params.has('blocks') && !params.has('attachments')) return fail('no_text');

  const patch = contentPatch(core, content.content, true);
  if (!params.has('text')) delete patch.text;
  const updated = core.workspace.updateMessage(channel.id, ts, patch, core.workspace.bot.userId);
  const message = publicMessage(updated);
  return { ok: true, channel: channel.id, ts, text: updated.text, message };
};

const remove: MethodHandler = (params, core) => {
  const channel = channelFor(params, core);
  if (!channel) return fail('channel_not_found');
  const ts = params.string('ts');
  const existing = liveMessage(core, channel.id, ts);
  if (!ts || !existing) return fail('message_not_found');
  if (!isOwnMessage(existing, core)) return fail('cant_delete_message');
  core.workspace.deleteMessage(channel.id, ts);
  return { ok: true, channel: channel.id, ts };
};

const postEphemeral: MethodHandler = (params, core) => {
  const channel = channelFor(params, core);
  if (!channel) return fail('channel_not_found');
  const user = params.string('user');
  if (!user || !core.workspace.isMember(channel.id, user)) return fail('user_not_in_channel');
  const content = readMessageContent(params.raw);
  if (!content.ok) return content;
  const threadError = checkThread(params, core, channel);
  if (threadError) return threadError;
  const fields = botMessageFields(core, content.content);
  const threadTs = params.string('thread_ts');
  if (threadTs) fields.thread_ts = threadTs;
  const message = core.workspace.postEphemeral(channel.id, user, fields);
  return { ok: true, message_ts: message.ts };
};

const getPermalink: MethodHandler = (params, core) => {
  const channel = channelFor(params, core);
  if (!channel) return fail('channel_not_found');
  const ts = params.string('message_ts');
  const message = ts ? core.workspace.message(channel.id, ts) : undefined;
  if (!message) return fail('message_not_found');
  return { ok: true, channel: channel.id, permalink: permalink(core, channel.id, message) };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
};

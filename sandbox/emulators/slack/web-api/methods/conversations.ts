import { publicMessage } from '../../bot-message.js';
import type { EmulatorCore } from '../../core.js';
import { isSlackTs, tsToMicros } from '../../ids.js';
import type { SlackChannel, SlackMessage } from '../../types.js';
import { fail, type MethodHandler, type MethodResult } from '../method.js';
import type { Params } from '../params.js';

/** conversations.info / history / replies, with Slack's cursor pagination. */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

function channelInfo(channel: SlackChannel, core: EmulatorCore): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    created: channel.created,
    creator: '',
    is_channel: !channel.is_im && !channel.is_private,
    is_group: !channel.is_im && channel.is_private,
    is_im: channel.is_im,
    is_mpim: false,
    is_private: channel.is_private,
    is_archived: false,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: channel.bot_is_member,
    context_team_id: core.workspace.team.id,
    topic: { value: channel.topic, creator: '', last_set: 0 },
    purpose: { value: channel.purpose, creator: '', last_set: 0 },
  };
  if (channel.is_im) info.user = channel.user;
  return info;
}

/** Slack's cursors are base64 of `next_ts:<ts>`; we keep that shape. */
function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts.replace('.', '')}`).toString('base64');
}

function decodeCursor(cursor: string): string | undefined {
  const match = /^next_ts:(\d+)(\d{6})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? `${match[1]}.${match[2]}` : undefined;
}

interface Window {
  oldest?: string;
  latest?: string;
  inclusive: boolean;
  limit: number;
  cursor?: string;
}

function readWindow(params: Params): Window | MethodResult {
  const oldest = params.string('oldest');
  const latest = params.string('latest');
  if (oldest !== undefined && !/^\d+(\.\d+)?$/.test(oldest)) return fail('invalid_ts_oldest');
  if (latest !== undefined && !/^\d+(\.\d+)?$/.test(latest)) return fail('invalid_ts_latest');
  const requested = params.int('limit');
  if (requested !== undefined && Number.isNaN(requested)) return fail('invalid_limit');
  const limit = Math.min(Math.max(requested ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const cursorParam = params.string('cursor');
  let cursor: string | undefined;
  if (cursorParam !== undefined) {
    cursor = decodeCursor(cursorParam);
    if (!cursor) return fail('invalid_cursor');
  }
  return { oldest, latest, inclusive: params.bool('inclusive'), limit, cursor };
}

function inWindow(ts: string, w: Window): boolean {
  const value = tsToMicros(ts);
  if (w.oldest !== undefined) {
    const oldest = tsToMicros(w.oldest);
    if (w.inclusive ? value < oldest : value <= oldest) return false;
  }
  if (w.latest !== undefined) {
    const latest = tsToMicros(w.latest);
    if (w.inclusive ? value > latest : value >= latest) return false;
  }
  return true;
}

/** Cuts one page out of `ordered`; the cursor names the first message of the next page. */
function page(
  ordered: SlackMessage[],
  w: Window,
  continuesAt: (m: SlackMessage, cursor: string) => boolean,
): { messages: SlackMessage[]; nextCursor: string } {
  const start = w.cursor === undefined ? 0 : ordered.findIndex((m) => continuesAt(m, w.cursor!));
  const from = start < 0 ? ordered.length : start;
  const messages = ordered.slice(from, from + w.limit);
  const next = ordered[from + w.limit];
  return { messages, nextCursor: next ? encodeCursor(next.ts) : '' };
}

const info: MethodHandler = (params, core) => {
  const ref = params.string('channel');
  const channel = ref ? core.workspace.channel(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  return { ok: true, channel: channelInfo(channel, core) };
};

const history: MethodHandler = (params, core) => {
  const ref = params.string('channel');
  const channel = ref ? core.workspace.channel(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  if (!channel.bot_is_member) return fail('not_in_channel');
  const w = readWindow(params);
  if ('ok' in w) return w;
  const newestFirst = core.workspace
    .timeline(channel.id)
    .filter((m) => inWindow(m.ts, w))
    .reverse();
  const { messages, nextCursor } = page(
    newestFirst,
    w,
    (m, cursor) => tsToMicros(m.ts) <= tsToMicros(cursor),
  );
  return {
    ok: true,
    messages: messages.map(publicMessage),
    has_more: nextCursor !== '',
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: nextCursor },
  };
};

const replies: MethodHandler = (params, core) => {
  const ref = params.string('channel');
  const channel = ref ? core.workspace.channel(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  const ts = params.string('ts');
  if (!ts || !isSlackTs(ts)) return fail('thread_not_found');
  const target = core.workspace.message(channel.id, ts);
  if (!target) return fail('thread_not_found');
  const parentTs = target.thread_ts ?? target.ts;
  const w = readWindow(params);
  if ('ok' in w) return w;
  const [parent, ...rest] = core.workspace.thread(channel.id, parentTs);
  // Slack always returns the parent first, then the replies in the window.
  const ordered = [parent!, ...rest.filter((m) => inWindow(m.ts, w))];
  const { messages, nextCursor } = page(ordered, w, (m, cursor) => tsToMicros(m.ts) >= tsToMicros(cursor));
  return {
    ok: true,
    messages: messages.map(publicMessage),
    has_more: nextCursor !== '',
    response_metadata: { next_cursor: nextCursor },
  };
};

export const conversationsMethods: Record<string, MethodHandler> = {
  'conversations.info': info,
  'conversations.history': history,
  'conversations.replies': replies,
};

import { FileStore } from './file-store.js';
import type { IdGenerator, TsGenerator } from './ids.js';
import type {
  Clock,
  SlackChannel,
  SlackMessage,
  SlackUser,
  SlackUserGroup,
  StoredEphemeral,
  TeamInfo,
  WorkspaceChange,
} from './types.js';
import { ViewStore } from './view-store.js';

/**
 * The emulated workspace: users, groups, channels with their messages and threads, ephemeral
 * messages (per user), open modals (a stack per user), App Home views and uploaded files.
 * Everything lives in memory; every mutation is announced to `onChange` listeners so the
 * sandbox page can follow along.
 */

export interface BotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface SeedUser {
  id: string;
  name: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  tz?: string;
}

export interface SeedUserGroup {
  id: string;
  handle: string;
  users: string[];
  name?: string;
}

export interface SeedChannel {
  id: string;
  name: string;
  is_private?: boolean;
  /** Members; omit for "everyone" (any known user may use the channel). */
  members?: string[];
  /** Defaults to true; false makes chat.postMessage answer `not_in_channel`. */
  botIsMember?: boolean;
}

interface ChannelState {
  info: SlackChannel;
  /** Every message (top-level and replies) by ts. */
  messages: Map<string, SlackMessage>;
  /** ts of what the channel shows, oldest first: top-level messages and thread broadcasts. */
  timeline: string[];
  /** Replies per parent ts, oldest first. */
  replies: Map<string, string[]>;
}

/** Slack's real bot user for system messages such as "/infra failed with the error …". */
export const SLACKBOT_USER_ID = 'USLACKBOT';

export class Workspace {
  private readonly users = new Map<string, SlackUser>();
  private readonly groups = new Map<string, SlackUserGroup>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly ephemerals: StoredEphemeral[] = [];
  private readonly listeners = new Set<(change: WorkspaceChange) => void>();
  /** Modals and App Home views. */
  readonly views: ViewStore;
  /** Uploaded files. */
  readonly files: FileStore;

  constructor(
    readonly team: TeamInfo,
    readonly bot: BotIdentity,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly ts: TsGenerator,
  ) {
    const emit = (change: WorkspaceChange) => this.emit(change);
    this.views = new ViewStore(team, bot, clock, ids, emit);
    this.files = new FileStore(team, bot, clock, ids, emit);
    this.putUser({ id: bot.userId, name: bot.name, real_name: bot.name }, true);
    this.putUser({ id: SLACKBOT_USER_ID, name: 'slackbot', real_name: 'Slackbot' }, true);
  }

  onChange(listener: (change: WorkspaceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: WorkspaceChange): void {
    for (const listener of this.listeners) listener(change);
  }

  // ---- users and groups -------------------------------------------------------------------

  addUser(seed: SeedUser): SlackUser {
    const user = this.putUser(seed, false);
    this.emit({ kind: 'workspace.seeded', user: user.id });
    return user;
  }

  private putUser(seed: SeedUser, isBot: boolean): SlackUser {
    const realName = seed.real_name ?? seed.name;
    const user: SlackUser = {
      id: seed.id,
      team_id: this.team.id,
      name: seed.name,
      real_name: realName,
      is_admin: seed.is_admin ?? false,
      is_owner: seed.is_owner ?? false,
      is_bot: isBot,
      deleted: false,
      tz: seed.tz ?? 'UTC',
      profile: { real_name: realName, display_name: seed.name },
    };
    this.users.set(user.id, user);
    return user;
  }

  user(id: string): SlackUser | undefined {
    return this.users.get(id);
  }

  allUsers(): SlackUser[] {
    return [...this.users.values()];
  }

  addUserGroup(seed: SeedUserGroup): SlackUserGroup {
    const group: SlackUserGroup = {
      id: seed.id,
      team_id: this.team.id,
      handle: seed.handle,
      name: seed.name ?? seed.handle,
      users: [...seed.users],
    };
    this.groups.set(group.id, group);
    this.emit({ kind: 'workspace.seeded' });
    return group;
  }

  userGroup(id: string): SlackUserGroup | undefined {
    return this.groups.get(id);
  }

  allUserGroups(): SlackUserGroup[] {
    return [...this.groups.values()];
  }

  // ---- channels ---------------------------------------------------------------------------

  addChannel(seed: SeedChannel): SlackChannel {
    const info: SlackChannel = {
      id: seed.id,
      name: seed.name.replace(/^#/, ''),
      is_private: seed.is_private ?? false,
      is_im: false,
      created: Math.floor(this.clock() / 1000),
      members: seed.members ? [...seed.members] : null,
      bot_is_member: seed.botIsMember ?? true,
      topic: '',
      purpose: '',
    };
    this.channels.set(info.id, { info, messages: new Map(), timeline: [], replies: new Map() });
    this.emit({ kind: 'workspace.seeded', channel: info.id });
    return info;
  }

  /**
   * Resolves what a caller passes as `channel`: a channel id, a channel name (`#ops` or `ops`),
   * or a user id, which like Slack means that user's direct-message channel with the bot.
   */
  resolveChannel(ref: string): SlackChannel | undefined {
    const direct = this.channels.get(ref);
    if (direct) return direct.info;
    const name = ref.replace(/^#/, '');
    for (const state of this.channels.values()) {
      if (!state.info.is_im && state.info.name === name) return state.info;
    }
    const user = this.users.get(ref);
    if (user && !user.is_bot) return this.directChannel(user.id);
    return undefined;
  }

  private directChannel(userId: string): SlackChannel {
    for (const state of this.channels.values()) {
      if (state.info.is_im && state.info.user === userId) return state.info;
    }
    const info: SlackChannel = {
      id: this.ids.next('D'),
      name: userId,
      is_private: true,
      is_im: true,
      user: userId,
      created: Math.floor(this.clock() / 1000),
      members: [userId],
      bot_is_member: true,
      topic: '',
      purpose: '',
    };
    this.channels.set(info.id, { info, messages: new Map(), timeline: [], replies: new Map() });
    return info;
  }

  channel(id: string): SlackChannel | undefined {
    return this.channels.get(id)?.info;
  }

  allChannels(): SlackChannel[] {
    return [...this.channels.values()].map((s) => s.info);
  }

  isMember(channelId: string, userId: string): boolean {
    const info = this.channels.get(channelId)?.info;
    if (!info) return false;
    if (info.members === null) return this.users.has(userId);
    return info.members.includes(userId);
  }

  // ---- messages ---------------------------------------------------------------------------

  message(channelId: string, ts: string): SlackMessage | undefined {
    return this.channels.get(channelId)?.messages.get(ts);
  }

  /** What the channel shows, oldest first (top-level messages and broadcast replies). */
  timeline(channelId: string): SlackMessage[] {
    const state = this.channels.get(channelId);
    if (!state) return [];
    return state.timeline.map((ts) => state.messages.get(ts)!);
  }

  /** A thread, parent first then replies oldest first; empty when `ts` is unknown. */
  thread(channelId: string, ts: string): SlackMessage[] {
    const state = this.channels.get(channelId);
    const parent = state?.messages.get(ts);
    if (!state || !parent) return [];
    const replies = state.replies.get(ts) ?? [];
    return [parent, ...replies.map((r) => state.messages.get(r)!)];
  }

  /**
   * Stores a message. `threadTs` makes it a reply (a reply's ts is resolved to its parent,
   * as Slack does); `broadcast` also shows the reply in the channel (`thread_broadcast`).
   */
  postMessage(
    channelId: string,
    fields: Omit<SlackMessage, 'type' | 'ts'>,
    options: { threadTs?: string; broadcast?: boolean } = {},
  ): SlackMessage {
    const state = this.requireChannel(channelId);
    const message: SlackMessage = { type: 'message', ts: this.ts.next(), ...fields };
    state.messages.set(message.ts, message);
    if (options.threadTs) {
      const parent = this.threadParent(state, options.threadTs);
      message.thread_ts = parent.ts;
      if (options.broadcast) {
        message.subtype = 'thread_broadcast';
        state.timeline.push(message.ts);
      }
      const replies = state.replies.get(parent.ts) ?? [];
      replies.push(message.ts);
      state.replies.set(parent.ts, replies);
      this.refreshThreadSummary(state, parent);
    } else {
      state.timeline.push(message.ts);
    }
    this.emit({ kind: 'message.posted', channel: channelId, ts: message.ts, threadTs: message.thread_ts });
    return message;
  }

  private threadParent(state: ChannelState, ts: string): SlackMessage {
    const target = state.messages.get(ts);
    if (!target) throw new Error(`no message ${ts} in ${state.info.id}`);
    if (target.thread_ts && target.thread_ts !== target.ts) return state.messages.get(target.thread_ts)!;
    return target;
  }

  private refreshThreadSummary(state: ChannelState, parent: SlackMessage): void {
    const replies = (state.replies.get(parent.ts) ?? []).map((ts) => state.messages.get(ts)!);
    if (replies.length === 0) {
      delete parent.thread_ts;
      delete parent.reply_count;
      delete parent.reply_users;
      delete parent.reply_users_count;
      delete parent.latest_reply;
      return;
    }
    const users = [...new Set(replies.map((r) => r.user).filter((u): u is string => Boolean(u)))];
    parent.thread_ts = parent.ts;
    parent.reply_count = replies.length;
    parent.reply_users = users;
    parent.reply_users_count = users.length;
    parent.latest_reply = replies[replies.length - 1]!.ts;
  }

  /** Rewrites a message; `editor` stamps `edited` (chat.update does, replace_original does not). */
  updateMessage(channelId: string, ts: string, patch: Partial<SlackMessage>, editor?: string): SlackMessage {
    const state = this.requireChannel(channelId);
    const message = state.messages.get(ts);
    if (!message) throw new Error(`no message ${ts} in ${channelId}`);
    Object.assign(message, patch);
    if (editor) message.edited = { user: editor, ts: this.ts.next() };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete (message as unknown as Record<string, unknown>)[key];
    }
    this.emit({ kind: 'message.updated', channel: channelId, ts, threadTs: message.thread_ts });
    return message;
  }

  /**
   * Deletes a message. A parent with replies becomes a tombstone ("This message was deleted.")
   * so its thread survives, as in Slack; a reply is removed from its thread.
   */
  deleteMessage(channelId: string, ts: string): void {
    const state = this.requireChannel(channelId);
    const message = state.messages.get(ts);
    if (!message) return;
    const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    if (!isReply && (state.replies.get(ts)?.length ?? 0) > 0) {
      for (const key of [
        'blocks',
        'attachments',
        'files',
        'bot_id',
        'app_id',
        'bot_profile',
        'metadata',
        'edited',
      ]) {
        delete (message as unknown as Record<string, unknown>)[key];
      }
      Object.assign(message, {
        subtype: 'tombstone',
        text: 'This message was deleted.',
        user: SLACKBOT_USER_ID,
      });
    } else {
      state.messages.delete(ts);
      state.timeline = state.timeline.filter((t) => t !== ts);
      if (isReply) {
        const parentTs = message.thread_ts!;
        state.replies.set(
          parentTs,
          (state.replies.get(parentTs) ?? []).filter((t) => t !== ts),
        );
        const parent = state.messages.get(parentTs);
        if (parent) this.refreshThreadSummary(state, parent);
      }
    }
    this.emit({
      kind: 'message.deleted',
      channel: channelId,
      ts,
      threadTs: isReply ? message.thread_ts : undefined,
    });
  }

  private requireChannel(id: string): ChannelState {
    const state = this.channels.get(id);
    if (!state) throw new Error(`unknown channel ${id}`);
    return state;
  }

  // ---- ephemeral messages -----------------------------------------------------------------

  postEphemeral(channelId: string, user: string, fields: Omit<SlackMessage, 'type' | 'ts'>): SlackMessage {
    const message: SlackMessage = { type: 'message', ts: this.ts.next(), ...fields, is_ephemeral: true };
    this.ephemerals.push({ channel: channelId, user, message });
    this.emit({ kind: 'ephemeral.posted', channel: channelId, user, ts: message.ts });
    return message;
  }

  ephemeral(channelId: string, user: string, ts: string): StoredEphemeral | undefined {
    return this.ephemerals.find((e) => e.channel === channelId && e.user === user && e.message.ts === ts);
  }

  ephemeralsFor(user: string): StoredEphemeral[] {
    return this.ephemerals.filter((e) => e.user === user);
  }

  allEphemerals(): StoredEphemeral[] {
    return [...this.ephemerals];
  }

  updateEphemeral(channelId: string, user: string, ts: string, patch: Partial<SlackMessage>): void {
    const entry = this.ephemeral(channelId, user, ts);
    if (!entry) return;
    Object.assign(entry.message, patch);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete (entry.message as unknown as Record<string, unknown>)[key];
    }
    this.emit({ kind: 'ephemeral.updated', channel: channelId, user, ts });
  }

  deleteEphemeral(channelId: string, user: string, ts: string): void {
    const index = this.ephemerals.findIndex(
      (e) => e.channel === channelId && e.user === user && e.message.ts === ts,
    );
    if (index < 0) return;
    this.ephemerals.splice(index, 1);
    this.emit({ kind: 'ephemeral.deleted', channel: channelId, user, ts });
  }
}

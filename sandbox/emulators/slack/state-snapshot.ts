import type { EmulatorCore } from './core.js';
import type {
  SlackChannel,
  SlackFileInfo,
  SlackMessage,
  SlackUser,
  SlackUserGroup,
  SlackView,
  TeamInfo,
} from './types.js';

/** Everything the sandbox page draws, as one JSON document (`GET /_emulator/state`). */
export interface WorkspaceSnapshot {
  team: TeamInfo;
  bot: { user_id: string; bot_id: string; app_id: string; name: string };
  users: SlackUser[];
  usergroups: SlackUserGroup[];
  channels: Array<SlackChannel & { messages: Array<SlackMessage & { replies: SlackMessage[] }> }>;
  /** Ephemeral messages per user id (only that user sees them). */
  ephemeral: Record<string, Array<{ channel: string; message: SlackMessage }>>;
  /** Open modal stacks per user id, bottom first. */
  views: Record<string, SlackView[]>;
  /** Published App Home per user id. */
  home: Record<string, SlackView>;
  files: Array<SlackFileInfo & { uploaded: boolean; completed: boolean }>;
}

export function workspaceSnapshot(core: EmulatorCore): WorkspaceSnapshot {
  const ws = core.workspace;
  const snapshot: WorkspaceSnapshot = {
    team: ws.team,
    bot: { user_id: ws.bot.userId, bot_id: ws.bot.botId, app_id: ws.bot.appId, name: ws.bot.name },
    users: ws.allUsers(),
    usergroups: ws.allUserGroups(),
    channels: ws.allChannels().map((channel) => ({
      ...channel,
      messages: ws.timeline(channel.id).map((message) => {
        const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
        return { ...message, replies: isReply ? [] : ws.thread(channel.id, message.ts).slice(1) };
      }),
    })),
    ephemeral: {},
    views: {},
    home: {},
    files: ws.files
      .allFiles()
      .map((f) => ({ ...f.info, uploaded: f.bytes !== undefined, completed: f.completed })),
  };
  for (const entry of ws.allEphemerals()) {
    const list = snapshot.ephemeral[entry.user] ?? [];
    list.push({ channel: entry.channel, message: entry.message });
    snapshot.ephemeral[entry.user] = list;
  }
  for (const { user, views } of ws.views.allModalStacks()) snapshot.views[user] = views;
  for (const { user, view } of ws.views.allHomes()) snapshot.home[user] = view;
  // One deep copy at the end: callers may keep or mutate the snapshot freely.
  return structuredClone(snapshot);
}

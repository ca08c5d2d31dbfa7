/**
 * Shapes shared by the Slack emulator's parts. They mirror what Slack returns on the wire
 * (snake_case, string timestamps) so that stored objects can be answered without mapping.
 */

/** Milliseconds since the epoch; injectable so tests can move time without waiting. */
export type Clock = () => number;

export interface TeamInfo {
  id: string;
  domain: string;
  name: string;
}

export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_admin: boolean;
  is_owner: boolean;
  is_bot: boolean;
  deleted: boolean;
  tz: string;
  profile: { real_name: string; display_name: string };
}

export interface SlackUserGroup {
  id: string;
  team_id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface SlackChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_im: boolean;
  /** The other party of a direct message channel. */
  user?: string;
  created: number;
  /** Members; `null` means "everybody" (a public channel nobody curated), which keeps seeding short. */
  members: string[] | null;
  /** Whether the bot was invited; posting into a channel it is not in fails with `not_in_channel`. */
  bot_is_member: boolean;
  topic: string;
  purpose: string;
}

export type Block = Record<string, unknown>;

export interface SlackFileInfo {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  size: number;
  url_private: string;
  url_private_download: string;
  permalink: string;
  is_external: boolean;
  alt_txt?: string;
  /** Where the file was shared: `{ public: { C123: [{ ts, channel_name, team_id, thread_ts }] } }`. */
  shares?: Record<string, Record<string, unknown[]>>;
}

export interface SlackMessage {
  type: 'message';
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  subtype?: string;
  blocks?: Block[];
  attachments?: unknown[];
  metadata?: unknown;
  thread_ts?: string;
  reply_count?: number;
  reply_users_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  edited?: { user: string; ts: string };
  files?: SlackFileInfo[];
  upload?: boolean;
  bot_profile?: { id: string; app_id: string; name: string; team_id: string; deleted: boolean };
  /** Set on ephemeral messages only (they are never returned by the Web API). */
  is_ephemeral?: boolean;
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  message: SlackMessage;
}

export interface SlackView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: Block[];
  private_metadata: string;
  callback_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  external_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

/** One Web API call as the emulator saw it: what tests assert on. */
export interface ApiCallRecord {
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** HTTP status answered (200, or 429 when rate limited). */
  status: number;
  at: number;
}

/** One POST to a response_url. */
export interface ResponseRecord {
  id: string;
  url: string;
  body: unknown;
  status: number;
  ok: boolean;
  error?: string;
  at: number;
}

/** A change in the workspace, pushed to the sandbox page over Server-Sent Events. */
export interface WorkspaceChange {
  kind:
    | 'message.posted'
    | 'message.updated'
    | 'message.deleted'
    | 'ephemeral.posted'
    | 'ephemeral.updated'
    | 'ephemeral.deleted'
    | 'view.opened'
    | 'view.updated'
    | 'view.closed'
    | 'home.published'
    | 'file.uploaded'
    | 'workspace.seeded';
  channel?: string;
  ts?: string;
  threadTs?: string;
  user?: string;
  viewId?: string;
  fileId?: string;
}

import {
  AppRequests,
  type AppResponse,
  type ClickInput,
  type SlashCommandInput,
  type SubmitViewInput,
  type ViewSubmissionResponse,
} from './app-requests.js';
import type { EmulatorCore } from './core.js';
import { registerInternals } from './emulator-internals.js';
import type { SendEventOptions, SlackEventInput } from './events-api.js';
import { IdGenerator, TsGenerator } from './ids.js';
import { RateLimiter } from './rate-limiter.js';
import { ResponseUrlRegistry } from './response-urls.js';
import { createEmulatorServer, listen } from './server.js';
import { SseHub } from './sse.js';
import { type WorkspaceSnapshot, workspaceSnapshot } from './state-snapshot.js';
import { TriggerRegistry } from './triggers.js';
import type {
  ApiCallRecord,
  Clock,
  ResponseRecord,
  SlackChannel,
  SlackFileInfo,
  SlackMessage,
  SlackUser,
  SlackUserGroup,
  SlackView,
  StoredEphemeral,
  TeamInfo,
} from './types.js';
import { postUserMessage } from './user-messages.js';
import {
  type BotIdentity,
  type SeedChannel,
  type SeedUser,
  type SeedUserGroup,
  Workspace,
} from './workspace.js';

/**
 * A Slack emulator at the protocol level: Slack's Web API (what `@slack/web-api` and Bolt
 * call through `slackApiUrl`), response_urls, file uploads, and the requests Slack sends to
 * the app (slash commands, button clicks, view submissions), signed like Slack signs them.
 *
 *   const slack = await startSlackEmulator({ botToken, signingSecret });
 *   new App({ ..., clientOptions: { slackApiUrl: slack.apiUrl } });
 *   slack.setAppEventsUrl(`http://127.0.0.1:${port}/slack/events`);
 *   await slack.sendSlashCommand({ userId: 'U1', channelId: 'C1', text: 'status dev' });
 */

export interface SlackEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  botToken: string;
  /** App-level token (`xapp-…`) for apps.connections.open; Socket Mode also needs enableSocketMode(). */
  appToken?: string;
  signingSecret: string;
  /** The app's Request URL (Bolt's `/slack/events`); can be set later with setAppEventsUrl. */
  appEventsUrl?: string;
  /** Enforce Slack's rate limits (default true). */
  rateLimits?: boolean;
  team?: Partial<TeamInfo>;
  botUserId?: string;
  botId?: string;
  appId?: string;
  botName?: string;
  /** Scopes reported in `x-oauth-scopes`. */
  scopes?: string[];
  /** The legacy verification token put in payloads' `token` field. */
  verificationToken?: string;
  /** Time source for expiries, rate limits and message timestamps (default Date.now). */
  clock?: Clock;
}

export interface SlackEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `url + '/api/'`: what `slackApiUrl` / SLACK_API_URL must be. */
  readonly apiUrl: string;
  readonly team: TeamInfo;
  readonly bot: BotIdentity;
  /** Every Web API call, in order (live array). */
  readonly calls: ApiCallRecord[];
  /** Every POST to a response_url, in order (live array). */
  readonly responses: ResponseRecord[];
  close(): Promise<void>;
  setAppEventsUrl(url: string): void;
  setRateLimits(enabled: boolean): void;
  resetRateLimits(): void;

  addUser(user: SeedUser): SlackUser;
  addUserGroup(group: SeedUserGroup): SlackUserGroup;
  addChannel(channel: SeedChannel): SlackChannel;
  /** A message typed by a person (not the bot), e.g. a reply in an alert thread. */
  postUserMessage(input: { userId: string; channel: string; text: string; threadTs?: string }): SlackMessage;
  /** Top-level messages of a channel (and thread broadcasts), oldest first. */
  channelHistory(channel: string): SlackMessage[];
  /** Parent then replies, oldest first; empty when unknown. */
  thread(channel: string, ts: string): SlackMessage[];
  message(channel: string, ts: string): SlackMessage | undefined;
  ephemeralMessages(userId: string): StoredEphemeral[];
  /** The user's open modal stack, bottom first. */
  openViews(userId: string): SlackView[];
  view(viewId: string): SlackView | undefined;
  appHome(userId: string): SlackView | undefined;
  uploadedFile(fileId: string): { info: SlackFileInfo; bytes: Buffer | undefined } | undefined;
  state(): WorkspaceSnapshot;

  sendSlashCommand(input: SlashCommandInput): Promise<AppResponse>;
  clickButton(input: ClickInput): Promise<AppResponse>;
  submitView(input: SubmitViewInput): Promise<ViewSubmissionResponse>;
  /** An Events API event (`{ type: 'app_home_opened', user, tab: 'home' }`, …) in its `event_callback` envelope. */
  sendEvent(event: SlackEventInput, options?: SendEventOptions): Promise<AppResponse>;
}

export async function startSlackEmulator(options: SlackEmulatorOptions): Promise<SlackEmulator> {
  const clock = options.clock ?? Date.now;
  const ids = new IdGenerator();
  const team: TeamInfo = {
    id: options.team?.id ?? 'T0INFRABOT',
    domain: options.team?.domain ?? 'infrabot-sandbox',
    name: options.team?.name ?? 'infrabot sandbox',
  };
  const bot: BotIdentity = {
    userId: options.botUserId ?? 'U0INFRABOT',
    botId: options.botId ?? 'B0INFRABOT',
    appId: options.appId ?? 'A0INFRABOT',
    name: options.botName ?? 'infrabot',
  };
  const workspace = new Workspace(team, bot, clock, ids, new TsGenerator(clock));
  let baseUrl = '';
  let appEventsUrl = options.appEventsUrl;
  const core: EmulatorCore = {
    workspace,
    ids,
    clock,
    triggers: new TriggerRegistry(clock, ids),
    responseUrls: new ResponseUrlRegistry(clock, ids, () => baseUrl),
    rateLimiter: new RateLimiter(clock, options.rateLimits ?? true),
    botToken: options.botToken,
    ...(options.appToken ? { appToken: options.appToken } : {}),
    signingSecret: options.signingSecret,
    verificationToken: options.verificationToken ?? ids.secret(12),
    scopes: options.scopes ?? [
      'commands',
      'chat:write',
      'chat:write.public',
      'channels:history',
      'groups:history',
      'channels:read',
      'users:read',
      'usergroups:read',
      'files:write',
    ],
    baseUrl: () => baseUrl,
    appEventsUrl: () => appEventsUrl,
    calls: [],
    responses: [],
  };
  const sse = new SseHub();
  const unsubscribe = workspace.onChange((change) => sse.broadcast('change', { ...change, at: clock() }));
  const app = new AppRequests(core);
  const server = createEmulatorServer({ core, app, sse });
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const clone = <T>(value: T): T => structuredClone(value);
  const closeHooks: Array<() => Promise<void>> = [];
  const emulator: SlackEmulator = {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    team,
    bot,
    calls: core.calls,
    responses: core.responses,
    close: async () => {
      for (const hook of closeHooks.splice(0)) await hook();
      await new Promise<void>((resolve, reject) => {
        unsubscribe();
        sse.close();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from clients would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
    setAppEventsUrl: (url) => {
      appEventsUrl = url;
    },
    setRateLimits: (enabled) => {
      core.rateLimiter.enabled = enabled;
    },
    resetRateLimits: () => core.rateLimiter.reset(),
    addUser: (user) => clone(workspace.addUser(user)),
    addUserGroup: (group) => clone(workspace.addUserGroup(group)),
    addChannel: (channel) => clone(workspace.addChannel(channel)),
    postUserMessage: (input) => clone(postUserMessage(workspace, input)),
    channelHistory: (channel) => clone(workspace.timeline(workspace.resolveChannel(channel)?.id ?? channel)),
    thread: (channel, ts) => clone(workspace.thread(workspace.resolveChannel(channel)?.id ?? channel, ts)),
    message: (channel, ts) => clone(workspace.message(workspace.resolveChannel(channel)?.id ?? channel, ts)),
    ephemeralMessages: (userId) => clone(workspace.ephemeralsFor(userId)),
    openViews: (userId) => clone(workspace.views.modalStack(userId)),
    view: (viewId) => clone(workspace.views.view(viewId)),
    appHome: (userId) => clone(workspace.views.home(userId)),
    uploadedFile: (fileId) => {
      const file = workspace.files.file(fileId);
      return file
        ? { info: clone(file.info), bytes: file.bytes ? Buffer.from(file.bytes) : undefined }
        : undefined;
    },
    state: () => workspaceSnapshot(core),
    sendSlashCommand: (input) => app.sendSlashCommand(input),
    clickButton: (input) => app.clickButton(input),
    submitView: (input) => app.submitView(input),
    sendEvent: (event, options) => app.sendEvent(event, options),
  };
  registerInternals(emulator, { server, core, onClose: (hook) => closeHooks.push(hook) });
  return emulator;
}

export type { Transport } from './app-dispatch.js';
export type {
  AppResponse,
  ClickInput,
  SendEventOptions,
  SlackEventInput,
  SlashCommandInput,
  SubmitViewInput,
  ViewSubmissionResponse,
} from './app-requests.js';
export {
  BLOCK_KIT_LIMITS,
  type BlockKitIssue,
  type BlockSurface,
  formatBlockKitIssue,
  validateBlocks,
  validateView,
} from './block-kit-validator.js';
export { computeSignature, type SigningMode, verifySignature } from './signing.js';
export type { WorkspaceSnapshot } from './state-snapshot.js';
export type * from './types.js';
export type { SubmittedValues } from './view-state.js';
export type { BotIdentity, SeedChannel, SeedUser, SeedUserGroup } from './workspace.js';

import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { enableSocketMode, type SocketModeServer } from '../../sandbox/emulators/slack/socket-mode-server.js';
import { type RunningBot, type ServeOptions, serve } from '../../src/main.js';
import { ManualTicker } from '../../src/schedules/ticker.js';
import { captureLogger } from './capture-logger.js';
import { TEST_CONFIG } from './test-services.js';

export const BOT_TOKEN = 'xoxb-1000000001-2000000002-testtokentesttokentest';
export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';
export const APP_TOKEN = 'xapp-1-A0INFRABOT-3000000003-e2eapptokene2eapptoken';

export interface Harness {
  slack: SlackEmulator;
  bot: RunningBot;
  /** Socket Mode only: the emulator's WebSocket side (connections, envelopes, disconnectAll). */
  socket?: SocketModeServer;
  logs: () => string;
  close(): Promise<void>;
}

/**
 * The real bot (serve(), Bolt) on 127.0.0.1 against the Slack emulator: what Slack would send,
 * both ways. `mode: 'http'` (default) signs requests to /slack/events; `mode: 'socket'` runs the
 * production setup, SLACK_APP_TOKEN and no signing secret, with requests as Socket Mode envelopes.
 */
export async function startHarness(
  options: {
    config?: string;
    env?: NodeJS.ProcessEnv;
    mode?: 'http' | 'socket';
    workerTiming?: ServeOptions['workerTiming'];
    /** More serve() options, e.g. a fake clock and a hand-fired ticker for the scheduler. */
    serve?: Pick<ServeOptions, 'clock' | 'ticker'>;
    /** Alert timings for the bot (tests run grouping and pacing faster). */
    alertSettings?: ServeOptions['alertSettings'];
  } = {},
): Promise<Harness> {
  const socketMode = options.mode === 'socket';
  const slack = await startSlackEmulator({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    ...(socketMode ? { appToken: APP_TOKEN } : {}),
  });
  const socket = socketMode ? enableSocketMode(slack) : undefined;
  slack.addUser({ id: 'U0ADMIN', name: 'ada' });
  slack.addUser({ id: 'U0OPERATOR', name: 'olive' });
  slack.addUser({ id: 'U0MEMBER', name: 'max' });
  slack.addUser({ id: 'U0VIEWER', name: 'vic' });
  slack.addUserGroup({ id: 'S0PLATFORM', handle: 'platform', users: ['U0MEMBER'] });
  slack.addChannel({ id: 'C0INFRA', name: 'infra' });
  slack.addChannel({ id: 'C0RANDOM', name: 'random' });
  const { logger, text } = captureLogger({ secrets: [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN] });
  const started = serve({
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      ...(socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
      SLACK_API_URL: slack.apiUrl,
      INFRABOT_STORE: 'memory',
      INFRABOT_CONFIG_YAML: options.config ?? TEST_CONFIG,
      AWS_REGION: 'ap-northeast-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      ...options.env,
    },
    cwd: process.cwd(),
    port: 0,
    host: '127.0.0.1',
    logger,
    // The AWS emulator runs on compressed time: poll it often so stop/start finish promptly.
    environmentTiming: { pollIntervalMs: 50 },
    ...(options.workerTiming ? { workerTiming: options.workerTiming } : {}),
    // Background ticks only when a test fires them: no test reaches AWS by accident.
    ticker: new ManualTicker(),
    ...options.serve,
    ...(options.alertSettings ? { alertSettings: options.alertSettings } : {}),
  });
  // A bot that fails to start must not leave the emulator (and its port) behind.
  const bot = await started.catch(async (error: unknown) => {
    await slack.close();
    throw error;
  });
  if (!socketMode) slack.setAppEventsUrl(`http://127.0.0.1:${bot.port}/slack/events`);
  return {
    slack,
    bot,
    ...(socket ? { socket } : {}),
    logs: text,
    async close() {
      await bot.stop();
      await slack.close();
    },
  };
}

/** The blocks of an answer as text, for `toContain` checks. */
export const blocksText = (json: unknown): string =>
  JSON.stringify((json as { blocks?: unknown }).blocks ?? json);

/** The newest audit entry the bot stored. */
export async function lastAuditEntry(bot: RunningBot): Promise<Record<string, unknown> | undefined> {
  const [item] = await bot.store.query<Record<string, unknown>>('audit', { descending: true, limit: 1 });
  return item?.value;
}

import type { ServerResponse } from 'node:http';
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from '../../../sandbox/emulators/slack/index.js';
import { type ReceivedRequest, type Receiver, startReceiver } from './receiver.js';

export const BOT_TOKEN = 'xoxb-test-emulator-token';
export const SIGNING_SECRET = 'test-signing-secret';

/** A clock tests move by hand. */
export function fakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** An emulator seeded with two users, a group and two channels. */
export async function startSeededEmulator(
  options: Partial<SlackEmulatorOptions> = {},
): Promise<SlackEmulator> {
  const slack = await startSlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, ...options });
  slack.addUser({ id: 'U0ALICE', name: 'alice', real_name: 'Alice Admin', is_admin: true });
  slack.addUser({ id: 'U0BOB', name: 'bob', real_name: 'Bob Builder' });
  slack.addUserGroup({ id: 'S0PLATFORM', handle: 'platform', users: ['U0ALICE'] });
  slack.addChannel({ id: 'C0OPS', name: 'ops' });
  slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
  return slack;
}

/** The real client, configured as the bot configures it in tests. */
export function webClient(slack: SlackEmulator, token = BOT_TOKEN): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentLogger,
  });
}

/** A seeded emulator and a bot client shared by every test of a file. */
export interface SharedEmulator {
  slack: SlackEmulator;
  client: WebClient;
}

/**
 * Starts one seeded emulator for the whole file (rate limits off unless `options` turn them on)
 * and closes it after the last test. The fields are filled in by `beforeAll`, so read them inside
 * tests and hooks, never at module level.
 */
export function sharedEmulator(options: Partial<SlackEmulatorOptions> = {}): SharedEmulator {
  const shared = {} as SharedEmulator;
  beforeAll(async () => {
    shared.slack = await startSeededEmulator({ rateLimits: false, ...options });
    shared.client = webClient(shared.slack);
  });
  afterAll(() => shared.slack.close());
  return shared;
}

export type Answer = (req: ReceivedRequest, res: ServerResponse) => void;

/** What an app that simply acknowledges answers: an empty 200. */
export const acknowledge: Answer = (_req, res) => {
  res.writeHead(200);
  res.end();
};

/** `sharedEmulator` whose app Request URL is a signature-checking receiver. */
export interface SharedFrontDoor extends SharedEmulator {
  receiver: Receiver;
  /** What the receiver answers next; a test may replace it, and it is `acknowledge` again before the next. */
  answer: Answer;
}

/** `sharedEmulator` plus a receiver the emulator delivers events, commands and interactions to. */
export function sharedFrontDoor(options: Partial<SlackEmulatorOptions> = {}): SharedFrontDoor {
  const shared = sharedEmulator(options) as SharedFrontDoor;
  beforeAll(async () => {
    shared.receiver = await startReceiver(SIGNING_SECRET, (req, res) => shared.answer(req, res));
    shared.slack.setAppEventsUrl(shared.receiver.url);
  });
  beforeEach(() => {
    shared.answer = acknowledge;
  });
  afterAll(() => shared.receiver.close());
  return shared;
}

/** Keeps expected warnings (missing `text`, `[ERROR]` block messages) out of the test output. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/** Slack error code carried by a rejected WebClient call. */
export async function slackError(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: Record<string, unknown> }).data;
    if (data) return data;
    throw error;
  }
  throw new Error('expected the call to fail');
}

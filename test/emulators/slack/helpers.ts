import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { verifySlackRequest } from '@slack/bolt';
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import {
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from '../../../sandbox/emulators/slack/index.js';

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

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  rawBody: string;
  contentType: string | undefined;
  /** The form fields; for interactivity, `payload` parsed. */
  form: URLSearchParams;
  payload: Record<string, unknown> | undefined;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A tiny app endpoint that verifies signatures exactly as Bolt does (it calls Bolt's own
 * `verifySlackRequest`), answers 401 when that fails, and otherwise lets the test answer.
 */
export async function startReceiver(
  signingSecret: string,
  answer: (req: ReceivedRequest, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(200);
    res.end();
  },
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    try {
      verifySlackRequest({
        signingSecret,
        body: rawBody,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
          'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
        },
      });
    } catch {
      res.writeHead(401);
      res.end();
      return;
    }
    const form = new URLSearchParams(rawBody);
    const payloadField = form.get('payload');
    const received: ReceivedRequest = {
      headers: req.headers,
      rawBody,
      contentType: req.headers['content-type'],
      form,
      payload: payloadField ? (JSON.parse(payloadField) as Record<string, unknown>) : undefined,
    };
    requests.push(received);
    answer(received, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver has no port');
  return {
    url: `http://127.0.0.1:${address.port}/slack/events`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

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

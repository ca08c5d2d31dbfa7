import { App, type Logger, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { SlackEmulator } from '../../../sandbox/emulators/slack/index.js';
import {
  enableSocketMode,
  type SocketModeServer,
} from '../../../sandbox/emulators/slack/socket-mode-server.js';
import { BOT_TOKEN, silentLogger, slackError, startSeededEmulator, webClient } from './helpers.js';

/**
 * Socket Mode against the real clients: @slack/socket-mode's SocketModeClient (undici's
 * WebSocket underneath) and a Bolt 5 App with a SocketModeReceiver, configured the way infrabot
 * runs in production (installerOptions.clientOptions.slackApiUrl → the emulator).
 */

const APP_TOKEN = 'xapp-1-A0INFRABOT-1000000001-socketmodetesttoken';
// A short client ping timeout keeps the reconnect delay (one timeout per attempt) test-sized.
const CLIENT_PING_TIMEOUT_MS = 600;

let slack: SlackEmulator;
let socket: SocketModeServer;

beforeAll(async () => {
  slack = await startSeededEmulator({ appToken: APP_TOKEN, rateLimits: false });
  socket = enableSocketMode(slack, { closeGraceMs: 1_000 });
});

afterAll(() => slack.close());

/** Bolt's logger interface, quiet: the expected timeouts and reconnects would flood the output. */
const quietBoltLogger = silentLogger as unknown as Logger;

async function openUrl(): Promise<string> {
  const res = await fetch(`${slack.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${APP_TOKEN}` },
  });
  const body = (await res.json()) as { ok: boolean; url: string };
  expect(body.ok).toBe(true);
  return body.url;
}

/** A raw client, to see the wire protocol itself. */
function rawClient(url: string, options: { autoPong?: boolean } = {}) {
  const ws = new WebSocket(url, options);
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return { ws, messages, opened, closed };
}

async function until(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('apps.connections.open', () => {
  it('takes only the app-level token, as Slack does', async () => {
    const bot = webClient(slack);
    expect(await slackError(bot.apps.connections.open())).toMatchObject({ error: 'not_allowed_token_type' });
    expect(
      await slackError(webClient(slack, 'xapp-1-A0INFRABOT-0-wrong').apps.connections.open()),
    ).toMatchObject({ error: 'invalid_auth' });
    // …and the app token is no good for anything else.
    expect(
      await slackError(webClient(slack, APP_TOKEN).chat.postMessage({ channel: 'C0OPS', text: 'hi' })),
    ).toMatchObject({ error: 'not_allowed_token_type' });

    const res = await fetch(`${slack.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APP_TOKEN}` },
    });
    expect(res.headers.get('x-oauth-scopes')).toBe('connections:write');
    const body = (await res.json()) as { ok: boolean; url: string };
    expect(body.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f]{32}&app_id=A0INFRABOT$/);
  });

  it('is refused until enableSocketMode plugs the WebSocket side in', async () => {
    const emulator = await startSeededEmulator({ appToken: APP_TOKEN });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await slackError(webClient(emulator, APP_TOKEN).apps.connections.open())).toMatchObject({
        error: 'socket_mode_not_enabled',
      });
      expect(String(errors.mock.calls[0])).toContain('enableSocketMode');
    } finally {
      errors.mockRestore();
      await emulator.close();
    }
  });

  it('is enabled once per emulator, and only with an app token', async () => {
    expect(() => enableSocketMode(slack)).toThrow('already enabled');
    const withoutAppToken = await startSeededEmulator();
    try {
      expect(() => enableSocketMode(withoutAppToken)).toThrow('needs an emulator started with appToken');
    } finally {
      await withoutAppToken.close();
    }
  });

  it('answers a URL whose ticket works once; unknown tickets and paths are refused', async () => {
    const url = await openUrl();
    const first = rawClient(url);
    await first.opened;
    await until(() => first.messages.length > 0, 'hello');
    expect(first.messages[0]).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: {
        host: expect.stringMatching(/^applink-/),
        build_number: 1,
        approximate_connection_time: 18060,
      },
      connection_info: { app_id: 'A0INFRABOT' },
    });

    await expect(rawClient(url).opened).rejects.toThrow('HTTP 401');
    await expect(rawClient(url.replace(/ticket=\w+/, 'ticket=forged')).opened).rejects.toThrow('HTTP 401');
    await expect(rawClient(url.replace('/link/', '/elsewhere/')).opened).rejects.toThrow('HTTP 404');

    first.ws.close();
    await first.closed;
    await until(() => socket.connectionCount === 0, 'the server to forget the connection');
  });

  it('tells the app to go with `disconnect`, and drops it when it does not', async () => {
    const client = rawClient(await openUrl());
    await client.opened;
    const started = Date.now();
    await socket.disconnectAll('warning');
    await client.closed;
    expect(client.messages.at(-1)).toEqual({
      type: 'disconnect',
      reason: 'warning',
      debug_info: { host: expect.stringMatching(/^applink-/) },
    });
    // This client ignored the message; the emulator waited closeGraceMs (1 s here), then cut it off.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('ignores what is not an ack and keeps the connection', async () => {
    const client = rawClient(await openUrl());
    await client.opened;
    client.ws.send('not json');
    client.ws.send(JSON.stringify({ envelope_id: 'no-such-envelope', payload: { text: 'late' } }));
    client.ws.send(Buffer.from([1, 2, 3]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
    await client.closed;
  });
});

describe('heartbeat', () => {
  it('drops a connection that stops answering pings, keeps the real client, which answers them', async () => {
    const emulator = await startSeededEmulator({ appToken: APP_TOKEN });
    const server = enableSocketMode(emulator, { pingIntervalMs: 60 });
    const client = new SocketModeClient({
      appToken: APP_TOKEN,
      clientOptions: { slackApiUrl: emulator.apiUrl },
      logger: silentLogger,
    });
    try {
      await client.start();
      const { url } = (await webClient(emulator, APP_TOKEN).apps.connections.open()) as { url: string };
      const silent = rawClient(url, { autoPong: false });
      await silent.opened;
      await silent.closed;
      await until(() => server.connectionCount === 1, 'the server to drop the silent connection');
      // Several more pings later, the SocketModeClient (undici answers pings) is still there.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(server.connectionCount).toBe(1);
      expect(server.connectionsOpened).toBe(2);
    } finally {
      await client.disconnect();
      await emulator.close();
    }
  });
});

describe('the SocketModeClient', () => {
  let client: SocketModeClient;
  afterEach(() => client.disconnect());

  it('connects, receives envelopes with Slack’s fields and acks them', async () => {
    client = new SocketModeClient({
      appToken: APP_TOKEN,
      clientOptions: { slackApiUrl: slack.apiUrl },
      logger: silentLogger,
    });
    const seen: Array<{ type: string; accepts: boolean; body: Record<string, unknown> }> = [];
    client.on('slack_event', async ({ ack, type, body, accepts_response_payload }) => {
      seen.push({ type, accepts: accepts_response_payload, body });
      await ack(type === 'slash_commands' ? { text: `ran ${body.text}` } : undefined);
    });
    await client.start();
    expect(socket.connectionCount).toBe(1);

    const res = await slack.sendSlashCommand({ userId: 'U0ALICE', channelId: 'C0OPS', text: 'status dev' });
    expect(res).toMatchObject({
      status: 200,
      json: { text: 'ran status dev' },
      transport: 'socket',
      timedOut: false,
    });
    expect(slack.ephemeralMessages('U0ALICE').at(-1)?.message.text).toBe('ran status dev');
    expect(seen[0]).toMatchObject({
      type: 'slash_commands',
      accepts: true,
      body: {
        command: '/infra',
        text: 'status dev',
        user_id: 'U0ALICE',
        channel_id: 'C0OPS',
        team_id: 'T0INFRABOT',
      },
    });
    expect(seen[0]?.body.response_url).toBe(res.responseUrl);

    const event = await slack.sendEvent({ type: 'app_home_opened', user: 'U0BOB', tab: 'home' });
    expect(event).toMatchObject({ status: 200, body: '', json: undefined, transport: 'socket' });
    expect(seen[1]).toMatchObject({
      type: 'events_api',
      accepts: false,
      body: {
        type: 'event_callback',
        api_app_id: 'A0INFRABOT',
        event: { type: 'app_home_opened', user: 'U0BOB', tab: 'home', channel: expect.stringMatching(/^D/) },
        authorizations: [{ user_id: slack.bot.userId, is_bot: true }],
      },
    });
    expect(socket.envelopes.slice(-2).map((e) => [e.type, e.outcome])).toEqual([
      ['slash_commands', 'acked'],
      ['events_api', 'acked'],
    ]);
  });

  it('times out an envelope nobody acks, like Slack after 3 s, and ignores the late ack', async () => {
    client = new SocketModeClient({
      appToken: APP_TOKEN,
      clientOptions: { slackApiUrl: slack.apiUrl },
      logger: silentLogger,
    });
    let lateAck: (() => Promise<void>) | undefined;
    client.on('slash_commands', ({ ack }) => {
      lateAck = () => ack({ text: 'too late' });
    });
    await client.start();
    const res = await slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'slow' });
    expect(res).toMatchObject({ status: 0, timedOut: true, error: 'operation_timeout', transport: 'socket' });
    expect(res.elapsedMs).toBeGreaterThanOrEqual(2_900);
    expect(slack.ephemeralMessages('U0BOB').at(-1)?.message.text).toBe(
      '/infra failed with the error "operation_timeout"',
    );
    await lateAck?.();
    const record = socket.envelopes.at(-1)!;
    await until(() => record.lateAck === true, 'the late ack to be noted');
    expect(record.outcome).toBe('timed_out');
    expect(slack.ephemeralMessages('U0BOB').some((e) => e.message.text === 'too late')).toBe(false);
  });
});

describe('a Bolt app in Socket Mode', () => {
  let app: App;
  const retries: Array<number | undefined> = [];

  beforeAll(async () => {
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      logger: quietBoltLogger,
      clientPingTimeout: CLIENT_PING_TIMEOUT_MS,
      installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
    });
    app = new App({
      token: BOT_TOKEN,
      receiver,
      botId: slack.bot.botId,
      botUserId: slack.bot.userId,
      logger: quietBoltLogger,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    app.command('/infra', async ({ command, ack, client }) => {
      await ack({ response_type: 'ephemeral', text: `on it: ${command.text}` });
      await client.chat.postMessage({
        channel: command.channel_id,
        text: 'Stop dev?',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'open_form', text: { type: 'plain_text', text: 'Form' } },
            ],
          },
        ],
      });
    });
    app.action('open_form', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: {
          type: 'modal',
          callback_id: 'reason_form',
          title: { type: 'plain_text', text: 'Reason' },
          submit: { type: 'plain_text', text: 'Go' },
          blocks: [
            {
              type: 'input',
              block_id: 'reason',
              label: { type: 'plain_text', text: 'Why?' },
              element: { type: 'plain_text_input', action_id: 'value' },
            },
          ],
        },
      });
    });
    app.view('reason_form', async ({ ack }) => {
      await ack({ response_action: 'errors', errors: { reason: 'Say more' } });
    });
    app.event('app_home_opened', async ({ event, client, context }) => {
      retries.push(context.retryNum);
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Welcome home' } }] },
      });
    });
    await app.start();
  });

  afterAll(() => app.stop());

  it('gets a slash command, a click and a submission over the socket, answered in the acks', async () => {
    const res = await slack.sendSlashCommand({ userId: 'U0ALICE', channelId: 'C0OPS', text: 'stop dev' });
    expect(res).toMatchObject({ status: 200, transport: 'socket', json: { text: 'on it: stop dev' } });
    await until(() => slack.channelHistory('C0OPS').at(-1)?.text === 'Stop dev?', 'the posted question');
    const question = slack.channelHistory('C0OPS').at(-1)!;

    const click = await slack.clickButton({
      userId: 'U0ALICE',
      channel: 'C0OPS',
      messageTs: question.ts,
      actionId: 'open_form',
    });
    expect(click).toMatchObject({ status: 200, transport: 'socket' });
    expect(socket.envelopes.at(-1)).toMatchObject({
      type: 'interactive',
      payload: { type: 'block_actions' },
    });
    await until(() => slack.openViews('U0ALICE').length === 1, 'the modal');

    const view = slack.openViews('U0ALICE')[0]!;
    const submit = await slack.submitView({
      userId: 'U0ALICE',
      viewId: view.id,
      values: { reason: { value: 'x' } },
    });
    expect(submit).toMatchObject({ status: 200, viewOutcome: 'errors', viewErrors: { reason: 'Say more' } });
  });

  it('gets Events API events, with the retry number Bolt exposes as context.retryNum', async () => {
    const first = await slack.sendEvent({ type: 'app_home_opened', user: 'U0BOB', tab: 'home' });
    expect(first).toMatchObject({ status: 200, transport: 'socket' });
    await until(() => slack.appHome('U0BOB') !== undefined, 'App Home');
    expect(JSON.stringify(slack.appHome('U0BOB')?.blocks)).toContain('Welcome home');

    await slack.sendEvent(
      { type: 'app_home_opened', user: 'U0BOB' },
      { retryAttempt: 2, retryReason: 'http_timeout' },
    );
    await until(() => retries.length === 2, 'the retried event');
    expect(retries).toEqual([0, 2]);
    // Slack sends the published Home back in the next app_home_opened.
    expect(socket.envelopes.at(-1)?.payload).toMatchObject({ event: { view: { type: 'home' } } });
  });

  it('reconnects through apps.connections.open when Slack recycles the connection', async () => {
    const opensBefore = slack.calls.filter((c) => c.method === 'apps.connections.open').length;
    const openedBefore = socket.connectionsOpened;
    const reconnected = socket.nextConnection();
    await socket.disconnectAll('refresh_requested');
    expect(socket.connectionCount).toBe(0);

    // Until the app is back, Slack has nowhere to send the command.
    const lost = await slack.sendSlashCommand({ userId: 'U0ALICE', channelId: 'C0OPS', text: 'status' });
    expect(lost).toMatchObject({ status: 0, error: 'dispatch_failed', transport: 'socket' });
    expect(slack.ephemeralMessages('U0ALICE').at(-1)?.message.text).toBe(
      '/infra failed with the error "dispatch_failed"',
    );

    await reconnected;
    expect(socket.connectionsOpened).toBe(openedBefore + 1);
    expect(slack.calls.filter((c) => c.method === 'apps.connections.open').length).toBe(opensBefore + 1);
    const res = await slack.sendSlashCommand({ userId: 'U0ALICE', channelId: 'C0OPS', text: 'status' });
    expect(res).toMatchObject({ status: 200, json: { text: 'on it: status' } });
  });

  it('can still be reached over HTTP when asked to, and fails clearly when there is no Request URL', async () => {
    await expect(
      slack.sendSlashCommand({ userId: 'U0ALICE', channelId: 'C0OPS', text: 'x', transport: 'http' }),
    ).rejects.toThrow('no app events URL');
  });
});

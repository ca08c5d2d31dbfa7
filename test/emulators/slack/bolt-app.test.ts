import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../../sandbox/emulators/slack/index.js';
import { BOT_TOKEN, SIGNING_SECRET, startSeededEmulator } from './helpers.js';

/**
 * The emulator against a real Bolt 5 app over HTTP, configured the way infrabot runs in tests:
 * HTTPReceiver, `botId`/`botUserId` (so Bolt does not call auth.test per request) and
 * `clientOptions.slackApiUrl` pointing at the emulator.
 */

let slack: SlackEmulator;
let app: App;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  slack = await startSeededEmulator({ rateLimits: true });
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  app = new App({
    token: BOT_TOKEN,
    receiver,
    botId: slack.bot.botId,
    botUserId: slack.bot.userId,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });

  app.command('/infra', async ({ command, ack, respond, client }) => {
    await ack();
    await respond({ text: `Looking at ${command.text}…` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: `${command.text} is running`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${command.text}* is running` } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'stop_env',
              value: command.text,
              text: { type: 'plain_text', text: 'Stop' },
            },
          ],
        },
      ],
    });
  });

  app.action('stop_env', async ({ ack, respond, body }) => {
    await ack();
    await respond({
      replace_original: true,
      text: `Stopping ${(body as { actions: Array<{ value: string }> }).actions[0]!.value}`,
    });
  });

  const server = await app.start({ port: 0, host: '127.0.0.1' });
  slack.setAppEventsUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
});

afterAll(async () => {
  await app.stop();
  await slack.close();
});

describe('a Bolt app behind the emulator', () => {
  it('receives a slash command, answers via respond() and posts via the Web API', async () => {
    const response = await slack.sendSlashCommand({ userId: 'U0ALICE', channelId: 'C0OPS', text: 'dev' });
    expect(response.status).toBe(200);

    await waitFor(() => slack.calls.some((c) => c.method === 'chat.postMessage'), 'chat.postMessage');
    expect(slack.calls.map((c) => c.method)).not.toContain('auth.test');
    expect(slack.responses).toEqual([
      expect.objectContaining({ status: 200, ok: true, body: { text: 'Looking at dev…' } }),
    ]);
    expect(slack.ephemeralMessages('U0ALICE').map((e) => e.message.text)).toContain('Looking at dev…');

    const posted = slack.channelHistory('C0OPS').at(-1)!;
    expect(posted).toMatchObject({ text: 'dev is running', bot_id: slack.bot.botId });

    const click = await slack.clickButton({
      userId: 'U0ALICE',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'stop_env',
    });
    expect(click.status).toBe(200);
    await waitFor(() => slack.message('C0OPS', posted.ts)?.text === 'Stopping dev', 'replace_original');
    expect(slack.message('C0OPS', posted.ts)?.blocks).toBeUndefined();
  });

  it('is refused with 401 by Bolt when the signature is wrong or stale', async () => {
    for (const signing of ['bad-signature', 'stale-timestamp', 'no-headers'] as const) {
      const response = await slack.sendSlashCommand({
        userId: 'U0ALICE',
        channelId: 'C0OPS',
        text: 'dev',
        signing,
      });
      expect(response.status, signing).toBe(401);
    }
  });
});

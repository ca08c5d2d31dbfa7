import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, type Harness, lastAuditEntry, startHarness } from '../support/slack-bot-harness.js';

/**
 * infrabot as it runs in production: Socket Mode (SLACK_APP_TOKEN, no signing secret, no
 * /slack/events), started by serve(), against the Slack emulator's Socket Mode server.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'socket' });
});
afterAll(() => h.close());

const socket = () => h.socket!;
const opens = () => h.slack.calls.filter((c) => c.method === 'apps.connections.open').length;

describe('Slack front door over Socket Mode', () => {
  it('connected at start-up through apps.connections.open with the app token', () => {
    expect(h.bot.mode).toBe('socket');
    expect(socket().connectionCount).toBe(1);
    expect(opens()).toBe(1);
    expect(h.logs()).not.toContain('xapp-');
  });

  it('answers /infra help in the ack payload, well within 3 s', async () => {
    const res = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'help' });
    expect(res).toMatchObject({ status: 200, transport: 'socket', timedOut: false });
    expect(res.elapsedMs).toBeLessThan(3_000);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksText(res.json)).toContain('/infra audit [n]');
    expect(socket().envelopes.at(-1)).toMatchObject({ type: 'slash_commands', outcome: 'acked' });
  });

  it('knows U0ADMIN is an admin', async () => {
    const res = await h.slack.sendSlashCommand({ userId: 'U0ADMIN', channelId: 'C0INFRA', text: 'whoami' });
    expect(res.transport).toBe('socket');
    expect(blocksText(res.json)).toContain('is *admin*');
  });

  it('denies a command in a channel infrabot is not used in, with an audit entry', async () => {
    const res = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0RANDOM', text: 'audit' });
    expect(res).toMatchObject({ status: 200, json: { response_type: 'ephemeral' } });
    expect(blocksText(res.json)).toContain('not used in this channel');
    expect(await lastAuditEntry(h.bot)).toMatchObject({
      outcome: 'denied',
      actor: { id: 'U0VIEWER' },
      channelId: 'C0RANDOM',
    });
  });

  it('serves /healthz, and nothing else: Socket Mode has no Request URL', async () => {
    const health = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'socket' });
    const events = await fetch(`http://127.0.0.1:${h.bot.port}/slack/events`, { method: 'POST', body: '{}' });
    expect(events.status).toBe(404);
  });

  it('publishes App Home when the Events API says it was opened', async () => {
    const res = await h.slack.sendEvent({ type: 'app_home_opened', user: 'U0OPERATOR', tab: 'home' });
    expect(res).toMatchObject({ status: 200, transport: 'socket' });
    await expect.poll(() => h.slack.appHome('U0OPERATOR'), { timeout: 3_000 }).toBeDefined();
    const home = JSON.stringify(h.slack.appHome('U0OPERATOR')?.blocks);
    expect(home).toContain('Environments');
    expect(home).toContain('*prod* (protected)');
  });

  it('reconnects when Slack recycles the connection, and answers again', async () => {
    const opensBefore = opens();
    const reconnected = socket().nextConnection(10_000);
    await socket().disconnectAll('refresh_requested');
    expect(socket().connectionCount).toBe(0);
    await reconnected;
    expect(opens()).toBe(opensBefore + 1);
    const res = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'help' });
    expect(res).toMatchObject({ status: 200, transport: 'socket' });
    expect(blocksText(res.json)).toContain('/infra audit [n]');
  });
});

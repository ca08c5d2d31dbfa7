import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT_TOKEN,
  blocksText,
  type Harness,
  lastAuditEntry,
  SIGNING_SECRET,
  startHarness,
} from '../support/slack-bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Slack front door over HTTP (signed requests from the Slack emulator)', () => {
  it('answers a signed /infra help inside the ack, well within 3 s', async () => {
    const res = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'help' });
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3_000);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksText(res.json)).toContain('/infra audit [n]');
  });

  it('uses the bot identity from its own auth.test at start-up, not per request', async () => {
    const before = h.slack.calls.filter((c) => c.method === 'auth.test').length;
    await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'whoami' });
    await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'whoami' });
    expect(h.slack.calls.filter((c) => c.method === 'auth.test').length).toBe(before);
  });

  it.each([['bad-signature'], ['stale-timestamp'], ['no-headers']] as const)(
    'answers 401 to a request with %s and runs nothing',
    async (signing) => {
      const auditBefore = await h.bot.store.query('audit');
      const callsBefore = h.slack.calls.length;
      const res = await h.slack.sendSlashCommand({
        userId: 'U0ADMIN',
        channelId: 'C0RANDOM',
        text: 'help',
        signing,
      });
      expect(res.status).toBe(401);
      expect(res.body).not.toContain('infrabot commands');
      expect(h.slack.calls.length).toBe(callsBefore);
      expect(await h.bot.store.query('audit')).toEqual(auditBefore);
    },
  );

  it('denies a user in a channel infrabot is not used in, ephemerally, with an audit entry', async () => {
    const res = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0RANDOM', text: 'audit' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksText(res.json)).toContain('not used in this channel');
    expect(await lastAuditEntry(h.bot)).toMatchObject({
      outcome: 'denied',
      actor: { id: 'U0VIEWER' },
      channelId: 'C0RANDOM',
    });
  });

  it('resolves roles through Slack user groups', async () => {
    const res = await h.slack.sendSlashCommand({ userId: 'U0MEMBER', channelId: 'C0INFRA', text: 'whoami' });
    expect(blocksText(res.json)).toContain('is *operator*');
    expect(h.slack.calls.some((c) => c.method === 'usergroups.users.list')).toBe(true);
  });

  it('answers a typo with a suggestion and the usage of bad arguments', async () => {
    const typo = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'hlep' });
    expect(blocksText(typo.json)).toContain('Did you mean `help`?');
    const bad = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'audit 0' });
    expect(blocksText(bad.json)).toContain('Usage: `audit [n]`');
  });

  it('serves /healthz', async () => {
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', mode: 'http' });
  });

  it('never logs the token, the signing secret or response URLs', async () => {
    await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text: 'whoami' });
    const logs = h.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    expect(logs).not.toMatch(/\/response\/[A-Za-z0-9]/);
  });
});

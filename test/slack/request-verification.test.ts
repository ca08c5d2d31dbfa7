import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSignature } from '../../sandbox/emulators/slack/index.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/slack-bot-harness.js';

/**
 * Slack's signing rule, checked against the real HTTP front door (serve(), Bolt): anything but a
 * correctly signed request stamped within five minutes of now, either way, is refused with 401
 * and runs nothing.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const BODY = new URLSearchParams({
  command: '/infra',
  text: 'whoami',
  user_id: 'U0VIEWER',
  user_name: 'vic',
  channel_id: 'C0INFRA',
  team_id: 'T0TEAM',
  response_url: 'http://127.0.0.1:9/response',
  trigger_id: '1.2.3',
}).toString();

const nowSec = () => Math.floor(Date.now() / 1000);

async function post(headers: Record<string, string>, body = BODY): Promise<Response> {
  return fetch(`http://127.0.0.1:${h.bot.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

const signed = (timestamp: number, body = BODY, secret = SIGNING_SECRET) => ({
  'x-slack-request-timestamp': String(timestamp),
  'x-slack-signature': computeSignature(secret, timestamp, body),
});

describe('Slack request verification on the HTTP front door', () => {
  it('accepts a correctly signed request stamped now, 4 minutes ago and 4 minutes ahead', async () => {
    for (const offset of [0, -240, 240]) {
      const res = await post(signed(nowSec() + offset));
      expect(res.status, `offset ${offset}s`).toBe(200);
      expect(await res.text()).toContain('is *viewer*');
    }
  });

  const refused: Array<[string, () => Record<string, string>, string?]> = [
    ['a timestamp 6 minutes in the past', () => signed(nowSec() - 360)],
    ['a timestamp 6 minutes in the future', () => signed(nowSec() + 360)],
    ['a timestamp a day in the future', () => signed(nowSec() + 86_400)],
    ['no signature header', () => ({ 'x-slack-request-timestamp': String(nowSec()) })],
    ['no timestamp header', () => ({ 'x-slack-signature': signed(nowSec())['x-slack-signature'] })],
    ['neither header', () => ({})],
    [
      'a signature of another version',
      () => ({ ...signed(nowSec()), 'x-slack-signature': `v1=${'0'.repeat(64)}` }),
    ],
    [
      'a signature that is not hex',
      () => ({ ...signed(nowSec()), 'x-slack-signature': 'v0=not-a-signature' }),
    ],
    [
      'a truncated signature',
      () => {
        const s = signed(nowSec());
        return { ...s, 'x-slack-signature': s['x-slack-signature'].slice(0, -2) };
      },
    ],
    ['a malformed timestamp', () => ({ ...signed(nowSec()), 'x-slack-request-timestamp': 'soon' })],
    ['a signature made with another secret', () => signed(nowSec(), BODY, `${SIGNING_SECRET}-wrong`)],
    ['a signature of another body', () => signed(nowSec(), BODY.replace('whoami', 'help'))],
    [
      'a signature for another timestamp',
      () => {
        const s = signed(nowSec() - 10);
        return { ...s, 'x-slack-request-timestamp': String(nowSec()) };
      },
    ],
  ];

  it.each(refused)('refuses %s with 401 and runs nothing', async (_name, headers) => {
    const auditBefore = await h.bot.store.query('audit');
    const callsBefore = h.slack.calls.length;
    const res = await post(headers());
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(h.slack.calls.length).toBe(callsBefore);
    expect(await h.bot.store.query('audit')).toEqual(auditBefore);
  });

  it('answers Slack’s SSL check without running anything smuggled in it', async () => {
    const auditBefore = await h.bot.store.query('audit');
    const res = await post({}, `ssl_check=1&${BODY}`);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('viewer');
    expect(await h.bot.store.query('audit')).toEqual(auditBefore);
  });

  it('logs why a request was refused, without the signature', async () => {
    await post(signed(nowSec() + 3_600));
    expect(h.logs()).toContain('timestamp outside the 5-minute window');
  });
});

import { ErrorCode, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../../sandbox/emulators/slack/index.js';
import { BOT_TOKEN, fakeClock, startSeededEmulator, webClient } from './helpers.js';

let slack: SlackEmulator | undefined;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function rateLimitedError(call: Promise<unknown>): Promise<WebAPIRateLimitedError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect((error as { code?: string })?.code).toBe(ErrorCode.RateLimitedError);
  return error as WebAPIRateLimitedError;
}

describe('chat.postMessage: about one message per second per channel', () => {
  it('answers 429 with Retry-After inside a 5-message burst while another channel is unaffected', async () => {
    const clock = fakeClock();
    slack = await startSeededEmulator({ clock: clock.now });
    const client = webClient(slack);

    const burst = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) => client.chat.postMessage({ channel: 'C0OPS', text: `burst ${n}` })),
    );
    const rejected = burst.filter((r) => r.status === 'rejected');
    expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(rejected).toHaveLength(2);
    for (const r of rejected) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: ErrorCode.RateLimitedError,
        retryAfter: 1,
      });
    }
    expect(slack.calls.filter((c) => c.status === 429)).toHaveLength(2);
    expect(slack.calls.find((c) => c.status === 429)).toMatchObject({ ok: false, error: 'ratelimited' });
    expect(slack.channelHistory('C0OPS')).toHaveLength(3);

    // The raw answer: HTTP 429, Retry-After, Slack's body.
    const raw = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C0OPS&text=again',
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(await raw.json()).toEqual({ ok: false, error: 'ratelimited' });

    // Another channel has its own budget.
    expect((await client.chat.postMessage({ channel: 'C0ALERTS', text: 'alarm' })).ok).toBe(true);

    // One token back per second.
    clock.advance(1000);
    expect((await client.chat.postMessage({ channel: 'C0OPS', text: 'after 1s' })).ok).toBe(true);
    await rateLimitedError(client.chat.postMessage({ channel: 'C0OPS', text: 'too soon' }));
    clock.advance(3000);
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C0OPS', text: `refilled ${i}` });
  });

  it('counts a channel addressed by name against the same budget as its id', async () => {
    const clock = fakeClock();
    slack = await startSeededEmulator({ clock: clock.now });
    const client = webClient(slack);
    await client.chat.postMessage({ channel: 'C0OPS', text: '1' });
    await client.chat.postMessage({ channel: '#ops', text: '2' });
    await client.chat.postMessage({ channel: 'ops', text: '3' });
    await rateLimitedError(client.chat.postMessage({ channel: 'C0OPS', text: '4' }));
  });
});

describe('tiered methods', () => {
  it('limits chat.update to Tier 3 (50 per minute) and refills over the minute', async () => {
    const clock = fakeClock();
    slack = await startSeededEmulator({ clock: clock.now });
    const client = webClient(slack);
    const { ts } = await client.chat.postMessage({ channel: 'C0OPS', text: 'progress 0' });
    for (let i = 1; i <= 50; i++)
      await client.chat.update({ channel: 'C0OPS', ts: ts!, text: `progress ${i}` });
    const error = await rateLimitedError(
      client.chat.update({ channel: 'C0OPS', ts: ts!, text: 'progress 51' }),
    );
    // 50/min refills one call every 1.2 s: Slack rounds the wait up to whole seconds.
    expect(error.retryAfter).toBe(2);
    expect(slack.message('C0OPS', ts!)?.text).toBe('progress 50');
    clock.advance(1200);
    expect((await client.chat.update({ channel: 'C0OPS', ts: ts!, text: 'progress 51' })).ok).toBe(true);
    // Other methods are not affected by chat.update's budget.
    expect((await client.conversations.info({ channel: 'C0OPS' })).ok).toBe(true);
  });

  it('limits files.* to Tier 4 (100 per minute)', async () => {
    const clock = fakeClock();
    slack = await startSeededEmulator({ clock: clock.now });
    const client = webClient(slack);
    for (let i = 0; i < 100; i++)
      await client.files.getUploadURLExternal({ filename: `g${i}.png`, length: 10 });
    const error = await rateLimitedError(
      client.files.getUploadURLExternal({ filename: 'late.png', length: 10 }),
    );
    expect(error.retryAfter).toBe(1);
  });

  it('limits usergroups.users.list to Tier 2 (20 per minute)', async () => {
    const clock = fakeClock();
    slack = await startSeededEmulator({ clock: clock.now });
    const client = webClient(slack);
    for (let i = 0; i < 20; i++) await client.usergroups.users.list({ usergroup: 'S0PLATFORM' });
    const error = await rateLimitedError(client.usergroups.users.list({ usergroup: 'S0PLATFORM' }));
    expect(error.retryAfter).toBe(3);
  });
});

describe('switching limits off', () => {
  it('never answers 429 with rateLimits: false, and can be switched at runtime', async () => {
    slack = await startSeededEmulator({ rateLimits: false });
    const client = webClient(slack);
    for (let i = 0; i < 10; i++) await client.chat.postMessage({ channel: 'C0OPS', text: `fast ${i}` });
    slack.setRateLimits(true);
    slack.resetRateLimits();
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C0OPS', text: `burst ${i}` });
    await rateLimitedError(client.chat.postMessage({ channel: 'C0OPS', text: 'limited' }));
  });
});

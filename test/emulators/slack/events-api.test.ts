import { describe, expect, it } from 'vitest';
import { sharedFrontDoor } from './helpers.js';

/** Events API over HTTP: the signed `event_callback` JSON Slack POSTs to the Request URL. */

const ctx = sharedFrontDoor();

const lastBody = () => JSON.parse(ctx.receiver.requests.at(-1)!.rawBody) as Record<string, unknown>;

describe('sendEvent over HTTP', () => {
  it('POSTs a signed event_callback with the fields Slack fills in', async () => {
    const res = await ctx.slack.sendEvent({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home' });
    expect(res).toMatchObject({ status: 200, timedOut: false, transport: 'http' });
    const request = ctx.receiver.requests.at(-1)!;
    expect(request.contentType).toBe('application/json');
    expect(request.headers['x-slack-retry-num']).toBeUndefined();
    const body = lastBody();
    expect(body).toMatchObject({
      token: expect.any(String),
      team_id: 'T0INFRABOT',
      api_app_id: 'A0INFRABOT',
      type: 'event_callback',
      event_id: expect.stringMatching(/^Ev/),
      event_time: expect.any(Number),
      authorizations: [{ team_id: 'T0INFRABOT', user_id: ctx.slack.bot.userId, is_bot: true }],
      is_ext_shared_channel: false,
      event: {
        type: 'app_home_opened',
        user: 'U0ALICE',
        tab: 'home',
        channel: expect.stringMatching(/^D/),
        event_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      },
    });
    // No Home published yet: Slack sends no `view`.
    expect((body.event as Record<string, unknown>).view).toBeUndefined();
  });

  it('marks redeliveries with X-Slack-Retry-Num and X-Slack-Retry-Reason', async () => {
    await ctx.slack.sendEvent({ type: 'app_home_opened', user: 'U0ALICE' }, { retryAttempt: 1 });
    const { headers } = ctx.receiver.requests.at(-1)!;
    expect(headers['x-slack-retry-num']).toBe('1');
    expect(headers['x-slack-retry-reason']).toBe('http_timeout');
    await ctx.slack.sendEvent(
      { type: 'app_home_opened', user: 'U0ALICE' },
      { retryAttempt: 3, retryReason: 'http_error' },
    );
    expect(ctx.receiver.requests.at(-1)!.headers['x-slack-retry-reason']).toBe('http_error');
  });

  it('passes other events through, adding only event_ts', async () => {
    const event = { type: 'member_joined_channel', user: 'U0BOB', channel: 'C0OPS', channel_type: 'C' };
    await ctx.slack.sendEvent(event);
    expect(lastBody().event).toEqual({ ...event, event_ts: expect.any(String) });
  });

  it('reports the app’s 401 to a bad signature', async () => {
    const res = await ctx.slack.sendEvent(
      { type: 'app_home_opened', user: 'U0ALICE' },
      { signing: 'bad-signature' },
    );
    expect(res).toMatchObject({ status: 401, error: 'http_client_error' });
  });

  it('refuses events a test got wrong, before anything is sent', async () => {
    const before = ctx.receiver.requests.length;
    await expect(ctx.slack.sendEvent({ type: 'app_home_opened', user: 'U0NOBODY' })).rejects.toThrow(
      'unknown user',
    );
    await expect(ctx.slack.sendEvent({ type: '' })).rejects.toThrow('string "type"');
    await expect(
      ctx.slack.sendEvent({ type: 'app_home_opened', user: 'U0ALICE', tab: 'about' }),
    ).rejects.toThrow('"home" or "messages"');
    await expect(
      ctx.slack.sendEvent({ type: 'app_home_opened', user: 'U0ALICE' }, { retryAttempt: 4 }),
    ).rejects.toThrow('at most 3 times');
    expect(ctx.receiver.requests.length).toBe(before);
  });
});

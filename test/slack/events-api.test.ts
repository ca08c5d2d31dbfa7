import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/slack-bot-harness.js';

/** Events API over HTTP: signed `event_callback` POSTs from the Slack emulator to the bot's /slack/events. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const publishes = () => h.slack.calls.filter((c) => c.method === 'views.publish' && c.ok).length;

describe('Events API over HTTP', () => {
  it('publishes App Home for app_home_opened, acked with 200 within 3 s', async () => {
    const res = await h.slack.sendEvent({ type: 'app_home_opened', user: 'U0ADMIN', tab: 'home' });
    expect(res).toMatchObject({ status: 200, transport: 'http', timedOut: false });
    expect(res.elapsedMs).toBeLessThan(3_000);
    await expect.poll(() => h.slack.appHome('U0ADMIN'), { timeout: 3_000 }).toBeDefined();
    const home = JSON.stringify(h.slack.appHome('U0ADMIN')?.blocks);
    expect(home).toContain('Environments');
    expect(home).toContain('is *admin*');
  });

  it('handles a redelivery (X-Slack-Retry-Num) by publishing the same Home again', async () => {
    const homeId = h.slack.appHome('U0ADMIN')?.id;
    const before = publishes();
    const res = await h.slack.sendEvent(
      { type: 'app_home_opened', user: 'U0ADMIN', tab: 'home' },
      { retryAttempt: 1, retryReason: 'http_timeout' },
    );
    expect(res.status).toBe(200);
    await expect.poll(publishes, { timeout: 3_000 }).toBe(before + 1);
    expect(h.slack.appHome('U0ADMIN')?.id).toBe(homeId);
  });

  it('leaves the Messages tab alone', async () => {
    const before = publishes();
    const res = await h.slack.sendEvent({ type: 'app_home_opened', user: 'U0VIEWER', tab: 'messages' });
    expect(res.status).toBe(200);
    // Give a wrongly-published Home the time to show up before asserting it did not.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(publishes()).toBe(before);
    expect(h.slack.appHome('U0VIEWER')).toBeUndefined();
  });

  it('answers 401 to an unsigned or badly signed event and publishes nothing', async () => {
    const before = publishes();
    for (const signing of ['bad-signature', 'stale-timestamp', 'no-headers'] as const) {
      const res = await h.slack.sendEvent(
        { type: 'app_home_opened', user: 'U0MEMBER', tab: 'home' },
        { signing },
      );
      expect(res.status, signing).toBe(401);
    }
    expect(publishes()).toBe(before);
    expect(h.slack.appHome('U0MEMBER')).toBeUndefined();
  });
});

import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';
import { describe, expect, it } from 'vitest';
import { computeSignature, verifySignature } from '../../../sandbox/emulators/slack/index.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const BODY = 'token=xyz&team_id=T1&command=%2Finfra&text=status+dev';

describe('request signing', () => {
  it('matches Slack’s documented example', () => {
    // docs.slack.dev/authentication/verifying-requests-from-slack: the worked example.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(computeSignature(SECRET, 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('is accepted by Bolt’s verifier and by verifySignature', () => {
    const now = Date.now();
    const timestamp = Math.floor(now / 1000);
    const signature = computeSignature(SECRET, timestamp, BODY);
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: BODY,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      }),
    ).not.toThrow();
    expect(
      verifySignature({
        signingSecret: SECRET,
        rawBody: BODY,
        timestamp: String(timestamp),
        signature,
        nowMs: now,
      }),
    ).toEqual({
      ok: true,
    });
  });

  it('rejects stale, tampered and missing signatures', () => {
    const now = Date.now();
    const stale = Math.floor(now / 1000) - 6 * 60;
    const check = (timestamp: string | undefined, signature: string | undefined, body = BODY) =>
      verifySignature({ signingSecret: SECRET, rawBody: body, timestamp, signature, nowMs: now });
    expect(check(String(stale), computeSignature(SECRET, stale, BODY))).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
    const fresh = Math.floor(now / 1000);
    expect(check(String(fresh), computeSignature(SECRET, fresh, BODY), `${BODY}&x=1`)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(check(undefined, undefined)).toEqual({ ok: false, reason: 'missing signature headers' });
    expect(check('soon', 'v0=00')).toEqual({ ok: false, reason: 'malformed timestamp' });
  });
});

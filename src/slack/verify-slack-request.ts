import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request-signing rule (docs.slack.dev/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature` is `v0=` + hex HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`) and
 * `X-Slack-Request-Timestamp` must be within five minutes of now. Bolt only refuses timestamps in
 * the past; a replayed request stamped in the future would pass it, so the window applies both ways.
 */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type SlackRequestVerdict =
  | { ok: true }
  | {
      ok: false;
      reason:
        | 'missing signature'
        | 'missing timestamp'
        | 'malformed signature'
        | 'malformed timestamp'
        | 'timestamp outside the 5-minute window'
        | 'signature mismatch';
    };

export function verifySlackRequest(input: {
  signingSecret: string;
  rawBody: Buffer | string;
  timestamp: string | string[] | undefined;
  signature: string | string[] | undefined;
  nowMs: number;
}): SlackRequestVerdict {
  const { timestamp, signature } = input;
  if (timestamp === undefined) return { ok: false, reason: 'missing timestamp' };
  if (signature === undefined) return { ok: false, reason: 'missing signature' };
  // A repeated header is not something Slack sends.
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'malformed timestamp' };
  if (typeof signature !== 'string' || !/^v0=[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: 'malformed signature' };
  const skew = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'timestamp outside the 5-minute window' };
  const hmac = createHmac('sha256', input.signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(input.rawBody);
  const expected = Buffer.from(`v0=${hmac.digest('hex')}`);
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signing (docs.slack.dev/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=` + hex HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`),
 * `X-Slack-Request-Timestamp: {unix seconds}`. Receivers reject timestamps older than 5 minutes.
 */

export const SIGNATURE_VERSION = 'v0';
export const MAX_TIMESTAMP_AGE_SECONDS = 5 * 60;

export function computeSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`${SIGNATURE_VERSION}:${timestampSec}:${rawBody}`);
  return `${SIGNATURE_VERSION}=${hmac.digest('hex')}`;
}

/**
 * How a front-door request is signed. Anything but `valid` exists to test the app's 401 path:
 * `bad-signature` signs with a wrong secret, `stale-timestamp` signs correctly but 6 minutes in
 * the past, `no-headers` sends neither header.
 */
export type SigningMode = 'valid' | 'bad-signature' | 'stale-timestamp' | 'no-headers';

export function signatureHeaders(
  signingSecret: string,
  rawBody: string,
  mode: SigningMode,
  nowMs: number,
): Record<string, string> {
  if (mode === 'no-headers') return {};
  const nowSec = Math.floor(nowMs / 1000);
  const timestamp = mode === 'stale-timestamp' ? nowSec - MAX_TIMESTAMP_AGE_SECONDS - 60 : nowSec;
  const secret = mode === 'bad-signature' ? `${signingSecret}-wrong` : signingSecret;
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': computeSignature(secret, timestamp, rawBody),
  };
}

/** The check a receiver makes (same rules as Bolt's `verifySlackRequest`), for tests and tools. */
export function verifySignature(options: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): { ok: true } | { ok: false; reason: string } {
  const { timestamp, signature } = options;
  if (!timestamp || !signature) return { ok: false, reason: 'missing signature headers' };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: 'malformed timestamp' };
  if (ts < Math.floor(options.nowMs / 1000) - MAX_TIMESTAMP_AGE_SECONDS)
    return { ok: false, reason: 'stale timestamp' };
  const expected = Buffer.from(computeSignature(options.signingSecret, ts, options.rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}

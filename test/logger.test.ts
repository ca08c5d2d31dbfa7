import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../src/logger.js';
import { captureLogger } from './support/capture-logger.js';

const BOT = 'xoxb-1111111111-2222222222-abcdefghijklmnopqrstuvwx';
const APP = 'xapp-1-A0123-4567890-deadbeefcafef00d';
const SIGNING = '8f14e45fceea167a5a36dedd4bea2543';
const GH = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/123456789/abcdefghijklmnop';
const TRIGGER = '13345224609.738474920.8088930838d88f008e0';

describe('logger redaction', () => {
  it('keeps tokens, the signing secret, response_url and trigger_id out of every log line', () => {
    const { logger, text } = captureLogger({ secrets: [SIGNING] });
    logger.info({ token: BOT, body: { response_url: RESPONSE_URL, trigger_id: TRIGGER } }, 'slash command');
    logger.info({ payload: { deep: { appToken: APP } } }, `connecting with ${APP}`);
    logger.warn({ err: new Error(`request to ${RESPONSE_URL} failed with token ${BOT}`) }, 'failed');
    logger.info({ headers: { authorization: `Bearer ${BOT}`, 'x-slack-signature': 'v0=abc' } }, 'request');
    logger.info({ note: `secret is ${SIGNING} and gh ${GH}` }, 'misc');
    logger.info({
      raw: `token=${BOT}&response_url=${encodeURIComponent(RESPONSE_URL)}&trigger_id=${TRIGGER}`,
    });
    const out = text();
    for (const secret of [BOT, APP, SIGNING, GH, RESPONSE_URL, TRIGGER, 'hooks.slack.com/commands']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out.split('\n').filter(Boolean)).toHaveLength(6);
    for (const line of out.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('scrubs secrets inside free text', () => {
    expect(scrubSecrets(`a ${BOT} b`)).toBe('a [redacted] b');
    expect(scrubSecrets('nothing here')).toBe('nothing here');
  });
});

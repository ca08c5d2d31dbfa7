import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../sandbox/emulators/slack/block-kit-validator.js';
import { decodeAlarmMessage } from '../../src/alerts/decode-alarm-message.js';
import { applyTransition, newIncident, type PendingTransition } from '../../src/alerts/incident.js';
import {
  parentMessage,
  TRANSITIONS_PER_REPLY,
  transitionsMessage,
} from '../../src/alerts/incident-messages.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { singleMetricEvent } from './fixtures/alarm-events.js';

const settings = { timezone: 'Asia/Tokyo', now: new Date('2026-12-01T03:00:00Z') };

function transition(name: string, reason?: string) {
  const out = decodeAlarmMessage(JSON.stringify(singleMetricEvent(name, 'ALARM', reason ? { reason } : {})));
  if (!out.ok) throw new Error(out.why);
  return out.transition;
}

describe('incident messages within Block Kit limits', () => {
  it('a 200-alarm group with hostile names and 20 kB reasons still renders a valid parent', () => {
    const incident = newIncident('inc-abcdef', 'C0ALERTS', 'prod', settings.now);
    for (let i = 0; i < 200; i++) {
      const t = transition(
        `<!channel> *prod* alarm ${i} ${'x'.repeat(300)}`,
        `Threshold Crossed: ${'y '.repeat(10_000)}`,
      );
      t.evaluation = {};
      applyTransition(incident, t, { tags: {} }, settings.now);
    }
    const { blocks, text } = renderBlocks(parentMessage(incident, settings));
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
    expect(text).not.toContain('<!channel>');
    expect(JSON.stringify(blocks)).toContain('…and 160 more');
  });

  it('a full batch of thread transitions fits one message', () => {
    const pending: PendingTransition[] = Array.from({ length: TRANSITIONS_PER_REPLY }, (_, i) => ({
      eventId: `e${i}`,
      key: `k${i}`,
      name: `alarm-${i}-${'n'.repeat(200)}`,
      state: i % 2 ? 'OK' : 'ALARM',
      at: settings.now.toISOString(),
      reason: 'r'.repeat(300),
    }));
    const { blocks } = renderBlocks(transitionsMessage(pending, settings));
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    // Nothing is cut: every transition line is in the message.
    expect((JSON.stringify(blocks).match(/alarm-\d+-/g) ?? []).length).toBe(TRANSITIONS_PER_REPLY);
  });
});

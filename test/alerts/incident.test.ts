import { describe, expect, it } from 'vitest';
import { decodeAlarmMessage } from '../../src/alerts/decode-alarm-message.js';
import { applyTransition, incidentState, isMuted, markDone, newIncident } from '../../src/alerts/incident.js';
import { singleMetricEvent } from './fixtures/alarm-events.js';

const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 3, min));
const t = (state: 'ALARM' | 'OK', min: number, id = `${state}-${min}`) => {
  const out = decodeAlarmMessage(JSON.stringify(singleMetricEvent('api-cpu', state, { id, at: at(min) })));
  if (!out.ok) throw new Error(out.why);
  return out.transition;
};

describe('incident model', () => {
  it('resolves when every member is OK and reopens (needing a new ack) on a new ALARM', () => {
    const inc = newIncident('inc-aaaaaa', 'C1', 'dev', at(0));
    expect(applyTransition(inc, t('ALARM', 0), { tags: {} }, at(0))).toBe(true);
    inc.ack = { by: 'U1', at: at(1).toISOString() };
    applyTransition(inc, t('OK', 12), { tags: {} }, at(12));
    expect(inc.status).toBe('resolved');
    expect(inc.resolvedAt).toBe(at(12).toISOString());
    applyTransition(inc, t('ALARM', 20), { tags: {} }, at(20));
    expect(inc.status).toBe('open');
    expect(inc.ack).toBeUndefined();
    expect(inc.pending.map((p) => p.state)).toEqual(['ALARM', 'OK', 'ALARM']);
  });

  it('applies an event once, and a late older event is recorded without turning the state back', () => {
    const inc = newIncident('inc-aaaaaa', 'C1', 'dev', at(0));
    applyTransition(inc, t('ALARM', 5), { tags: {} }, at(5));
    expect(applyTransition(inc, t('ALARM', 5), { tags: {} }, at(6))).toBe(false);
    applyTransition(inc, t('OK', 3), { tags: {} }, at(7));
    expect(incidentState(inc)).toBe('ALARM');
    expect(inc.pending).toHaveLength(2);
    markDone(inc, ['ALARM-5', 'OK-3']);
    expect(inc.pending).toEqual([]);
    expect(applyTransition(inc, t('OK', 3), { tags: {} }, at(8))).toBe(false);
  });

  it('mutes for a while or until OK, and a resolve ends an until-OK mute', () => {
    const inc = newIncident('inc-aaaaaa', 'C1', 'dev', at(0));
    applyTransition(inc, t('ALARM', 0), { tags: {} }, at(0));
    inc.mute = { by: 'U1', at: at(0).toISOString(), until: at(60).toISOString() };
    expect(isMuted(inc, at(59))).toBe(true);
    expect(isMuted(inc, at(61))).toBe(false);
    inc.mute = { by: 'U1', at: at(0).toISOString(), untilOk: true };
    expect(isMuted(inc, at(90))).toBe(true);
    applyTransition(inc, t('OK', 91), { tags: {} }, at(91));
    expect(inc.mute).toBeUndefined();
  });
});

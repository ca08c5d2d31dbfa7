import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { keepUntil, nextLocalTime, parseKeepRequest } from '../../src/schedules/keep-request.js';
import { scheduleOf } from '../../src/schedules/schedule-spec.js';
import { lastEvent, nextEvent, nextOf } from '../../src/schedules/schedule-times.js';

const config = parseConfigText(
  `
timezone: UTC
environments:
  dev:
    ecs: [{ cluster: dev }]
    schedule:
      start: "0 9 * * 1-5"
      stop: "0 21 * * 1-5"
      timezone: Europe/Berlin
      skip_dates: [2026-12-24]
  prod:
    protected: true
    schedule: { stop: "0 21 * * *" }
`,
  'test.yml',
);
const spec = scheduleOf(config, 'dev')!;

describe('schedule evaluation in the environment time zone', () => {
  it('keeps 09:00 and 21:00 local across the March DST change (CET → CEST)', () => {
    // Fri 27 Mar 2026 is CET (UTC+1); Mon 30 Mar is CEST (UTC+2).
    expect(nextOf(spec, 'stop', new Date('2026-03-27T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-27T20:00:00.000Z',
    );
    expect(nextOf(spec, 'start', new Date('2026-03-27T21:00:00Z'))?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('keeps local times across the October change (CEST → CET)', () => {
    expect(nextOf(spec, 'stop', new Date('2026-10-23T12:00:00Z'))?.toISOString()).toBe(
      '2026-10-23T19:00:00.000Z',
    );
    expect(nextOf(spec, 'start', new Date('2026-10-24T00:00:00Z'))?.toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('has no start on a skip date; the stop still holds', () => {
    // Thu 24 Dec 2026 is skipped: after Wed's 21:00 stop the next start is Fri 25th 09:00 CET.
    expect(nextOf(spec, 'start', new Date('2026-12-23T20:30:00Z'))).toEqual(new Date('2026-12-25T08:00:00Z'));
    expect(nextEvent(spec, new Date('2026-12-23T20:30:00Z'))).toEqual({
      action: 'stop',
      at: new Date('2026-12-24T20:00:00Z'),
    });
    expect(lastEvent(spec, new Date('2026-12-24T12:00:00Z'))).toEqual({
      action: 'stop',
      at: new Date('2026-12-23T20:00:00Z'),
    });
  });

  it('says what the schedule wants now: the weekend after Friday 21:00 is off', () => {
    expect(lastEvent(spec, new Date('2026-03-28T10:00:00Z'))?.action).toBe('stop');
    expect(lastEvent(spec, new Date('2026-03-30T07:00:00Z'))?.action).toBe('start');
  });

  it('has no schedule for a protected environment', () => {
    expect(scheduleOf(config, 'prod')).toBeUndefined();
  });
});

describe('keep requests', () => {
  it('parses durations, times of day and "until start"; refuses the rest with what to type', () => {
    expect(parseKeepRequest('2h')).toEqual({ ok: true, value: { kind: 'for', ms: 7_200_000 } });
    expect(parseKeepRequest('until 23:30')).toEqual({
      ok: true,
      value: { kind: 'until', hour: 23, minute: 30 },
    });
    expect(parseKeepRequest('until start')).toEqual({ ok: true, value: { kind: 'until-start' } });
    for (const bad of ['', 'forever', 'until 25:00', 'until 9pm', '-2h', '0m', 'until <!channel>']) {
      const r = parseKeepRequest(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/keep dev|HH:MM|duration/);
    }
    const long = parseKeepRequest('8d');
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error).toContain('infrabot.yml');
  });

  it('resolves "until HH:MM" in the time zone, today or else tomorrow, across DST', () => {
    // 20:30 CET on Fri 27 Mar: 23:00 is today.
    expect(nextLocalTime(new Date('2026-03-27T19:30:00Z'), 23, 0, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-27T22:00:00.000Z',
    );
    // Sat 28 Mar 23:00 CET: 08:00 is Sunday, already CEST.
    expect(nextLocalTime(new Date('2026-03-28T22:00:00Z'), 8, 0, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    // 02:30 does not exist on 29 Mar in Berlin: the first minute after the gap.
    expect(nextLocalTime(new Date('2026-03-28T22:00:00Z'), 2, 30, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    const untilStart = keepUntil({ kind: 'until-start' }, new Date('2026-03-27T19:45:00Z'), spec);
    expect(untilStart).toEqual({ ok: true, until: new Date('2026-03-30T07:00:00Z') });
  });
});

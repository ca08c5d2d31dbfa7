import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { fargateHourly, pricesFor } from '../../src/schedules/prices.js';
import { type LedgerEntry, savingsIn } from '../../src/schedules/savings-ledger.js';
import { weekStart } from '../../src/schedules/status-extras.js';

const resources = [
  { label: 'ecs dev/api', hourlyUsd: 0.1 },
  { label: 'rds dev-pg', hourlyUsd: 0.05 },
  { label: 'ecs dev/legacy', unpriced: 'EC2 launch type' },
];

/** A week of weekdays 08:00–20:00 UTC: stop at 20:00, start at 08:00, off all weekend. */
function knownWeek(): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (let day = 0; day < 5; day++) {
    const date = `2026-03-${String(23 + day).padStart(2, '0')}`;
    entries.push({ operation: 'start', at: `${date}T08:00:00.000Z`, resources: [] });
    entries.push({ operation: 'stop', at: `${date}T20:00:00.000Z`, resources });
  }
  return entries;
}

describe('savings from the history of operations', () => {
  it('a weekday 08–20 week is 64 % of hours off; priced resources × hours, unpriced ones named', () => {
    const from = new Date('2026-03-23T00:00:00Z');
    const to = new Date('2026-03-30T00:00:00Z');
    const entries: LedgerEntry[] = [
      { operation: 'stop', at: '2026-03-20T20:00:00.000Z', resources },
      ...knownWeek(),
    ];
    const s = savingsIn(entries, from, to);
    // Mon 00–08, four 12 h nights, Fri 20:00 → Mon 00:00 (52 h) = 8 + 48 + 52 = 108 h of 168.
    expect(s.hoursOff).toBe(108);
    expect(s.hoursOff / 168).toBeCloseTo(0.643, 3);
    expect(s.usd).toBeCloseTo(108 * 0.15, 6);
    expect(s.unpriced).toEqual(['ecs dev/legacy']);
  });

  it('counts nothing before the window, and an open stop up to the end of it', () => {
    const s = savingsIn(
      [{ operation: 'stop', at: '2026-03-29T12:00:00.000Z', resources }],
      new Date('2026-03-29T18:00:00Z'),
      new Date('2026-03-29T20:00:00Z'),
    );
    expect(s.hoursOff).toBe(2);
    expect(s.usd).toBeCloseTo(0.3, 6);
  });

  it('a watchfulness stop while off adds no double count', () => {
    const s = savingsIn(
      [
        { operation: 'stop', at: '2026-03-29T00:00:00.000Z', resources },
        {
          operation: 'stop',
          at: '2026-03-29T05:00:00.000Z',
          resources: [{ label: 'rds dev-pg', hourlyUsd: 0.05 }],
        },
      ],
      new Date('2026-03-29T00:00:00Z'),
      new Date('2026-03-29T10:00:00Z'),
    );
    expect(s.usd).toBeCloseTo(10 * 0.15, 6);
  });

  it('Fargate price from CPU units and memory; config overrides the table per region', () => {
    const config = parseConfigText(
      `
savings:
  prices:
    ap-northeast-1: { fargate_vcpu_hour: 0.04, rds: { db.t4g.micro: 0.02 } }
`,
      'test.yml',
    );
    const p = pricesFor(config, 'ap-northeast-1');
    expect(p.fargateVcpuHour).toBe(0.04);
    expect(p.fargateGbHour).toBe(0.00553);
    expect(p.rds['db.t4g.micro']).toBe(0.02);
    expect(fargateHourly(p, 512, 1024)).toBeCloseTo(0.5 * 0.04 + 0.00553, 8);
    expect(fargateHourly(pricesFor(config, 'sa-east-1'), 256, 512)).toBeUndefined();
  });

  it('refuses broken price overrides with a message naming the key', () => {
    expect(() =>
      parseConfigText('savings: { prices: { ap-northeast-1: { rds: { t4g: 1 } } } }', 'test.yml'),
    ).toThrow(/RDS instance class/);
    expect(() => parseConfigText('savings: { prices: { mars-1: {} } }', 'test.yml')).toThrow(/region/);
    expect(() => parseConfigText('savings: { digest_channel: general }', 'test.yml')).toThrow(/channel ID/);
  });

  it('the week starts on Monday 00:00 in the time zone (DST week included)', () => {
    expect(weekStart(new Date('2026-04-01T10:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
  });
});

describe('weekly digest', () => {
  it('is due on the configured cron within an hour, once per firing, and sums the week per environment', async () => {
    const { openStore } = await import('../../src/store/open-store.js');
    const { SavingsLedger } = await import('../../src/schedules/savings-ledger.js');
    const { dueDigest, weeklyDigest } = await import('../../src/schedules/weekly-digest.js');
    const config = parseConfigText(
      `
timezone: UTC
environments:
  dev:
    ecs: [{ cluster: dev }]
    schedule: { start: "0 8 * * 1-5", stop: "0 20 * * 1-5" }
savings: { digest_channel: C0COSTS }
`,
      'test.yml',
    );
    expect(dueDigest(config, new Date('2026-03-30T09:10:00Z'))?.toISOString()).toBe(
      '2026-03-30T09:00:00.000Z',
    );
    expect(dueDigest(config, new Date('2026-03-30T10:30:00Z'))).toBeUndefined(); // too late: skipped, not stale
    expect(dueDigest(config, new Date('2026-03-31T09:10:00Z'))).toBeUndefined();
    const store = await openStore('memory');
    const ledger = new SavingsLedger(store);
    for (const e of [
      { operation: 'stop' as const, at: '2026-03-20T20:00:00.000Z', resources },
      ...knownWeek(),
    ]) {
      await ledger.record('dev', e);
    }
    const digest = await weeklyDigest(config, store, new Date('2026-03-30T00:00:00Z'));
    expect(digest.title).toContain(`≈ $${(108 * 0.15).toFixed(2)}`);
    expect(JSON.stringify(digest.parts)).toContain('*dev*: 108 h off');
    await store.close();
  });
});

describe('schedule config: hostile and broken input', () => {
  const env = (schedule: string, extra = '') =>
    `environments:\n  dev:\n    ecs: [{ cluster: dev }]${extra}\n    schedule: ${schedule}\n`;
  it('names the key and what to write for each broken value', () => {
    const cases: Array<[string, RegExp]> = [
      [env('{ stop: "0 21 * * 1-5", on_demand_keep: soon }'), /on_demand_keep.*duration/],
      [
        env(
          '{ stop: "0 21 * * 1-5", activity: { namespace: AWS/ApplicationELB, metric: RequestCount, threshold: -1 } }',
        ),
        /threshold/,
      ],
      [
        env(
          '{ stop: "0 21 * * 1-5", activity: { namespace: AWS/ApplicationELB, metric: RequestCount, threshold: 1, minutes: 0 } }',
        ),
        /minutes/,
      ],
      [env('{ stop: "0 21 * * 1-5", activity: { metric: RequestCount, threshold: 1 } }'), /namespace/],
      [
        env('{ stop: "0 21 * * 1-5", activity: { namespace: X, metric: Y, threshold: 1, statistic: p99 } }'),
        /statistic/,
      ],
      [env('{ stop: "0 21 * * 1-5", skip_dates: [tomorrow] }'), /skip_dates.*date like/],
      [env('{ stop: "61 25 * * *" }'), /not a valid cron/],
      [env('{ stop: "0 21 * * 1-5" }', '\n    channel: "#dev"'), /channel.*channel ID/],
    ];
    for (const [yaml, message] of cases)
      expect(() => parseConfigText(yaml, 'test.yml'), yaml).toThrow(message);
  });
});

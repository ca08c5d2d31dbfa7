import { afterEach, describe, expect, it } from 'vitest';
import type { StoreKey } from '../../src/store/store.js';
import { type ScheduleHarness, startScheduleHarness } from './support/schedule-harness.js';

// How a scheduled stop ended is read from the operation's structured outcome (the command's
// completion), not from the environment's record in the store, nor from any message's wording.
const config = (rds: string) => `
timezone: UTC
environments:
  dev:
    region: ap-northeast-1
    channel: C0DEV
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [${rds}] }
    schedule: { start: "0 9 * * 1-5", stop: "0 21 * * 1-5" }
access:
  operators: [U0OPERATOR]
`;

let h: ScheduleHarness;
afterEach(() => h?.close());

const titles = () => h.publisher.posts.map((p) => p.message.title ?? '');

describe('a scheduled stop is judged on its outcome', () => {
  it('is a success when everything stopped, even if the store could not keep the record of it', async () => {
    // Mon 21:00 UTC: the scheduled stop is due.
    h = await startScheduleHarness(config('dev-pg'), '2026-03-30T21:00:00Z');
    const put = h.store.put.bind(h.store);
    h.store.put = (async (key: StoreKey, value: unknown, options?: Parameters<typeof put>[2]) => {
      if (key.sk === 'record') throw new Error('store unavailable');
      return put(key, value, options);
    }) as typeof h.store.put;
    const decision = (await h.scheduler.tick()).find((d) => d.environment === 'dev')!;
    await h.scheduler.idle();
    expect(decision).toMatchObject({ kind: 'fired', event: { action: 'stop' } });
    expect(h.aws.world.ecsService('dev', 'api')!.desiredCount).toBe(0);
    expect(h.aws.world.dbInstance('dev-pg')!.status).toMatch(/stopp/);
    expect(h.logs().join('\n')).toContain('could not record the end of the operation');
    // Nothing says it failed: the only post is the progress message, ending in its summary.
    expect(titles().some((t) => t.includes('scheduled stop'))).toBe(false);
    expect(JSON.stringify(h.publisher.posts[0]?.edits.at(-1))).toContain('dev stopped');
    const audit = (await h.services.audit.recent(5)).find((e) => e.verb === 'stop')!;
    expect(audit).toMatchObject({ actor: { kind: 'schedule' }, outcome: 'ok' });
  });

  it('a database that is configured but not found is a partial stop, reported with what to do', async () => {
    h = await startScheduleHarness(config('dev-pg, dev-gone'), '2026-03-30T21:00:00Z');
    await h.scheduler.tick();
    await h.scheduler.idle();
    expect(h.aws.world.ecsService('dev', 'api')!.desiredCount).toBe(0);
    const report = h.publisher.posts.at(-1)!;
    expect(report.message.title).toBe('dev: scheduled stop partly done');
    expect(JSON.stringify(report.message)).toContain('could not be read');
    const audit = (await h.services.audit.recent(5)).find((e) => e.verb === 'stop')!;
    expect(audit).toMatchObject({ actor: { kind: 'schedule' }, outcome: 'error' });
  });
});

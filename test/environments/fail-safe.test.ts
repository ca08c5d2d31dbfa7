import { afterEach, describe, expect, it } from 'vitest';
import type { World } from '../../sandbox/emulators/aws/index.js';
import { messageToPlainText } from '../../src/commands/message.js';
import { operationResult } from '../../src/commands/verbs/environment-operation-result.js';
import { type Harness, lastOf, OPERATOR, runWithOutcome, startHarness } from './support/harness.js';

const CONFIG = `
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db] }
`;

function seed(world: World): void {
  world.addEcsCluster({ name: 'dev' });
  world.addEcsService({ cluster: 'dev', name: 'api', desiredCount: 2 });
  world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
  world.addScalableTarget({ cluster: 'dev', service: 'api', minCapacity: 2, maxCapacity: 6 });
  world.addDbInstance({ id: 'dev-db', engine: 'postgres' });
}

/** A small retry budget: the policy gives up within two seconds of the first attempt. */
const QUICK_GIVE_UP = { retry: { baseDelayMs: 20, maxDelayMs: 200, attempts: 50, maxTotalMs: 2_000 } };

let h: Harness;
afterEach(async () => h?.close());

describe('fail safe when AWS fails', () => {
  it('ECS and Application Auto Scaling writes throttled persistently: no database is stopped, the stop fails and says so', async () => {
    h = await startHarness({ config: CONFIG, seed, gateways: QUICK_GIVE_UP });
    h.emulator.faults.inject('ecs', 'UpdateService', { kind: 'throttle' });
    h.emulator.faults.inject('application-autoscaling', 'RegisterScalableTarget', { kind: 'throttle' });

    const began = performance.now();
    const run = await operationResult(h.service, {
      environment: 'dev',
      operation: 'stop',
      actor: OPERATOR,
      dryRun: false,
      timeZone: 'UTC',
    });
    const steps = [];
    for await (const step of run.progress!) steps.push(step);
    const elapsed = performance.now() - began;

    // Structured: the command's completion is an error (the CLI exits 1, the audit says error).
    expect(await run.completion).toEqual({
      outcome: 'error',
      detail: 'dev not stopped · 3 not changed',
      kind: 'failed',
    });
    const summary = lastOf(steps);
    expect(summary.title).toBe('dev not stopped · 3 not changed');
    const text = messageToPlainText(summary);
    expect(text).toContain('AWS kept throttling the request');
    expect(text).toContain('rds dev-db — not stopped: left running because');
    expect(text).not.toContain('Desired counts and autoscaling bounds are saved');
    // The person watching was told why it took a while.
    expect(steps.some((s) => s.title?.includes('AWS is throttling, retrying'))).toBe(true);

    expect(h.emulator.calls.count({ action: 'StopDBInstance' })).toBe(0);
    expect(h.world.dbInstance('dev-db')?.status).toBe('available');
    expect(h.world.ecsService('dev', 'worker')?.desiredCount).toBe(1);
    // One retry policy, bounded: the SDK makes one attempt per call, ours gives up within its budget.
    expect(elapsed).toBeLessThan(8_000);
    const updates = h.emulator.calls.list({ action: 'UpdateService' }).length;
    expect(updates).toBeGreaterThan(1);
    expect(updates).toBeLessThan(2 * 50);
    expect((await h.service.status('dev')).record).toMatchObject({ operation: 'stop', outcome: 'failed' });
  });

  it('every ECS call throttled: the services cannot be read, so nothing is touched and nothing is claimed', async () => {
    h = await startHarness({ config: CONFIG, seed, gateways: QUICK_GIVE_UP });
    h.emulator.faults.inject('ecs', '*', { kind: 'throttle' });
    const run = await h.service.run('dev', 'stop', OPERATOR);
    expect(run.kind).toBe('nothing-to-do');
    if (run.kind !== 'nothing-to-do') return;
    expect(run.outcome.kind).toBe('not-read');
    expect(run.plan.skipped.map((s) => s.label)).toEqual(['rds dev-db']);
    const result = await operationResult(h.service, {
      environment: 'dev',
      operation: 'stop',
      actor: OPERATOR,
      dryRun: false,
      timeZone: 'UTC',
    });
    expect(result.outcome).toBe('error');
    expect(messageToPlainText(result.message)).toContain('could not be read');
    expect(h.emulator.calls.count({ action: 'StopDBInstance' })).toBe(0);
    expect(h.world.dbInstance('dev-db')?.status).toBe('available');
  });

  it('services that do not drain: the database stays up and the stop fails with what to do', async () => {
    h = await startHarness({
      config: CONFIG,
      seed,
      // ECS's clock barely moves: tasks asked to stop are still running when the wait gives up.
      emulator: { speed: 0.001 },
      service: { timing: { pollIntervalMs: 20, serviceTimeoutMs: 300, databaseTimeoutMs: 2_000 } },
    });
    const { steps, outcome } = await runWithOutcome(await h.service.run('dev', 'stop', OPERATOR));
    expect(outcome.kind).toBe('failed');
    const summary = lastOf(steps);
    expect(summary.title).toBe('dev not stopped · 3 not changed');
    const text = messageToPlainText(summary);
    expect(text).toContain('ecs dev/api — not stopped: the desired count is 0 but 2 task(s) still run');
    expect(text).toContain("check the service's events, then run `stop dev` again");
    expect(text).toContain(
      'rds dev-db — not stopped: left running because ecs dev/api, ecs dev/worker did not reach 0 tasks',
    );
    expect(h.emulator.calls.count({ action: 'StopDBInstance' })).toBe(0);
  });

  it('a database whose endpoint goes away mid-wait: the wait ends within a few polls, non-zero', async () => {
    h = await startHarness({
      config: CONFIG,
      seed,
      gateways: QUICK_GIVE_UP,
      service: { timing: { pollIntervalMs: 20, databaseTimeoutMs: 60 * 60_000, serviceTimeoutMs: 8_000 } },
    });
    const run = await h.service.run('dev', 'stop', OPERATOR);
    // Once RDS accepted the stop, RDS stops answering (a vanished endpoint, as infrabot sees it).
    const watch = setInterval(() => {
      if (h.emulator.calls.count({ action: 'StopDBInstance' }) > 0) {
        h.emulator.faults.inject('rds', 'DescribeDBInstances', { kind: 'server-error' });
        clearInterval(watch);
      }
    }, 2);
    const began = performance.now();
    const { steps, outcome } = await runWithOutcome(run);
    clearInterval(watch);
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(outcome.kind).toBe('partial');
    expect(messageToPlainText(lastOf(steps))).toContain(
      'rds dev-db — AWS accepted the stop, but infrabot could not read it since',
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { World } from '../../sandbox/emulators/aws/index.js';
import { type ContextHarness, drain, startContextHarness, textOf } from './support/context-harness.js';

function seed(world: World): void {
  world.addEcsCluster({ name: 'dev' });
  world.addEcsService({
    cluster: 'dev',
    name: 'api',
    desiredCount: 2,
    circuitBreaker: { enable: true, rollback: true },
  });
  world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
  world.addScalableTarget({ cluster: 'dev', service: 'api', minCapacity: 1, maxCapacity: 6 });
  world.addEcsCluster({ name: 'prod' });
  world.addEcsService({ cluster: 'prod', name: 'api', desiredCount: 2 });
}

let h: ContextHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('restart and scale against the ECS emulator', () => {
  it('restart asks first, then forces a new deployment and edits one message until steady, audited', async () => {
    h = await startContextHarness(seed);
    const before = h.world.ecsService('dev', 'api')!.deployments[0]!.id;
    const plan = await h.run('restart dev api');
    expect(plan.outcome).toBe('confirm');
    expect(plan.message.buttons?.[0]).toMatchObject({
      label: 'Yes, go ahead',
      command: 'restart dev api --yes',
    });
    expect(textOf(plan.message)).toContain('circuit breaker is on');
    // Nothing changed yet.
    expect(h.emulator.calls.count({ service: 'ecs', action: 'UpdateService' })).toBe(0);

    const result = await h.run('restart dev api --yes', 'U0OPERATOR', { confirmed: true });
    expect(result.visibility).toBe('channel');
    const steps = await drain(result);
    const last = steps.at(-1)!;
    expect(last).toMatchObject({ title: 'api in dev restarted and steady', tone: 'success' });
    expect(steps.some((s) => s.title?.startsWith('Restarting api in dev'))).toBe(true);
    const after = h.world.ecsService('dev', 'api')!;
    expect(after.deployments).toHaveLength(1);
    expect(after.deployments[0]!.id).not.toBe(before);
    expect(after.runningCount).toBe(2);
    const update = h.emulator.calls.list({ service: 'ecs', action: 'UpdateService' })[0]!;
    expect(update.params).toMatchObject({ cluster: 'dev', service: 'api', forceNewDeployment: true });
    const [entry] = await h.services.audit.recent(1);
    expect(entry).toMatchObject({
      verb: 'restart',
      command: 'restart dev api',
      confirmation: 'asked',
      outcome: 'ok',
      environment: 'dev',
    });
  });

  it('reports a circuit-breaker rollback as a failure, audited as an error', async () => {
    h = await startContextHarness(seed);
    h.world.failNextDeployment('dev', 'api');
    const steps = await drain(await h.run('restart dev api --yes'));
    const last = steps.at(-1)!;
    expect(last.title).toBe('Restart of api in dev failed: rolled back');
    expect(textOf(last)).toContain('ECS deployment circuit breaker');
    expect(last.tone).toBe('danger');
    const [entry] = await h.services.audit.recent(1);
    expect(entry).toMatchObject({
      verb: 'restart',
      outcome: 'error',
      detail: 'Restart of api in dev failed: rolled back',
    });
  });

  it('scale changes the desired count within the autoscaling bounds; outside them only with --force', async () => {
    h = await startContextHarness(seed);
    const steps = await drain(await h.run('scale dev api 4 --yes'));
    expect(steps.at(-1)).toMatchObject({ title: 'api in dev scaled to 4 and steady', tone: 'success' });
    expect(h.world.ecsService('dev', 'api')).toMatchObject({ desiredCount: 4, runningCount: 4 });
    expect(steps.some((s) => /\d\/4 running/.test(textOf(s)))).toBe(true);

    const tooMany = await h.run('scale dev api 9 --yes');
    expect(tooMany.outcome).toBe('error');
    expect(textOf(tooMany.message)).toContain('autoscales between 1 and 6');
    expect(h.world.ecsService('dev', 'api')!.desiredCount).toBe(4);

    const plan = await h.run('scale dev api 9 --force');
    expect(plan.outcome).toBe('confirm');
    expect(textOf(plan.message)).toContain('forced');

    const same = await h.run('scale dev api 4 --yes');
    expect(same.outcome).toBe('ok');
    expect(textOf(same.message)).toContain('nothing to change');

    for (const [line, error] of [
      ['scale dev api lots', 'is not a task count'],
      ['scale dev api -3', 'is not a task count'],
      ['scale dev api 500', '--force'],
      ['scale dev nosuch 2 --yes', 'has no ECS service'],
    ] as const) {
      const r = await h.run(line);
      expect(r.outcome, line).toBe('error');
      expect(textOf(r.message), line).toContain(error);
    }
  });

  it('refuses unauthorised users and protected environments, and audits the refusal', async () => {
    h = await startContextHarness(seed);
    const viewer = await h.run('restart dev api --yes', 'U0NOBODY');
    expect(viewer.outcome).toBe('denied');
    const prod = await h.run('scale prod api 5 --yes', 'U0ADMIN');
    expect(prod.outcome).toBe('denied');
    expect(textOf(prod.message)).toContain('prod is protected');
    expect(h.emulator.calls.count({ service: 'ecs', action: 'UpdateService' })).toBe(0);
    const entries = await h.services.audit.recent(2);
    expect(entries.map((e) => [e.verb, e.outcome, e.actor.id])).toEqual([
      ['scale', 'denied', 'U0ADMIN'],
      ['restart', 'denied', 'U0NOBODY'],
    ]);
    expect(h.world.ecsService('prod', 'api')!.desiredCount).toBe(2);
  });

  it('reports AWS refusing the change as a failure, audited, and one change per service at a time', async () => {
    h = await startContextHarness(seed);
    h.emulator.faults.inject('ecs', 'UpdateService', { kind: 'server-error', times: 1 });
    const steps = await drain(await h.run('restart dev worker --yes'));
    expect(steps.at(-1)?.title).toBe('Restart of worker in dev failed');
    const [entry] = await h.services.audit.recent(1);
    expect(entry).toMatchObject({ verb: 'restart', outcome: 'error' });

    // Another replica (or person) is restarting api right now: its lease is held.
    await h.store.acquireLease('remediate#dev#dev/api', 'another-replica', 60_000);
    const second = await drain(await h.run('restart dev api --yes'));
    expect(second.at(-1)?.title).toBe('api in dev is already being restarted or scaled');
    expect(h.emulator.calls.count({ service: 'ecs', action: 'UpdateService' })).toBe(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { World } from '../../sandbox/emulators/aws/index.js';
import { messageToPlainText } from '../../src/commands/message.js';
import { renderStatus } from '../../src/commands/render/render-status.js';
import { type Harness, lastOf, OPERATOR, runToEnd, startHarness } from './support/harness.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev }]
    rds: { instances: [dev-db, reports-db, reports-db-replica] }
  staging:
    region: ap-northeast-1
    select: { tags: { Environment: staging } }
`;

function seed(world: World): void {
  world.addEcsCluster({ name: 'dev' });
  world.addEcsService({ cluster: 'dev', name: 'api', desiredCount: 2 });
  world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
  world.addScalableTarget({
    cluster: 'dev',
    service: 'api',
    minCapacity: 2,
    maxCapacity: 6,
    policies: [{ name: 'cpu', targetValue: 60 }],
  });
  world.addDbInstance({ id: 'dev-db', engine: 'postgres' });
  world.addDbInstance({ id: 'reports-db', engine: 'postgres' });
  world.addDbInstance({ id: 'reports-db-replica', replicaSourceId: 'reports-db' });
  world.addEcsCluster({ name: 'staging', tags: { Environment: 'staging' } });
  world.addEcsService({ cluster: 'staging', name: 'api', desiredCount: 1, tags: { Environment: 'staging' } });
  world.addScalableTarget({ cluster: 'staging', service: 'api', minCapacity: 1, maxCapacity: 3 });
  world.addDbCluster({
    id: 'staging-aurora',
    engine: 'aurora-postgresql',
    instances: ['staging-aurora-1', 'staging-aurora-2'],
    tags: { Environment: 'staging' },
  });
}

let h: Harness;
afterEach(async () => h?.close());

describe('stop and start against the AWS emulator', () => {
  it('stop saves counts and holds autoscaling; status shows it; start puts everything back', async () => {
    h = await startHarness({ config: CONFIG, seed });
    const { world, emulator } = h;

    const stopSteps = await runToEnd(await h.service.run('dev', 'stop', OPERATOR));
    const stopped = lastOf(stopSteps);
    expect(stopped).toMatchObject({ title: 'dev stopped', tone: 'success' });
    expect(stopSteps.length).toBeGreaterThan(4);
    expect(stopSteps.slice(0, -1).every((s) => s.title?.startsWith('Stopping dev · '))).toBe(true);

    expect(world.ecsService('dev', 'api')).toMatchObject({ desiredCount: 0, runningCount: 0 });
    expect(world.ecsService('dev', 'worker')).toMatchObject({ desiredCount: 0, runningCount: 0 });
    expect(world.scalableTarget('dev', 'api')).toMatchObject({
      minCapacity: 0,
      maxCapacity: 0,
      suspended: {
        dynamicScalingInSuspended: true,
        dynamicScalingOutSuspended: true,
        scheduledScalingSuspended: true,
      },
    });
    expect(world.dbInstance('dev-db')?.status).toBe('stopped');
    expect(world.dbInstance('reports-db')?.status).toBe('available');
    expect(world.dbInstance('reports-db-replica')?.status).toBe('available');
    expect(emulator.calls.count({ action: 'StopDBInstance' })).toBe(1);

    // Application Auto Scaling acts a minute after a manual change: with min held at 0, it leaves the service at 0.
    emulator.clock.advance(10 * 60_000);
    expect(world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    expect(world.scalableTarget('dev', 'api')?.activities).toEqual([]);

    const status = renderStatus(await h.service.status('dev'), new Date(emulator.clock.now()));
    expect(status.title).toMatch(/^dev · ap-northeast-1 · stopped since \d\d:\d\d GMT\+9$/);
    const lines = (status.parts[0] as { items: string[] }).items;
    expect(lines).toEqual([
      'ecs dev/api  0 / 0  (restores to 2, autoscaling 2–6)',
      'ecs dev/worker  0 / 0  (restores to 1)',
      expect.stringMatching(
        /^rds dev-db {2}stopped {2}\(AWS restarts it by itself on \w{3} \d+ \w{3}, \d\d:\d\d GMT\+9\)$/,
      ),
      'rds reports-db  skipped: it is the source of read replica reports-db-replica, so it cannot be stopped',
      'rds reports-db-replica  skipped: a read replica cannot be stopped',
    ]);
    expect(status.buttons).toEqual([{ label: 'Start now', command: 'start dev', style: 'primary' }]);

    emulator.calls.clear();
    const startSteps = await runToEnd(await h.service.run('dev', 'start', OPERATOR));
    expect(lastOf(startSteps)).toMatchObject({ title: 'dev started', tone: 'success' });
    expect(world.dbInstance('dev-db')?.status).toBe('available');
    expect(world.ecsService('dev', 'api')).toMatchObject({ desiredCount: 2, runningCount: 2 });
    expect(world.ecsService('dev', 'worker')).toMatchObject({ desiredCount: 1, runningCount: 1 });
    expect(world.scalableTarget('dev', 'api')).toMatchObject({
      minCapacity: 2,
      maxCapacity: 6,
      suspended: {
        dynamicScalingInSuspended: false,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: false,
      },
    });
    // Databases first: the services were touched only after the database was available.
    const calls = emulator.calls.list();
    const startedDb = calls.findIndex((c) => c.action === 'StartDBInstance');
    const firstServiceChange = calls.findIndex(
      (c) => c.action === 'RegisterScalableTarget' || c.action === 'UpdateService',
    );
    expect(startedDb).toBeGreaterThanOrEqual(0);
    expect(firstServiceChange).toBeGreaterThan(startedDb);
    // RDS takes 6 simulated minutes to start: the first service change came after that.
    expect(calls[firstServiceChange]!.at - calls[startedDb]!.at).toBeGreaterThanOrEqual(6 * 60_000);
    // What start needed is forgotten once restored; the environment reads as running.
    const after = await h.service.status('dev');
    expect(after.savedServices.size).toBe(0);
    expect(renderStatus(after, new Date(emulator.clock.now())).title).toBe('dev · ap-northeast-1 · running');
  });

  it('a second stop is a no-op that keeps the saved counts', async () => {
    h = await startHarness({ config: CONFIG, seed });
    await runToEnd(await h.service.run('dev', 'stop', OPERATOR));
    const savedBefore = await h.service.status('dev');
    const modifies =
      h.emulator.calls.count({ action: 'UpdateService' }) +
      h.emulator.calls.count({ action: 'RegisterScalableTarget' });

    const again = await h.service.run('dev', 'stop', { kind: 'slack', id: 'U0OTHER' });
    expect(again.kind).toBe('nothing-to-do');
    if (again.kind === 'nothing-to-do') {
      expect(again.plan.unchanged.map((u) => u.label)).toEqual([
        'ecs dev/api',
        'ecs dev/worker',
        'rds dev-db',
      ]);
    }
    expect(
      h.emulator.calls.count({ action: 'UpdateService' }) +
        h.emulator.calls.count({ action: 'RegisterScalableTarget' }),
    ).toBe(modifies);
    expect(h.emulator.calls.count({ action: 'StopDBInstance' })).toBe(1);
    const savedAfter = await h.service.status('dev');
    expect([...savedAfter.savedServices.values()]).toEqual([...savedBefore.savedServices.values()]);
    expect(savedAfter.savedServices.get('dev/api')).toMatchObject({
      desiredCount: 2,
      autoscaling: { min: 2, max: 6 },
      savedBy: OPERATOR,
    });
  });

  it('without lowering the minimum, Application Auto Scaling brings a stopped service back', async () => {
    // The control for the assertion above: the emulator does clamp, so holding min at 0 is what keeps dev/api down.
    h = await startHarness({ config: CONFIG, seed });
    const gateway = await h.gateways.gatewayFor({ region: 'ap-northeast-1' });
    await gateway.setDesiredCount({ cluster: 'staging', service: 'api' }, 0);
    h.emulator.clock.advance(10 * 60_000);
    expect(h.world.ecsService('staging', 'api')?.desiredCount).toBe(1);
  });

  it('selects by tags, stops an Aurora cluster as a whole and starts it again', async () => {
    h = await startHarness({ config: CONFIG, seed });
    const planned = await h.service.plan('staging', 'stop');
    expect(planned.kind).toBe('plan');
    if (planned.kind === 'plan') {
      // The member instances carry the tags too, but Aurora is stopped per cluster: they are not listed.
      expect(planned.plan.changes.map((c) => (c.kind === 'stop-db' ? `db ${c.db.id}` : c.kind))).toEqual([
        'scale-down',
        'db staging-aurora',
      ]);
      expect(planned.plan.skipped).toEqual([]);
    }
    expect(lastOf(await runToEnd(await h.service.run('staging', 'stop', OPERATOR)))).toMatchObject({
      tone: 'success',
    });
    expect(h.world.dbCluster('staging-aurora')?.status).toBe('stopped');
    expect(h.world.dbInstance('staging-aurora-1')?.status).toBe('stopped');
    expect(h.emulator.calls.count({ action: 'StopDBInstance' })).toBe(0);
    expect(h.world.ecsService('staging', 'api')?.desiredCount).toBe(0);

    const start = lastOf(await runToEnd(await h.service.run('staging', 'start', OPERATOR)));
    expect(start).toMatchObject({ title: 'staging started', tone: 'success' });
    expect(messageToPlainText(start)).toContain('✅ rds staging-aurora (cluster) — available');
    expect(h.world.dbCluster('staging-aurora')?.status).toBe('available');
    expect(h.world.ecsService('staging', 'api')).toMatchObject({ desiredCount: 1, runningCount: 1 });
    expect(h.world.scalableTarget('staging', 'api')).toMatchObject({ minCapacity: 1, maxCapacity: 3 });
  });
});

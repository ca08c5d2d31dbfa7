import { afterEach, describe, expect, it } from 'vitest';
import type { World } from '../../sandbox/emulators/aws/index.js';
import { messageToPlainText } from '../../src/commands/message.js';
import { renderStatus } from '../../src/commands/render/render-status.js';
import { operationResult } from '../../src/commands/verbs/environment-operation-result.js';
import { EnvironmentService } from '../../src/environments/environment-service.js';
import type { PutOptions, Store, StoreKey } from '../../src/store/store.js';
import { captureLogger } from '../support/capture-logger.js';
import {
  FAST_TIMING,
  type Harness,
  lastOf,
  OPERATOR,
  runToEnd,
  runWithOutcome,
  slackUser,
  startHarness,
} from './support/harness.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db] }
  typo:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, ghost] }, { cluster: nowhere }]
  empty:
    region: ap-northeast-1
`;

function seed(world: World): void {
  world.addEcsCluster({ name: 'dev' });
  world.addEcsService({ cluster: 'dev', name: 'api', desiredCount: 2 });
  world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
  world.addScalableTarget({ cluster: 'dev', service: 'api', minCapacity: 2, maxCapacity: 6 });
  world.addDbInstance({ id: 'dev-db', engine: 'postgres' });
}

let h: Harness;
afterEach(async () => h?.close());

describe('stop and start when things go wrong', () => {
  it('an AccessDenied on one service: the other is stopped, the database stays up, the summary says how to retry', async () => {
    h = await startHarness({ config: CONFIG, seed });
    h.deny.deny({ action: 'UpdateService', bodyIncludes: '"worker"', iamAction: 'ecs:UpdateService' });

    const { steps, outcome } = await runWithOutcome(await h.service.run('dev', 'stop', OPERATOR));
    const summary = lastOf(steps);
    expect(outcome.kind).toBe('partial');
    expect(summary).toMatchObject({ title: 'dev partly stopped · 2 not changed', tone: 'danger' });
    const text = messageToPlainText(summary);
    expect(text).toContain(
      "❌ ecs dev/worker — not changed: AWS refused: infrabot's role may not ecs:UpdateService",
    );
    expect(text).toContain('✅ ecs dev/api — stopped (was 2 tasks)');
    // The worker still runs, so its database must not go away under it.
    expect(text).toContain(
      '⏭️ rds dev-db — not stopped: left running because ecs dev/worker did not reach 0 tasks',
    );
    expect(text).toContain('*Not changed:* ecs dev/worker, rds dev-db');
    expect(text).toContain('run `stop dev` again');
    expect(h.world.ecsService('dev', 'worker')?.desiredCount).toBe(1);
    expect(h.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    expect(h.world.dbInstance('dev-db')?.status).toBe('available');
    expect(h.emulator.calls.count({ action: 'StopDBInstance' })).toBe(0);

    // Fix the permission and retry: the worker and then the database change, saved counts intact.
    h.deny.clear();
    const retry = lastOf(await runToEnd(await h.service.run('dev', 'stop', OPERATOR)));
    expect(retry).toMatchObject({ title: 'dev stopped', tone: 'success' });
    expect(messageToPlainText(retry)).toContain('2 changed · 1 already stopped');
    const status = await h.service.status('dev');
    expect(status.savedServices.get('dev/worker')?.desiredCount).toBe(1);
    expect(status.savedServices.get('dev/api')?.desiredCount).toBe(2);
  });

  it('leaves everything alone when the services’ autoscaling cannot be read: no service, no database', async () => {
    h = await startHarness({ config: CONFIG, seed });
    h.deny.deny({
      action: 'DescribeScalableTargets',
      iamAction: 'application-autoscaling:DescribeScalableTargets',
    });
    const run = await h.service.run('dev', 'stop', OPERATOR);
    expect(run.kind).toBe('nothing-to-do');
    if (run.kind !== 'nothing-to-do') return;
    expect(run.outcome.kind).toBe('not-read');
    expect(run.plan.problems.map((p) => p.label)).toEqual(['ecs dev/api', 'ecs dev/worker']);
    expect(run.plan.skipped).toEqual([{ label: 'rds dev-db', reason: { code: 'services-unread' } }]);
    const result = await operationResult(h.service, {
      environment: 'dev',
      operation: 'stop',
      actor: OPERATOR,
      dryRun: true,
      timeZone: 'UTC',
    });
    // The dry run does not pretend either: nothing to do is only true of what could be read.
    expect(result.outcome).toBe('error');
    expect(messageToPlainText(result.message)).toContain(
      "ecs dev/api — could not read its autoscaling: AWS refused: infrabot's role may not application-autoscaling:DescribeScalableTargets",
    );
    expect(h.world.ecsService('dev', 'api')?.desiredCount).toBe(2);
    expect(h.world.dbInstance('dev-db')?.status).toBe('available');
  });

  it('a database that cannot start keeps the services stopped, with the reason', async () => {
    h = await startHarness({ config: CONFIG, seed });
    await runToEnd(await h.service.run('dev', 'stop', OPERATOR));
    h.deny.deny({ action: 'StartDBInstance', iamAction: 'rds:StartDBInstance' });
    const summary = lastOf(await runToEnd(await h.service.run('dev', 'start', OPERATOR)));
    expect(summary).toMatchObject({ title: 'dev not started · 3 not changed', tone: 'danger' });
    const text = messageToPlainText(summary);
    expect(text).toContain(
      "❌ rds dev-db — not started: AWS refused: infrabot's role may not rds:StartDBInstance",
    );
    expect(text).toContain('⏭️ ecs dev/api — not started: waiting for rds dev-db to be available');
    expect(h.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    expect((await h.service.status('dev')).savedServices.get('dev/api')?.desiredCount).toBe(2);
  });

  it('a database another stop just changed: RDS refuses, the message says to retry, nothing else is lost', async () => {
    h = await startHarness({ config: CONFIG, seed });
    // Slow the ECS step down so the database can be stopped by someone else in between.
    h.emulator.faults.inject('ecs', 'UpdateService', { kind: 'latency', latencyMs: 300, times: 2 });
    const run = await h.service.run('dev', 'stop', OPERATOR);
    h.world.rds.stopInstance(h.world.scope(), 'dev-db');
    const summary = lastOf(await runToEnd(run));
    expect(summary.tone).toBe('danger');
    expect(messageToPlainText(summary)).toContain(
      '❌ rds dev-db — not stopped: RDS refused: Instance dev-db is not in available state. Retry once it is available',
    );
    expect(h.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    expect(h.world.ecsService('dev', 'worker')?.desiredCount).toBe(0);
  });

  it('start waits for a database that is still stopping, then starts it', async () => {
    h = await startHarness({ config: CONFIG, seed });
    await runToEnd(await h.service.run('dev', 'stop', OPERATOR));
    await runToEnd(await h.service.run('dev', 'start', OPERATOR));
    h.world.rds.stopInstance(h.world.scope(), 'dev-db');
    expect(h.world.dbInstance('dev-db')?.status).toBe('stopping');
    const summary = lastOf(await runToEnd(await h.service.run('dev', 'start', OPERATOR)));
    expect(summary).toMatchObject({ title: 'dev started', tone: 'success' });
    expect(h.world.dbInstance('dev-db')?.status).toBe('available');
  });

  it('a store that cannot save the counts start needs: nothing is changed at all', async () => {
    h = await startHarness({ config: CONFIG, seed });
    const failing: Store = Object.create(h.store, {
      put: {
        value: async (key: StoreKey, value: unknown, options?: PutOptions) => {
          if (key.sk.startsWith('saved#')) throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
          return h.store.put(key, value, options);
        },
      },
    });
    const service = new EnvironmentService({
      config: h.config,
      gateways: h.gateways,
      store: failing,
      clock: { now: () => new Date(h.emulator.clock.now()) },
      logger: captureLogger().logger,
      defaultRegion: 'ap-northeast-1',
      timing: FAST_TIMING,
    });
    const summary = lastOf(await runToEnd(await service.run('dev', 'stop', OPERATOR)));
    expect(summary).toMatchObject({ title: 'dev was not stopped', tone: 'danger' });
    expect(messageToPlainText(summary)).toContain(
      'could not save the desired counts that `start dev` needs, so it changed nothing',
    );
    expect(h.world.ecsService('dev', 'api')?.desiredCount).toBe(2);
    expect(h.world.dbInstance('dev-db')?.status).toBe('available');
    expect(
      h.emulator.calls.count({ action: 'UpdateService' }) +
        h.emulator.calls.count({ action: 'RegisterScalableTarget' }),
    ).toBe(0);
  });

  it('two stops of one environment at once: one runs, the other is told who is stopping it', async () => {
    h = await startHarness({ config: CONFIG, seed });
    const [first, second] = await Promise.all([
      h.service.run('dev', 'stop', slackUser('U0ALICE')),
      h.service.run('dev', 'stop', slackUser('U0BOB')),
    ]);
    const kinds = [first.kind, second.kind].sort();
    expect(kinds).toEqual(['busy', 'started']);
    const busy = first.kind === 'busy' ? first : second;
    const started = first.kind === 'started' ? first : second;
    expect(busy).toMatchObject({ kind: 'busy', holder: { operation: 'stop' } });

    // Through the command result: a clear refusal naming the holder.
    const refused = await operationResult(h.service, {
      environment: 'dev',
      operation: 'start',
      actor: slackUser('U0CAROL'),
      dryRun: false,
      timeZone: 'Asia/Tokyo',
    });
    expect(refused.outcome).toBe('error');
    expect(messageToPlainText(refused.message)).toMatch(
      /^dev is already being stopped by <@U0(ALICE|BOB)> \(since \d\d:\d\d GMT\+9\)\. Wait for it to finish/,
    );
    const status = renderStatus(await h.service.status('dev'), new Date(h.emulator.clock.now()));
    expect(status.title).toMatch(/being stopped by/);

    await runToEnd(started);
    // The lease is released at the end: the next one runs (and finds nothing to do).
    expect((await h.service.run('dev', 'stop', slackUser('U0BOB'))).kind).toBe('nothing-to-do');
    expect(h.emulator.calls.count({ action: 'StopDBInstance' })).toBe(1);
  });

  it('names that do not exist and environments that name nothing get clear messages', async () => {
    h = await startHarness({ config: CONFIG, seed });
    const planned = await h.service.plan('typo', 'stop');
    expect(planned.kind === 'plan' && planned.plan.problems).toEqual([
      {
        label: 'ecs dev/ghost',
        kind: 'ecs',
        reason: { code: 'service-missing', cluster: 'dev', service: 'ghost' },
      },
      {
        label: 'ecs nowhere/*',
        kind: 'ecs',
        reason: {
          code: 'aws',
          failure: { code: 'not-found', name: 'ClusterNotFoundException', message: 'Cluster not found' },
        },
      },
    ]);
    const { steps, outcome } = await runWithOutcome(await h.service.run('typo', 'stop', OPERATOR));
    // What could be read was stopped, but the stop is not a success: two names are wrong.
    expect(outcome.kind).toBe('partial');
    const summary = lastOf(steps);
    expect(summary).toMatchObject({ title: 'typo partly stopped · 2 could not be read', tone: 'danger' });
    expect(messageToPlainText(summary)).toContain(
      '❌ ecs nowhere/* — could not read: the ECS cluster does not exist',
    );
    expect(h.world.ecsService('dev', 'api')?.desiredCount).toBe(0);

    expect(await h.service.run('empty', 'stop', OPERATOR)).toEqual({
      kind: 'not-configured',
      environment: 'empty',
    });
    const result = await operationResult(h.service, {
      environment: 'empty',
      operation: 'stop',
      actor: OPERATOR,
      dryRun: true,
      timeZone: 'UTC',
    });
    expect(result.outcome).toBe('error');
    expect(messageToPlainText(result.message)).toContain(
      'empty names no resources, so there is nothing to stop',
    );
  });
});

import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { EnvironmentService } from '../../src/environments/environment-service.js';
import type { OperationEvent, OperationOutcome } from '../../src/environments/outcome.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { captureLogger } from '../support/capture-logger.js';
import { bounds } from './fixtures.js';
import { FakeGateway } from './support/fake-gateway.js';

const CONFIG = `
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db] }
`;
const ALICE = { kind: 'slack' as const, id: 'U0ALICE' };
const THROTTLED = { code: 'throttled' as const, message: 'Rate exceeded', name: 'ThrottlingException' };

let store: Store;
afterEach(async () => store?.close());

async function setUp() {
  store = await openStore('memory');
  const gateway = new FakeGateway();
  gateway.addService('dev', 'api', 2, bounds(2, 6));
  gateway.addService('dev', 'worker', 1);
  gateway.addInstance('dev-db');
  let now = 0;
  const service = new EnvironmentService({
    config: parseConfigText(CONFIG, 'test.yml'),
    gateways: gateway,
    store,
    clock: { now: () => new Date(Date.UTC(2026, 10, 25, 12)) },
    logger: captureLogger().logger,
    defaultRegion: 'ap-northeast-1',
    // Virtual time: waits cost nothing.
    timing: {
      pollIntervalMs: 1_000,
      serviceTimeoutMs: 5_000,
      databaseTimeoutMs: 5_000,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    },
  });
  return { gateway, service };
}

async function drain(
  result: Awaited<ReturnType<EnvironmentService['run']>>,
): Promise<{ events: OperationEvent[]; outcome: OperationOutcome }> {
  if (result.kind !== 'started') throw new Error(`expected started, got ${result.kind}`);
  const events: OperationEvent[] = [];
  for await (const event of result.progress) events.push(event);
  const last = events.at(-1);
  if (last?.type !== 'finished') throw new Error('no finished event');
  return { events, outcome: last.outcome };
}

describe('stop and start against a fake gateway (milliseconds, no AWS)', () => {
  it('stop then start: ok outcomes, progress as {ref, state, reason}, counts restored', async () => {
    const { gateway, service } = await setUp();
    const began = performance.now();
    const stop = await drain(await service.stop('dev', ALICE));
    expect(stop.outcome).toMatchObject({ kind: 'ok', operation: 'stop', saved: true, actor: ALICE });
    expect(stop.outcome.results.map((r) => [r.ref, r.state, r.reason])).toEqual([
      ['ecs dev/api', 'done', 'drained'],
      ['ecs dev/worker', 'done', 'drained'],
      ['rds dev-db', 'done', 'stopped'],
    ]);
    const first = stop.events[0];
    expect(first).toMatchObject({ type: 'resource', progress: { state: 'working', reason: 'scaling-down' } });
    // What is stored is data: the actor's id, never a Slack mention.
    const saved = await store.query<{ savedBy: unknown }>('env#dev', { prefix: 'saved#ecs#' });
    expect(saved.map((i) => i.value.savedBy)).toEqual([ALICE, ALICE]);

    const start = await drain(await service.start('dev', ALICE));
    expect(start.outcome.kind).toBe('ok');
    expect(gateway.services.get('dev/api')).toMatchObject({ desired: 2, autoscaling: bounds(2, 6) });
    expect(gateway.services.get('dev/worker')?.desired).toBe(1);
    expect(gateway.databases.get('dev-db')?.status).toBe('available');
    expect(performance.now() - began).toBeLessThan(1_000);
  });

  it('a service whose count cannot be changed: its database is never stopped, the outcome is partial', async () => {
    const { gateway, service } = await setUp();
    gateway.fail('setDesiredCount', THROTTLED, 'dev/worker');
    const { outcome } = await drain(await service.stop('dev', ALICE));
    expect(outcome.kind).toBe('partial');
    expect(outcome.results.find((r) => r.ref === 'ecs dev/worker')).toMatchObject({
      state: 'failed',
      reason: 'scale-down-failed',
      failure: THROTTLED,
    });
    expect(outcome.results.find((r) => r.ref === 'rds dev-db')).toMatchObject({
      state: 'skipped',
      reason: 'blocked-by-services',
      waitingFor: ['ecs dev/worker'],
    });
    expect(gateway.count('stopDatabase')).toBe(0);
  });

  it('tasks that never stop: the stop fails within the wait, and the database stays up', async () => {
    const { gateway, service } = await setUp();
    gateway.stuck.add('dev/api');
    const { outcome } = await drain(await service.stop('dev', ALICE));
    expect(outcome.kind).toBe('partial');
    expect(outcome.results.find((r) => r.ref === 'ecs dev/api')).toMatchObject({
      state: 'failed',
      reason: 'still-running',
      running: 2,
      desired: 0,
    });
    expect(gateway.count('stopDatabase')).toBe(0);
  });

  it('services that cannot be read at all: nothing is planned, the outcome is not-read', async () => {
    const { gateway, service } = await setUp();
    gateway.fail('describeServices', { code: 'no-credentials', message: 'Could not load credentials' });
    const run = await service.stop('dev', ALICE);
    expect(run.kind).toBe('nothing-to-do');
    if (run.kind !== 'nothing-to-do') return;
    expect(run.outcome.kind).toBe('not-read');
    expect(run.outcome.counts.unreadable).toBe(2);
    expect(gateway.count('setDesiredCount') + gateway.count('stopDatabase')).toBe(0);
  });

  it('a database that cannot be read while stopping: the wait ends after a few polls, not at the timeout', async () => {
    const { gateway, service } = await setUp();
    const original = gateway.stopDatabase.bind(gateway);
    gateway.stopDatabase = async (db) => {
      await original(db);
      gateway.databases.get('dev-db')!.status = 'stopping';
      gateway.fail('describeInstance', { code: 'unreachable', message: 'connect ECONNREFUSED' });
    };
    const { outcome } = await drain(await service.stop('dev', ALICE));
    expect(outcome.kind).toBe('partial');
    expect(outcome.results.find((r) => r.ref === 'rds dev-db')).toMatchObject({
      state: 'failed',
      reason: 'still-stopping',
      failure: { code: 'unreachable' },
    });
    // Three failed reads, not 5 s / 1 s = 5 polls until the timeout.
    expect(gateway.calls.filter((c) => c.call === 'describeInstance').length).toBeLessThanOrEqual(5);
  });

  it('an aborted stop ends at once with an interrupted outcome and frees the environment', async () => {
    const { gateway, service } = await setUp();
    let release: () => void = () => undefined;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const original = gateway.setDesiredCount.bind(gateway);
    gateway.setDesiredCount = async (ref, count) => {
      await hold;
      return original(ref, count);
    };
    const abort = new AbortController();
    const run = await service.stop('dev', ALICE, { signal: abort.signal });
    abort.abort();
    const { outcome } = await drain(run);
    expect(outcome).toMatchObject({ kind: 'failed', interrupted: true });
    expect((await service.status('dev')).operation).toBeUndefined();
    const next = await service.stop('dev', ALICE);
    expect(next.kind).not.toBe('busy');
    release();
    if (next.kind === 'started') await next.done;
  });

  it('leaves no listener on a long-lived signal once an operation ends (the scheduler passes one to every run)', async () => {
    const { service } = await setUp();
    const lifetime = new AbortController();
    for (let i = 0; i < 6; i++) {
      await drain(await service.stop('dev', ALICE, { signal: lifetime.signal }));
      await drain(await service.start('dev', ALICE, { signal: lifetime.signal }));
    }
    // Let the runs' `finally` handlers settle.
    await new Promise((r) => setTimeout(r, 0));
    expect(getEventListeners(lifetime.signal, 'abort')).toHaveLength(0);
  });
});

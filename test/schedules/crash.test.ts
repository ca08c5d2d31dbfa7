import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { AwsClientFactory } from '../../src/aws/aws-clients.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { buildScheduler } from '../../src/schedules/build-scheduler.js';
import type { TickDecision } from '../../src/schedules/scheduler.js';
import { buildServices } from '../../src/services.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { captureLogger } from '../support/capture-logger.js';
import { CRASH_TIMING } from './fixtures/crash-timing.js';
import { RecordingPublisher } from './support/recording-publisher.js';
import { FakeClock } from './support/schedule-harness.js';

const CONFIG = `
timezone: UTC
environments:
  dev:
    region: ap-northeast-1
    channel: C0DEV
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-pg] }
    schedule: { start: "0 9 * * 1-5", stop: "0 21 * * 1-5", timezone: Europe/Berlin }
`;

let aws: AwsEmulator;
let dir: string;
let configPath: string;
beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAINFRABOTTEST0001');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'infrabot-test-secret-key');
  // Slow enough that a database takes seconds to stop or start: time to kill the process mid-way.
  aws = await startAwsEmulator({ speed: 40 });
  seedDemoWorld(aws.world);
  aws.world.addDbInstance({ id: 'dev-pg', instanceClass: 'db.t4g.micro' });
  dir = mkdtempSync(join(tmpdir(), 'infrabot-crash-'));
  configPath = join(dir, 'infrabot.yml');
  writeFileSync(configPath, CONFIG);
});
afterAll(async () => {
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

async function until(probe: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts the scheduler in a child process at `now`, waits for `when` to be true in AWS, SIGKILLs it. */
async function killMidway(
  storePath: string,
  now: string,
  when: () => boolean,
  what: string,
): Promise<string> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'fixtures/scheduler-child.ts'),
      storePath,
      aws.url,
      now,
      configPath,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until(() => when() || out.includes('finished') || child.exitCode !== null, what);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; child said ${out} ${err.slice(-800)}`);
  }
  expect(out, 'the child finished before it could be killed').not.toContain('finished');
  child.kill('SIGKILL');
  await exited;
  return out;
}

function restarted(storePath: string, clock: FakeClock) {
  const store: Store = createSqliteStore({ path: storePath });
  const publisher = new RecordingPublisher();
  const factory = new AwsClientFactory({ endpoint: aws.url, maxAttempts: 1 });
  const services = buildServices({
    config: parseConfigText(CONFIG, 'test.yml'),
    store,
    logger: captureLogger().logger,
    region: 'ap-northeast-1',
    clock,
    aws: factory,
    publisher,
    environmentTiming: CRASH_TIMING,
  });
  return { store, publisher, services, scheduler: buildScheduler(services, { aws: factory }) };
}

/** Ticks until the scheduler resumes the interrupted action (the dead process's lease must lapse first). */
async function tickUntilResumed(
  scheduler: ReturnType<typeof restarted>['scheduler'],
): Promise<TickDecision[]> {
  const seen: TickDecision[] = [];
  for (let i = 0; i < 100; i++) {
    const [d] = await scheduler.tick();
    seen.push(d!);
    if (d?.kind === 'fired') {
      await scheduler.idle();
      return seen;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never resumed: ${JSON.stringify(seen.slice(-3))}`);
}

const calls = (action: string) => aws.calls.list({ action }).length;

describe('crash safety: SIGKILL mid-stop and mid-start', () => {
  const storePath = () => join(dir, 'state.db');

  it('killed mid-stop: after restart the stop resumes once the lease lapses; saved counts and bounds intact', async () => {
    const before = calls('UpdateService');
    // Saturday 10:00 CET: the catch-up stop. Kill once the first service has been set to 0, before the database stops.
    await killMidway(
      storePath(),
      '2026-03-28T09:00:00Z',
      () => calls('UpdateService') > before,
      'the first UpdateService',
    );
    expect(aws.world.dbInstance('dev-pg')?.status).toBe('available');
    const clock = new FakeClock(new Date('2026-03-28T09:02:00Z'));
    const r = restarted(storePath(), clock);
    // What the dead process saved before it changed anything is there.
    const saved = await r.store.get<{ desiredCount: number; autoscaling?: { min: number; max: number } }>({
      pk: 'env#dev',
      sk: 'saved#ecs#dev/api',
    });
    expect(saved?.value).toMatchObject({ desiredCount: 2, autoscaling: { min: 2, max: 6 } });
    const seen = await tickUntilResumed(r.scheduler);
    // Not forever: blocked only while the dead process's lease lived (2 s here).
    expect(seen.length).toBeLessThan(60);
    expect(seen.at(-1)).toMatchObject({ kind: 'fired', reason: expect.stringContaining('resume') });
    expect(r.publisher.titles()).toContain('dev: resuming the scheduled stop');
    expect(aws.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    expect(aws.world.dbInstance('dev-pg')?.status).toBe('stopped');
    // The resumed stop kept the counts saved before the crash (not the 0 it found).
    const after = await r.store.get<{ desiredCount: number; autoscaling?: { min: number; max: number } }>({
      pk: 'env#dev',
      sk: 'saved#ecs#dev/api',
    });
    expect(after?.value).toMatchObject({ desiredCount: 2, autoscaling: { min: 2, max: 6 } });
    // Done: the next tick leaves it alone.
    clock.advance(60_000);
    const [next] = await r.scheduler.tick();
    expect(next?.kind).not.toBe('fired');
    await r.store.close();
  }, 60_000);

  it('killed mid-start: after restart the start resumes; services back to their saved counts and bounds', async () => {
    const before = calls('StartDBInstance');
    // Monday 09:00 CEST: start. Kill while the database is starting, before any service is scaled up.
    await killMidway(
      storePath(),
      '2026-03-30T07:00:00Z',
      () => calls('StartDBInstance') > before,
      'StartDBInstance',
    );
    expect(aws.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    const r = restarted(storePath(), new FakeClock(new Date('2026-03-30T07:02:00Z')));
    await tickUntilResumed(r.scheduler);
    expect(r.publisher.titles()).toContain('dev: resuming the scheduled start');
    expect(aws.world.dbInstance('dev-pg')?.status).toBe('available');
    expect(aws.world.ecsService('dev', 'api')?.desiredCount).toBe(2);
    expect(aws.world.scalableTarget('dev', 'api')).toMatchObject({ minCapacity: 2, maxCapacity: 6 });
    await r.store.close();
  }, 60_000);
});

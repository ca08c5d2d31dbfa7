/**
 * Scheduled stop and start of a large environment (40 ECS services, 6 RDS instances) against the
 * AWS emulator with 200 ms latency on every call and ECS's service-modify throttle (burst 50,
 * 5/s), next to the throttle-ideal schedule computed in the same run from the same figures.
 * Also the schedule tick's accuracy: tick → first AWS call. Targets (issue #9): wall ≤ 2× ideal,
 * 0 throttling errors shown, progress edits ≤ 1/s, tick → first AWS call p99 ≤ 2 s.
 */
import { startAwsEmulator } from '../sandbox/emulators/aws/index.js';
import { AwsClientFactory } from '../src/aws/aws-clients.js';
import type { Message } from '../src/commands/message.js';
import { runCommand } from '../src/commands/run-command.js';
import { parseConfigText } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import type { PostedRef, Publisher } from '../src/ports/publisher.js';
import { buildScheduler } from '../src/schedules/build-scheduler.js';
import { buildServices } from '../src/services.js';
import { openStore } from '../src/store/open-store.js';
import { ms, ratio, row, summarize } from './lib/stats.js';

const SERVICES = 40;
const DATABASES = 6;
const LATENCY_MS = 200;
const SPEED = 600;
const TASKS = 2;
const TASK_STEP_MS = 3_000;
const RDS_STOP_MS = 4 * 60_000;
const RDS_START_MS = 6 * 60_000;
const ECS_BURST = 50;
const ECS_RATE = 5;
const POLL_MS = 250;

/** Keeps every post and edit with its real time, to count edits per second. */
class TimedPublisher implements Publisher {
  readonly edits: number[] = [];
  readonly last = new Map<string, Message>();
  private seq = 0;
  async post(channel: string, message: Message): Promise<PostedRef> {
    const ref = { channel, ts: `${++this.seq}.0001` };
    this.last.set(ref.ts, message);
    return ref;
  }
  async update(ref: PostedRef, message: Message): Promise<void> {
    this.edits.push(performance.now());
    this.last.set(ref.ts, message);
  }
  async postInThread(parent: PostedRef, message: Message): Promise<PostedRef> {
    return this.post(parent.channel, message);
  }
  async upload(): Promise<void> {}
  async publishHome(): Promise<void> {}
  async permalink(ref: PostedRef): Promise<string> {
    return `https://slack.test/archives/${ref.channel}/p${ref.ts.replace('.', '')}`;
  }
}

/** Most edits of one message inside any one-second window. */
function maxEditsPerSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1_000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export async function benchSchedule(): Promise<string[]> {
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIAINFRABOTBENCH001';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'infrabot-bench-secret';
  const aws = await startAwsEmulator({ speed: SPEED, ecsTaskStepMs: TASK_STEP_MS });
  const lines: string[] = [];
  try {
    aws.world.addEcsCluster({ name: 'big' });
    for (let i = 0; i < SERVICES; i++) {
      aws.world.addEcsService({ cluster: 'big', name: `svc-${i}`, desiredCount: TASKS });
      if (i % 2 === 0)
        aws.world.addScalableTarget({
          cluster: 'big',
          service: `svc-${i}`,
          minCapacity: TASKS,
          maxCapacity: 6,
        });
    }
    for (let i = 0; i < DATABASES; i++)
      aws.world.addDbInstance({ id: `big-db-${i}`, instanceClass: 'db.t4g.micro' });
    for (const service of ['ecs', 'application-autoscaling', 'rds', 'tagging', 'cloudwatch'] as const) {
      aws.faults.inject(service, '*', { kind: 'latency', latencyMs: LATENCY_MS });
    }
    const config = parseConfigText(
      `
timezone: UTC
environments:
  big:
    region: ap-northeast-1
    channel: C0BENCH
    ecs: [{ cluster: big }]
    rds: { instances: [${Array.from({ length: DATABASES }, (_, i) => `big-db-${i}`).join(', ')}] }
    schedule: { start: "0 8 * * 1-5", stop: "0 20 * * 1-5" }
`,
      'bench.yml',
    );
    const store = await openStore('memory');
    let now = new Date('2026-03-30T20:00:00Z'); // Monday 20:00: the stop is due
    const publisher = new TimedPublisher();
    const factory = new AwsClientFactory({ endpoint: aws.url, maxAttempts: 1 });
    const services = buildServices({
      config,
      store,
      logger: createLogger({ level: 'silent', secrets: [] }),
      region: 'ap-northeast-1',
      clock: { now: () => now },
      aws: factory,
      publisher,
      environmentTiming: { pollIntervalMs: POLL_MS },
    });
    const scheduler = buildScheduler(services, { aws: factory });

    const run = async (label: string) => {
      const callsBefore = aws.calls.list().length;
      publisher.edits.length = 0;
      const started = performance.now();
      await scheduler.tick();
      await scheduler.idle();
      const wall = performance.now() - started;
      const calls = aws.calls.list().slice(callsBefore);
      const throttled = calls.filter((c) => c.error === 'ThrottlingException').length;
      const shown = [...publisher.last.values()].filter((m) =>
        /Throttl|Rate exceeded/i.test(JSON.stringify(m)),
      ).length;
      const editsPerSecond = publisher.edits.length / (wall / 1000);
      return {
        label,
        wall,
        calls: calls.length,
        throttled,
        shown,
        editsPerSecond,
        peak: maxEditsPerSecond(publisher.edits),
      };
    };

    const stop = await run('stop');
    now = new Date('2026-03-31T08:00:00Z');
    const start = await run('start');

    // The throttle-ideal schedule: every call takes exactly the latency, unlimited parallelism except
    // ECS's modify bucket, and each phase waits only for the emulated AWS transition plus one poll.
    const L = LATENCY_MS;
    const modifyWait = Math.max(0, (SERVICES - ECS_BURST) / ECS_RATE) * 1000;
    const ecsDrain = (TASKS * TASK_STEP_MS) / SPEED;
    // reads (describe services → scalable targets, describe databases) · autoscaling then UpdateService ·
    // a poll to see them drained · StopDBInstance · RDS stopping · a poll to see them stopped.
    const idealStop = 2 * L + 2 * L + modifyWait + ecsDrain + L + L + RDS_STOP_MS / SPEED + L;
    const idealStart = 2 * L + L + RDS_START_MS / SPEED + L + 2 * L + modifyWait + ecsDrain + L;

    for (const [r, ideal] of [
      [stop, idealStop],
      [start, idealStart],
    ] as const) {
      lines.push(row(`${r.label} wall time`, ms(r.wall), ms(ideal), ratio(r.wall, ideal), 2));
      lines.push(
        `  ${r.calls} AWS calls, ${r.throttled} throttled by the emulator and retried, ${r.shown} throttling errors shown (target 0); progress edits ${r.editsPerSecond.toFixed(2)}/s, at most ${r.peak} in any second (target ≤ 1)`,
      );
    }

    // The same stop as a command (no in-use check, no Slack edits): what the scheduler adds on top.
    now = new Date('2026-03-31T20:00:00Z');
    const commandStarted = performance.now();
    const result = await runCommand('stop big --yes', {
      actor: { kind: 'terminal', user: 'bench', host: 'local' },
      frontDoor: 'terminal',
      services,
    });
    for await (const _ of result.progress ?? []) {
      // read to the end
    }
    const commandWall = performance.now() - commandStarted;
    lines.push(row('stop as a command', ms(commandWall), ms(idealStop), ratio(commandWall, idealStop), 2));
    lines.push(
      `  the scheduler adds ${ms(stop.wall - commandWall)} (in-use check, channel posts) to the operation itself`,
    );
    now = new Date('2026-04-01T08:00:00Z');
    await scheduler.tick();
    await scheduler.idle();

    // Tick accuracy on a one-service environment without injected latency: tick → first AWS call.
    aws.faults.clear();
    const delays: number[] = [];
    let day = new Date('2026-04-06T08:00:00Z').getTime();
    for (let i = 0; i < 40; i++) {
      now = new Date(day + (i % 2 === 0 ? 0 : 12 * 3_600_000));
      if (i % 2 === 1) day += 86_400_000;
      const before = aws.calls.list().length;
      const started = performance.now();
      const ticking = scheduler.tick();
      let first: number | undefined;
      while (first === undefined) {
        if (aws.calls.list().length > before) first = performance.now();
        else await new Promise((r) => setImmediate(r));
        if (performance.now() - started > 10_000) break;
      }
      await ticking;
      await scheduler.idle();
      if (first !== undefined) delays.push(first - started);
    }
    const s = summarize(delays);
    lines.push(
      row('tick → first AWS call p99', ms(s.p99), ms(2_000), ratio(s.p99, 2_000), 1),
      `  p50 ${ms(s.p50)} over ${s.n} ticks (each firing a stop or a start of the 40-service environment)`,
    );
    await store.close();
  } finally {
    await aws.close();
  }
  return lines;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run-command.js';
import type { TickDecision } from '../../src/schedules/scheduler.js';
import { type ScheduleHarness, startScheduleHarness } from './support/schedule-harness.js';

// Europe/Berlin: Fri 27 Mar 2026 is CET (UTC+1); Sun 29 Mar the clocks go forward; Mon 30 Mar is CEST (UTC+2).
const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    channel: C0DEV
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-pg, dev-reports-replica] }
    schedule:
      start: "0 9 * * 1-5"
      stop: "0 21 * * 1-5"
      timezone: Europe/Berlin
      warn_before: 15m
      on_demand_keep: 2h
      activity:
        namespace: AWS/ApplicationELB
        metric: RequestCount
        dimensions: { LoadBalancer: app/dev-alb/50dc6c495c0c9188 }
        threshold: 10
        minutes: 30
      # 1 Apr, and the Easter week off: Fri 3 Apr 21:00 to Mon 13 Apr 09:00 without a start.
      skip_dates: [2026-04-01, 2026-04-06, 2026-04-07, 2026-04-08, 2026-04-09, 2026-04-10]
  prod:
    protected: true
    schedule: { stop: "0 21 * * *" }
access:
  operators: [U0OPERATOR]
`;

let h: ScheduleHarness;
beforeAll(async () => {
  // Saturday 10:00 CET, a fresh store: the bot has never ticked (downtime since before Friday's stop).
  h = await startScheduleHarness(CONFIG, '2026-03-28T09:00:00Z');
});
afterAll(() => h.close());

const api = () => h.aws.world.ecsService('dev', 'api')!;
const db = () => h.aws.world.dbInstance('dev-pg')!;
const updates = () => h.aws.calls.list({ service: 'ecs', action: 'UpdateService' }).length;
const dev = (ds: TickDecision[]) => ds.find((d) => d.environment === 'dev')!;
const operator = { kind: 'slack' as const, userId: 'U0OPERATOR' };
const run = (line: string) =>
  runCommand(line, { actor: operator, channelId: 'C0DEV', frontDoor: 'slack', services: h.services });

/** The deviation notice's title (the progress message's title names the schedule's reason, which says "running during off-hours" too). */
const WATCH_NOTICE = 'was running during off-hours — stopping it again';

async function until(probe: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a console user or a CI pipeline does: UpdateService with a new desired count. */
async function updateDesired(cluster: string, service: string, desiredCount: number): Promise<void> {
  const { ECSClient, UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
  const ecs = new ECSClient({ region: 'ap-northeast-1', endpoint: h.aws.url });
  await ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount }));
  ecs.destroy();
}

async function tickAndSettle(at: string): Promise<TickDecision> {
  h.clock.set(at);
  const decision = dev(await h.scheduler.tick());
  await h.scheduler.idle();
  return decision;
}

describe('the scheduler against the AWS emulator, on a fake clock', () => {
  it('catches up once after downtime: Saturday, the environment is put in the state the schedule wants (stopped)', async () => {
    expect(api().desiredCount).toBe(2);
    const decision = await tickAndSettle('2026-03-28T09:00:00Z');
    expect(decision).toMatchObject({
      kind: 'fired',
      event: { action: 'stop', at: new Date('2026-03-27T20:00:00Z') },
    });
    expect(api().desiredCount).toBe(0);
    expect(db().status).toMatch(/stopp/);
    // Same operation as the command: audited as the schedule, progress posted in the channel.
    const audit = (await h.services.audit.recent(5)).filter((e) => e.verb === 'stop');
    expect(audit[0]).toMatchObject({
      actor: { kind: 'schedule', id: 'schedule' },
      frontDoor: 'schedule',
      outcome: 'ok',
    });
    const progress = h.publisher.posts.find((p) => p.ref.channel === 'C0DEV');
    expect(JSON.stringify(progress?.edits.at(-1))).toContain('dev stopped');
    // Once: the next tick finds the event fired and touches nothing.
    const before = updates();
    expect((await tickAndSettle('2026-03-28T09:01:00Z')).kind).toBe('already-fired');
    expect(updates()).toBe(before);
  });

  it('fires the Monday 09:00 start at 07:00 UTC, after the DST change, not at 08:00', async () => {
    expect((await tickAndSettle('2026-03-30T06:59:00Z')).kind).not.toBe('fired');
    const decision = await tickAndSettle('2026-03-30T07:00:00Z');
    expect(decision).toMatchObject({
      kind: 'fired',
      event: { action: 'start', at: new Date('2026-03-30T07:00:00Z') },
    });
    expect(api().desiredCount).toBe(2);
    expect(db().status).toBe('available');
  });

  it('warns 15 minutes before the stop, once, with the three buttons', async () => {
    expect((await tickAndSettle('2026-03-30T18:44:00Z')).kind).not.toBe('warned');
    const decision = await tickAndSettle('2026-03-30T18:45:00Z');
    expect(decision).toMatchObject({ kind: 'warned', stopAt: new Date('2026-03-30T19:00:00Z') });
    const warning = h.publisher.posts.at(-1)!;
    expect(warning.ref.channel).toBe('C0DEV');
    expect(warning.message.title).toContain('dev stops in 15 min');
    expect(warning.message.buttons?.map((b) => [b.label, b.command])).toEqual([
      ['Keep running 2h', 'keep dev 2h'],
      ["Keep until tomorrow's start", 'keep dev until start'],
      ['Stop now', 'stop dev --yes'],
    ]);
    const posts = h.publisher.posts.length;
    expect((await tickAndSettle('2026-03-30T18:46:00Z')).kind).not.toBe('warned');
    expect(h.publisher.posts.length).toBe(posts);
  });

  it('keep 2h postpones the 21:00 stop; when the keep ends the schedule stops it', async () => {
    h.clock.set('2026-03-30T18:50:00Z');
    const kept = await run('keep dev 2h');
    expect(kept.outcome).toBe('ok');
    expect(kept.message.title).toContain('until 22:50');
    const schedule = await run('schedule dev');
    expect(JSON.stringify(schedule.message)).toContain('postponed by the keep');
    const before = updates();
    expect((await tickAndSettle('2026-03-30T19:00:00Z')).kind).toBe('kept');
    expect(updates()).toBe(before);
    expect(api().desiredCount).toBe(2);
    const decision = await tickAndSettle('2026-03-30T20:50:00Z');
    expect(decision).toMatchObject({
      kind: 'fired',
      event: { action: 'stop', at: new Date('2026-03-30T20:50:00Z') },
    });
    expect(api().desiredCount).toBe(0);
  });

  it('an on-demand start at night keeps the environment up for the default, then the schedule stops it again', async () => {
    h.clock.set('2026-03-30T21:30:00Z'); // 23:30 CEST
    const asked = await run('start dev');
    expect(asked.outcome).toBe('confirm');
    expect(JSON.stringify(asked.message)).toContain('stays up until');
    const started = await run('start dev --yes');
    expect(started.outcome).toBe('ok');
    const steps = [];
    for await (const step of started.progress!) steps.push(step);
    expect(JSON.stringify(steps.at(-1))).toContain('Off-hours start: dev stays up until');
    expect(api().desiredCount).toBe(2);
    // Still inside the keep: nothing happens (not even the watchfulness check).
    expect((await tickAndSettle('2026-03-30T23:00:00Z')).kind).toBe('kept');
    expect(api().desiredCount).toBe(2);
    const decision = await tickAndSettle('2026-03-30T23:31:00Z');
    expect(decision).toMatchObject({ kind: 'fired', event: { action: 'stop' } });
    expect(api().desiredCount).toBe(0);
  });

  it('keep until HH:MM and until start are refused with what to type when broken', async () => {
    for (const [line, text] of [
      ['keep dev', 'needs a duration'],
      ['keep dev soon', 'is not a duration'],
      ['keep dev until 24:00', 'HH:MM'],
      ['keep nope 2h', 'There is no environment'],
    ] as const) {
      const r = await run(line);
      expect(r.outcome, line).toBe('error');
      expect(JSON.stringify(r.message), line).toContain(text);
    }
    // A protected environment is refused by access, as for every change (it has a schedule, but never acts on it).
    const prod = await run('keep prod 2h');
    expect(prod.outcome).toBe('denied');
    expect(JSON.stringify(prod.message)).toContain('prod is protected');
  });

  it('watchfulness: a database AWS restarted after 7 days stopped is stopped again, with a notice', async () => {
    // Fri 3 Apr 21:00 CEST: the stop before the Easter week (the ticks in between were missed: catch-up).
    expect(await tickAndSettle('2026-04-03T19:00:00Z')).toMatchObject({
      kind: 'fired',
      event: { action: 'stop' },
    });
    expect(db().status).toBe('stopped');
    // No start all week (skip dates): Wednesday 09:00 starts nothing (the weekday stops still hold, as no-ops).
    const wednesday = await tickAndSettle('2026-04-08T07:00:00Z');
    expect(wednesday.kind === 'fired' ? wednesday.event.action : 'none').not.toBe('start');
    expect(db().status).toBe('stopped');
    expect((await tickAndSettle('2026-04-10T19:00:00Z')).kind).toBe('fired'); // Friday's stop: nothing to do
    // Seven days after infrabot stopped it, AWS starts the database by itself.
    h.aws.world.restartDb('dev-pg');
    await until(() => db().status === 'available');
    const decision = await tickAndSettle('2026-04-10T19:30:00Z');
    expect(decision).toMatchObject({ kind: 'watch-stop', running: ['rds dev-pg'] });
    const notice = h.publisher.posts.findLast((p) => p.message.title?.includes(WATCH_NOTICE))!;
    expect(notice.ref.channel).toBe('C0DEV');
    expect(JSON.stringify(notice.message)).toContain('rds dev-pg: AWS restarted it after 7 days stopped');
    expect(db().status).toBe('stopped');
    const audit = (await h.services.audit.recent(3)).find((e) => e.verb === 'stop')!;
    expect(audit.actor).toMatchObject({ kind: 'schedule', name: expect.stringContaining('watch') });
  });

  it('watchfulness: a service started by hand at night (outside infrabot) is scaled back to 0', async () => {
    h.aws.world.ecsService('dev', 'worker'); // exists
    await updateDesired('dev', 'worker', 3);
    const decision = await tickAndSettle('2026-04-10T20:00:00Z');
    expect(decision).toMatchObject({ kind: 'watch-stop', running: ['ecs dev/worker'] });
    expect(h.aws.world.ecsService('dev', 'worker')!.desiredCount).toBe(0);
    const notice = h.publisher.posts.findLast((p) => p.message.title?.includes(WATCH_NOTICE))!;
    expect(JSON.stringify(notice.message)).toContain('ecs dev/worker: started outside infrabot');
  });

  it('two replicas ticking at the same instant fire the tick once', async () => {
    const other = h.replica();
    h.clock.set('2026-04-13T07:00:00Z'); // Mon 09:00 CEST, after the Easter week
    const before = updates();
    const [a, b] = await Promise.all([h.scheduler.tick(), other.scheduler.tick()]);
    await Promise.all([h.scheduler.idle(), other.scheduler.idle()]);
    const kinds = [dev(a!).kind, dev(b!).kind].sort();
    expect(kinds).toEqual(['already-fired', 'fired']);
    const starts = (await h.services.audit.recent(20)).filter(
      (e) => e.verb === 'start' && e.outcome === 'ok',
    );
    expect(starts.filter((e) => e.at === '2026-04-13T07:00:00.000Z')).toHaveLength(1);
    // api and worker scaled up once each (plus nothing from the second replica).
    expect(updates() - before).toBe(2);
    expect(api().desiredCount).toBe(2);
  });

  it('has no start on a skip date (Wed 1 Apr): the environment stays off', async () => {
    const spec = (await import('../../src/schedules/schedule-spec.js')).scheduleOf(h.services.config, 'dev')!;
    const { lastEvent } = await import('../../src/schedules/schedule-times.js');
    expect(lastEvent(spec, new Date('2026-04-01T10:00:00Z'))?.action).toBe('stop');
  });
});

describe('in use: a scheduled stop waits for a deployment', () => {
  let h2: ScheduleHarness;
  // ECS tasks take 10 simulated minutes each here, so a rolling deployment lasts a few real seconds.
  beforeAll(async () => {
    h2 = await startScheduleHarness(CONFIG, '2026-04-13T18:00:00Z', { ecsTaskStepMs: 600_000 });
    h2.clock.set('2026-04-13T18:00:00Z');
    await h2.scheduler.tick();
    await h2.scheduler.idle();
  });
  afterAll(() => h2.close());
  const api2 = () => h2.aws.world.ecsService('dev', 'api')!;
  async function tickAndSettle2(at: string): Promise<TickDecision> {
    h2.clock.set(at);
    const decision = dev(await h2.scheduler.tick());
    await h2.scheduler.idle();
    return decision;
  }
  async function until(probe: () => boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('postpones a scheduled stop while an ECS deployment is in progress, says why, and offers "Stop anyway"', async () => {
    h2.clock.set('2026-04-13T18:59:00Z');
    h2.aws.world.deployService('dev', 'api');
    const decision = await tickAndSettle2('2026-04-13T19:00:00Z');
    expect(decision).toMatchObject({
      kind: 'postponed',
      reasons: ['an ECS deployment of dev/api is in progress'],
    });
    expect(api2().desiredCount).toBe(2);
    const notice = h2.publisher.posts.at(-1)!;
    expect(notice.message.title).toBe('dev: scheduled stop postponed — in use');
    expect(notice.message.buttons?.[0]).toMatchObject({ label: 'Stop anyway', command: 'stop dev --yes' });
    const posts = h2.publisher.posts.length;
    expect((await tickAndSettle2('2026-04-13T19:01:00Z')).kind).toBe('postponed');
    expect(h2.publisher.posts.length).toBe(posts); // said once
    await until(() => api2().deployments.every((d) => d.rolloutState === 'COMPLETED'), 15_000);
    expect(await tickAndSettle2('2026-04-13T19:02:00Z')).toMatchObject({
      kind: 'fired',
      event: { action: 'stop' },
    });
    expect(api2().desiredCount).toBe(0);
  });

  it('status shows this week’s hours off and savings from the ledger, priced from task definitions and instance classes', async () => {
    // Tue 14 Apr 09:00 CEST: the start closes the night's off interval (19:02 → 07:00 UTC).
    expect(await tickAndSettle2('2026-04-14T07:00:00Z')).toMatchObject({
      kind: 'fired',
      event: { action: 'start' },
    });
    const entries = await h2.store.query<{
      operation: string;
      resources: Array<{ label: string; hourlyUsd?: number }>;
    }>('savings#dev');
    const stop = entries.find((e) => e.value.operation === 'stop' && e.sk.startsWith('2026-04-13T19:02'))!;
    // ap-northeast-1 Fargate: 0.25 vCPU × $0.05056 + 0.5 GB × $0.00553 = $0.015405 per task-hour.
    expect(stop.value.resources).toEqual([
      { label: 'ecs dev/api', hourlyUsd: expect.closeTo(2 * 0.015405, 9) },
      { label: 'ecs dev/worker', hourlyUsd: expect.closeTo(1 * 0.015405, 9) },
      { label: 'rds dev-pg', hourlyUsd: 0.025 },
    ]);
    h2.clock.set('2026-04-14T08:00:00Z');
    const status = await runCommand('status dev', {
      actor: { kind: 'slack', userId: 'U0OPERATOR' },
      channelId: 'C0DEV',
      frontDoor: 'slack',
      services: h2.services,
    });
    // 11 h 58 min × $0.071215/h ≈ $0.85 (the earlier catch-up start opened nothing).
    expect(JSON.stringify(status.message)).toContain('This week: 12 h off · saved ≈ $0.85');
    expect(JSON.stringify(status.message)).toContain('Schedule: next stop');
  });

  it('status shows a desired count changed outside infrabot while stopped, and what start restores', async () => {
    await tickAndSettle2('2026-04-14T19:00:00Z'); // Tue 21:00 CEST stop
    expect(api2().desiredCount).toBe(0);
    const { ECSClient, UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
    const ecs = new ECSClient({ region: 'ap-northeast-1', endpoint: h2.aws.url });
    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'api', desiredCount: 3 }));
    ecs.destroy();
    const status = await runCommand('status dev', {
      actor: { kind: 'terminal', user: 'ops', host: 'laptop' },
      frontDoor: 'terminal',
      services: h2.services,
    });
    const text = JSON.stringify(status.message);
    expect(text).toContain('Changed outside infrabot while stopped');
    expect(text).toContain('ecs dev/api: desired count 0 → 3; `start dev` restores 2');
  });

  it('postpones while the activity metric is above its threshold over the last N minutes', async () => {
    await tickAndSettle2('2026-04-15T07:00:00Z'); // Wed 09:00 CEST start
    expect(api2().desiredCount).toBe(2);
    for (const [minute, value] of [
      [35, 6],
      [40, 8],
      [50, 7],
    ] as const) {
      h2.aws.world.putMetricValue({
        namespace: 'AWS/ApplicationELB',
        metricName: 'RequestCount',
        dimensions: { LoadBalancer: 'app/dev-alb/50dc6c495c0c9188' },
        at: Date.parse(`2026-04-15T18:${minute}:00Z`),
        value,
        unit: 'Count',
      });
    }
    const decision = await tickAndSettle2('2026-04-15T19:00:00Z');
    // 18:30–19:00 holds all three values: 6 + 8 + 7 = 21 requests.
    expect(decision).toMatchObject({
      kind: 'postponed',
      reasons: ['AWS/ApplicationELB RequestCount Sum is 21 over the last 30 min (above 10)'],
    });
    expect(api2().desiredCount).toBe(2);
    // Half an hour later the window holds nothing: the stop goes ahead.
    expect(await tickAndSettle2('2026-04-15T19:30:00Z')).toMatchObject({
      kind: 'fired',
      event: { action: 'stop' },
    });
    expect(api2().desiredCount).toBe(0);
  });

  it('reports a partial scheduled stop in the channel, with what to do and a retry button', async () => {
    await tickAndSettle2('2026-04-16T07:00:00Z'); // Thu 09:00 CEST start
    expect(h2.aws.world.dbInstance('dev-pg')?.status).toBe('available');
    h2.aws.faults.inject('rds', 'StopDBInstance', { kind: 'server-error' });
    try {
      const decision = await tickAndSettle2('2026-04-16T19:00:00Z');
      expect(decision).toMatchObject({ kind: 'fired', event: { action: 'stop' } });
    } finally {
      h2.aws.faults.clear('rds');
    }
    expect(api2().desiredCount).toBe(0);
    expect(h2.aws.world.dbInstance('dev-pg')?.status).toBe('available');
    const report = h2.publisher.posts.at(-1)!;
    expect(report.parent).toBeDefined(); // in the thread of the progress message, broadcast to the channel
    expect(report.message.title).toBe('dev: scheduled stop partly done');
    expect(JSON.stringify(report.message)).toContain('What to do');
    expect(report.message.buttons?.[0]).toMatchObject({ command: 'stop dev --yes' });
    const audit = (await h2.services.audit.recent(3)).find((e) => e.verb === 'stop')!;
    expect(audit).toMatchObject({ actor: { kind: 'schedule' }, outcome: 'error' });
  });
});

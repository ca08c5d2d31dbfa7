import { type Clock, formatLocalTime } from '../clock.js';
import type { Message } from '../commands/message.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { PostedRef, Publisher } from '../ports/publisher.js';
import type { Store } from '../store/store.js';
import type { ActivityProbe } from './activity-probe.js';
import type { EnvironmentOperations, RunOutcome } from './environment-operations.js';
import { deviationNotice, scheduledFailure, stopPostponed, stopWarning } from './schedule-messages.js';
import { allSchedules, channelOf, type ScheduleSpec } from './schedule-spec.js';
import { type KeepOverride, ScheduleState } from './schedule-state.js';
import { eventId, lastEvent, nextOf, type ScheduledAction, type ScheduleEvent } from './schedule-times.js';
import { dueDigest, weeklyDigest } from './weekly-digest.js';

export interface SchedulerDeps {
  config: Config;
  store: Store;
  operations: EnvironmentOperations;
  clock: Clock;
  logger: Logger;
  /** Absent in the terminal: then nothing is posted, actions still run and are audited. */
  publisher?: Publisher;
  activity?: ActivityProbe;
  /** How often the watchfulness check looks at stopped environments. */
  watchIntervalMs?: number;
  /** Least time between two edits of one progress message (Slack's chat.update is Tier 3). */
  progressEditMs?: number;
}

/** What one tick decided, per environment: for logs and tests. */
export type TickDecision =
  | { environment: string; kind: 'fired'; event: ScheduleEvent; reason: string }
  | { environment: string; kind: 'already-fired' | 'kept' | 'idle'; event?: ScheduleEvent }
  | { environment: string; kind: 'postponed'; event: ScheduleEvent; reasons: string[] }
  | { environment: string; kind: 'warned'; stopAt: Date }
  | { environment: string; kind: 'watch-stop'; running: string[] }
  | { environment: string; kind: 'error'; error: string };

/** The schedule's view of an environment now: what it wants, what is due, what comes next. */
export interface ScheduleView {
  spec: ScheduleSpec;
  /** The latest due event (a schedule event, or the end of a lapsed keep), if any. */
  due?: ScheduleEvent & { viaOverride: boolean };
  /** What the schedule wants now. */
  wants?: 'running' | 'stopped';
  override?: KeepOverride;
  /** The next stop that will really happen (after any keep), and the next start. */
  nextStop?: Date;
  nextStart?: Date;
}

const DEFAULT_WATCH_MS = 15 * 60_000;
/** A fired action not done after this long, with no operation running, was interrupted. */
const RESUME_AFTER_MS = 60_000;

/**
 * Turns schedules into stop/start operations. Every replica ticks; conditional writes in the store
 * (`ScheduleState.claim`) make each tick, warning and notice happen once. A tick looks at the latest
 * due event rather than "events in the last minute", so after downtime it catches up once: the
 * environment is put in the state the schedule wants now, and older missed events are not replayed.
 */
export class Scheduler {
  readonly state: ScheduleState;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** `<env>|<event id>` of scheduled actions this process is running now. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: SchedulerDeps) {
    this.state = new ScheduleState(deps.store);
  }

  /** The schedule of an environment as seen now (also what `schedule <env>` shows). */
  async view(spec: ScheduleSpec, now: Date): Promise<ScheduleView> {
    const raw = await this.deps.store.get<KeepOverride>({
      pk: `schedule#${spec.environment}`,
      sk: 'override',
    });
    const override = raw?.value;
    const active = override && new Date(override.until) > now ? override : undefined;
    const last = lastEvent(spec, now);
    let due: ScheduleView['due'] = last ? { ...last, viaOverride: false } : undefined;
    if (override && !active) {
      const until = new Date(override.until);
      // A lapsed keep ends in a stop if the schedule wanted the environment off by then.
      if (lastEvent(spec, until)?.action === 'stop' && (!last || until > last.at)) {
        due = { action: 'stop', at: until, viaOverride: true };
      }
    }
    const nextStart = nextOf(spec, 'start', now);
    let nextStop = nextOf(spec, 'stop', now);
    if (active) {
      const until = new Date(active.until);
      const wantsOffAtUntil = lastEvent(spec, until)?.action === 'stop';
      if (wantsOffAtUntil) nextStop = until;
      else if (nextStop && nextStop <= until) nextStop = nextOf(spec, 'stop', until);
    }
    const wants = due ? (due.action === 'start' ? 'running' : 'stopped') : undefined;
    return {
      spec,
      ...(due ? { due } : {}),
      ...(wants ? { wants: active && wants === 'stopped' ? 'running' : wants } : {}),
      ...(active ? { override: active } : {}),
      ...(nextStop ? { nextStop } : {}),
      ...(nextStart ? { nextStart } : {}),
    };
  }

  /** One pass over every scheduled environment. Returns once decided; actions run on in the background. */
  async tick(): Promise<TickDecision[]> {
    const now = this.deps.clock.now();
    await this.maybeDigest(now).catch((error: unknown) =>
      this.deps.logger.error({ err: error }, 'could not post the weekly savings digest'),
    );
    return Promise.all(
      allSchedules(this.deps.config).map((spec) =>
        this.tickOne(spec, now).catch((error: unknown): TickDecision => {
          this.deps.logger.error({ err: error, environment: spec.environment }, 'schedule tick failed');
          return { environment: spec.environment, kind: 'error', error: String(error) };
        }),
      ),
    );
  }

  /** The weekly savings digest, once across replicas. */
  private async maybeDigest(now: Date): Promise<void> {
    const { config, publisher, store } = this.deps;
    const at = dueDigest(config, now);
    const channel = config.savings.digest_channel;
    if (!at || !channel || !publisher) return;
    // `_digest` can't clash with an environment (their names start with a letter).
    if (!(await this.state.claim('_digest', 'digest', at.toISOString()))) return;
    await publisher.post(channel, await weeklyDigest(config, store, at));
  }

  /** Resolves when every action started by earlier ticks has finished (drain, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async tickOne(spec: ScheduleSpec, now: Date): Promise<TickDecision> {
    const env = spec.environment;
    const view = await this.view(spec, now);
    const due = view.due;
    if (due) {
      const id = eventId(due);
      const firedMark = await this.state.mark(env, 'fired', id);
      const fired = firedMark !== undefined;
      const firedAt = typeof firedMark?.at === 'string' ? Date.parse(firedMark.at) : 0;
      // Give the replica that fired it a minute to take the environment's lease before judging it dead.
      const settled = now.getTime() - firedAt >= RESUME_AFTER_MS;
      if (
        fired &&
        settled &&
        !this.running.has(`${env}|${id}`) &&
        !(await this.state.hasMark(env, 'done', id))
      ) {
        const resumed = await this.resume(spec, due, id);
        if (resumed) return resumed;
      }
      if (!fired) {
        if (due.action === 'stop' && view.override) return { environment: env, kind: 'kept', event: due };
        if (due.action === 'stop') {
          const postponed = await this.inUse(spec, due);
          if (postponed) return postponed;
        }
        if (!(await this.state.claim(env, 'fired', id)))
          return { environment: env, kind: 'already-fired', event: due };
        const reason = due.viaOverride ? `keep ended (${id})` : `schedule ${id}`;
        this.track(this.fireOnce(spec, due.action, reason, id));
        return { environment: env, kind: 'fired', event: due, reason };
      }
    }
    const warned = await this.maybeWarn(view, now);
    if (warned) return warned;
    if (view.wants === 'stopped') {
      const watched = await this.watch(spec, now);
      if (watched) return watched;
    }
    return { environment: env, kind: due ? 'already-fired' : 'idle', ...(due ? { event: due } : {}) };
  }

  /** Fires a scheduled event and marks it done when it ends, however it ends (but not if the process dies). */
  private async fireOnce(
    spec: ScheduleSpec,
    action: ScheduledAction,
    reason: string,
    id: string,
  ): Promise<RunOutcome> {
    const key = `${spec.environment}|${id}`;
    this.running.add(key);
    try {
      const outcome = await this.fire(spec, action, reason);
      // Busy: someone else's operation holds the environment; the next tick tries again (resume).
      if (outcome !== 'refused') await this.state.claim(spec.environment, 'done', id);
      return outcome;
    } finally {
      this.running.delete(key);
    }
  }

  /**
   * A scheduled action that was fired but never marked done: the process running it died (or the
   * environment was busy). Once nothing holds the environment any more (the dead process's lease
   * lapses), run it again, once: stop and start only touch what is not there yet, and the saved
   * counts from the first attempt are kept. A second interruption is reported instead.
   */
  private async resume(
    spec: ScheduleSpec,
    due: ScheduleEvent,
    id: string,
  ): Promise<TickDecision | undefined> {
    const env = spec.environment;
    const snapshot = await this.deps.operations.snapshot(env);
    if (snapshot.busy) return { environment: env, kind: 'idle', event: due };
    if (await this.state.claim(env, 'resume', id)) {
      await this.publish(env, {
        title: `${env}: resuming the scheduled ${due.action}`,
        tone: 'warning',
        parts: [
          {
            type: 'text',
            text: `The scheduled ${due.action} of *${env}* (${formatLocalTime(due.at, spec.timeZone, true)}) did not finish: infrabot was restarted or stopped while it ran. Running it again now; it only touches what is not ${due.action === 'stop' ? 'stopped' : 'running'} yet.`,
          },
        ],
      });
      this.track(this.fireOnce(spec, due.action, `resume ${id}`, id));
      return { environment: env, kind: 'fired', event: due, reason: `resume ${id}` };
    }
    if (await this.state.claim(env, 'stuck', id)) {
      await this.publish(env, scheduledFailure(spec, due.action, 'failed', undefined));
      await this.state.claim(env, 'done', id);
    }
    return undefined;
  }

  /** The in-use check before a stop; posts the postponement once per stop. */
  private async inUse(spec: ScheduleSpec, due: ScheduleEvent): Promise<TickDecision | undefined> {
    const probe = this.deps.activity;
    if (!probe) return undefined;
    const env = spec.environment;
    const snapshot = await this.deps.operations.snapshot(env);
    const check = await probe.check(env, snapshot.services);
    if (check.unreadable.length > 0) {
      this.deps.logger.warn(
        { environment: env, unreadable: check.unreadable },
        'in-use check incomplete; stopping anyway',
      );
    }
    if (!check.inUse) return undefined;
    if (await this.state.claim(env, 'postponed', eventId(due))) {
      await this.publish(env, stopPostponed(spec, check.reasons, due.at));
    }
    return { environment: env, kind: 'postponed', event: due, reasons: check.reasons };
  }

  private async maybeWarn(view: ScheduleView, now: Date): Promise<TickDecision | undefined> {
    const { spec, nextStop } = view;
    if (!nextStop || spec.warnBeforeMs <= 0) return undefined;
    if (now.getTime() < nextStop.getTime() - spec.warnBeforeMs) return undefined;
    const env = spec.environment;
    if (!(await this.state.claim(env, 'warned', `stop@${nextStop.toISOString()}`))) return undefined;
    // Nothing to warn about if nothing runs (someone stopped it already).
    const snapshot = await this.deps.operations.snapshot(env).catch(() => undefined);
    if (snapshot && snapshot.running.length === 0 && snapshot.unreadable.length === 0) return undefined;
    await this.publish(env, stopWarning(spec, nextStop, now));
    return { environment: env, kind: 'warned', stopAt: nextStop };
  }

  /**
   * Watchfulness: while the schedule has the environment off, look now and then (once per
   * interval across replicas) for what runs anyway (AWS's 7-day restart, a console start) and
   * stop it again, saying what was found.
   */
  private async watch(spec: ScheduleSpec, now: Date): Promise<TickDecision | undefined> {
    const env = spec.environment;
    const interval = this.deps.watchIntervalMs ?? DEFAULT_WATCH_MS;
    const slot = Math.floor(now.getTime() / interval);
    if (!(await this.state.claim(env, 'watch', String(slot)))) return undefined;
    const snapshot = await this.deps.operations.snapshot(env);
    if (snapshot.busy || snapshot.running.length === 0) return undefined;
    await this.publish(env, deviationNotice(spec, snapshot.running));
    this.track(this.fire(spec, 'stop', `watch: running during off-hours (${now.toISOString()})`));
    return { environment: env, kind: 'watch-stop', running: snapshot.running.map((r) => r.label) };
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch((error: unknown) =>
      this.deps.logger.error({ err: error }, 'scheduled action failed'),
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Runs the action as the schedule, posts its progress in the channel, reports what went wrong. */
  async fire(spec: ScheduleSpec, action: 'start' | 'stop', reason: string): Promise<RunOutcome> {
    const env = spec.environment;
    const run = await this.deps.operations.run(env, action, reason);
    const { logger } = this.deps;
    if (run.kind === 'refused') {
      logger.warn({ environment: env, action, reason }, 'scheduled action refused');
      await this.publish(env, scheduledFailure(spec, action, 'refused', run.message));
      return 'refused';
    }
    if (run.kind === 'nothing-to-do' || !run.progress) {
      logger.info({ environment: env, action, reason }, 'scheduled action: nothing to do');
      return 'nothing-to-do';
    }
    const ref = await this.publish(env, run.message);
    let last: Message | undefined;
    await this.follow(run.progress, ref, (m) => {
      last = m;
    });
    const outcome = await run.outcome();
    logger.info({ environment: env, action, reason, outcome }, 'scheduled action finished');
    if (outcome !== 'done') await this.publish(env, scheduledFailure(spec, action, outcome, last), ref);
    return outcome;
  }

  /** Edits one message as progress comes, at most once per `progressEditMs`; the last step always. */
  private async follow(
    progress: AsyncIterable<Message>,
    ref: PostedRef | undefined,
    seen: (m: Message) => void,
  ): Promise<void> {
    const gap = this.deps.progressEditMs ?? 1_000;
    let lastEdit = 0;
    let pending: Message | undefined;
    for await (const step of progress) {
      seen(step);
      pending = step;
      // 5 ms of slack: timers fire a little early or late, and the pace is a promise to Slack.
      if (ref && performance.now() - lastEdit >= gap + 5) {
        lastEdit = performance.now();
        const m = pending;
        pending = undefined;
        await this.edit(ref, m);
      }
    }
    if (ref && pending) {
      // The summary too keeps to the pace: at most one edit per `gap`.
      const wait = gap + 5 - (performance.now() - lastEdit);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.edit(ref, pending);
    }
  }

  private async edit(ref: PostedRef, message: Message): Promise<void> {
    await this.deps.publisher?.update(ref, message).catch((error: unknown) => {
      this.deps.logger.warn(
        { err: error, channel: ref.channel },
        'could not update the scheduled progress message',
      );
    });
  }

  /** Posts in the environment's channel (in a thread when `parent` is given); logged, never thrown. */
  async publish(environment: string, message: Message, parent?: PostedRef): Promise<PostedRef | undefined> {
    const { publisher, config, logger } = this.deps;
    const channel = channelOf(config, environment);
    if (!publisher || !channel) {
      logger.warn(
        { environment, title: message.title },
        'no channel for this environment (set `channel` under it in infrabot.yml); not posted',
      );
      return undefined;
    }
    try {
      return parent
        ? await publisher.postInThread(parent, message, { broadcast: true })
        : await publisher.post(channel, message);
    } catch (error) {
      logger.error({ err: error, environment, channel }, 'could not post to the environment channel');
      return undefined;
    }
  }
}

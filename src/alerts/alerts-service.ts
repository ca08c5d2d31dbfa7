import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { AlarmDetails, AlarmTarget } from '../ports/alarm-details.js';
import type { PostedRef, Publisher } from '../ports/publisher.js';
import type { Store } from '../store/store.js';
import { alarmContext, routeAlarm } from './alarm-context.js';
import { type AlarmTransition, alarmKey } from './alarm-transition.js';
import {
  applyTransition,
  hasSeen,
  type Incident,
  incidentState,
  isMuted,
  markDone,
  newIncident,
} from './incident.js';
import type { IncidentHistoryWriter, IncidentHooks } from './incident-hooks.js';
import {
  incidentService,
  type MessageSettings,
  parentMessage,
  reminderMessage,
  TRANSITIONS_PER_REPLY,
  transitionsMessage,
} from './incident-messages.js';
import { IncidentRepository } from './incident-repository.js';

export interface AlertSettings {
  /** Alarms of one environment firing within this long of the first join its incident (0: never group). */
  groupWindowMs: number;
  /** A new ALARM this soon after a resolve reopens the same thread. */
  reopenWindowMs: number;
  /** Reminder interval while in ALARM unacknowledged; undefined: no reminders. */
  remindEveryMs?: number;
  /** Least time between two thread replies of one incident (a storm's transitions are batched). */
  replyIntervalMs: number;
  /** Least time between two edits of one parent (chat.update is Tier 3: 50/min per workspace). */
  parentEditIntervalMs: number;
  graphs: boolean;
  /** SQS visibility of a message being worked on (renewed at half-time). */
  queueVisibilitySeconds: number;
  /** SQS long-poll wait. */
  queueWaitSeconds: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  queueVisibilitySeconds: 60,
  queueWaitSeconds: 20,
  groupWindowMs: 2 * 60_000,
  reopenWindowMs: 30 * 60_000,
  remindEveryMs: 30 * 60_000,
  replyIntervalMs: 2_000,
  parentEditIntervalMs: 3_000,
  graphs: true,
};

export interface AlertsDeps {
  config: Config;
  store: Store;
  details: AlarmDetails;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  /** Absent in the terminal: then nothing is posted and acks show in Slack with the next change. */
  publisher?: Publisher;
  /** Lease owner of this process (two replicas never share one). */
  owner: string;
  settings?: Partial<AlertSettings>;
  sleep?: (ms: number) => Promise<void>;
  /** Incident context (posts, buttons), plugged in by the composition root. */
  hooks?: IncidentHooks;
  /** Where what happens to incidents is written for their timeline; absent: not written. */
  history?: IncidentHistoryWriter;
}

interface FlushState {
  running: Promise<void> | undefined;
  /** Resolved with true when the flush they waited for failed. */
  waiters: Array<(failed: boolean) => void>;
  lastReply: number;
  lastParentEdit: number;
  timer?: NodeJS.Timeout;
}

export type IngestOutcome = { incidentId: string; revision: number } | { ignored: string };

/**
 * Alarm transitions → incidents → Slack threads. The domain side of the feature: it speaks to
 * Slack only through the Publisher port, to CloudWatch through AlarmDetails, and keeps every
 * decision in the store so that replicas and restarts agree.
 */
export class AlertsService {
  readonly repo: IncidentRepository;
  readonly settings: AlertSettings;
  private readonly flushes = new Map<string, FlushState>();
  private readonly sleep: (ms: number) => Promise<void>;
  /** Set on shutdown: coalesced edits still waiting stay in the store for the next process. */
  private closed = false;

  constructor(private readonly deps: AlertsDeps) {
    this.repo = new IncidentRepository(deps.store);
    this.settings = { ...DEFAULT_ALERT_SETTINGS, ...deps.settings };
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get canPost(): boolean {
    return this.deps.publisher !== undefined;
  }

  private get alerts(): NonNullable<Config['alerts']> {
    const alerts = this.deps.config.alerts;
    if (!alerts) throw new Error('alerts are not configured: add `alerts.channel` to infrabot.yml');
    return alerts;
  }

  private messageSettings(): MessageSettings {
    return { timezone: this.deps.config.timezone, now: this.deps.clock.now() };
  }

  /** Credentials for an alarm: the role of the environment in the alarm's account, if one is configured. */
  targetFor(account: string, region: string): AlarmTarget {
    for (const env of Object.values(this.deps.config.environments)) {
      if (env.role_arn?.includes(`::${account}:`)) {
        return { region, roleArn: env.role_arn, ...(env.external_id ? { externalId: env.external_id } : {}) };
      }
    }
    return { region };
  }

  /** Takes one transition in: records it on its incident (opening, joining or reopening one). */
  async ingest(t: AlarmTransition): Promise<IngestOutcome> {
    const seen = await this.repo.seen(t.eventId);
    if (seen) {
      if (!seen.incidentId) return { ignored: 'already handled: an OK with no incident to resolve' };
      // Taken in before (a redelivery, or a crash before it was applied): make sure it is applied.
      const item = await this.repo.get(seen.incidentId);
      if (item && hasSeen(item.value, t.eventId)) return { incidentId: seen.incidentId, revision: 0 };
    }
    let tags: Record<string, string> = {};
    try {
      tags = await this.deps.details.tags(t.alarmArn, this.targetFor(t.account, t.region));
    } catch (error) {
      this.deps.logger.warn(
        { err: error, alarm: t.alarmName },
        'could not read the alarm tags; routing by name and environment only',
      );
    }
    const ctx = alarmContext(t, tags, this.deps.config);
    const channel = routeAlarm(t, ctx, this.alerts);
    const found = seen
      ? { id: seen.incidentId, created: false }
      : await this.findOrOpen(t, ctx.environment, channel);
    const incidentId = found.id;
    if (!seen) await this.repo.markSeen(t.eventId, incidentId);
    if (!incidentId) return { ignored: 'an OK with no incident to resolve' };
    let wasOpen = true;
    const out = await this.repo.update(incidentId, (incident) => {
      wasOpen = incident.status === 'open';
      return applyTransition(incident, t, ctx, this.deps.clock.now());
    });
    if (out?.changed) await this.recordTransition(out.incident, t, found.created, wasOpen);
    return { incidentId, revision: out?.changed ? out.incident.revision : 0 };
  }

  /**
   * The timeline's record of a transition just applied. A failed write is logged, not thrown:
   * the alert thread matters more than its history, and a redelivery would not re-apply it.
   */
  private async recordTransition(
    incident: Incident,
    t: AlarmTransition,
    created: boolean,
    wasOpen: boolean,
  ): Promise<void> {
    const history = this.deps.history;
    if (!history) return;
    const at = t.at.toISOString();
    const service = incidentService(incident);
    await this.writeHistory(incident.id, async () => {
      if (created) {
        await history.opened({
          id: incident.id,
          ...(incident.environment ? { environment: incident.environment } : {}),
          ...(service ? { service } : {}),
          title: t.alarmName,
          openedAt: incident.openedAt,
          alarm: t.alarmName,
          state: t.state,
          reason: t.reason,
        });
      } else {
        await history.record(incident.id, {
          kind: 'transition',
          at,
          alarm: t.alarmName,
          state: t.state,
          ...(t.previousState ? { previousState: t.previousState } : {}),
          reason: t.reason,
        });
      }
      if (wasOpen && incident.status === 'resolved')
        // At the OK's own time, like the transition before it: the timeline orders by these times.
        await history.record(incident.id, { kind: 'resolved', at });
    });
  }

  private async writeHistory(id: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.deps.logger.warn(
        { err: error, incident: id },
        'could not record the incident history; its timeline will miss this',
      );
    }
  }

  /** The parent's buttons other features add (incident context). */
  private extraButtons(incident: Incident) {
    const service = incidentService(incident);
    return (
      this.deps.hooks?.parentButtons?.({
        id: incident.id,
        ...(incident.environment ? { environment: incident.environment } : {}),
        ...(service ? { service } : {}),
        resolved: incident.status === 'resolved',
      }) ?? []
    );
  }

  private async findOrOpen(
    t: AlarmTransition,
    environment: string | undefined,
    channel: string,
  ): Promise<{ id: string | undefined; created: boolean }> {
    const key = alarmKey(t);
    const now = this.deps.clock.now();
    for (let attempt = 0; attempt < 10; attempt++) {
      const pointer = await this.repo.alarmPointer(key);
      if (pointer) {
        const current = await this.repo.get(pointer.value.incidentId);
        if (current) {
          const inc = current.value;
          if (inc.status === 'open') return { id: inc.id, created: false };
          const since = now.getTime() - Date.parse(inc.resolvedAt ?? inc.openedAt);
          // Late or repeated OKs of a resolved incident still belong to its thread.
          if (t.state === 'OK')
            return { id: since <= this.settings.reopenWindowMs ? inc.id : undefined, created: false };
          if (since <= this.settings.reopenWindowMs) return { id: inc.id, created: false };
        }
      }
      if (t.state === 'OK') return { id: undefined, created: false };
      let target: string | undefined;
      let created: string | undefined;
      let wonGroup = false;
      const grouping = this.settings.groupWindowMs > 0 && environment !== undefined;
      let groupVersion: number | undefined;
      if (grouping) {
        const groupItem = await this.repo.group(channel, environment);
        groupVersion = groupItem?.version;
        const group = groupItem ? await this.repo.get(groupItem.value.incidentId) : undefined;
        if (
          group &&
          group.value.status === 'open' &&
          now.getTime() - Date.parse(group.value.openedAt) <= this.settings.groupWindowMs
        ) {
          target = group.value.id;
        }
      }
      if (!target) {
        const incident = await this.repo.create((id) => newIncident(id, channel, environment, now));
        created = incident.id;
        target = incident.id;
        if (grouping) {
          wonGroup = await this.repo.claimGroup(
            channel,
            environment,
            incident.id,
            this.settings.groupWindowMs,
            groupVersion,
          );
          if (!wonGroup) {
            // Another replica opened this environment's incident at the same moment: join it.
            await this.repo.delete(incident.id);
            created = undefined;
            continue;
          }
        }
      }
      if (await this.repo.pointAlarm(key, target, pointer?.version))
        return { id: target, created: target === created };
      // Someone else pointed this alarm first: use theirs (next round reads it).
      if (created && !wonGroup) await this.repo.delete(created);
    }
    throw new Error(`could not settle the incident of alarm ${t.alarmName} (too many concurrent writers)`);
  }

  /**
   * True once Slack shows the transition (or, muted, it was deliberately recorded only) and the
   * parent shows at least `revision`. False when Slack refused or the budget ran out: the caller
   * leaves the SQS message to come back.
   */
  async waitShown(
    incidentId: string,
    eventId: string,
    revision: number,
    budgetMs = 20_000,
  ): Promise<boolean> {
    if (!this.deps.publisher) return false;
    const deadline = Date.now() + budgetMs;
    while (Date.now() < deadline) {
      const failed = await this.requestFlush(incidentId);
      const item = await this.repo.get(incidentId);
      if (!item) return false;
      if (item.value.done.includes(eventId) && item.value.parentRevision >= revision) return true;
      if (failed) return false;
      await this.sleep(50);
    }
    return false;
  }

  /**
   * Shutdown: no delayed parent edit fires any more (a timer firing after the drain would call
   * Slack from a process that is closing). What they would have shown stays pending in the store
   * (`parentRevision` behind `revision`) and the next flush of the incident, here or on another
   * replica, shows it.
   */
  close(): void {
    this.closed = true;
    for (const st of this.flushes.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.timer = undefined;
    }
  }

  /**
   * Asks for the incident's Slack side to catch up with the store. Calls coalesce: while one
   * flush runs, later requests wait for the next, which takes everything pending at once.
   */
  requestFlush(id: string): Promise<boolean> {
    if (!this.deps.publisher) return Promise.resolve(false);
    let state = this.flushes.get(id);
    if (!state) {
      if (this.flushes.size > 1_000) this.forgetIdleFlushes();
      state = { running: undefined, waiters: [], lastReply: 0, lastParentEdit: 0 };
      this.flushes.set(id, state);
    }
    const st = state;
    return new Promise<boolean>((resolve) => {
      st.waiters.push(resolve);
      this.kick(id, st);
    });
  }

  /** Pacing state of incidents nothing happened to for a while is not needed any more. */
  private forgetIdleFlushes(): void {
    const quiet =
      Date.now() - Math.max(this.settings.replyIntervalMs, this.settings.parentEditIntervalMs) - 1_000;
    for (const [id, st] of this.flushes) {
      if (
        !st.running &&
        !st.timer &&
        st.waiters.length === 0 &&
        Math.max(st.lastReply, st.lastParentEdit) < quiet
      ) {
        this.flushes.delete(id);
      }
    }
  }

  private kick(id: string, st: FlushState): void {
    if (st.running) return;
    st.running = (async () => {
      const wait = st.lastReply + this.settings.replyIntervalMs - Date.now();
      if (wait > 0) await this.sleep(wait);
      const waiters = st.waiters.splice(0);
      let failed = false;
      try {
        await this.flushOnce(id, st);
      } catch (error) {
        failed = true;
        this.deps.logger.error(
          { err: error, incident: id },
          'could not bring the incident thread up to date',
        );
      } finally {
        st.running = undefined;
        for (const w of waiters) w(failed);
        if (st.waiters.length > 0) this.kick(id, st);
      }
    })();
  }

  private async flushOnce(id: string, st: FlushState): Promise<void> {
    const publisher = this.deps.publisher;
    if (!publisher) return;
    let lease = await this.repo.acquireFlush(id, this.deps.owner, 30_000);
    for (let i = 0; !lease && i < 25; i++) {
      await this.sleep(200);
      lease = await this.repo.acquireFlush(id, this.deps.owner, 30_000);
    }
    if (!lease) return;
    try {
      const item = await this.repo.get(id);
      if (!item || Object.keys(item.value.members).length === 0) return;
      const inc = item.value;
      const s = this.messageSettings();
      if (!inc.thread) {
        await this.openThread(inc, s);
        st.lastReply = Date.now();
        st.lastParentEdit = Date.now();
        return;
      }
      const pending = inc.pending.slice();
      if (pending.length > 0) {
        if (!isMuted(inc, s.now)) {
          for (let i = 0; i < pending.length; i += TRANSITIONS_PER_REPLY) {
            const chunk = pending.slice(i, i + TRANSITIONS_PER_REPLY);
            await publisher.postInThread(inc.thread, transitionsMessage(chunk, s), { broadcast: false });
            // What Slack accepted is recorded at once: a failure in the next chunk re-sends nothing.
            await this.repo.update(id, (d) => {
              markDone(
                d,
                chunk.map((p) => p.eventId),
              );
              return true;
            });
          }
        } else {
          await this.repo.update(id, (d) => {
            markDone(
              d,
              pending.map((p) => p.eventId),
            );
            return true;
          });
        }
        st.lastReply = Date.now();
      }
      await this.editParent(id, inc.thread, st);
    } finally {
      await this.repo.releaseFlush(id, this.deps.owner);
    }
  }

  private async openThread(inc: Incident, s: MessageSettings): Promise<void> {
    const publisher = this.deps.publisher!;
    // The parent shows each member's one transition; members that changed more than once before
    // the first post get their history in the thread.
    const perMember = new Map<string, number>();
    for (const p of inc.pending) perMember.set(p.key, (perMember.get(p.key) ?? 0) + 1);
    const covered = inc.pending.filter((p) => perMember.get(p.key) === 1).map((p) => p.eventId);
    const ref = await publisher.post(inc.channel, parentMessage(inc, s, this.extraButtons(inc)));
    await this.repo.update(inc.id, (d) => {
      d.thread = ref;
      d.parentRevision = Math.max(d.parentRevision, inc.revision);
      markDone(d, covered);
      return true;
    });
    const history = this.deps.history;
    if (history) await this.writeHistory(inc.id, () => history.threadPosted(inc.id, ref));
    const service = incidentService(inc);
    try {
      this.deps.hooks?.opened?.({
        id: inc.id,
        ...(inc.environment ? { environment: inc.environment } : {}),
        ...(service ? { service } : {}),
        openedAt: new Date(inc.openedAt),
        thread: ref,
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, incident: inc.id }, 'could not start the incident context posts');
    }
    // More happened than the parent shows: the rest goes in the thread on the next round.
    if (covered.length < inc.pending.length) void this.requestFlush(inc.id);
    if (this.settings.graphs) void this.postGraph(inc.id, ref, false);
    void this.rememberPermalink(inc.id, ref);
  }

  /** Asks Slack once for the parent's link, so listings never call Slack per incident. */
  private async rememberPermalink(id: string, ref: PostedRef): Promise<void> {
    try {
      const link = await this.deps.publisher?.permalink(ref);
      if (link)
        await this.repo.update(id, (d) => {
          if (d.permalink === link) return false;
          d.permalink = link;
          return true;
        });
    } catch (error) {
      this.deps.logger.debug(
        { err: error, incident: id },
        'no permalink for the incident; links use the archive URL',
      );
    }
  }

  private async editParent(id: string, thread: PostedRef, st: FlushState): Promise<void> {
    const latest = await this.repo.get(id);
    if (!latest || latest.value.parentRevision >= latest.value.revision) return;
    const wait = st.lastParentEdit + this.settings.parentEditIntervalMs - Date.now();
    if (wait > 0) {
      // Coalesced: one edit later shows everything that changed until then.
      if (!st.timer && !this.closed) {
        st.timer = setTimeout(() => {
          st.timer = undefined;
          if (!this.closed) void this.requestFlush(id);
        }, wait);
        st.timer.unref?.();
      }
      return;
    }
    st.lastParentEdit = Date.now();
    await this.deps.publisher!.update(
      thread,
      parentMessage(latest.value, this.messageSettings(), this.extraButtons(latest.value)),
    );
    await this.repo.update(id, (d) => {
      if (d.parentRevision >= latest.value.revision) return false;
      d.parentRevision = latest.value.revision;
      return true;
    });
  }

  /**
   * Uploads the graph of the incident's first alarm into its thread (GetMetricWidgetImage around
   * the breach, threshold drawn). `again` is the Show graph button; otherwise only once.
   */
  async postGraph(id: string, thread: PostedRef, again: boolean): Promise<'posted' | 'no-metric' | 'failed'> {
    const publisher = this.deps.publisher;
    if (!publisher) return 'failed';
    const claimed = await this.repo.update(id, (d) => {
      if (d.graphPosted && !again) return false;
      d.graphPosted = true;
      return true;
    });
    if (!claimed?.changed) return 'posted';
    const inc = claimed.incident;
    const member = Object.values(inc.members).find((m) => m.metric);
    if (!member?.metric) return 'no-metric';
    const m = member.metric;
    const breach = Date.parse(inc.openedAt);
    const end = Math.max(this.deps.clock.now().getTime(), breach + 15 * 60_000);
    try {
      const png = await this.deps.details.graph(
        {
          namespace: m.namespace,
          metric: m.name,
          dimensions: m.dimensions,
          stat: m.stat ?? 'Average',
          periodSeconds: m.period ?? 60,
          start: new Date(breach - 60 * 60_000),
          end: new Date(end),
          // A math alarm's threshold applies to its expression, not to the input metric drawn.
          ...(member.threshold !== undefined && member.kind === 'metric'
            ? { threshold: member.threshold }
            : {}),
          title:
            member.kind === 'metric-math'
              ? `${member.name} (an input of ${member.expression ?? 'the expression'})`
              : member.name,
        },
        this.targetFor(member.account, member.region),
      );
      await publisher.upload(
        inc.channel,
        {
          filename: `${member.name.replace(/[^\w.-]+/g, '_').slice(0, 80)}.png`,
          contentType: 'image/png',
          bytes: png,
          title: `${member.name.slice(0, 200)} around ${new Date(breach).toISOString().slice(11, 16)} UTC`,
          altText: `Graph of ${m.namespace} ${m.name} with the threshold line`,
        },
        thread,
      );
      return 'posted';
    } catch (error) {
      this.deps.logger.warn({ err: error, incident: id }, 'could not post the metric graph');
      try {
        await publisher.postInThread(
          thread,
          {
            parts: [
              {
                type: 'context',
                text: `Could not draw the graph: ${String((error as Error).message ?? error)
                  .slice(0, 200)
                  .replace(/[<>&]/g, ' ')}`,
              },
            ],
          },
          { broadcast: false },
        );
      } catch {
        // The log line above says it; the graph is a nicety.
      }
      return 'failed';
    }
  }

  /** Acknowledge: who and when, shown on the parent; reminders stop. */
  async ack(id: string, userId: string): Promise<'acked' | 'already' | 'missing'> {
    const out = await this.repo.update(id, (d) => {
      if (d.ack) return false;
      d.ack = { by: userId, at: this.deps.clock.now().toISOString() };
      d.revision += 1;
      return true;
    });
    if (!out) return 'missing';
    if (!out.changed) return 'already';
    const ack = out.incident.ack;
    const history = this.deps.history;
    if (history && ack)
      await this.writeHistory(id, () => history.record(id, { kind: 'ack', at: ack.at, by: ack.by }));
    await this.requestFlush(id);
    return 'acked';
  }

  /** Mute: no new posts for the incident (transitions still recorded) for a while, or until OK. */
  async mute(id: string, userId: string, forMs: number | 'until-ok'): Promise<Incident | undefined> {
    const now = this.deps.clock.now();
    const out = await this.repo.update(id, (d) => {
      d.mute = {
        by: userId,
        at: now.toISOString(),
        ...(forMs === 'until-ok'
          ? { untilOk: true }
          : { until: new Date(now.getTime() + forMs).toISOString() }),
      };
      d.revision += 1;
      return true;
    });
    if (!out) return undefined;
    const mute = out.incident.mute;
    const history = this.deps.history;
    if (history && mute)
      await this.writeHistory(id, () =>
        history.record(id, {
          kind: 'mute',
          at: mute.at,
          by: mute.by,
          ...(mute.until ? { until: mute.until } : {}),
        }),
      );
    await this.requestFlush(id);
    return out.incident;
  }

  /** Sends the reminders due now; returns how many went out. */
  async remind(): Promise<number> {
    const every = this.settings.remindEveryMs;
    const publisher = this.deps.publisher;
    if (!every || !publisher) return 0;
    let sent = 0;
    for (const ref of await this.repo.open()) {
      const now = this.deps.clock.now();
      const due = (d: Incident) =>
        d.status === 'open' &&
        d.thread !== undefined &&
        !d.ack &&
        !isMuted(d, now) &&
        incidentState(d) === 'ALARM' &&
        now.getTime() - Date.parse(d.lastReminderAt ?? d.openedAt) >= every;
      // The conditional write is the claim: of two replicas, one sends it.
      const claimed = await this.repo.update(ref.id, (d) => {
        if (!due(d)) return false;
        d.lastReminderAt = now.toISOString();
        return true;
      });
      if (!claimed?.changed || !claimed.incident.thread) continue;
      await publisher.postInThread(
        claimed.incident.thread,
        reminderMessage(claimed.incident, this.messageSettings()),
        {
          broadcast: false,
        },
      );
      const history = this.deps.history;
      if (history)
        await this.writeHistory(ref.id, () =>
          history.record(ref.id, { kind: 'reminder', at: now.toISOString() }),
        );
      await this.deps.audit.record({
        actor: { id: 'infrabot', kind: 'system' },
        command: `remind ${ref.id}`,
        verb: 'remind',
        ...(claimed.incident.environment ? { environment: claimed.incident.environment } : {}),
        channelId: claimed.incident.channel,
        frontDoor: 'system',
        outcome: 'ok',
        detail: `reminder: ${ref.id} still in ALARM, unacknowledged`,
      });
      sent++;
    }
    return sent;
  }

  /** A link to the incident's thread: Slack's permalink when the publisher can ask, else the archive URL. */
  async threadLink(incident: Incident): Promise<string | undefined> {
    if (!incident.thread) return undefined;
    const fromSlack = await this.deps.publisher?.permalink(incident.thread).catch(() => undefined);
    return (
      fromSlack ??
      `https://slack.com/archives/${incident.thread.channel}/p${incident.thread.ts.replace('.', '')}`
    );
  }

  /** Open incidents, newest first, optionally of one environment. */
  async openIncidents(environment?: string): Promise<Incident[]> {
    const refs = await this.repo.open();
    const items = await Promise.all(
      refs.filter((r) => !environment || r.environment === environment).map((r) => this.repo.get(r.id)),
    );
    return items.flatMap((i) => (i && i.value.status === 'open' ? [i.value] : []));
  }

  /** The open incident an alarm belongs to, if any. */
  async incidentOfAlarm(account: string, region: string, name: string): Promise<Incident | undefined> {
    const pointer = await this.repo.alarmPointer(alarmKey({ account, region, alarmName: name }));
    if (!pointer) return undefined;
    return (await this.repo.get(pointer.value.incidentId))?.value;
  }
}

import type { PostedRef } from '../ports/publisher.js';
import type { AlarmContext } from './alarm-context.js';
import type { AlarmKind, AlarmMetric, AlarmStateValue, AlarmTransition } from './alarm-transition.js';
import { alarmKey } from './alarm-transition.js';
import { plainReason } from './plain-reason.js';

/**
 * An incident: one or more alarms that fired together, with one Slack thread. Everything the bot
 * needs after a restart lives here (in the store), including which transitions Slack has not
 * shown yet — the outbox that makes "delete the SQS message only after Slack accepted" work.
 */
export interface IncidentMember {
  key: string;
  name: string;
  arn: string;
  account: string;
  region: string;
  kind: AlarmKind;
  state: AlarmStateValue;
  /** ISO: when it entered its current state. */
  since: string;
  /** ISO time of the newest transition applied (older ones arriving late change no state). */
  lastAt: string;
  reason: string;
  metric?: AlarmMetric;
  threshold?: number;
  expression?: string;
  description?: string;
  service?: string;
  runbook?: string;
}

export interface PendingTransition {
  eventId: string;
  key: string;
  name: string;
  state: AlarmStateValue;
  previousState?: AlarmStateValue;
  at: string;
  reason: string;
}

export interface Incident {
  id: string;
  channel: string;
  environment?: string;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt?: string;
  /** The parent message, once Slack accepted it. */
  thread?: PostedRef;
  /** Slack's link to the parent (asked once, after it was posted). */
  permalink?: string;
  members: Record<string, IncidentMember>;
  /** Not yet shown in Slack, oldest first. */
  pending: PendingTransition[];
  /** Shown (or deliberately not, while muted) — the dedupe record of this incident. */
  done: string[];
  ack?: { by: string; at: string };
  mute?: { by: string; at: string; until?: string; untilOk?: boolean };
  lastReminderAt?: string;
  /** Goes up with every change people should see in the parent. */
  revision: number;
  /** The revision the parent in Slack shows: behind `revision` means an edit is due. */
  parentRevision: number;
  graphPosted: boolean;
}

/** How many handled event ids an incident remembers (redeliveries come within SQS retention). */
const DONE_KEPT = 2_000;

export function newIncident(
  id: string,
  channel: string,
  environment: string | undefined,
  at: Date,
): Incident {
  return {
    id,
    channel,
    ...(environment ? { environment } : {}),
    status: 'open',
    openedAt: at.toISOString(),
    members: {},
    pending: [],
    done: [],
    revision: 0,
    parentRevision: 0,
    graphPosted: false,
  };
}

export function hasSeen(incident: Incident, eventId: string): boolean {
  return incident.done.includes(eventId) || incident.pending.some((p) => p.eventId === eventId);
}

/** The state the incident as a whole is in: the worst of its members. */
export function incidentState(incident: Incident): AlarmStateValue {
  const states = Object.values(incident.members).map((m) => m.state);
  if (states.includes('ALARM')) return 'ALARM';
  if (states.includes('INSUFFICIENT_DATA')) return 'INSUFFICIENT_DATA';
  return 'OK';
}

export function isMuted(incident: Incident, now: Date): boolean {
  const mute = incident.mute;
  if (!mute) return false;
  if (mute.untilOk) return incident.status === 'open';
  return mute.until !== undefined && Date.parse(mute.until) > now.getTime();
}

/**
 * Applies one transition (idempotent: a seen event id changes nothing). Returns false when it
 * was already applied. Resolves the incident when every member is OK, reopens it on a new alarm.
 */
export function applyTransition(
  incident: Incident,
  t: AlarmTransition,
  ctx: AlarmContext,
  now: Date,
): boolean {
  if (hasSeen(incident, t.eventId)) return false;
  const key = alarmKey(t);
  const at = t.at.toISOString();
  const reason = plainReason(t);
  const existing = incident.members[key];
  const stale = existing !== undefined && existing.lastAt > at;
  incident.pending.push({
    eventId: t.eventId,
    key,
    name: t.alarmName,
    state: t.state,
    ...(t.previousState ? { previousState: t.previousState } : {}),
    at,
    reason,
  });
  if (!stale) {
    const member: IncidentMember = {
      key,
      name: t.alarmName,
      arn: t.alarmArn,
      account: t.account,
      region: t.region,
      kind: t.kind,
      state: t.state,
      since: existing && existing.state === t.state ? existing.since : at,
      lastAt: at,
      reason,
      ...(t.metric ? { metric: t.metric } : existing?.metric ? { metric: existing.metric } : {}),
      ...(t.evaluation.threshold !== undefined ? { threshold: t.evaluation.threshold } : {}),
      ...(t.expression ? { expression: t.expression } : {}),
      ...(t.description ? { description: t.description } : {}),
      ...(ctx.service ? { service: ctx.service } : {}),
      ...(ctx.runbook ? { runbook: ctx.runbook } : {}),
    };
    incident.members[key] = member;
  }
  const state = incidentState(incident);
  if (state === 'OK' && incident.status === 'open') {
    incident.status = 'resolved';
    incident.resolvedAt = now.toISOString();
    if (incident.mute?.untilOk) delete incident.mute;
  } else if (state !== 'OK' && incident.status === 'resolved') {
    incident.status = 'open';
    delete incident.resolvedAt;
    // A reopened incident needs acknowledging again.
    delete incident.ack;
  }
  incident.revision += 1;
  return true;
}

/** Marks transitions as shown; keeps the dedupe record bounded. */
export function markDone(incident: Incident, eventIds: readonly string[]): void {
  if (eventIds.length === 0) return;
  const shown = new Set(eventIds);
  incident.pending = incident.pending.filter((p) => !shown.has(p.eventId));
  incident.done.push(...eventIds.filter((id) => !incident.done.includes(id)));
  if (incident.done.length > DONE_KEPT) incident.done.splice(0, incident.done.length - DONE_KEPT);
}

import { formatLocalTime } from '../../clock.js';
import { whyNotStoppable } from '../../environments/database-rules.js';
import type { Failure } from '../../environments/environment-gateway.js';
import { databaseKey } from '../../environments/environment-memory.js';
import type { EnvironmentStatus } from '../../environments/environment-service.js';
import {
  type Database,
  type EcsServiceState,
  formatBounds,
  labelOf,
  readAnything,
  type SavedDatabase,
  serviceKey,
} from '../../environments/model.js';
import { databasesOf, restoreCount } from '../../environments/plan.js';
import { whyUnreadable } from '../explain-error.js';
import type { Button, Message, MessagePart } from '../message.js';
import { actorText } from './render-actor.js';
import { notStoppableText } from './render-plan-notes.js';
import { problemText, whyNotRead } from './render-problem.js';

/** AWS starts a stopped RDS instance or Aurora cluster by itself after seven days. */
export const RDS_AUTO_RESTART_MS = 7 * 24 * 60 * 60 * 1000;

export interface StateSummary {
  /** `stopped since Wed 21:00 JST`, `running`, `partly stopped (2 of 5)`, `being stopped by …`. */
  text: string;
  stoppable: number;
  stopped: number;
}

/** The state of the environment as a whole, from the state of each resource it can stop. */
export function summarizeState(status: EnvironmentStatus, now: Date): StateSummary {
  if (!status.configured) return { text: 'nothing configured', stoppable: 0, stopped: 0 };
  if (status.operation) {
    const verb = status.operation.operation === 'stop' ? 'stopped' : 'started';
    return {
      text: `being ${verb} by ${actorText(status.operation.by)} (since ${when(status.operation.startedAt, status.timeZone, now)})`,
      ...counts(status),
    };
  }
  const { stoppable, stopped } = counts(status);
  if (notRead(status)) return { text: 'could not be read', stoppable, stopped };
  if (stoppable === 0) return { text: 'no resources found', stoppable, stopped };
  if (stopped === stoppable) {
    const record = status.record;
    const since = record?.operation === 'stop' ? ` since ${when(record.at, status.timeZone, now)}` : '';
    return { text: `stopped${since}`, stoppable, stopped };
  }
  if (stopped === 0) return { text: 'running', stoppable, stopped };
  return { text: `partly stopped (${stopped} of ${stoppable})`, stoppable, stopped };
}

/** Nothing at all could be read: every resource named is a problem (no credentials, no access). */
export function notRead(status: EnvironmentStatus): boolean {
  const inventory = status.inventory;
  return inventory !== undefined && !readAnything(inventory) && inventory.problems.length > 0;
}

function counts(status: EnvironmentStatus): { stoppable: number; stopped: number } {
  const inventory = status.inventory;
  if (!inventory) return { stoppable: 0, stopped: 0 };
  const dbs = databasesOf(inventory).filter((db) => !whyNotStoppable(db));
  const stoppedServices = inventory.services.filter((s) => s.desired === 0 && s.running === 0).length;
  const stoppedDbs = dbs.filter((db) => db.status === 'stopped').length;
  return { stoppable: inventory.services.length + dbs.length, stopped: stoppedServices + stoppedDbs };
}

/** Today's times as `21:00 JST`; older ones with the day. */
function when(iso: string, timeZone: string, now: Date): string {
  const at = new Date(iso);
  const sameDay = now.getTime() - at.getTime() < 12 * 60 * 60 * 1000;
  return formatLocalTime(at, timeZone, !sameDay);
}

export function serviceLine(svc: EcsServiceState, status: EnvironmentStatus): string {
  const saved = status.savedServices.get(serviceKey(svc.cluster, svc.service));
  const notes: string[] = [];
  if (svc.desired === 0) {
    if (svc.running > 0) notes.push('stopping');
    if (saved) {
      notes.push(`restores to ${restoreCount(saved)}`);
      if (saved.autoscaling) notes.push(formatBounds(saved.autoscaling));
    } else {
      notes.push('no saved count');
    }
    if (svc.autoscaling && svc.autoscaling.min > 0 && !svc.autoscaling.suspended.scaleOut) {
      notes.push(`autoscaling will bring it back to ${svc.autoscaling.min}`);
    }
  } else {
    if (svc.running < svc.desired || svc.pending > 0) notes.push('starting');
    if (svc.autoscaling) notes.push(formatBounds(svc.autoscaling));
  }
  return `${labelOf(svc)}  ${svc.running} / ${svc.desired}${notes.length > 0 ? `  (${notes.join(', ')})` : ''}`;
}

export function databaseLine(db: Database, status: EnvironmentStatus): string {
  const label = labelOf(db);
  const rule = whyNotStoppable(db);
  if (rule) return `${label}  skipped: ${notStoppableText(rule)}`;
  if (db.status !== 'stopped') return `${label}  ${db.status}`;
  const saved: SavedDatabase | undefined = status.savedDatabases.get(databaseKey(db));
  const restartAt =
    db.autoRestartAt ??
    (saved ? new Date(new Date(saved.stoppedAt).getTime() + RDS_AUTO_RESTART_MS) : undefined);
  const restart = restartAt
    ? `AWS restarts it by itself on ${formatLocalTime(restartAt, status.timeZone, true)}`
    : 'AWS restarts it by itself 7 days after it stopped';
  return `${label}  stopped  (${restart})`;
}

/**
 * `status <env>`: a header with the environment's state, one line per resource (counts, what
 * start restores, why something is skipped), and the button that changes it.
 */
export function renderStatus(status: EnvironmentStatus, now: Date): Message {
  const summary = summarizeState(status, now);
  const title =
    status.inventory && notRead(status)
      ? `could not read ${status.name}: ${whyNotRead(status.inventory.problems)}`
      : `${status.name} · ${status.region} · ${summary.text}`;
  const parts: MessagePart[] = [];
  if (!status.configured) {
    parts.push({
      type: 'text',
      text: `${status.name} names no resources. Add \`ecs\`, \`rds\` or \`select.tags\` under \`environments.${status.name}\` in infrabot.yml.`,
    });
    return { title, parts };
  }
  const inventory = status.inventory;
  const items: string[] = [];
  if (inventory) {
    for (const svc of inventory.services) items.push(serviceLine(svc, status));
    for (const db of databasesOf(inventory)) items.push(databaseLine(db, status));
    for (const p of inventory.problems) items.push(`${p.label}  ⚠️ ${problemText(p.reason)}`);
  }
  if (items.length > 0) parts.push({ type: 'list', items });
  if (status.protected) {
    parts.push({
      type: 'context',
      text: `${status.name} is protected: infrabot shows its status and never stops or starts it.`,
    });
  }
  const buttons: Button[] = [];
  if (!status.protected && !status.operation && summary.stoppable > 0) {
    if (summary.stopped > 0)
      buttons.push({ label: 'Start now', command: `start ${status.name}`, style: 'primary' });
    if (summary.stopped < summary.stoppable)
      buttons.push({ label: 'Stop now', command: `stop ${status.name}`, style: 'danger' });
  }
  return {
    title,
    ...(inventory && inventory.problems.length > 0
      ? { tone: notRead(status) ? ('danger' as const) : ('warning' as const) }
      : {}),
    parts,
    ...(buttons.length > 0 ? { buttons } : {}),
  };
}

/** `status` without an environment: one short line each. */
export function renderOverview(
  entries: Array<EnvironmentStatus | { name: string; failure: Failure }>,
  now: Date,
): Message {
  if (entries.length === 0) {
    return {
      title: 'No environments',
      parts: [
        {
          type: 'text',
          text: 'No environments are configured yet. Add one under `environments:` in infrabot.yml.',
        },
      ],
    };
  }
  const items = entries.map((entry) => {
    if ('failure' in entry) return `*${entry.name}* · could not read: ${whyUnreadable(entry.failure)}`;
    if (notRead(entry) && entry.inventory)
      return `*${entry.name}* · ${entry.region} · could not read: ${whyNotRead(entry.inventory.problems)}`;
    const summary = summarizeState(entry, now);
    const inventory = entry.inventory;
    const size = inventory
      ? ` · ${plural(inventory.services.length, 'service')}, ${plural(databasesOf(inventory).length, 'database')}`
      : '';
    const problems =
      inventory && inventory.problems.length > 0
        ? ` · ⚠️ ${plural(inventory.problems.length, 'problem')}`
        : '';
    return `*${entry.name}* · ${entry.region} · ${summary.text}${size}${problems}${entry.protected ? ' · protected' : ''}`;
  });
  return {
    title: 'Environments',
    parts: [
      { type: 'list', items },
      { type: 'context', text: '`status <env>` shows one environment resource by resource.' },
    ],
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

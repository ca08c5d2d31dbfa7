import { isTransitional, type NotStoppable, whyNotStoppable } from './database-rules.js';
import {
  type Database,
  type EcsServiceState,
  type Inventory,
  labelOf,
  type Problem,
  type SavedService,
  type ScalingBounds,
  STOPPED_BOUNDS,
  sameBounds,
  serviceKey,
} from './model.js';

/** What stop saves for a service: the counts and bounds start needs. */
export interface SavedCounts {
  desiredCount: number;
  autoscaling?: ScalingBounds;
}

export type StopChange =
  | {
      kind: 'scale-down';
      service: EcsServiceState;
      /** What start will restore; `write` is false when the store already holds exactly this. */
      save: SavedCounts & { write: boolean };
      /** Hold autoscaling at 0–0, suspended, so Application Auto Scaling can't bring it back. */
      lowerScaling: boolean;
      setDesired: boolean;
    }
  | {
      kind: 'stop-db';
      db: Database;
      /** Set when the database is busy (e.g. `modifying`): wait until it is available, then stop. */
      waitFrom?: string;
    };

export type StartChange =
  | {
      kind: 'start-db';
      db: Database;
      /** start: it is stopped; after-stop: it is stopping, start once stopped; wait: it is already starting. */
      mode: 'start' | 'after-stop' | 'wait';
    }
  | {
      kind: 'scale-up';
      service: EcsServiceState;
      saved: SavedService;
      /** The desired count it goes back to. */
      target: number;
      restoreScaling: boolean;
      setDesired: boolean;
    };

/** Why a resource is already where the operation would bring it. */
export type AlreadyThere =
  | { code: 'already-stopped' }
  | { code: 'draining'; running: number }
  | { code: 'already-stopping' }
  | { code: 'already-available' }
  | { code: 'already-running'; running: number; desired: number };

/** Why a resource is left out of the operation. */
export type SkipReason =
  | NotStoppable
  | { code: 'services-unread' }
  | { code: 'wrong-state'; status: string }
  | { code: 'no-saved-count' };

export interface PlanNote {
  label: string;
  note: AlreadyThere;
}

export interface PlanSkip {
  label: string;
  reason: SkipReason;
}

export interface Plan<C> {
  operation: 'stop' | 'start';
  environment: string;
  region: string;
  /** In the order they run. */
  changes: C[];
  /** Already where the operation would bring them. */
  unchanged: PlanNote[];
  /** Can't be stopped or started, and why. */
  skipped: PlanSkip[];
  /** Named by the config or the tags but unreadable (missing, access denied). */
  problems: Problem[];
}

export type StopPlan = Plan<StopChange>;
export type StartPlan = Plan<StartChange>;

export function hasChanges(plan: Plan<unknown>): boolean {
  return plan.changes.length > 0;
}

/** The desired count a saved service goes back to: its count, inside its autoscaling bounds. */
export function restoreCount(saved: Pick<SavedService, 'desiredCount' | 'autoscaling'>): number {
  const bounds = saved.autoscaling;
  if (!bounds) return saved.desiredCount;
  return Math.min(Math.max(saved.desiredCount, bounds.min), Math.max(bounds.min, bounds.max));
}

/** A service is stopped when it wants no tasks and autoscaling can't raise it. */
export function isServiceStopped(svc: EcsServiceState): boolean {
  return svc.desired === 0 && (!svc.autoscaling || svc.autoscaling.min === 0);
}

/**
 * Databases the plan looks at: Aurora members are left out when their cluster is part of the
 * environment (the cluster stands for them); otherwise they show up as skipped with the reason.
 */
export function databasesOf(inventory: Inventory): Database[] {
  const clusterIds = new Set(inventory.clusters.map((c) => c.id));
  const instances = inventory.instances.filter((i) => !(i.clusterId && clusterIds.has(i.clusterId)));
  return [...instances, ...inventory.clusters];
}

/**
 * Stop: services first (so nothing writes to a database that is going away), then databases.
 * What start needs is decided here: a service already at 0 keeps the count saved by the earlier
 * stop rather than saving its current 0.
 */
export function planStop(inventory: Inventory, saved: ReadonlyMap<string, SavedService>): StopPlan {
  const plan = emptyPlan<StopChange>('stop', inventory);
  for (const svc of inventory.services) {
    const label = labelOf(svc);
    if (isServiceStopped(svc)) {
      plan.unchanged.push({
        label,
        note: svc.running > 0 ? { code: 'draining', running: svc.running } : { code: 'already-stopped' },
      });
      continue;
    }
    const previous = saved.get(serviceKey(svc.cluster, svc.service));
    const save = countsToSave(svc, previous);
    const lowerScaling = svc.autoscaling !== undefined && !sameBounds(svc.autoscaling, STOPPED_BOUNDS);
    plan.changes.push({
      kind: 'scale-down',
      service: svc,
      save: { ...save, write: !previous || !sameCounts(previous, save) },
      lowerScaling,
      setDesired: svc.desired > 0,
    });
  }
  // A database is never stopped while a service that may use it could be running unseen.
  const unreadServices = inventory.problems.some((p) => p.kind !== 'rds');
  for (const db of databasesOf(inventory)) {
    const label = labelOf(db);
    const rule = whyNotStoppable(db);
    if (rule) {
      plan.skipped.push({ label, reason: rule });
    } else if (unreadServices && db.status !== 'stopped' && db.status !== 'stopping') {
      plan.skipped.push({ label, reason: { code: 'services-unread' } });
    } else if (db.status === 'stopped') {
      plan.unchanged.push({ label, note: { code: 'already-stopped' } });
    } else if (db.status === 'stopping') {
      plan.unchanged.push({ label, note: { code: 'already-stopping' } });
    } else if (db.status === 'available') {
      plan.changes.push({ kind: 'stop-db', db });
    } else if (isTransitional(db.status)) {
      plan.changes.push({ kind: 'stop-db', db, waitFrom: db.status });
    } else {
      plan.skipped.push({ label, reason: { code: 'wrong-state', status: db.status } });
    }
  }
  return plan;
}

/** Start: databases first, then services back to their saved counts and autoscaling bounds. */
export function planStart(inventory: Inventory, saved: ReadonlyMap<string, SavedService>): StartPlan {
  const plan = emptyPlan<StartChange>('start', inventory);
  for (const db of databasesOf(inventory)) {
    const label = labelOf(db);
    const rule = whyNotStoppable(db);
    if (rule) {
      plan.skipped.push({ label, reason: rule });
    } else if (db.status === 'available') {
      plan.unchanged.push({ label, note: { code: 'already-available' } });
    } else if (db.status === 'stopped') {
      plan.changes.push({ kind: 'start-db', db, mode: 'start' });
    } else if (db.status === 'stopping') {
      plan.changes.push({ kind: 'start-db', db, mode: 'after-stop' });
    } else if (isTransitional(db.status)) {
      // starting, modifying, backing-up…: it will be available by itself; wait for it.
      plan.changes.push({ kind: 'start-db', db, mode: 'wait' });
    } else {
      plan.skipped.push({ label, reason: { code: 'wrong-state', status: db.status } });
    }
  }
  for (const svc of inventory.services) {
    const label = labelOf(svc);
    const previous = saved.get(serviceKey(svc.cluster, svc.service));
    if (!previous) {
      if (isServiceStopped(svc)) {
        plan.skipped.push({ label, reason: { code: 'no-saved-count' } });
      } else {
        plan.unchanged.push({
          label,
          note: { code: 'already-running', running: svc.running, desired: svc.desired },
        });
      }
      continue;
    }
    const target = restoreCount(previous);
    const restoreScaling =
      previous.autoscaling !== undefined &&
      (!svc.autoscaling || !sameBounds(svc.autoscaling, previous.autoscaling));
    const setDesired = svc.desired !== target;
    if (!restoreScaling && !setDesired) {
      plan.unchanged.push({
        label,
        note: { code: 'already-running', running: svc.running, desired: svc.desired },
      });
      continue;
    }
    plan.changes.push({
      kind: 'scale-up',
      service: svc,
      saved: previous,
      target,
      restoreScaling,
      setDesired,
    });
  }
  return plan;
}

function emptyPlan<C>(operation: 'stop' | 'start', inventory: Inventory): Plan<C> {
  return {
    operation,
    environment: inventory.environment,
    region: inventory.region,
    changes: [],
    unchanged: [],
    skipped: [],
    problems: [...inventory.problems],
  };
}

/**
 * A running service saves its current count and bounds. One already at 0 (a second stop, or a
 * stop that failed half-way) keeps what was saved before: saving 0 would lose the real count.
 * Bounds already held at 0–0 by infrabot are never saved as the service's own.
 */
function countsToSave(svc: EcsServiceState, previous: SavedService | undefined): SavedCounts {
  const desiredCount = svc.desired > 0 ? svc.desired : (previous?.desiredCount ?? 0);
  const current = svc.autoscaling;
  const ownBounds = current && !(current.min === 0 && current.max === 0) ? current : undefined;
  const autoscaling = ownBounds ?? previous?.autoscaling ?? current;
  return { desiredCount, ...(autoscaling ? { autoscaling } : {}) };
}

function sameCounts(a: SavedCounts, b: SavedCounts): boolean {
  if (a.desiredCount !== b.desiredCount) return false;
  if (!a.autoscaling || !b.autoscaling) return a.autoscaling === b.autoscaling;
  return sameBounds(a.autoscaling, b.autoscaling);
}

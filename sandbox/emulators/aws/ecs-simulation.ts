import { randomHex, uuid } from './ids.js';
import type { EcsDeployment, EcsService } from './world-types.js';

/** ECS keeps the last 100 service events. */
const MAX_EVENTS = 100;

export function addServiceEvent(svc: EcsService, at: number, message: string): void {
  svc.events.unshift({ id: uuid(), createdAt: at, message });
  if (svc.events.length > MAX_EVENTS) svc.events.length = MAX_EVENTS;
}

/** ECS names at most a handful of tasks per event message. */
const TASKS_PER_EVENT = 10;

function taskList(n: number): string {
  return Array.from({ length: Math.min(n, TASKS_PER_EVENT) }, () => `(task ${randomHex(32)})`).join(' ');
}

/** ECS's circuit breaker: half the desired count, at least 3 and at most 200 failed tasks. */
export function failureThreshold(desired: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desired * 0.5)));
}

/** What `aws ecs wait services-stable` checks: one deployment, running = desired, nothing pending. */
export function isSteady(svc: EcsService): boolean {
  const primary = svc.deployments[0];
  return (
    svc.deployments.length === 1 &&
    primary !== undefined &&
    primary.runningCount === svc.desiredCount &&
    primary.pendingCount === 0
  );
}

export function runningCount(svc: EcsService): number {
  return svc.deployments.reduce((sum, d) => sum + d.runningCount, 0);
}

export function pendingCount(svc: EcsService): number {
  return svc.deployments.reduce((sum, d) => sum + d.pendingCount, 0);
}

/**
 * Advances one service by one scheduler tick, the way ECS converges: missing tasks are placed
 * (PENDING) together, then start one per tick; surplus tasks stop one per tick; during a rolling
 * deployment the old deployment drains one task per tick once the new one has made up the
 * capacity. Returns whether anything changed.
 */
export function stepService(svc: EcsService, at: number, broken = false): boolean {
  const [primary, ...older] = svc.deployments;
  if (!primary) return false;
  let changed = false;

  if (broken && primary.rolloutState === 'IN_PROGRESS') {
    // Tasks of a broken revision stop before they run; the circuit breaker counts them.
    if (primary.pendingCount > 0) {
      primary.pendingCount -= 1;
      primary.failedTasks += 1;
      addServiceEvent(
        svc,
        at,
        `(service ${svc.name}) (deployment ${primary.id}) task ${taskList(1)} failed to start: Essential container in task exited.`,
      );
    } else {
      primary.pendingCount = Math.max(1, primary.desiredCount - primary.runningCount);
    }
    primary.updatedAt = at;
    if (svc.circuitBreaker.enable && primary.failedTasks >= failureThreshold(svc.desiredCount)) {
      primary.rolloutState = 'FAILED';
      primary.pendingCount = 0;
      primary.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
      addServiceEvent(
        svc,
        at,
        `(service ${svc.name}) (deployment ${primary.id}) deployment failed: tasks failed to start.`,
      );
    }
    return true;
  }

  if (primary.pendingCount > 0) {
    primary.pendingCount -= 1;
    primary.runningCount += 1;
    changed = true;
  } else if (primary.runningCount < primary.desiredCount) {
    const missing = primary.desiredCount - primary.runningCount;
    primary.pendingCount = missing;
    addServiceEvent(svc, at, `(service ${svc.name}) has started ${missing} tasks: ${taskList(missing)}.`);
    changed = true;
  } else if (primary.runningCount > primary.desiredCount) {
    primary.runningCount -= 1;
    addServiceEvent(svc, at, `(service ${svc.name}) has stopped 1 running tasks: ${taskList(1)}.`);
    changed = true;
  }
  if (changed) primary.updatedAt = at;

  for (const old of older) {
    if (old.pendingCount > 0) {
      old.pendingCount = 0;
      old.updatedAt = at;
      changed = true;
      continue;
    }
    const surplus = runningCount(svc) > svc.desiredCount || primary.runningCount >= primary.desiredCount;
    if (old.runningCount > 0 && surplus) {
      old.runningCount -= 1;
      old.desiredCount = old.runningCount;
      old.updatedAt = at;
      addServiceEvent(svc, at, `(service ${svc.name}) has stopped 1 running tasks: ${taskList(1)}.`);
      changed = true;
    }
  }
  const drained = older.filter((d: EcsDeployment) => d.runningCount === 0 && d.pendingCount === 0);
  if (drained.length > 0) {
    svc.deployments = svc.deployments.filter((d) => !drained.includes(d));
    changed = true;
  }

  if (changed && isSteady(svc)) {
    if (primary.rolloutState === 'IN_PROGRESS') {
      primary.rolloutState = 'COMPLETED';
      addServiceEvent(svc, at, `(service ${svc.name}) (deployment ${primary.id}) deployment completed.`);
    }
    addServiceEvent(svc, at, `(service ${svc.name}) has reached a steady state.`);
  }
  return changed;
}

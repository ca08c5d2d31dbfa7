import { failureOf } from './environment-gateway.js';
import { mapLimit } from './map-limit.js';
import { labelOf, STOPPED_BOUNDS, serviceKey } from './model.js';
import type { OperationDeps } from './operation-deps.js';
import { WRITE_CONCURRENCY } from './operation-deps.js';
import { OperationTracker } from './operation-tracker.js';
import type { OperationOutcome } from './outcome.js';
import type { StopChange, StopPlan } from './plan.js';
import { finish } from './summary.js';
import { waitForDatabase, waitForServices } from './wait-for.js';

type ScaleDown = Extract<StopChange, { kind: 'scale-down' }>;
type StopDb = Extract<StopChange, { kind: 'stop-db' }>;

/**
 * Stops what the plan says, in the safe order: save what start needs → hold autoscaling at 0 and
 * set each service to 0 → wait for tasks to drain → stop databases → wait until stopped. One
 * service failing does not stop the other services; but no database is stopped unless every
 * service of the environment reached 0 (a running service may still be writing to it).
 */
export async function runStop(plan: StopPlan, deps: OperationDeps): Promise<OperationOutcome> {
  const env = plan.environment;
  const board = new OperationTracker(plan, deps.emit);
  const scaleDowns = plan.changes.filter((c): c is ScaleDown => c.kind === 'scale-down');
  const stopDbs = plan.changes.filter((c): c is StopDb => c.kind === 'stop-db');
  const interrupted = () => deps.signal?.aborted === true;

  // 1. Save before changing anything: if the store is unreachable, nothing is touched.
  const savedAt = deps.clock.now().toISOString();
  try {
    for (const change of scaleDowns) {
      if (!change.save.write) continue;
      const { cluster, service } = change.service;
      await deps.memory.saveService(env, {
        cluster,
        service,
        desiredCount: change.save.desiredCount,
        ...(change.save.autoscaling ? { autoscaling: change.save.autoscaling } : {}),
        savedAt,
        savedBy: deps.actor,
      });
    }
  } catch (error) {
    deps.logger.error({ err: error, environment: env }, 'could not save desired counts before stopping');
    board.closeOpen('skipped', 'save-failed');
    return finish(plan, board, deps, { saved: false });
  }

  // 2. Services: autoscaling first, or it would put the tasks straight back.
  const scaledDown: ScaleDown[] = [];
  await mapLimit(scaleDowns, WRITE_CONCURRENCY, async (change) => {
    if (interrupted()) return;
    const label = labelOf(change.service);
    const ref = { cluster: change.service.cluster, service: change.service.service };
    board.set(label, 'working', 'scaling-down', { from: change.service.desired, to: 0 });
    let heldScaling = false;
    try {
      if (change.lowerScaling) {
        await deps.gateway.setScaling(ref, STOPPED_BOUNDS);
        heldScaling = true;
      }
      if (change.setDesired) await deps.gateway.setDesiredCount(ref, 0);
      scaledDown.push(change);
      board.set(label, 'working', 'draining', { from: change.service.desired, to: 0 });
    } catch (error) {
      board.set(label, 'failed', 'scale-down-failed', { failure: failureOf(error), heldScaling });
    }
  });

  // 3. Let tasks drain before their database goes away.
  if (scaledDown.length > 0 && !interrupted()) {
    const before = new Map(
      scaledDown.map((c) => [serviceKey(c.service.cluster, c.service.service), c.service.desired]),
    );
    const stillRunning = await waitForServices(
      deps.gateway,
      scaledDown.map((c) => c.service),
      (svc) => svc.running === 0 && svc.pending === 0,
      deps.timing,
      (svc, done) => {
        const label = labelOf({ ...svc, kind: 'ecs' });
        if (done && board.get(label)?.state !== 'done') {
          const was = before.get(serviceKey(svc.cluster, svc.service));
          board.set(label, 'done', 'drained', was === undefined ? {} : { from: was, to: 0 });
        }
      },
    );
    for (const [key, wait] of stillRunning) {
      board.set(`ecs ${key}`, 'failed', 'still-running', {
        ...(wait.last ? { running: wait.last.running, desired: wait.last.desired } : {}),
        ...(wait.failure ? { failure: wait.failure } : {}),
      });
    }
  }

  // 4. Databases, only once every service is at 0.
  const servicesUp = scaleDowns
    .map((c) => labelOf(c.service))
    .filter((label) => board.get(label)?.state !== 'done');
  if (servicesUp.length > 0 || interrupted()) {
    for (const change of stopDbs)
      board.set(labelOf(change.db), 'skipped', interrupted() ? 'interrupted' : 'blocked-by-services', {
        waitingFor: servicesUp,
      });
    return finish(plan, board, deps, { saved: true, ...(interrupted() ? { interrupted: true } : {}) });
  }
  await mapLimit(stopDbs, WRITE_CONCURRENCY, async (change) => {
    const { db } = change;
    const label = labelOf(db);
    if (interrupted()) {
      board.set(label, 'skipped', 'interrupted');
      return;
    }
    try {
      if (change.waitFrom) {
        board.set(label, 'working', 'waiting-until-available', { status: change.waitFrom });
        const ready = await waitForDatabase(deps.gateway, db, ['available'], deps.timing);
        if (!ready.ok) {
          board.set(label, 'failed', 'database-busy', {
            ...(ready.status ? { status: ready.status } : {}),
            ...(ready.error ? { failure: failureOf(ready.error) } : {}),
          });
          return;
        }
      }
      await deps.gateway.stopDatabase(db);
      await deps.memory
        .saveDatabase(env, {
          kind: db.kind,
          id: db.id,
          stoppedAt: deps.clock.now().toISOString(),
          stoppedBy: deps.actor,
        })
        .catch((err) =>
          deps.logger.warn(
            { err, environment: env, db: db.id },
            'could not record when the database was stopped',
          ),
        );
      board.set(label, 'working', 'stopping');
    } catch (error) {
      board.set(label, 'failed', 'stop-failed', { failure: failureOf(error) });
      return;
    }
    const stopped = await waitForDatabase(deps.gateway, db, ['stopped'], deps.timing);
    if (stopped.ok) board.set(label, 'done', 'stopped');
    else if (stopped.error)
      // It can't be read any more (endpoint gone, access lost): say so instead of hoping.
      board.set(label, 'failed', 'still-stopping', {
        failure: failureOf(stopped.error),
        ...(stopped.status ? { status: stopped.status } : {}),
      });
    else board.set(label, 'warning', 'still-stopping', { status: stopped.status ?? 'stopping' });
  });

  return finish(plan, board, deps, { saved: true, ...(interrupted() ? { interrupted: true } : {}) });
}

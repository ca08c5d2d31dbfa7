import { failureOf } from './environment-gateway.js';
import { mapLimit } from './map-limit.js';
import { labelOf, serviceKey } from './model.js';
import type { OperationDeps } from './operation-deps.js';
import { WRITE_CONCURRENCY } from './operation-deps.js';
import { OperationTracker } from './operation-tracker.js';
import type { OperationOutcome } from './outcome.js';
import type { StartChange, StartPlan } from './plan.js';
import { finish } from './summary.js';
import { waitForDatabase, waitForServices } from './wait-for.js';

type StartDb = Extract<StartChange, { kind: 'start-db' }>;
type ScaleUp = Extract<StartChange, { kind: 'scale-up' }>;

/**
 * Start, the reverse of stop: databases first, waiting until they are available; then each
 * service gets its autoscaling bounds back (before its count, or the 0–0 hold would pull it
 * straight down again) and its saved desired count; then wait until services are stable.
 * Services stay stopped when a database they may need did not come up.
 */
export async function runStart(plan: StartPlan, deps: OperationDeps): Promise<OperationOutcome> {
  const env = plan.environment;
  const board = new OperationTracker(plan, deps.emit);
  const startDbs = plan.changes.filter((c): c is StartDb => c.kind === 'start-db');
  const scaleUps = plan.changes.filter((c): c is ScaleUp => c.kind === 'scale-up');
  const interrupted = () => deps.signal?.aborted === true;

  // 1. Databases.
  const unavailable: string[] = [];
  await mapLimit(startDbs, WRITE_CONCURRENCY, async (change) => {
    const { db } = change;
    const label = labelOf(db);
    if (interrupted()) {
      unavailable.push(label);
      board.set(label, 'skipped', 'interrupted');
      return;
    }
    try {
      if (change.mode === 'after-stop') {
        board.set(label, 'working', 'waiting-until-stopped');
        const stopped = await waitForDatabase(deps.gateway, db, ['stopped', 'available'], deps.timing);
        if (!stopped.ok) {
          unavailable.push(label);
          board.set(label, 'failed', 'still-stopping-before-start', {
            status: stopped.status ?? 'stopping',
            ...(stopped.error ? { failure: failureOf(stopped.error) } : {}),
          });
          return;
        }
      }
      if (change.mode !== 'wait') {
        const current =
          db.kind === 'db-instance'
            ? await deps.gateway.describeInstance(db.id)
            : await deps.gateway.describeCluster(db.id);
        if (current?.status === 'stopped') await deps.gateway.startDatabase(db);
      }
      board.set(label, 'working', 'starting');
    } catch (error) {
      unavailable.push(label);
      board.set(label, 'failed', 'start-failed', { failure: failureOf(error) });
      return;
    }
    const available = await waitForDatabase(deps.gateway, db, ['available'], deps.timing);
    if (!available.ok) {
      unavailable.push(label);
      board.set(label, 'failed', 'not-available', {
        status: available.status ?? 'starting',
        ...(available.error ? { failure: failureOf(available.error) } : {}),
      });
      return;
    }
    await deps.memory
      .forgetDatabase(env, db)
      .catch((err) =>
        deps.logger.warn({ err, environment: env, db: db.id }, 'could not forget the stop time'),
      );
    board.set(label, 'done', 'available');
  });

  if (unavailable.length > 0 || interrupted()) {
    for (const change of scaleUps) {
      board.set(labelOf(change.service), 'skipped', interrupted() ? 'interrupted' : 'blocked-by-databases', {
        waitingFor: unavailable,
      });
    }
    return finish(plan, board, deps, { saved: true, ...(interrupted() ? { interrupted: true } : {}) });
  }

  // 2. Services: bounds first, then the count.
  const scaledUp: ScaleUp[] = [];
  await mapLimit(scaleUps, WRITE_CONCURRENCY, async (change) => {
    const label = labelOf(change.service);
    if (interrupted()) {
      board.set(label, 'skipped', 'interrupted');
      return;
    }
    const ref = { cluster: change.service.cluster, service: change.service.service };
    board.set(label, 'working', 'restoring', { from: change.service.desired, to: change.target });
    try {
      if (change.restoreScaling && change.saved.autoscaling)
        await deps.gateway.setScaling(ref, change.saved.autoscaling);
      if (change.setDesired) await deps.gateway.setDesiredCount(ref, change.target);
    } catch (error) {
      board.set(label, 'failed', 'scale-up-failed', { failure: failureOf(error) });
      return;
    }
    await deps.memory
      .forgetService(env, ref.cluster, ref.service)
      .catch((err) =>
        deps.logger.warn({ err, environment: env, service: label }, 'could not forget the saved count'),
      );
    scaledUp.push(change);
    board.set(label, 'working', 'scaled-up', { from: change.service.desired, to: change.target });
  });

  // 3. Stable: every task running, nothing pending.
  if (scaledUp.length > 0) {
    const targets = new Map(scaledUp.map((c) => [serviceKey(c.service.cluster, c.service.service), c]));
    const notStable = await waitForServices(
      deps.gateway,
      scaledUp.map((c) => c.service),
      (svc) => svc.running === svc.desired && svc.pending === 0,
      deps.timing,
      (svc, done) => {
        const label = labelOf({ ...svc, kind: 'ecs' });
        if (!done || board.get(label)?.state === 'done') return;
        const change = targets.get(serviceKey(svc.cluster, svc.service));
        board.set(label, 'done', 'running', {
          running: svc.running,
          desired: svc.desired,
          ...(change?.saved.autoscaling ? { bounds: change.saved.autoscaling } : {}),
        });
      },
    );
    for (const [key, wait] of notStable) {
      board.set(`ecs ${key}`, 'warning', 'not-stable', {
        ...(wait.last ? { running: wait.last.running, desired: wait.last.desired } : {}),
        ...(wait.failure ? { failure: wait.failure } : {}),
      });
    }
  }
  return finish(plan, board, deps, { saved: true, ...(interrupted() ? { interrupted: true } : {}) });
}

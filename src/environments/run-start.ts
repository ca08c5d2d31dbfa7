import { explainAwsError } from '../aws/aws-errors.js';
import type { Message } from '../commands/message.js';
import { mapLimit } from './map-limit.js';
import { formatBounds, labelOf, serviceKey } from './model.js';
import type { OperationDeps } from './operation-deps.js';
import { WRITE_CONCURRENCY } from './operation-deps.js';
import { describeStartChange, type StartChange, type StartPlan } from './plan.js';
import { boardFor, finish } from './summary.js';
import { waitForDatabase, waitForServices } from './wait-for.js';

type StartDb = Extract<StartChange, { kind: 'start-db' }>;
type ScaleUp = Extract<StartChange, { kind: 'scale-up' }>;

/**
 * Start, the reverse of stop: databases first, waiting until they are available; then each
 * service gets its autoscaling bounds back (before its count, or the 0–0 hold would pull it
 * straight down again) and its saved desired count; then wait until services are stable.
 * Services stay stopped when a database they may need did not come up.
 */
export async function runStart(plan: StartPlan, deps: OperationDeps): Promise<Message> {
  const env = plan.environment;
  const board = boardFor(plan, describeStartChange);
  const step = (title: string) =>
    deps.emit(board.message(`Starting ${env} · ${board.finishedCount()}/${plan.changes.length} · ${title}`));
  const startDbs = plan.changes.filter((c): c is StartDb => c.kind === 'start-db');
  const scaleUps = plan.changes.filter((c): c is ScaleUp => c.kind === 'scale-up');

  // 1. Databases.
  const unavailable: string[] = [];
  await mapLimit(startDbs, WRITE_CONCURRENCY, async (change) => {
    const { db } = change;
    const label = labelOf(db);
    try {
      if (change.mode === 'after-stop') {
        board.set(label, 'working', 'waiting until it has stopped…');
        step(`${label} waiting`);
        const stopped = await waitForDatabase(deps.gateway, db, ['stopped', 'available'], deps.timing);
        if (!stopped.ok) {
          unavailable.push(label);
          board.set(
            label,
            'failed',
            `not started: it is still ${stopped.status ?? 'stopping'}; retry \`start ${env}\` in a few minutes`,
          );
          step(`${label} not started`);
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
      board.set(label, 'working', 'starting… (RDS takes a few minutes)');
      step(`${label} starting`);
    } catch (error) {
      unavailable.push(label);
      board.set(label, 'failed', `not started: ${explainAwsError(error)}`);
      step(`${label} failed`);
      return;
    }
    const available = await waitForDatabase(deps.gateway, db, ['available'], deps.timing);
    if (!available.ok) {
      unavailable.push(label);
      const why = available.error
        ? explainAwsError(available.error)
        : `it is still ${available.status ?? 'starting'}`;
      board.set(label, 'failed', `not available: ${why}`);
      step(`${label} not available`);
      return;
    }
    await deps.memory
      .forgetDatabase(env, db)
      .catch((err) =>
        deps.logger.warn({ err, environment: env, db: db.id }, 'could not forget the stop time'),
      );
    board.set(label, 'done', 'available');
    step(`${label} available`);
  });

  if (unavailable.length > 0) {
    for (const change of scaleUps) {
      board.set(
        labelOf(change.service),
        'skipped',
        `not started: waiting for ${unavailable.join(', ')} to be available`,
      );
    }
    step('services left stopped');
    return finish(plan, board, deps);
  }

  // 2. Services: bounds first, then the count.
  const scaledUp: ScaleUp[] = [];
  await mapLimit(scaleUps, WRITE_CONCURRENCY, async (change) => {
    const label = labelOf(change.service);
    const ref = { cluster: change.service.cluster, service: change.service.service };
    board.set(label, 'working', `restoring ${change.target} tasks…`);
    step(`${label} restoring`);
    try {
      if (change.restoreScaling && change.saved.autoscaling)
        await deps.gateway.setScaling(ref, change.saved.autoscaling);
      if (change.setDesired) await deps.gateway.setDesiredCount(ref, change.target);
    } catch (error) {
      board.set(label, 'failed', `not started: ${explainAwsError(error)}`);
      step(`${label} failed`);
      return;
    }
    await deps.memory
      .forgetService(env, ref.cluster, ref.service)
      .catch((err) =>
        deps.logger.warn({ err, environment: env, service: label }, 'could not forget the saved count'),
      );
    scaledUp.push(change);
    board.set(label, 'working', `${change.service.desired} → ${change.target} tasks; starting…`);
    step(`${label} starting`);
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
        const bounds = change?.saved.autoscaling ? `, ${formatBounds(change.saved.autoscaling)}` : '';
        board.set(label, 'done', `running ${svc.running} / ${svc.desired}${bounds}`);
        step(`${label} running`);
      },
    );
    for (const [key, svc] of notStable) {
      const where = svc ? `${svc.running} / ${svc.desired} running` : 'not yet stable';
      board.set(
        `ecs ${key}`,
        'warning',
        `${where}; ECS keeps starting tasks — check the service's events if it stays this way`,
      );
    }
  }
  return finish(plan, board, deps);
}

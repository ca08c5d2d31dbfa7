import { explainAwsError } from '../aws/aws-errors.js';
import type { Message } from '../commands/message.js';
import { mapLimit } from './map-limit.js';
import { labelOf, STOPPED_BOUNDS, serviceKey } from './model.js';
import type { OperationDeps } from './operation-deps.js';
import { WRITE_CONCURRENCY } from './operation-deps.js';
import { describeStopChange, type StopChange, type StopPlan } from './plan.js';
import { boardFor, finish } from './summary.js';
import { waitForDatabase, waitForServices } from './wait-for.js';

type ScaleDown = Extract<StopChange, { kind: 'scale-down' }>;
type StopDb = Extract<StopChange, { kind: 'stop-db' }>;

/**
 * Stops what the plan says, in the safe order: save what start needs → hold autoscaling at 0 and
 * set each service to 0 → wait for tasks to drain → stop databases → wait until stopped. One
 * resource failing does not stop the others; the summary says what did and did not change.
 */
export async function runStop(plan: StopPlan, deps: OperationDeps): Promise<Message> {
  const env = plan.environment;
  const board = boardFor(plan, describeStopChange);
  const step = (title: string) =>
    deps.emit(board.message(`Stopping ${env} · ${board.finishedCount()}/${plan.changes.length} · ${title}`));
  const scaleDowns = plan.changes.filter((c): c is ScaleDown => c.kind === 'scale-down');
  const stopDbs = plan.changes.filter((c): c is StopDb => c.kind === 'stop-db');

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
    for (const row of board.changes()) board.set(row.label, 'skipped', 'not changed');
    return board.message(`${env} was not stopped`, 'danger', [
      {
        type: 'text',
        text: `infrabot could not save the desired counts that \`start ${env}\` needs, so it changed nothing. Check the state store (\`infrabot doctor\`) and retry.`,
      },
    ]);
  }

  // 2. Services: autoscaling first, or it would put the tasks straight back.
  const scaledDown: ScaleDown[] = [];
  await mapLimit(scaleDowns, WRITE_CONCURRENCY, async (change) => {
    const label = labelOf(change.service);
    const ref = { cluster: change.service.cluster, service: change.service.service };
    board.set(label, 'working', 'scaling to 0…');
    step(`${label} scaling to 0`);
    let heldScaling = false;
    try {
      if (change.lowerScaling) {
        await deps.gateway.setScaling(ref, STOPPED_BOUNDS);
        heldScaling = true;
      }
      if (change.setDesired) await deps.gateway.setDesiredCount(ref, 0);
      scaledDown.push(change);
      board.set(label, 'working', `${change.service.desired} → 0 tasks; tasks stopping…`);
      step(`${label} set to 0`);
    } catch (error) {
      const why = explainAwsError(error);
      board.set(
        label,
        'failed',
        heldScaling
          ? `autoscaling is held at 0, but the desired count was not changed: ${why}`
          : `not changed: ${why}`,
      );
      step(`${label} failed`);
    }
  });

  // 3. Let tasks drain before their database goes away.
  if (scaledDown.length > 0) {
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
          board.set(label, 'done', wasTasks(before.get(serviceKey(svc.cluster, svc.service))));
          step(`${label} stopped`);
        }
      },
    );
    for (const [key, svc] of stillRunning) {
      board.set(
        `ecs ${key}`,
        'warning',
        `desired count is 0; ${svc?.running ?? 'some'} task(s) still stopping — ECS finishes by itself`,
      );
    }
  }

  // 4. Databases.
  await mapLimit(stopDbs, WRITE_CONCURRENCY, async (change) => {
    const { db } = change;
    const label = labelOf(db);
    try {
      if (change.waitFrom) {
        board.set(label, 'working', `waiting until available (now ${change.waitFrom})…`);
        step(`${label} waiting`);
        const ready = await waitForDatabase(deps.gateway, db, ['available'], deps.timing);
        if (!ready.ok) {
          board.set(
            label,
            'failed',
            `not stopped: it is still ${ready.status ?? 'busy'}; retry \`stop ${env}\` once it is available`,
          );
          step(`${label} not stopped`);
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
      board.set(label, 'working', 'stopping…');
      step(`${label} stopping`);
    } catch (error) {
      board.set(label, 'failed', `not stopped: ${explainAwsError(error)}`);
      step(`${label} failed`);
      return;
    }
    const stopped = await waitForDatabase(deps.gateway, db, ['stopped'], deps.timing);
    if (stopped.ok) board.set(label, 'done', 'stopped');
    else
      board.set(
        label,
        'warning',
        `AWS accepted the stop; it is still ${stopped.status ?? 'stopping'} and finishes by itself`,
      );
    step(`${label} ${stopped.ok ? 'stopped' : 'still stopping'}`);
  });

  return finish(plan, board, deps);
}

function wasTasks(count: number | undefined): string {
  if (count === undefined) return 'stopped';
  return `stopped (was ${count} task${count === 1 ? '' : 's'})`;
}

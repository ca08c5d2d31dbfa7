import type { OperationDeps } from './operation-deps.js';
import type { OperationTracker } from './operation-tracker.js';
import type { OperationOutcome } from './outcome.js';
import type { Plan, StartChange, StopChange } from './plan.js';

/**
 * How a stop or start ended, from each resource's last state. Also records it, for `status`
 * ("stopped since 21:00").
 */
export async function finish(
  plan: Plan<StopChange | StartChange>,
  board: OperationTracker,
  deps: OperationDeps,
  extra: { saved: boolean; interrupted?: boolean },
): Promise<OperationOutcome> {
  const outcome = board.outcome({ actor: deps.actor, ...extra });
  const env = plan.environment;
  await deps.memory
    .setRecord(env, {
      operation: plan.operation,
      outcome: outcome.kind === 'ok' ? 'done' : outcome.kind === 'partial' ? 'partial' : 'failed',
      at: deps.clock.now().toISOString(),
      by: deps.actor,
    })
    .catch((err) => deps.logger.warn({ err, environment: env }, 'could not record the end of the operation'));
  return outcome;
}

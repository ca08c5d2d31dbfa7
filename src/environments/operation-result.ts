import { formatLocalTime } from '../clock.js';
import { type CommandResult, failure, ok } from '../commands/result.js';
import type { EnvironmentService, Operation } from './environment-service.js';
import {
  describeStartChange,
  describeStopChange,
  hasChanges,
  type StartChange,
  type StartPlan,
  type StopChange,
  type StopPlan,
} from './plan.js';
import { renderPlan } from './render-plan.js';
import { boardFor } from './summary.js';

export interface OperationRequest {
  environment: string;
  operation: Operation;
  /** Who asked, as shown to people. */
  actor: string;
  dryRun: boolean;
  timeZone: string;
}

/**
 * `stop <env>` and `start <env>` as a command result: the plan for a dry run (and for the
 * confirmation run-command asks for), else the running operation with its progress, shown to
 * the channel so the team sees who stopped what.
 */
export async function operationResult(
  environments: EnvironmentService,
  request: OperationRequest,
): Promise<CommandResult> {
  const { environment, operation, actor, dryRun, timeZone } = request;
  if (dryRun) {
    const planned = await environments.plan(environment, operation);
    if (planned.kind === 'not-configured') return notConfigured(environment, operation);
    return {
      ...ok(renderPlan(planned.plan, timeZone, planned.running)),
      noChange: !hasChanges(planned.plan),
    };
  }
  const run = await environments.run(environment, operation, actor);
  switch (run.kind) {
    case 'not-configured':
      return notConfigured(environment, operation);
    case 'busy': {
      const holder = run.holder;
      const what = holder
        ? `being ${holder.operation === 'stop' ? 'stopped' : 'started'} by ${holder.by} (since ${formatLocalTime(new Date(holder.startedAt), timeZone)})`
        : 'being stopped or started right now';
      return failure(
        `${environment} is already ${what}. Wait for it to finish — \`status ${environment}\` shows where it is — then ${operation} it if still needed.`,
      );
    }
    case 'nothing-to-do': {
      const message = renderPlan(run.plan, timeZone);
      return { ...ok(message), auditDetail: message.title ?? 'nothing to do', noChange: true };
    }
    case 'started': {
      const n = run.plan.changes.length;
      const board =
        run.plan.operation === 'stop'
          ? boardFor(run.plan as StopPlan, (c: StopChange) => describeStopChange(c))
          : boardFor(run.plan as StartPlan, (c: StartChange) => describeStartChange(c));
      return {
        outcome: 'ok',
        visibility: 'channel',
        message: board.message(
          `${operation === 'stop' ? 'Stopping' : 'Starting'} ${environment} · 0/${n} · asked by ${actor}`,
        ),
        progress: run.progress,
      };
    }
  }
}

function notConfigured(environment: string, operation: Operation): CommandResult {
  return failure(
    `${environment} names no resources, so there is nothing to ${operation}. Add \`ecs\`, \`rds\` or \`select.tags\` under \`environments.${environment}\` in infrabot.yml.`,
  );
}

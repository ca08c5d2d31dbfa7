import { formatLocalTime } from '../../clock.js';
import type { EnvironmentService, Operation } from '../../environments/environment-service.js';
import type { ActorRef } from '../../environments/model.js';
import { isSuccess, type OperationEvent } from '../../environments/outcome.js';
import { hasChanges } from '../../environments/plan.js';
import type { Message } from '../message.js';
import { actorText } from '../render/render-actor.js';
import { nothingRead, renderPlan } from '../render/render-plan.js';
import { ProgressView } from '../render/render-progress.js';
import { renderSummary } from '../render/render-summary.js';
import { type CommandResult, type Completion, failure, ok } from '../result.js';

export interface OperationRequest {
  environment: string;
  operation: Operation;
  actor: ActorRef;
  dryRun: boolean;
  timeZone: string;
  signal?: AbortSignal;
}

/**
 * `stop <env>` and `start <env>` as a command result: the plan for a dry run (and for the
 * confirmation run-command asks for), else the running operation with its progress, shown to
 * the channel so the team sees who stopped what. Success comes from the outcome's kind.
 */
export async function operationResult(
  environments: EnvironmentService,
  request: OperationRequest,
): Promise<CommandResult> {
  const { environment, operation, actor, dryRun, timeZone } = request;
  if (dryRun) {
    const planned = await environments.plan(environment, operation);
    if (planned.kind === 'not-configured') return notConfigured(environment, operation);
    const message = renderPlan(planned.plan, timeZone, planned.running);
    // A plan resting on nothing that could be read is no plan, and "nothing to do" is only true
    // when everything was read: say so, and fail (as the real run would).
    const plan = planned.plan;
    if (nothingRead(plan) || (!hasChanges(plan) && plan.problems.length > 0)) return notRead(message);
    return { ...ok(message), noChange: !hasChanges(planned.plan) };
  }
  const run = await environments.run(environment, operation, actor, {
    ...(request.signal ? { signal: request.signal } : {}),
  });
  switch (run.kind) {
    case 'not-configured':
      return notConfigured(environment, operation);
    case 'busy': {
      const holder = run.holder;
      const what = holder
        ? `being ${holder.operation === 'stop' ? 'stopped' : 'started'} by ${actorText(holder.by)} (since ${formatLocalTime(new Date(holder.startedAt), timeZone)})`
        : 'being stopped or started right now';
      return failure(
        `${environment} is already ${what}. Wait for it to finish — \`status ${environment}\` shows where it is — then ${operation} it if still needed.`,
      );
    }
    case 'nothing-to-do': {
      const message = renderPlan(run.plan, timeZone);
      const kind = run.outcome.kind;
      const detail = message.title ?? kind;
      const completion = Promise.resolve<Completion>({
        outcome: isSuccess(kind) ? 'ok' : 'error',
        detail,
        kind,
      });
      if (!isSuccess(kind)) return { ...notRead(message), completion };
      return { ...ok(message), auditDetail: detail, noChange: true, completion };
    }
    case 'started': {
      const view = new ProgressView(run.plan, actorText(actor));
      const completion: Promise<Completion> = run.done.then((outcome) => ({
        outcome: isSuccess(outcome.kind) ? 'ok' : 'error',
        // A fresh rendering: the view itself follows the events as they are read.
        detail: renderSummary(outcome, { type: 'list', items: [] }, actorText(actor)).title ?? outcome.kind,
        kind: outcome.kind,
      }));
      return {
        outcome: 'ok',
        visibility: 'channel',
        message: view.first(),
        progress: messagesOf(run.progress, view),
        completion,
      };
    }
  }
}

async function* messagesOf(
  events: AsyncIterable<OperationEvent>,
  view: ProgressView,
): AsyncIterable<Message> {
  for await (const event of events) yield view.apply(event);
}

function notRead(message: Message): CommandResult {
  return { outcome: 'error', message, visibility: 'private', auditDetail: message.title ?? 'could not read' };
}

function notConfigured(environment: string, operation: Operation): CommandResult {
  return failure(
    `${environment} names no resources, so there is nothing to ${operation}. Add \`ecs\`, \`rds\` or \`select.tags\` under \`environments.${environment}\` in infrabot.yml.`,
  );
}

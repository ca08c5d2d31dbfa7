import {
  isRemediationSuccess,
  type RemediationEvent,
  type RemediationKind,
} from '../../incidents/remediation.js';
import type { CommandContext } from '../context.js';
import { actorRef } from '../context.js';
import type { Message } from '../message.js';
import { actorText } from '../render/render-actor.js';
import {
  planProblem,
  RemediationView,
  remediationHeadline,
  renderRemediationPlan,
} from '../render/render-remediation.js';
import { type CommandResult, type Completion, failure, ok } from '../result.js';
import type { CommonFlags } from '../verb.js';
import { NO_INCIDENT_CONTEXT } from './service-param.js';

/**
 * `restart` and `scale` as a command result, like stop/start: the plan for a dry run (and the
 * confirmation run-command asks for), else the running change with its progress edited into one
 * message, shown to the channel. Success and the audit come from the outcome's kind.
 */
export async function remediationResult(
  request: { kind: RemediationKind; env: string; service: string; target?: number; force: boolean },
  ctx: CommandContext,
  flags: CommonFlags,
): Promise<CommandResult> {
  const incidents = ctx.services.incidents;
  if (!incidents) return failure(NO_INCIDENT_CONTEXT);
  const planned = await incidents.plan({
    kind: request.kind,
    environment: request.env,
    service: request.service,
    ...(request.target !== undefined ? { target: request.target } : {}),
    force: request.force,
  });
  if (planned.kind === 'no-change') {
    return {
      ...ok({ parts: [{ type: 'text', text: planProblem(planned, request.env, request.service) }] }),
      noChange: true,
    };
  }
  if (planned.kind !== 'plan') return failure(planProblem(planned, request.env, request.service));
  if (flags.dryRun) return ok(renderRemediationPlan(planned.plan));
  const actor = actorRef(ctx.actor);
  const view = new RemediationView(planned.plan, actorText(actor));
  const run = incidents.run(planned.plan, actor, ctx.signal);
  const completion: Promise<Completion> = run.done.then((outcome) => ({
    outcome: isRemediationSuccess(outcome.kind) ? 'ok' : 'error',
    detail: remediationHeadline(outcome),
  }));
  return {
    outcome: 'ok',
    visibility: 'channel',
    message: view.first(),
    progress: messagesOf(run.events, view),
    completion,
  };
}

async function* messagesOf(
  events: AsyncIterable<RemediationEvent>,
  view: RemediationView,
): AsyncIterable<Message> {
  for await (const event of events) yield view.apply(event);
}

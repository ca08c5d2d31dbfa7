import { formatBounds } from '../../environments/model.js';
import type {
  PlanResult,
  RemediationEvent,
  RemediationOutcome,
  RemediationPlan,
  ServiceSnapshot,
} from '../../incidents/remediation.js';
import { formatDuration } from '../../util/duration.js';
import { echo } from '../../util/echo.js';
import { explainFailure, whyUnreadable } from '../explain-error.js';
import type { Message, MessagePart } from '../message.js';

function label(plan: RemediationPlan): string {
  return `${plan.environment} ${plan.ref.cluster}/${plan.ref.service}`;
}

function deploymentsLine(s: ServiceSnapshot): string {
  return s.deployments
    .map((d) => {
      const state = d.rolloutState === 'FAILED' ? '❌ FAILED' : d.rolloutState === 'COMPLETED' ? '✅' : '⏳';
      return `${d.status.toLowerCase()} ${state} ${d.running}/${d.desired}${d.failedTasks > 0 ? ` (${d.failedTasks} failed to start)` : ''}`;
    })
    .join(' · ');
}

/** What a restart or scale would do: the dry run, and the confirmation's text. */
export function renderRemediationPlan(plan: RemediationPlan): Message {
  const b = plan.before;
  const parts: MessagePart[] = [];
  if (plan.kind === 'restart') {
    parts.push({
      type: 'text',
      text: `Restart *${echo(label(plan), 120)}*: ECS starts ${b.desired} new task${b.desired === 1 ? '' : 's'} of the same revision and stops the running ones once the new ones are healthy.${plan.circuitBreaker?.enable ? ' The deployment circuit breaker is on: if the new tasks fail, ECS rolls back.' : ' The deployment circuit breaker is off: if the new tasks fail, ECS keeps trying.'}`,
    });
  } else {
    parts.push({
      type: 'text',
      text: `Scale *${echo(label(plan), 120)}* from ${b.desired} to ${plan.target} task${plan.target === 1 ? '' : 's'}.`,
    });
    if (plan.bounds) {
      parts.push({
        type: 'context',
        text: plan.forced
          ? `⚠️ Outside its autoscaling bounds (${formatBounds(plan.bounds)}), forced: Application Auto Scaling may move it back into range.`
          : `Autoscaling: ${formatBounds(plan.bounds)}.`,
      });
    }
  }
  parts.push({
    type: 'context',
    text: `Now: ${b.running} running / ${b.desired} desired · ${deploymentsLine(b)}`,
  });
  return {
    title: `${plan.kind === 'restart' ? 'Restart' : 'Scale'} ${plan.ref.service} in ${plan.environment}?`,
    tone: 'warning',
    parts,
  };
}

/** The plan could not be made: why, and what to type instead. */
export function planProblem(
  result: Exclude<PlanResult, { kind: 'plan' }>,
  environment: string,
  service: string,
): string {
  switch (result.kind) {
    case 'service-not-found':
      return `*${echo(environment)}* has no ECS service \`${echo(service)}\`.${result.known.length > 0 ? ` Its services: ${result.known.map((k) => `\`${echo(k)}\``).join(', ')}.` : ''}${result.unreadable.length > 0 ? ` (Some could not be listed: ${result.unreadable.map((u) => `${echo(u.label, 60)} — ${whyUnreadable(u.failure)}`).join('; ')}.)` : ''}`;
    case 'ambiguous':
      return `\`${echo(service)}\` is in several clusters: ${result.matches.map((m) => `\`${echo(`${m.cluster}/${m.service}`, 80)}\``).join(', ')}. Name it as \`cluster/service\`.`;
    case 'unreadable':
      return `infrabot could not read \`${echo(service)}\` in ${echo(environment)} (${whyUnreadable(result.failure)}), so it changed nothing.`;
    case 'out-of-bounds':
      return `${echo(service)} autoscales between ${result.bounds.min} and ${result.bounds.max}: Application Auto Scaling would put ${result.plan.target} back into that range. Pick a count from ${result.bounds.min} to ${result.bounds.max}, or add \`--force\` if you mean it.`;
    case 'no-change':
      return `${echo(service)} in ${echo(environment)} already wants ${result.plan.target} task${result.plan.target === 1 ? '' : 's'}: nothing to change.`;
  }
}

/** One message, edited as ECS converges; the last version is the summary. */
export class RemediationView {
  private last?: ServiceSnapshot;
  private deploymentId?: string;
  private throttled?: string;

  constructor(
    private readonly plan: RemediationPlan,
    private readonly actor: string,
  ) {}

  first(): Message {
    return this.progress('asking ECS');
  }

  apply(event: RemediationEvent): Message {
    switch (event.type) {
      case 'changed':
        if (event.deploymentId) this.deploymentId = event.deploymentId;
        return this.progress('ECS accepted the change');
      case 'reading':
        this.last = event.snapshot;
        this.throttled = undefined;
        return this.progress(`${event.snapshot.running}/${event.snapshot.desired} running`);
      case 'throttled':
        this.throttled = `AWS is throttling ${event.call}; retrying in ${formatDuration(event.delayMs)} (attempt ${event.attempt})`;
        return this.progress('waiting for AWS');
      case 'finished':
        return renderRemediationSummary(event.outcome, this.actor);
    }
  }

  private progress(state: string): Message {
    const verb = this.plan.kind === 'restart' ? 'Restarting' : `Scaling to ${this.plan.target}`;
    const parts: MessagePart[] = [
      { type: 'text', text: `🔄 ${verb} *${echo(label(this.plan), 120)}* · ${state}` },
    ];
    if (this.last) parts.push({ type: 'context', text: deploymentsLine(this.last) });
    if (this.throttled) parts.push({ type: 'context', text: this.throttled });
    parts.push({
      type: 'context',
      text: `asked by ${this.actor}${this.deploymentId ? ` · deployment ${echo(this.deploymentId, 60)}` : ''}`,
    });
    return { title: `${verb} ${this.plan.ref.service} in ${this.plan.environment}`, tone: 'info', parts };
  }
}

export function remediationHeadline(outcome: RemediationOutcome): string {
  const { plan } = outcome;
  const what = `${plan.ref.service} in ${plan.environment}`;
  switch (outcome.kind) {
    case 'ok':
      return plan.kind === 'restart'
        ? `${what} restarted and steady`
        : `${what} scaled to ${plan.target} and steady`;
    case 'rolled-back':
      return `${plan.kind === 'restart' ? 'Restart' : 'Scale'} of ${what} failed: rolled back`;
    case 'clamped':
      return `Scale of ${what} undone by autoscaling`;
    case 'not-steady':
      return `${what} not steady yet`;
    case 'busy':
      return `${what} is already being restarted or scaled`;
    case 'interrupted':
      return `${plan.kind === 'restart' ? 'Restart' : 'Scale'} of ${what} interrupted`;
    case 'failed':
      return `${plan.kind === 'restart' ? 'Restart' : 'Scale'} of ${what} failed`;
  }
}

export function renderRemediationSummary(outcome: RemediationOutcome, actor: string): Message {
  const parts: MessagePart[] = [];
  const after = outcome.after;
  switch (outcome.kind) {
    case 'ok':
      parts.push({
        type: 'text',
        text: `✅ ${after ? `${after.running}/${after.desired} tasks running on one deployment` : 'steady'}, after ${formatDuration(outcome.tookMs)}.`,
      });
      break;
    case 'rolled-back':
      parts.push({
        type: 'text',
        text: `❌ The new tasks did not start, and the deployment circuit breaker rolled the service back. ECS says: “${echo(outcome.rolloutStateReason ?? 'rolled back', 200)}”. The old revision keeps serving; look at the errors (\`errors ${plan(outcome)}\`) before trying again.`,
      });
      break;
    case 'clamped':
      parts.push({
        type: 'text',
        text: `⚠️ Application Auto Scaling moved the desired count to ${after?.desired ?? '?'} (its bounds${outcome.plan.bounds ? `: ${formatBounds(outcome.plan.bounds)}` : ''}). Change the bounds in your infrastructure code to keep another count.`,
      });
      break;
    case 'not-steady':
      parts.push({
        type: 'text',
        text: `⚠️ infrabot stopped watching after ${formatDuration(outcome.tookMs)}; ECS is still converging${after ? ` (${after.running}/${after.desired} running)` : ''}. \`status ${outcome.plan.environment}\` shows where it is.`,
      });
      break;
    case 'busy':
      parts.push({
        type: 'text',
        text: 'Someone else is restarting or scaling this service right now. Wait for it to finish, then try again if still needed.',
      });
      break;
    case 'interrupted':
      parts.push({
        type: 'text',
        text: 'infrabot stopped watching; the change already asked of ECS goes on by itself.',
      });
      break;
    case 'failed':
      parts.push({
        type: 'text',
        text: `❌ ${outcome.failure ? explainFailure(outcome.failure) : 'ECS did not accept the change'}.`,
      });
      break;
  }
  if (after) parts.push({ type: 'context', text: deploymentsLine(after) });
  parts.push({
    type: 'context',
    text: `asked by ${actor}${outcome.deploymentId ? ` · deployment ${echo(outcome.deploymentId, 60)}` : ''}`,
  });
  return { title: remediationHeadline(outcome), tone: outcome.kind === 'ok' ? 'success' : 'danger', parts };
}

function plan(outcome: RemediationOutcome): string {
  return `${outcome.plan.environment} ${outcome.plan.ref.service}`;
}

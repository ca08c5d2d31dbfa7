import { formatLocalTime } from '../../clock.js';
import type { OperationInfo } from '../../environments/model.js';
import { changeRef } from '../../environments/operation-tracker.js';
import type { StartPlan, StopPlan } from '../../environments/plan.js';
import type { Message, MessagePart } from '../message.js';
import { describeChange } from './describe-change.js';
import { actorText } from './render-actor.js';
import { alreadyText, skipText } from './render-plan-notes.js';
import { problemText, whyNotRead } from './render-problem.js';

/** Nothing could be read: every resource the config names is a problem. */
export function nothingRead(plan: StopPlan | StartPlan): boolean {
  return plan.changes.length + plan.unchanged.length + plan.skipped.length === 0 && plan.problems.length > 0;
}

/**
 * The plan of a stop or start as a message: what will change, what is already there, what
 * can't be stopped and why, what could not be read. Used for `--dry-run`, for the confirmation
 * before the real run, and when a run finds nothing to do.
 */
export function renderPlan(plan: StopPlan | StartPlan, timeZone: string, running?: OperationInfo): Message {
  const env = plan.environment;
  const stop = plan.operation === 'stop';
  const parts: MessagePart[] = [];
  const empty =
    plan.changes.length + plan.unchanged.length + plan.skipped.length + plan.problems.length === 0;
  let title: string;
  if (empty) {
    title = `${env} · ${plan.region} · no resources found`;
    parts.push({
      type: 'text',
      text: `infrabot found nothing to ${plan.operation} in ${plan.region}. Check \`environments.${env}\` in infrabot.yml: its \`ecs\` and \`rds\` lists, or the \`select.tags\` and whether the resources carry them.`,
    });
  } else if (nothingRead(plan)) {
    title = `could not read ${env}: ${whyNotRead(plan.problems)}`;
  } else if (plan.changes.length === 0 && plan.problems.length > 0) {
    title = `${env}: nothing to ${plan.operation} in what could be read · ${plan.problems.length} could not be read`;
  } else if (plan.changes.length === 0) {
    title = `${env} is already ${stop ? 'stopped' : 'running'}: nothing to do`;
  } else {
    const n = plan.changes.length;
    title = `${stop ? 'Stop' : 'Start'} ${env} · ${plan.region} · ${n} change${n === 1 ? '' : 's'}`;
    parts.push({ type: 'text', text: '*Will change*' });
    parts.push({ type: 'list', items: plan.changes.map((c) => `${changeRef(c)} — ${describeChange(c)}`) });
  }
  if (plan.unchanged.length > 0) {
    parts.push({ type: 'text', text: stop ? '*Already stopped*' : '*Already running*' });
    parts.push({ type: 'list', items: plan.unchanged.map((u) => `${u.label} — ${alreadyText(u.note)}`) });
  }
  if (plan.skipped.length > 0) {
    parts.push({ type: 'text', text: '*Skipped*' });
    parts.push({
      type: 'list',
      items: plan.skipped.map((s) => `${s.label} — ${skipText(s.reason, plan.operation)}`),
    });
  }
  if (plan.problems.length > 0) {
    parts.push({ type: 'text', text: '*Could not read (left alone)*' });
    parts.push({ type: 'list', items: plan.problems.map((p) => `${p.label} — ${problemText(p.reason)}`) });
    parts.push({
      type: 'context',
      text: `Check the names (or tags) under \`environments.${env}\` in infrabot.yml, infrabot's AWS credentials and permissions (\`infrabot doctor\`).`,
    });
  }
  if (plan.changes.length > 0) {
    parts.push({
      type: 'context',
      text: stop
        ? 'Saves each desired count and autoscaling bounds first, holds autoscaling at 0, scales services to 0, then stops the databases.'
        : 'Starts the databases first and waits until they are available, then restores autoscaling bounds and desired counts.',
    });
  }
  if (running) {
    const verb = running.operation === 'stop' ? 'stopped' : 'started';
    parts.push({
      type: 'context',
      text: `⚠️ ${env} is being ${verb} by ${actorText(running.by)} right now (since ${formatLocalTime(new Date(running.startedAt), timeZone)}).`,
    });
  }
  const tone = nothingRead(plan)
    ? ('danger' as const)
    : plan.problems.length > 0
      ? ('warning' as const)
      : undefined;
  return { title, ...(tone ? { tone } : {}), parts };
}

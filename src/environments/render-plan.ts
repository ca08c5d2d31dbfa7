import { formatLocalTime } from '../clock.js';
import type { Message, MessagePart } from '../commands/message.js';
import type { OperationInfo } from './model.js';
import {
  describeStartChange,
  describeStopChange,
  type StartChange,
  type StartPlan,
  type StopChange,
  type StopPlan,
} from './plan.js';
import { changeLabel } from './summary.js';

/**
 * The plan of a stop or start as a message: what will change, what is already there, what
 * can't be stopped and why. Used for `--dry-run` and for the confirmation before the real run.
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
  } else if (plan.changes.length === 0) {
    title = `${env} is already ${stop ? 'stopped' : 'running'}: nothing to do`;
  } else {
    const n = plan.changes.length;
    title = `${stop ? 'Stop' : 'Start'} ${env} · ${plan.region} · ${n} change${n === 1 ? '' : 's'}`;
    const describe = (c: StopChange | StartChange) =>
      c.kind === 'scale-down' || c.kind === 'stop-db' ? describeStopChange(c) : describeStartChange(c);
    parts.push({ type: 'text', text: '*Will change*' });
    parts.push({ type: 'list', items: plan.changes.map((c) => `${changeLabel(c)} — ${describe(c)}`) });
  }
  if (plan.unchanged.length > 0) {
    parts.push({ type: 'text', text: stop ? '*Already stopped*' : '*Already running*' });
    parts.push({ type: 'list', items: plan.unchanged.map((u) => `${u.label} — ${u.note}`) });
  }
  if (plan.skipped.length > 0) {
    parts.push({ type: 'text', text: '*Skipped*' });
    parts.push({ type: 'list', items: plan.skipped.map((s) => `${s.label} — ${s.reason}`) });
  }
  if (plan.problems.length > 0) {
    parts.push({ type: 'text', text: '*Could not read (left alone)*' });
    parts.push({ type: 'list', items: plan.problems.map((p) => `${p.label} — ${p.reason}`) });
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
      text: `⚠️ ${env} is being ${verb} by ${running.by} right now (since ${formatLocalTime(new Date(running.startedAt), timeZone)}).`,
    });
  }
  return { title, ...(plan.problems.length > 0 ? { tone: 'warning' as const } : {}), parts };
}

import type { Message, MessagePart, Tone } from '../commands/message.js';
import { labelOf } from './model.js';
import type { OperationDeps } from './operation-deps.js';
import type { Plan, StartChange, StopChange } from './plan.js';
import { ProgressBoard } from './progress-board.js';

export function changeLabel(change: StopChange | StartChange): string {
  return labelOf(change.kind === 'scale-down' || change.kind === 'scale-up' ? change.service : change.db);
}

/** The board a stop or start starts from: its changes pending, everything else with its note. */
export function boardFor<C extends StopChange | StartChange>(
  plan: Plan<C>,
  describe: (change: C) => string,
): ProgressBoard {
  const board = new ProgressBoard();
  for (const change of plan.changes) board.add(changeLabel(change), 'pending', describe(change), true);
  for (const u of plan.unchanged) board.add(u.label, 'unchanged', u.note);
  for (const s of plan.skipped) board.add(s.label, 'skipped', `skipped: ${s.reason}`);
  for (const p of plan.problems) board.add(p.label, 'failed', `could not read: ${p.reason}`);
  return board;
}

/**
 * The last message of a stop or start: what changed, what did not and why, how to retry. Also
 * records how it ended, for `status` ("stopped since 21:00").
 */
export async function finish(
  plan: Plan<StopChange | StartChange>,
  board: ProgressBoard,
  deps: OperationDeps,
): Promise<Message> {
  const env = plan.environment;
  const verb = plan.operation;
  const past = verb === 'stop' ? 'stopped' : 'started';
  const changes = board.changes();
  const notChanged = changes.filter(
    (r) => r.state === 'failed' || r.state === 'skipped' || r.state === 'pending' || r.state === 'working',
  );
  const finishing = changes.filter((r) => r.state === 'warning');
  const changed = changes.length - notChanged.length;
  const outcome = notChanged.length === 0 ? 'done' : changed > 0 ? 'partial' : 'failed';
  await deps.memory
    .setRecord(env, { operation: verb, outcome, at: deps.clock.now().toISOString(), by: deps.actor })
    .catch((err) => deps.logger.warn({ err, environment: env }, 'could not record the end of the operation'));

  const counts = [
    `${changed} changed`,
    ...(plan.unchanged.length > 0
      ? [`${plan.unchanged.length} already ${verb === 'stop' ? 'stopped' : 'running'}`]
      : []),
    ...(plan.skipped.length > 0 ? [`${plan.skipped.length} skipped`] : []),
    ...(plan.problems.length > 0 ? [`${plan.problems.length} unreadable`] : []),
  ].join(' · ');
  const parts: MessagePart[] = [{ type: 'context', text: counts }];
  let title: string;
  let tone: Tone;
  if (outcome === 'done') {
    title = `${env} ${past}${finishing.length > 0 ? ` · ${finishing.length} still finishing` : ''}`;
    tone = plan.problems.length > 0 || finishing.length > 0 ? 'warning' : 'success';
    parts.push({
      type: 'text',
      text:
        verb === 'stop'
          ? `Desired counts and autoscaling bounds are saved; \`start ${env}\` puts them back.`
          : 'Services are back at their saved desired counts and autoscaling bounds.',
    });
  } else {
    title = `${env} ${outcome === 'partial' ? `partly ${past}` : `not ${past}`} · ${notChanged.length} not changed`;
    tone = 'danger';
    const names = notChanged.map((r) => r.label).join(', ');
    parts.push({
      type: 'text',
      text: `*Not changed:* ${names} (reasons above).${changed > 0 ? ' Everything marked ✅ or ⚠️ changed.' : ''} Fix the cause and run \`${verb} ${env}\` again: it only touches what is not ${past} yet.`,
    });
  }
  if (plan.problems.length > 0) {
    parts.push({
      type: 'text',
      text: `${plan.problems.length} resource${plan.problems.length === 1 ? '' : 's'} could not be read and ${plan.problems.length === 1 ? 'was' : 'were'} left alone: check the names (or tags) under \`environments.${env}\` in infrabot.yml and infrabot's AWS permissions.`,
    });
  }
  return board.message(title, tone, parts);
}

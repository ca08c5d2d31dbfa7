import { formatBounds } from '../../environments/model.js';
import { changeRef } from '../../environments/operation-tracker.js';
import type {
  OperationEvent,
  OperationOutcome,
  ResourceProgress,
  ResourceState,
} from '../../environments/outcome.js';
import type { StartPlan, StopPlan } from '../../environments/plan.js';
import { explainFailure } from '../explain-error.js';
import type { Message, MessagePart } from '../message.js';
import { describeChange } from './describe-change.js';
import { alreadyText, skipText } from './render-plan-notes.js';
import { problemText } from './render-problem.js';
import { renderSummary } from './render-summary.js';

const MARK: Record<ResourceState, string> = {
  pending: '⏳',
  working: '🔄',
  done: '✅',
  unchanged: '▫️',
  skipped: '⏭️',
  failed: '❌',
  warning: '⚠️',
};

/** Rows whose words come from the plan (what the view was built with). */
const FROM_PLAN = new Set<ResourceProgress['reason']>([
  'planned',
  'unchanged',
  'cannot-change',
  'unreadable',
]);

/** Rows shown at most; a 200-service environment still fits one Slack message. */
const MAX_ROWS = 80;

export interface Row {
  ref: string;
  state: ResourceState;
  text: string;
}

/**
 * The progress message of one stop or start: built from the plan, then moved by each event the
 * operation reports. `apply` returns the next version of the message; the last is the summary.
 */
export class ProgressView {
  private readonly rows = new Map<string, Row>();
  private readonly env: string;
  private readonly gerund: string;

  constructor(
    private readonly plan: StopPlan | StartPlan,
    private readonly actor: string,
  ) {
    this.env = plan.environment;
    this.gerund = plan.operation === 'stop' ? 'Stopping' : 'Starting';
    for (const c of plan.changes) this.put(changeRef(c), 'pending', describeChange(c));
    for (const u of plan.unchanged) this.put(u.label, 'unchanged', alreadyText(u.note));
    for (const s of plan.skipped)
      this.put(s.label, 'skipped', `skipped: ${skipText(s.reason, plan.operation)}`);
    for (const p of plan.problems) this.put(p.label, 'failed', `could not read: ${problemText(p.reason)}`);
  }

  private put(ref: string, state: ResourceState, text: string): void {
    this.rows.set(ref, { ref, state, text });
  }

  /** The first message, before anything moved. */
  first(): Message {
    return this.message(
      `${this.gerund} ${this.env} · 0/${this.plan.changes.length} · asked by ${this.actor}`,
    );
  }

  apply(event: OperationEvent): Message {
    switch (event.type) {
      case 'resource': {
        const p = event.progress;
        this.put(p.ref, p.state, resourceText(p, this.env));
        return this.message(`${this.gerund} ${this.env} · ${event.finished}/${event.total} · ${stepText(p)}`);
      }
      case 'throttled':
        return this.message(`${this.gerund} ${this.env} · AWS is throttling, retrying (${event.call})`);
      case 'finished':
        return this.summary(event.outcome);
    }
  }

  summary(outcome: OperationOutcome): Message {
    for (const r of outcome.results)
      if (!FROM_PLAN.has(r.reason)) this.put(r.ref, r.state, resourceText(r, this.env));
    return renderSummary(outcome, this.list(), this.actor);
  }

  private list(): MessagePart {
    const rows = [...this.rows.values()];
    const items = rows.slice(0, MAX_ROWS).map((r) => `${MARK[r.state]} ${r.ref} — ${r.text}`);
    if (rows.length > MAX_ROWS) items.push(`…and ${rows.length - MAX_ROWS} more`);
    return { type: 'list', items };
  }

  private message(title: string): Message {
    return { title, parts: [this.list()] };
  }
}

const tasks = (n: number | undefined) => (n === undefined ? 'some' : `${n}`);

/** One resource's line on the board, in words. */
export function resourceText(p: ResourceProgress, env: string): string {
  const why = p.failure ? explainFailure(p.failure) : undefined;
  switch (p.reason) {
    case 'planned':
    case 'unchanged':
    case 'cannot-change':
      return p.state;
    case 'unreadable':
      return `could not read: ${why ?? 'unknown'}`;
    case 'save-failed':
      return 'not changed';
    case 'scaling-down':
      return 'scaling to 0…';
    case 'draining':
      return `${p.from} → 0 tasks; tasks stopping…`;
    case 'drained':
      return p.from === undefined ? 'stopped' : `stopped (was ${p.from} task${p.from === 1 ? '' : 's'})`;
    case 'still-running':
      return `not stopped: the desired count is 0 but ${tasks(p.running)} task(s) still run${why ? ` (could not read it: ${why})` : ''}; check the service's events, then run \`stop ${env}\` again`;
    case 'scale-down-failed':
      return p.heldScaling
        ? `autoscaling is held at 0, but the desired count was not changed: ${why}`
        : `not changed: ${why}`;
    case 'waiting-until-available':
      return `waiting until available (now ${p.status})…`;
    case 'database-busy':
      return why
        ? `not stopped: could not read it: ${why}`
        : `not stopped: it is still ${p.status ?? 'busy'}; retry \`stop ${env}\` once it is available`;
    case 'blocked-by-services':
      return `not stopped: left running because ${(p.waitingFor ?? []).join(', ') || 'a service'} did not reach 0 tasks; a database is never stopped while a service may still use it`;
    case 'stopping':
      return 'stopping…';
    case 'stop-failed':
      return `not stopped: ${why}`;
    case 'stopped':
      return 'stopped';
    case 'still-stopping':
      return why
        ? `AWS accepted the stop, but infrabot could not read it since: ${why}; check it in the RDS console`
        : `AWS accepted the stop; it is still ${p.status ?? 'stopping'} and finishes by itself`;
    case 'waiting-until-stopped':
      return 'waiting until it has stopped…';
    case 'still-stopping-before-start':
      return why
        ? `not started: could not read it: ${why}`
        : `not started: it is still ${p.status ?? 'stopping'}; retry \`start ${env}\` in a few minutes`;
    case 'starting':
      return 'starting… (RDS takes a few minutes)';
    case 'start-failed':
      return `not started: ${why}`;
    case 'available':
      return 'available';
    case 'not-available':
      return `not available: ${why ?? `it is still ${p.status ?? 'starting'}`}`;
    case 'blocked-by-databases':
      return `not started: waiting for ${(p.waitingFor ?? []).join(', ')} to be available`;
    case 'restoring':
      return `restoring ${p.to} tasks…`;
    case 'scale-up-failed':
      return `not started: ${why}`;
    case 'scaled-up':
      return `${p.from} → ${p.to} tasks; starting…`;
    case 'running':
      return `running ${p.running} / ${p.desired}${p.bounds ? `, ${formatBounds(p.bounds)}` : ''}`;
    case 'not-stable': {
      const where = p.running !== undefined ? `${p.running} / ${p.desired} running` : 'not yet stable';
      return `${where}; ECS keeps starting tasks — check the service's events if it stays this way`;
    }
    case 'interrupted':
      return 'not changed: the operation was interrupted before it got here';
  }
}

/** The tail of a progress title: what just happened. */
function stepText(p: ResourceProgress): string {
  const phrase: Partial<Record<ResourceProgress['reason'], string>> = {
    'scaling-down': 'scaling to 0',
    draining: 'set to 0',
    drained: 'stopped',
    'still-running': 'still running',
    'waiting-until-available': 'waiting',
    'waiting-until-stopped': 'waiting',
    'database-busy': 'not stopped',
    'blocked-by-services': 'left running',
    stopping: 'stopping',
    stopped: 'stopped',
    'still-stopping': 'still stopping',
    'still-stopping-before-start': 'not started',
    starting: 'starting',
    available: 'available',
    'not-available': 'not available',
    'blocked-by-databases': 'left stopped',
    restoring: 'restoring',
    'scaled-up': 'starting',
    running: 'running',
    'not-stable': 'not yet stable',
    interrupted: 'interrupted',
  };
  return `${p.ref} ${phrase[p.reason] ?? (p.state === 'failed' ? 'failed' : p.state)}`;
}

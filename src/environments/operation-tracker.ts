import type { Failure } from './environment-gateway.js';
import { labelOf } from './model.js';
import {
  isFinished,
  type Operation,
  type OperationEvent,
  type OperationOutcome,
  type OutcomeKind,
  type ReasonCode,
  type ResourceProgress,
  type ResourceState,
} from './outcome.js';
import type { Plan, StartChange, StopChange } from './plan.js';

export function changeRef(change: StopChange | StartChange): string {
  return labelOf(change.kind === 'scale-down' || change.kind === 'scale-up' ? change.service : change.db);
}

type Detail = Omit<ResourceProgress, 'ref' | 'state' | 'reason'>;

/**
 * Where each resource of one stop or start is, as data: every move is emitted as an event, and
 * the last state of every resource makes the outcome.
 */
export class OperationTracker {
  private readonly rows = new Map<string, ResourceProgress & { change: boolean }>();

  constructor(
    private readonly plan: Plan<StopChange | StartChange>,
    private readonly emit: (event: OperationEvent) => void,
  ) {
    for (const change of plan.changes) this.init(changeRef(change), 'pending', 'planned', true);
    for (const u of plan.unchanged) this.init(u.label, 'unchanged', 'unchanged', false);
    for (const s of plan.skipped) this.init(s.label, 'skipped', 'cannot-change', false);
    for (const p of plan.problems)
      this.init(p.label, 'failed', 'unreadable', false, 'failure' in p.reason ? p.reason.failure : undefined);
  }

  private init(ref: string, state: ResourceState, reason: ReasonCode, change: boolean, failure?: Failure) {
    this.rows.set(ref, { ref, state, reason, change, ...(failure ? { failure } : {}) });
  }

  set(ref: string, state: ResourceState, reason: ReasonCode, detail: Detail = {}): void {
    const row: ResourceProgress & { change: boolean } = {
      ref,
      state,
      reason,
      ...detail,
      change: this.rows.get(ref)?.change ?? true,
    };
    this.rows.set(ref, row);
    const { change: _change, ...progress } = row;
    this.emit({
      type: 'resource',
      progress,
      finished: this.finishedCount(),
      total: this.plan.changes.length,
    });
  }

  get(ref: string): ResourceProgress | undefined {
    return this.rows.get(ref);
  }

  private changes(): ResourceProgress[] {
    return [...this.rows.values()].filter((r) => r.change);
  }

  finishedCount(): number {
    return this.changes().filter((r) => isFinished(r.state)).length;
  }

  /** Every planned change still open is marked with this reason (an interrupted or failed run). */
  closeOpen(state: ResourceState, reason: ReasonCode): void {
    for (const row of this.changes())
      if (row.state === 'pending' || row.state === 'working') this.set(row.ref, state, reason);
  }

  outcome(extra: Pick<OperationOutcome, 'actor' | 'saved'> & Partial<OperationOutcome>): OperationOutcome {
    const changes = this.changes();
    const notChanged = changes.filter(
      (r) => r.state === 'failed' || r.state === 'skipped' || r.state === 'pending' || r.state === 'working',
    ).length;
    const finishing = changes.filter((r) => r.state === 'warning').length;
    const changed = changes.length - notChanged;
    const unreadable = this.plan.problems.length;
    let kind: OutcomeKind;
    if (extra.crash) kind = changed > 0 ? 'partial' : 'failed';
    else if (notChanged === 0 && unreadable === 0) kind = 'ok';
    else if (changed > 0) kind = 'partial';
    else kind = 'failed';
    return {
      kind,
      operation: this.plan.operation as Operation,
      environment: this.plan.environment,
      region: this.plan.region,
      results: [...this.rows.values()].map(({ change: _change, ...r }) => r),
      counts: {
        changed,
        notChanged,
        finishing,
        unchanged: this.plan.unchanged.length,
        skipped: this.plan.skipped.length,
        unreadable,
      },
      ...extra,
    };
  }
}

/** The outcome of a plan that changes nothing: nothing-to-do only when everything was read. */
export function outcomeWithoutChanges(
  plan: Plan<StopChange | StartChange>,
  actor: OperationOutcome['actor'],
): OperationOutcome {
  const tracker = new OperationTracker(plan, () => undefined);
  const outcome = tracker.outcome({ actor, saved: true });
  return { ...outcome, kind: plan.problems.length > 0 ? 'not-read' : 'nothing-to-do' };
}

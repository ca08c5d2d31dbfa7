import type { Failure } from './environment-gateway.js';
import type { ActorRef, ScalingBounds } from './model.js';

/**
 * What a stop or start reports, as data. The environments domain never words anything: the
 * verbs render these (src/commands/render/), and success, the audit outcome and the CLI's exit
 * code are read from `OperationOutcome.kind`, never from a message's tone.
 *
 *   ResourceProgress   one resource at one moment: `{ ref, state, reason }` plus the numbers the
 *                      reason needs (task counts, an RDS status, the AWS failure). `ref` is the
 *                      resource's label (`ecs dev/api`, `rds dev-db`, `rds db (cluster)`).
 *   OperationEvent     what the progress stream yields: a resource moved, AWS is throttling and
 *                      the call is being retried, and — always last — `finished` with the outcome.
 *   OperationOutcome   how it ended, with every resource's final progress:
 *                        ok            everything planned changed, and everything was read
 *                        partial       some changed, some did not (or some could not be read)
 *                        failed        nothing planned changed (or the operation could not run)
 *                        nothing-to-do everything was read and already where asked
 *                        not-read      nothing changed because infrabot could not read (part of)
 *                                      the environment: it says so instead of "already stopped"
 *                      Only `ok` and `nothing-to-do` are successes (`isSuccess`).
 */

export type Operation = 'stop' | 'start';

export type ResourceState = 'pending' | 'working' | 'done' | 'unchanged' | 'skipped' | 'failed' | 'warning';

export type ReasonCode =
  // From the plan.
  | 'planned'
  | 'unchanged'
  | 'cannot-change'
  | 'unreadable'
  // Stop.
  | 'save-failed'
  | 'scaling-down'
  | 'draining'
  | 'drained'
  | 'still-running'
  | 'scale-down-failed'
  | 'waiting-until-available'
  | 'database-busy'
  | 'blocked-by-services'
  | 'stopping'
  | 'stop-failed'
  | 'stopped'
  | 'still-stopping'
  // Start.
  | 'waiting-until-stopped'
  | 'still-stopping-before-start'
  | 'starting'
  | 'start-failed'
  | 'available'
  | 'not-available'
  | 'blocked-by-databases'
  | 'restoring'
  | 'scale-up-failed'
  | 'scaled-up'
  | 'running'
  | 'not-stable'
  // Either.
  | 'interrupted';

export interface ResourceProgress {
  ref: string;
  state: ResourceState;
  reason: ReasonCode;
  /** Task counts: a service going from → to (scaling), or running / desired (a reading). */
  from?: number;
  to?: number;
  running?: number;
  desired?: number;
  /** The RDS status word the reason is about (`modifying`, `stopping`). */
  status?: string;
  /** Why AWS refused or could not be read. */
  failure?: Failure;
  /** Stop: autoscaling was held at 0 before the desired count failed to change. */
  heldScaling?: boolean;
  /** Start: the bounds restored with the count. */
  bounds?: ScalingBounds;
  /** Labels of the resources this one waits for (blocked-by-…). */
  waitingFor?: string[];
}

export type OperationEvent =
  | { type: 'resource'; progress: ResourceProgress; finished: number; total: number }
  | { type: 'throttled'; call: string; attempt: number; delayMs: number }
  | { type: 'finished'; outcome: OperationOutcome };

export type OutcomeKind = 'ok' | 'partial' | 'failed' | 'nothing-to-do' | 'not-read';

export interface OutcomeCounts {
  /** Planned changes that happened (done, or accepted and still finishing). */
  changed: number;
  /** Planned changes that did not happen. */
  notChanged: number;
  /** Changed, but AWS is still finishing (a database still stopping). */
  finishing: number;
  unchanged: number;
  skipped: number;
  unreadable: number;
}

export interface OperationOutcome {
  kind: OutcomeKind;
  operation: Operation;
  environment: string;
  region: string;
  actor: ActorRef;
  /** Final progress of every resource looked at: planned changes first, in plan order. */
  results: ResourceProgress[];
  counts: OutcomeCounts;
  /** Stop: false when the counts `start` needs could not be saved (then nothing was touched). */
  saved: boolean;
  /** The operation itself broke (not one resource): what happened. */
  crash?: Failure;
  /** Interrupted (Ctrl-C, shutdown) before it finished. */
  interrupted?: boolean;
}

export function isSuccess(kind: OutcomeKind): boolean {
  return kind === 'ok' || kind === 'nothing-to-do';
}

/** Planned changes that reached an end state. */
export function isFinished(state: ResourceState): boolean {
  return state === 'done' || state === 'failed' || state === 'warning' || state === 'skipped';
}

import { randomUUID } from 'node:crypto';
import type { EnvironmentConfig } from '../config/schema.js';
import {
  type EnvironmentGateway,
  type Failure,
  failureOf,
  type GatewayEvents,
  type ServiceRef,
} from '../environments/environment-gateway.js';
import type { ActorRef, ScalingBounds } from '../environments/model.js';
import type { Store } from '../store/store.js';
import type { Sleep } from '../util/sleep.js';
import { environmentServices, findService } from './environment-services.js';
import { backgroundStream } from './event-stream.js';
import type { DeploymentInfo, IncidentGateway, ServiceDeployments } from './incident-gateway.js';

/**
 * "Can we just restart it?": restart (a forced new deployment) and scale of one ECS service, as
 * data like stop/start (environments/outcome.ts): a plan, then events while ECS converges, then
 * an outcome whose `kind` decides success, the audit outcome and the exit code. The verbs word it.
 */

export type RemediationKind = 'restart' | 'scale';

export interface RemediationTiming {
  pollIntervalMs: number;
  /** How long to wait for the service to be steady again. */
  timeoutMs: number;
  sleep: Sleep;
  now: () => number;
}

export const DEFAULT_REMEDIATION_TIMING: Omit<RemediationTiming, 'sleep' | 'now'> = {
  pollIntervalMs: 5_000,
  timeoutMs: 15 * 60_000,
};

export interface ServiceSnapshot {
  desired: number;
  running: number;
  pending: number;
  taskDefinition: string;
  deployments: Array<
    Pick<
      DeploymentInfo,
      'id' | 'status' | 'rolloutState' | 'rolloutStateReason' | 'running' | 'desired' | 'failedTasks'
    >
  >;
}

export interface RemediationPlan {
  kind: RemediationKind;
  environment: string;
  region: string;
  ref: ServiceRef;
  before: ServiceSnapshot;
  bounds?: ScalingBounds;
  /** Scale: the count asked for. */
  target?: number;
  /** Scale beyond the autoscaling bounds, asked with --force. */
  forced: boolean;
  circuitBreaker?: { enable: boolean; rollback: boolean };
}

export type PlanResult =
  | { kind: 'plan'; plan: RemediationPlan }
  | { kind: 'no-change'; plan: RemediationPlan }
  /** Scale outside [min, max] without --force: autoscaling would undo it. */
  | { kind: 'out-of-bounds'; plan: RemediationPlan; bounds: ScalingBounds }
  | {
      kind: 'service-not-found';
      name: string;
      known: string[];
      unreadable: Array<{ label: string; failure: Failure }>;
    }
  | { kind: 'ambiguous'; name: string; matches: ServiceRef[] }
  | { kind: 'unreadable'; failure: Failure };

export type RemediationOutcomeKind =
  /** Steady again: running = desired on one deployment that COMPLETED. */
  | 'ok'
  /** The circuit breaker failed our deployment (and rolled back if set up to). */
  | 'rolled-back'
  /** AWS refused the change, or reading it back failed. */
  | 'failed'
  /** Autoscaling put the count back. */
  | 'clamped'
  /** Not steady when the wait ran out. */
  | 'not-steady'
  /** Another restart or scale of this service is running. */
  | 'busy'
  | 'interrupted';

export interface RemediationOutcome {
  kind: RemediationOutcomeKind;
  plan: RemediationPlan;
  actor: ActorRef;
  after?: ServiceSnapshot;
  failure?: Failure;
  /** ECS's words for a failed rollout. */
  rolloutStateReason?: string;
  /** The deployment infrabot started (restart). */
  deploymentId?: string;
  tookMs: number;
}

export type RemediationEvent =
  | { type: 'changed'; deploymentId?: string }
  | { type: 'reading'; snapshot: ServiceSnapshot }
  | { type: 'throttled'; call: string; attempt: number; delayMs: number }
  | { type: 'finished'; outcome: RemediationOutcome };

export function isRemediationSuccess(kind: RemediationOutcomeKind): boolean {
  return kind === 'ok';
}

export interface RemediationDeps {
  gateways: (events?: GatewayEvents) => Promise<{ env: EnvironmentGateway; incident: IncidentGateway }>;
  store: Store;
  timing: RemediationTiming;
}

function snapshotOf(svc: ServiceDeployments): ServiceSnapshot {
  return {
    desired: svc.desired,
    running: svc.running,
    pending: svc.pending,
    taskDefinition: svc.taskDefinition,
    deployments: svc.deployments.map((d) => ({
      id: d.id,
      status: d.status,
      ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
      ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
      running: d.running,
      desired: d.desired,
      failedTasks: d.failedTasks,
    })),
  };
}

export async function planRemediation(
  deps: Pick<RemediationDeps, 'gateways'>,
  request: {
    kind: RemediationKind;
    environment: string;
    config: EnvironmentConfig;
    region: string;
    service: string;
    target?: number;
    force: boolean;
  },
): Promise<PlanResult> {
  try {
    const { env, incident } = await deps.gateways();
    const list = await environmentServices(request.config, env);
    const found = findService(list, request.service);
    if (!found) {
      return {
        kind: 'service-not-found',
        name: request.service,
        known: list.refs.map((r) => r.service),
        unreadable: list.unreadable,
      };
    }
    if (Array.isArray(found)) return { kind: 'ambiguous', name: request.service, matches: found };
    const reading = await incident.describeDeployments(found.cluster, [found.service]);
    const svc = reading.found[0];
    if (!svc) {
      return {
        kind: 'unreadable',
        failure: {
          code: 'not-found',
          message: `ECS reports no active service ${found.cluster}/${found.service}`,
        },
      };
    }
    const bounds = (await env.describeScaling([found])).get(`${found.cluster}/${found.service}`);
    const plan: RemediationPlan = {
      kind: request.kind,
      environment: request.environment,
      region: request.region,
      ref: found,
      before: snapshotOf(svc),
      ...(bounds ? { bounds } : {}),
      ...(request.target !== undefined ? { target: request.target } : {}),
      forced: false,
      ...(svc.circuitBreaker ? { circuitBreaker: svc.circuitBreaker } : {}),
    };
    if (request.kind === 'scale' && request.target !== undefined) {
      const outside = bounds && (request.target > bounds.max || request.target < bounds.min);
      if (outside && !request.force) return { kind: 'out-of-bounds', plan, bounds };
      plan.forced = Boolean(outside);
      if (request.target === svc.desired) return { kind: 'no-change', plan };
    }
    return { kind: 'plan', plan };
  } catch (error) {
    return { kind: 'unreadable', failure: failureOf(error) };
  }
}

/** Runs a planned restart or scale in the background, reporting until ECS is steady or fails. */
export function runRemediation(
  deps: RemediationDeps,
  plan: RemediationPlan,
  actor: ActorRef,
  signal?: AbortSignal,
): { events: AsyncIterable<RemediationEvent>; done: Promise<RemediationOutcome> } {
  const started = deps.timing.now();
  const took = () => deps.timing.now() - started;
  return backgroundStream<RemediationEvent, RemediationOutcome>(
    async (emit) => {
      const lease = `remediate#${plan.environment}#${plan.ref.cluster}/${plan.ref.service}`;
      const owner = randomUUID();
      const held = await deps.store.acquireLease(lease, owner, deps.timing.timeoutMs + 60_000);
      if (!held) return { kind: 'busy', plan, actor, tookMs: took() };
      try {
        return await converge(deps, plan, actor, emit, took, signal);
      } finally {
        await deps.store.releaseLease(lease, owner).catch(() => {});
      }
    },
    (error) => ({ kind: 'failed', plan, actor, failure: failureOf(error), tookMs: took() }),
    (outcome) => ({ type: 'finished', outcome }),
  );
}

async function converge(
  deps: RemediationDeps,
  plan: RemediationPlan,
  actor: ActorRef,
  emit: (event: RemediationEvent) => void,
  took: () => number,
  signal?: AbortSignal,
): Promise<RemediationOutcome> {
  const { env, incident } = await deps.gateways({
    throttled: (call, attempt, delayMs) => emit({ type: 'throttled', call, attempt, delayMs }),
  });
  const before = new Set(plan.before.deployments.map((d) => d.id));
  let ours: string | undefined;
  try {
    if (plan.kind === 'restart') {
      ours = (await incident.forceNewDeployment(plan.ref)).deploymentId;
      if (ours) emit({ type: 'changed', deploymentId: ours });
    } else await env.setDesiredCount(plan.ref, plan.target ?? plan.before.desired);
  } catch (error) {
    return { kind: 'failed', plan, actor, failure: failureOf(error), tookMs: took() };
  }
  let last: ServiceSnapshot | undefined;
  let sawOurs = false;
  for (;;) {
    if (signal?.aborted)
      return { kind: 'interrupted', plan, actor, ...(last ? { after: last } : {}), tookMs: took() };
    let svc: ServiceDeployments | undefined;
    try {
      svc = (await incident.describeDeployments(plan.ref.cluster, [plan.ref.service])).found[0];
    } catch (error) {
      return {
        kind: 'failed',
        plan,
        actor,
        failure: failureOf(error),
        ...(last ? { after: last } : {}),
        tookMs: took(),
      };
    }
    if (!svc) {
      return {
        kind: 'failed',
        plan,
        actor,
        failure: { code: 'not-found', message: 'the service disappeared while infrabot watched it' },
        tookMs: took(),
      };
    }
    last = snapshotOf(svc);
    if (plan.kind === 'restart' && ours === undefined) {
      // UpdateService named no PRIMARY: the newest deployment infrabot had not seen is ours.
      ours = svc.deployments.find((d) => !before.has(d.id))?.id;
      if (ours) emit({ type: 'changed', deploymentId: ours });
    } else if (plan.kind === 'scale' && !sawOurs) {
      sawOurs = true;
      emit({ type: 'changed' });
    }
    emit({ type: 'reading', snapshot: last });
    const extra = ours ? { deploymentId: ours } : {};
    const mine = ours ? svc.deployments.find((d) => d.id === ours) : svc.deployments[0];
    if (mine?.rolloutState === 'FAILED' || (ours !== undefined && !mine)) {
      // Failed outright, or gone: the circuit breaker replaced it with a rollback.
      const reason =
        mine?.rolloutStateReason ??
        svc.deployments[0]?.rolloutStateReason ??
        'ECS rolled the deployment back';
      return {
        kind: 'rolled-back',
        plan,
        actor,
        after: last,
        rolloutStateReason: reason,
        tookMs: took(),
        ...extra,
      };
    }
    if (plan.kind === 'scale' && plan.target !== undefined && svc.desired !== plan.target) {
      return { kind: 'clamped', plan, actor, after: last, tookMs: took() };
    }
    const steady =
      svc.deployments.length === 1 &&
      svc.running === svc.desired &&
      svc.pending === 0 &&
      (plan.kind === 'scale' || (ours !== undefined && mine?.rolloutState !== 'IN_PROGRESS'));
    if (steady) return { kind: 'ok', plan, actor, after: last, tookMs: took(), ...extra };
    if (took() >= deps.timing.timeoutMs)
      return { kind: 'not-steady', plan, actor, after: last, tookMs: took(), ...extra };
    await deps.timing.sleep(deps.timing.pollIntervalMs);
  }
}

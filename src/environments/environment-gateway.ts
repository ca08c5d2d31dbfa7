import type { Database, DbClusterState, DbInstanceState, EcsServiceState, ScalingBounds } from './model.js';

/**
 * The port through which the environments domain reaches AWS. The domain never sees the SDK:
 * the one production adapter lives in `src/aws/` and is built in the composition root
 * (`src/services.ts`); tests pass a fake in memory (test/environments/support/fake-gateway.ts).
 */

export interface ServiceRef {
  cluster: string;
  service: string;
}

/** What the Resource Groups Tagging API found, split by kind; ARNs it can't place are kept to report. */
export interface TaggedResources {
  services: ServiceRef[];
  instances: string[];
  clusters: string[];
  unplaced: string[];
}

export interface ServiceReading {
  found: Omit<EcsServiceState, 'autoscaling'>[];
  /** Names ECS reported as MISSING or no longer ACTIVE. */
  missing: string[];
}

/** The AWS calls the environments feature makes, for one account and Region. */
export interface EnvironmentGateway {
  readonly region: string;
  listServiceNames(cluster: string): Promise<string[]>;
  findTagged(tags: Record<string, string>): Promise<TaggedResources>;
  describeServices(cluster: string, names: readonly string[]): Promise<ServiceReading>;
  /** Scalable targets by `cluster/service`; services without one are absent from the map. */
  describeScaling(refs: readonly ServiceRef[]): Promise<Map<string, ScalingBounds>>;
  /** Undefined when the database does not exist. */
  describeInstance(id: string): Promise<DbInstanceState | undefined>;
  describeCluster(id: string): Promise<DbClusterState | undefined>;
  setScaling(ref: ServiceRef, bounds: ScalingBounds): Promise<void>;
  setDesiredCount(ref: ServiceRef, count: number): Promise<void>;
  stopDatabase(db: Pick<Database, 'kind' | 'id'>): Promise<void>;
  startDatabase(db: Pick<Database, 'kind' | 'id'>): Promise<void>;
}

/** Where an environment lives: its Region and, for another account, the role to assume. */
export interface EnvironmentTarget {
  region: string;
  roleArn?: string;
  externalId?: string;
}

/** What a gateway tells the operation using it while a call is being retried. */
export interface GatewayEvents {
  /** AWS throttled `call`; it is retried after `delayMs` (attempt `attempt` failed). */
  throttled?: (call: string, attempt: number, delayMs: number) => void;
}

export interface EnvironmentGateways {
  gatewayFor(target: EnvironmentTarget, events?: GatewayEvents): Promise<EnvironmentGateway>;
}

/**
 * Why a gateway call failed, as data the front doors word for people
 * (`src/commands/explain-error.ts`). `service` is the AWS error name when it helps the wording.
 */
export type FailureCode =
  | 'access-denied'
  | 'throttled'
  | 'no-credentials'
  | 'expired-credentials'
  | 'unreachable'
  | 'not-found'
  | 'invalid-state'
  | 'invalid-request'
  | 'other';

export interface Failure {
  code: FailureCode;
  /** AWS's own message, first line. */
  message: string;
  /** The AWS error name (`ServiceNotFoundException`). */
  name?: string;
  /** For access-denied: the IAM action AWS named. */
  action?: string;
}

/** Every error a gateway throws is one of these (the adapter classifies AWS's errors). */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** The failure behind any error the domain catches; unexpected errors are `other`. */
export function failureOf(error: unknown): Failure {
  if (error instanceof GatewayError) return error.failure;
  const e = error as { name?: string; message?: string } | undefined;
  return {
    code: 'other',
    message: firstLine(e?.message ?? String(error)),
    ...(e?.name && e.name !== 'Error' ? { name: e.name } : {}),
  };
}

export function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return (line.length > 300 ? `${line.slice(0, 300)}…` : line).replace(/\.$/, '');
}

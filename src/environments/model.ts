import type { Failure } from './environment-gateway.js';

/**
 * What an environment is made of, as infrabot reads it from AWS. Plain data: planning and
 * rendering work on these without knowing the SDK, so they are tested with literals.
 */

/** Application Auto Scaling's hold on an ECS service (`service/<cluster>/<service>`). */
export interface ScalingBounds {
  min: number;
  max: number;
  suspended: { scaleIn: boolean; scaleOut: boolean; scheduled: boolean };
}

export interface EcsServiceState {
  kind: 'ecs';
  cluster: string;
  service: string;
  desired: number;
  running: number;
  pending: number;
  /** Present when a scalable target is registered for the service. */
  autoscaling?: ScalingBounds;
}

export interface DbInstanceState {
  kind: 'db-instance';
  id: string;
  /** RDS's status word: available, stopped, stopping, starting, modifying, … */
  status: string;
  engine: string;
  multiAz: boolean;
  /** Member of this Aurora cluster or Multi-AZ DB cluster. */
  clusterId?: string;
  /** This instance replicates from that instance (or cluster). */
  replicaSource?: string;
  /** Instances and clusters replicating from this one. */
  replicas: string[];
  /** When AWS will start it again by itself (a stopped database restarts after 7 days). */
  autoRestartAt?: Date;
}

export interface DbClusterState {
  kind: 'db-cluster';
  id: string;
  status: string;
  engine: string;
  /** `provisioned`, `serverless` (Aurora Serverless v1), … */
  engineMode: string;
  globalClusterId?: string;
  /** ARNs of clusters replicating from this one (cross-Region replicas). */
  replicas: string[];
  /** This cluster replicates from that one. */
  replicationSource?: string;
  /** A Multi-AZ DB cluster (non-Aurora, with its own instance class): cannot be stopped. */
  multiAzDbCluster: boolean;
  members: string[];
  autoRestartAt?: Date;
}

export type Database = DbInstanceState | DbClusterState;
export type Resource = EcsServiceState | Database;

/**
 * Who asked for an operation, as data (what is stored): a Slack user id, a terminal user, the
 * schedule. The front doors render it (`<@U123>` in Slack).
 */
export interface ActorRef {
  kind: 'slack' | 'terminal' | 'schedule' | 'system';
  /** Slack user id (`U123`), `user@host` in the terminal, the schedule's name. */
  id: string;
}

/** Why a resource could not be read, as data the verbs word. */
export type ProblemReason =
  | { code: 'aws'; failure: Failure }
  | { code: 'autoscaling-unreadable'; failure: Failure }
  | { code: 'service-missing'; cluster: string; service: string }
  | { code: 'database-missing' }
  | { code: 'cluster-empty' }
  | { code: 'old-arn' };

/** A resource the config or the tags name but that could not be read, and why. */
export interface Problem {
  label: string;
  /** A service (or something that may be one) that can't be read blocks stopping databases. */
  kind: 'ecs' | 'rds' | 'tagged';
  reason: ProblemReason;
}

export interface Inventory {
  environment: string;
  region: string;
  services: EcsServiceState[];
  instances: DbInstanceState[];
  clusters: DbClusterState[];
  problems: Problem[];
}

/** What `stop` saves so `start` can put a service back exactly as it was. */
export interface SavedService {
  cluster: string;
  service: string;
  desiredCount: number;
  autoscaling?: ScalingBounds;
  /** ISO time of the save and who asked. */
  savedAt: string;
  savedBy: ActorRef;
}

/** When infrabot stopped a database: what the 7-day automatic restart counts from. */
export interface SavedDatabase {
  kind: Database['kind'];
  id: string;
  stoppedAt: string;
  stoppedBy: ActorRef;
}

/** The last stop or start of an environment, for "stopped since 21:00". */
export interface EnvironmentRecord {
  operation: 'stop' | 'start';
  outcome: 'done' | 'partial' | 'failed';
  at: string;
  by: ActorRef;
}

/** The stop or start running right now, for "dev is already being stopped by …". */
export interface OperationInfo {
  operation: 'stop' | 'start';
  by: ActorRef;
  startedAt: string;
}

/** The bounds a stopped service is held at: nothing may scale it out, no schedule may raise it. */
export const STOPPED_BOUNDS: ScalingBounds = {
  min: 0,
  max: 0,
  suspended: { scaleIn: true, scaleOut: true, scheduled: true },
};

export function serviceKey(cluster: string, service: string): string {
  return `${cluster}/${service}`;
}

export function labelOf(resource: Resource): string {
  switch (resource.kind) {
    case 'ecs':
      return `ecs ${serviceKey(resource.cluster, resource.service)}`;
    case 'db-instance':
      return `rds ${resource.id}`;
    case 'db-cluster':
      return `rds ${resource.id} (cluster)`;
  }
}

export function sameBounds(a: ScalingBounds, b: ScalingBounds): boolean {
  return (
    a.min === b.min &&
    a.max === b.max &&
    a.suspended.scaleIn === b.suspended.scaleIn &&
    a.suspended.scaleOut === b.suspended.scaleOut &&
    a.suspended.scheduled === b.suspended.scheduled
  );
}

export function formatBounds(bounds: ScalingBounds): string {
  const suspended = bounds.suspended.scaleIn || bounds.suspended.scaleOut || bounds.suspended.scheduled;
  return `autoscaling ${bounds.min}–${bounds.max}${suspended ? ' (suspended)' : ''}`;
}

/** Whether anything at all was read (so "nothing to do" can be true). */
export function readAnything(inventory: Inventory): boolean {
  return inventory.services.length + inventory.instances.length + inventory.clusters.length > 0;
}

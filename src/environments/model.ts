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

/** A resource the config or the tags name but that could not be read, and why. */
export interface Problem {
  label: string;
  reason: string;
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
  savedBy: string;
}

/** When infrabot stopped a database: what the 7-day automatic restart counts from. */
export interface SavedDatabase {
  kind: Database['kind'];
  id: string;
  stoppedAt: string;
  stoppedBy: string;
}

/** The last stop or start of an environment, for "stopped since 21:00". */
export interface EnvironmentRecord {
  operation: 'stop' | 'start';
  outcome: 'done' | 'partial' | 'failed';
  at: string;
  by: string;
}

/** The stop or start running right now, for "dev is already being stopped by …". */
export interface OperationInfo {
  operation: 'stop' | 'start';
  by: string;
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

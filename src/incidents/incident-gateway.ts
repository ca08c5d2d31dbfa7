import type { EnvironmentTarget, GatewayEvents, ServiceRef } from '../environments/environment-gateway.js';

/**
 * The AWS calls incident context and remediation make, for one account and Region, beyond what
 * the environments port already offers (reading services, scaling bounds, desired counts). The
 * domain never sees the SDK: the production adapter is src/aws/aws-incident-gateway.ts, and it
 * throws only GatewayError (environment-gateway.ts), like the environments adapter.
 */

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentInfo {
  id: string;
  /** PRIMARY (the newest), ACTIVE (being replaced), INACTIVE. */
  status: string;
  taskDefinition: string;
  rolloutState?: RolloutState;
  rolloutStateReason?: string;
  createdAt: Date;
  updatedAt?: Date;
  desired: number;
  running: number;
  pending: number;
  failedTasks: number;
}

export interface ServiceDeployments {
  cluster: string;
  service: string;
  desired: number;
  running: number;
  pending: number;
  /** The service's current task definition. */
  taskDefinition: string;
  circuitBreaker?: { enable: boolean; rollback: boolean };
  /** PRIMARY first, as ECS lists them. */
  deployments: DeploymentInfo[];
}

export interface TaskDefinitionInfo {
  arn: string;
  family: string;
  revision: number;
  containers: Array<{ name: string; image: string; logGroup?: string; logRegion?: string }>;
}

export type QueryStatus =
  | 'Scheduled'
  | 'Running'
  | 'Complete'
  | 'Failed'
  | 'Timeout'
  | 'Cancelled'
  | 'Unknown';

export interface QueryStatistics {
  bytesScanned: number;
  recordsScanned: number;
  recordsMatched: number;
}

export interface QueryResults {
  status: QueryStatus;
  /** One record per row: field → value. */
  rows: Array<Record<string, string>>;
  statistics: QueryStatistics;
}

export interface LogsQueryInput {
  logGroups: readonly string[];
  start: Date;
  end: Date;
  query: string;
  limit: number;
}

export interface IncidentGateway {
  readonly region: string;
  describeDeployments(
    cluster: string,
    services: readonly string[],
  ): Promise<{ found: ServiceDeployments[]; missing: string[] }>;
  describeTaskDefinition(ref: string): Promise<TaskDefinitionInfo>;
  /** UpdateService forceNewDeployment: new tasks of the same revision replace the running ones. */
  /** Returns the id of the deployment ECS started (the PRIMARY of UpdateService's answer). */
  forceNewDeployment(ref: ServiceRef): Promise<{ deploymentId?: string }>;
  startQuery(input: LogsQueryInput): Promise<string>;
  getQueryResults(queryId: string): Promise<QueryResults>;
  stopQuery(queryId: string): Promise<void>;
}

export interface IncidentGateways {
  gatewayFor(target: EnvironmentTarget, events?: GatewayEvents): Promise<IncidentGateway>;
}

/**
 * The emulated AWS state. Every resource lives in one account and region, like in AWS; requests
 * only see resources of the account behind their credentials and the region they are signed for.
 * Tags are plain maps here; each protocol renders them in its own shape.
 */
export type Tags = Record<string, string>;

export interface Scope {
  accountId: string;
  region: string;
}

// ── ECS ──────────────────────────────────────────────────────────────────────

export interface EcsCluster extends Scope {
  name: string;
  arn: string;
  status: 'ACTIVE';
  tags: Tags;
  createdAt: number;
}

export interface EcsDeployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  /** Tasks of this deployment that failed to start (what the circuit breaker counts). */
  failedTasks: number;
  /** Set when the circuit breaker failed it, or when it is the rollback of a failed one. */
  rolloutStateReason?: string;
  createdAt: number;
  updatedAt: number;
}

/** A task definition revision, with what infrabot reads of it: images and awslogs options. */
export interface EcsTaskDefinition extends Scope {
  arn: string;
  family: string;
  revision: number;
  /** Task-level CPU units and memory (MiB), as strings like AWS returns them. */
  cpu: string;
  memory: string;
  containers: Array<{
    name: string;
    image: string;
    /** awslogs options; absent for a container that logs elsewhere. */
    logs?: { group: string; region: string; streamPrefix: string };
  }>;
  registeredAt: number;
  /** The sandbox's way to make a deployment fail: its tasks never start. */
  broken: boolean;
}

export interface EcsServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

export interface EcsService extends Scope {
  cluster: string;
  name: string;
  arn: string;
  clusterArn: string;
  status: 'ACTIVE';
  desiredCount: number;
  taskDefinition: string;
  launchType: 'FARGATE' | 'EC2';
  /** deploymentConfiguration.deploymentCircuitBreaker. */
  circuitBreaker: { enable: boolean; rollback: boolean };
  /** Newest first, PRIMARY first, as ECS lists them. */
  deployments: EcsDeployment[];
  /** Newest first, capped like ECS's event list. */
  events: EcsServiceEvent[];
  createdAt: number;
  tags: Tags;
}

// ── Application Auto Scaling ─────────────────────────────────────────────────

export interface SuspendedState {
  dynamicScalingInSuspended: boolean;
  dynamicScalingOutSuspended: boolean;
  scheduledScalingSuspended: boolean;
}

export interface ScalingActivity {
  at: number;
  description: string;
  cause: string;
}

export interface ScalableTarget extends Scope {
  /** `service/<cluster>/<service>` */
  resourceId: string;
  cluster: string;
  service: string;
  arn: string;
  minCapacity: number;
  maxCapacity: number;
  suspended: SuspendedState;
  roleArn: string;
  createdAt: number;
  /** What Application Auto Scaling did to the service, oldest first. */
  activities: ScalingActivity[];
}

export interface ScalingPolicy extends Scope {
  name: string;
  arn: string;
  resourceId: string;
  targetValue: number;
  predefinedMetricType: string;
  scaleInCooldown: number;
  scaleOutCooldown: number;
  createdAt: number;
}

// ── RDS ──────────────────────────────────────────────────────────────────────

export type DbStatus =
  | 'available'
  | 'stopping'
  | 'stopped'
  | 'starting'
  | 'modifying'
  | 'backing-up'
  | 'rebooting';

export interface DbInstance extends Scope {
  id: string;
  arn: string;
  resourceId: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  status: DbStatus;
  multiAz: boolean;
  storageType: string;
  allocatedStorage: number;
  port: number;
  endpointAddress: string;
  createdAt: number;
  /** Member of this Aurora / Multi-AZ DB cluster. */
  clusterId?: string;
  /** This instance is a read replica of that one. */
  replicaSourceId?: string;
  tags: Tags;
  /** When the current stop began to count toward the 7-day automatic restart. */
  stoppedAt?: number;
}

export interface DbClusterMember {
  instanceId: string;
  writer: boolean;
}

export interface DbCluster extends Scope {
  id: string;
  arn: string;
  resourceId: string;
  engine: string;
  engineVersion: string;
  /** `serverless` is Aurora Serverless v1, which cannot be stopped. */
  engineMode: 'provisioned' | 'serverless';
  status: DbStatus;
  multiAz: boolean;
  /** Set for Multi-AZ DB clusters (non-Aurora), which cannot be stopped. */
  clusterInstanceClass?: string;
  /** Set when the cluster belongs to an Aurora global database. */
  globalClusterId?: string;
  /** ARNs of cross-region read replica clusters. */
  replicaArns: string[];
  members: DbClusterMember[];
  port: number;
  endpoint: string;
  readerEndpoint: string;
  createdAt: number;
  tags: Tags;
  stoppedAt?: number;
}

// ── CloudWatch ───────────────────────────────────────────────────────────────

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface Dimension {
  name: string;
  value: string;
}

export interface MetricAlarm extends Scope {
  name: string;
  arn: string;
  description?: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  statistic: 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount';
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator:
    | 'GreaterThanThreshold'
    | 'GreaterThanOrEqualToThreshold'
    | 'LessThanThreshold'
    | 'LessThanOrEqualToThreshold';
  treatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
  unit?: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  state: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedAt: number;
  stateTransitionedAt: number;
  configurationUpdatedAt: number;
  tags: Tags;
  /** The metric query id EventBridge events carry for this alarm's single metric. */
  metricId: string;
}

/** The EventBridge "CloudWatch Alarm State Change" event, exactly as AWS delivers it to SQS. */
export interface AlarmStateChangeEvent {
  version: '0';
  id: string;
  'detail-type': 'CloudWatch Alarm State Change';
  source: 'aws.cloudwatch';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    alarmName: string;
    state: AlarmEventState;
    previousState: AlarmEventState;
    configuration: {
      description?: string;
      metrics: Array<{
        id: string;
        metricStat: {
          metric: { namespace: string; name: string; dimensions: Record<string, string> };
          period: number;
          stat: string;
          unit?: string;
        };
        returnData: boolean;
      }>;
    };
  };
}

export interface AlarmEventState {
  value: AlarmStateValue;
  reason: string;
  reasonData?: string;
  timestamp: string;
}

export interface EmittedEvent {
  event: AlarmStateChangeEvent;
  /** The queue it was delivered to, or undefined when no alarm queue exists in that account/region. */
  queueUrl?: string;
}

// ── SQS ──────────────────────────────────────────────────────────────────────

export interface SqsMessageAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: Uint8Array;
}

export interface SqsMessage {
  id: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, SqsMessageAttribute>;
  md5OfAttributes?: string;
  /** Simulated epoch ms (what SentTimestamp reports). */
  sentAt: number;
  /** Wall-timeline ms: when it becomes visible (delay, visibility timeout). */
  visibleAt: number;
  /** Wall-timeline ms: when retention drops it. */
  expiresAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The receipt handle of the latest receive; older handles no longer act on the message. */
  receiptHandle?: string;
  senderId: string;
}

export interface SqsQueue extends Scope {
  name: string;
  arn: string;
  attributes: Record<string, string>;
  createdAt: number;
  lastModifiedAt: number;
  tags: Tags;
  messages: SqsMessage[];
}

// ── STS ──────────────────────────────────────────────────────────────────────

export interface AssumedRole {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  accessKeyId: string;
  accountId: string;
  expiresAt: number;
  /** Simulated ms when AssumeRole was called. */
  at: number;
}

import { buildAlarmEvent } from './alarm-event.js';
import { evaluationReason } from './alarm-reason.js';
import { AlarmState, type NewAlarm } from './alarm-state.js';
import type { EmulatorClock } from './clock.js';
import { pendingCount, runningCount } from './ecs-simulation.js';
import { type DeployOptions, EcsState, ecsResourceId, type NewService } from './ecs-state.js';
import { randomUpper } from './ids.js';
import { LogsState } from './logs-state.js';
import { MetricStore } from './metric-store.js';
import { type NewDbCluster, type NewDbInstance, RdsState } from './rds-state.js';
import { SqsState } from './sqs-state.js';
import { SsmState } from './ssm-state.js';
import type {
  AlarmStateValue,
  AssumedRole,
  DbCluster,
  DbInstance,
  EcsCluster,
  EcsService,
  EmittedEvent,
  MetricAlarm,
  ScalableTarget,
  ScalingPolicy,
  Scope,
  SqsMessage,
  SqsQueue,
  SuspendedState,
  Tags,
} from './world-types.js';

export interface WorldOptions {
  clock: EmulatorClock;
  accountId: string;
  region: string;
  alarmQueueName: string;
  rdsAutoRestartAfterMs: number;
  /** The emulator's base URL, known once it listens (queue URLs are built from it). */
  baseUrl: () => string;
  taskStepMs?: number;
  autoScalingDelayMs?: number;
  rdsStopMs?: number;
  rdsStartMs?: number;
}

/** Where a resource lives; omitted parts default to the emulator's account and region. */
export interface ScopeInput {
  accountId?: string;
  region?: string;
}

export type EcsServiceView = EcsService & { runningCount: number; pendingCount: number };

export interface QueueView {
  name: string;
  url: string;
  arn: string;
  attributes: Record<string, string>;
  tags: Tags;
  messages: SqsMessage[];
  visible: number;
  inFlight: number;
  delayed: number;
}

export type TaggableType =
  | 'ecs:cluster'
  | 'ecs:service'
  | 'rds:db'
  | 'rds:cluster'
  | 'cloudwatch:alarm'
  | 'sqs';

export interface TaggableResource {
  arn: string;
  type: TaggableType;
  tags: Tags;
}

export interface Identity {
  accountId: string;
  arn: string;
  userId: string;
}

const copy = <T>(value: T): T => structuredClone(value);

/** Keeps a long sandbox session's event history bounded. */
const MAX_EMITTED_EVENTS = 1_000;

/**
 * The emulated AWS world: the state behind every service, and the typed API tests and the
 * sandbox use to seed it, inspect it and poke it (alarm flips, deployments, RDS auto-restarts).
 * Everything returned is a copy: change the world through its methods, not through results.
 */
export class World {
  readonly ecs: EcsState;
  readonly rds: RdsState;
  readonly alarms: AlarmState;
  /** Published metric values, for GetMetricStatistics. */
  readonly metrics = new MetricStore();
  readonly sqs: SqsState;
  /** Parameter Store: seed with `world.ssm.put(world.scope(), {...})`. */
  readonly ssm: SsmState;
  /** CloudWatch Logs: seed with `world.logs.putEvents(world.scope(), group, events)`. */
  readonly logs: LogsState;
  private readonly emitted: EmittedEvent[] = [];
  private readonly roles = new Map<string, AssumedRole>();
  private readonly defaultUserId = `AIDA${randomUpper(17)}`;

  constructor(private readonly options: WorldOptions) {
    this.ecs = new EcsState(options.clock, {
      taskStepMs: options.taskStepMs ?? 3_000,
      clampDelayMs: options.autoScalingDelayMs ?? 60_000,
    });
    this.rds = new RdsState(options.clock, {
      stopMs: options.rdsStopMs ?? 4 * 60_000,
      startMs: options.rdsStartMs ?? 6 * 60_000,
      autoRestartAfterMs: options.rdsAutoRestartAfterMs,
    });
    this.sqs = new SqsState(options.clock, options.baseUrl);
    this.ssm = new SsmState(options.clock);
    this.logs = new LogsState(options.clock);
    this.alarms = new AlarmState(options.clock, (alarm, previous, current) => {
      const event = buildAlarmEvent(alarm, previous, current, options.clock.now());
      const queue = this.sqs.get(alarm, options.alarmQueueName);
      const emitted: EmittedEvent = { event };
      if (queue) {
        this.sqs.send(queue, { body: JSON.stringify(event), senderId: 'AIDAIEVENTBRIDGEXXXXX' });
        emitted.queueUrl = this.sqs.url(queue);
      }
      this.emitted.push(emitted);
      if (this.emitted.length > MAX_EMITTED_EVENTS)
        this.emitted.splice(0, this.emitted.length - MAX_EMITTED_EVENTS);
    });
  }

  /** Simulated epoch ms: what timestamps in the world (log events, deployments) are measured in. */
  now(): number {
    return this.options.clock.now();
  }

  get accountId(): string {
    return this.options.accountId;
  }

  get region(): string {
    return this.options.region;
  }

  scope(input: ScopeInput = {}): Scope {
    return {
      accountId: input.accountId ?? this.options.accountId,
      region: input.region ?? this.options.region,
    };
  }

  // ── seeding ────────────────────────────────────────────────────────────────

  addEcsCluster(input: { name: string; tags?: Tags } & ScopeInput): EcsCluster {
    return copy(this.ecs.addCluster(this.scope(input), input.name, input.tags));
  }

  addEcsService(input: NewService & ScopeInput): EcsServiceView {
    const svc = this.ecs.addService(this.scope(input), input);
    return this.serviceView(svc);
  }

  addScalableTarget(
    input: {
      cluster: string;
      service: string;
      minCapacity: number;
      maxCapacity: number;
      suspended?: Partial<SuspendedState>;
      policies?: Array<{ name: string; targetValue: number; predefinedMetricType?: string }>;
    } & ScopeInput,
  ): ScalableTarget {
    const scope = this.scope(input);
    const resourceId = ecsResourceId(input.cluster, input.service);
    const target = this.ecs.registerTarget(scope, {
      resourceId,
      minCapacity: input.minCapacity,
      maxCapacity: input.maxCapacity,
      ...(input.suspended ? { suspended: input.suspended } : {}),
    });
    for (const policy of input.policies ?? []) this.ecs.addPolicy(scope, resourceId, policy);
    return copy(target);
  }

  addDbInstance(input: NewDbInstance & ScopeInput): DbInstance {
    return copy(this.rds.addInstance(this.scope(input), input));
  }

  addDbCluster(input: NewDbCluster & ScopeInput): DbCluster {
    return copy(this.rds.addCluster(this.scope(input), input));
  }

  addAlarm(input: NewAlarm & ScopeInput): MetricAlarm {
    return copy(this.alarms.add(this.scope(input), input));
  }

  /** Creates a queue; with `deadLetterQueue`, also the DLQ and the redrive policy pointing to it. */
  addQueue(
    input: {
      name: string;
      attributes?: Record<string, string>;
      tags?: Tags;
      deadLetterQueue?: { name: string; maxReceiveCount: number };
    } & ScopeInput,
  ): QueueView {
    const scope = this.scope(input);
    const attributes = { ...(input.attributes ?? {}) };
    if (input.deadLetterQueue) {
      const dlq = this.sqs.create(scope, input.deadLetterQueue.name, { MessageRetentionPeriod: '1209600' });
      attributes['RedrivePolicy'] = JSON.stringify({
        deadLetterTargetArn: dlq.arn,
        maxReceiveCount: input.deadLetterQueue.maxReceiveCount,
      });
    }
    return this.queueView(this.sqs.create(scope, input.name, attributes, input.tags));
  }

  /** Adds or replaces tags on any resource of the world, found by ARN. */
  tagResource(arn: string, tags: Tags): void {
    const resource = this.findTaggable(arn);
    if (!resource) throw new Error(`no resource with ARN ${arn}`);
    Object.assign(resource.tags, tags);
  }

  // ── reading ────────────────────────────────────────────────────────────────

  private serviceView(svc: EcsService): EcsServiceView {
    return { ...copy(svc), runningCount: runningCount(svc), pendingCount: pendingCount(svc) };
  }

  ecsClusters(scope?: ScopeInput): EcsCluster[] {
    return copy(this.ecs.clusters(this.scope(scope)));
  }

  ecsServices(scope?: ScopeInput): EcsServiceView[] {
    const s = this.scope(scope);
    return this.ecs
      .allServices()
      .filter((svc) => svc.accountId === s.accountId && svc.region === s.region)
      .map((svc) => this.serviceView(svc));
  }

  ecsService(cluster: string, service: string, scope?: ScopeInput): EcsServiceView | undefined {
    const svc = this.ecs.service(this.scope(scope), cluster, service);
    return svc ? this.serviceView(svc) : undefined;
  }

  scalableTarget(cluster: string, service: string, scope?: ScopeInput): ScalableTarget | undefined {
    const target = this.ecs.target(this.scope(scope), ecsResourceId(cluster, service));
    return target ? copy(target) : undefined;
  }

  scalingPolicies(scope?: ScopeInput): ScalingPolicy[] {
    return copy(this.ecs.policies(this.scope(scope)));
  }

  dbInstance(id: string, scope?: ScopeInput): DbInstance | undefined {
    const db = this.rds.instance(this.scope(scope), id);
    return db ? copy(db) : undefined;
  }

  dbInstances(scope?: ScopeInput): DbInstance[] {
    return copy(this.rds.instances(this.scope(scope)));
  }

  dbCluster(id: string, scope?: ScopeInput): DbCluster | undefined {
    const cluster = this.rds.cluster(this.scope(scope), id);
    return cluster ? copy(cluster) : undefined;
  }

  dbClusters(scope?: ScopeInput): DbCluster[] {
    return copy(this.rds.clusters(this.scope(scope)));
  }

  alarm(name: string, scope?: ScopeInput): MetricAlarm | undefined {
    const alarm = this.alarms.get(this.scope(scope), name);
    return alarm ? copy(alarm) : undefined;
  }

  alarmList(scope?: ScopeInput): MetricAlarm[] {
    return copy(this.alarms.list(this.scope(scope)));
  }

  private queueView(queue: SqsQueue): QueueView {
    const counts = this.sqs.counts(queue);
    return {
      name: queue.name,
      url: this.sqs.url(queue),
      arn: queue.arn,
      attributes: { ...queue.attributes },
      tags: { ...queue.tags },
      messages: copy(queue.messages),
      visible: counts.visible,
      inFlight: counts.inFlight,
      delayed: counts.delayed,
    };
  }

  queue(name: string, scope?: ScopeInput): QueueView | undefined {
    const queue = this.sqs.get(this.scope(scope), name);
    return queue ? this.queueView(queue) : undefined;
  }

  queues(scope?: ScopeInput): QueueView[] {
    return this.sqs.list(this.scope(scope)).map((q) => this.queueView(q));
  }

  /** Every alarm event emitted so far, with the queue it went to (if any), oldest first. */
  events(): EmittedEvent[] {
    return copy(this.emitted);
  }

  assumedRoles(): AssumedRole[] {
    return copy([...this.roles.values()]);
  }

  // ── controls ───────────────────────────────────────────────────────────────

  /**
   * Flips an alarm as CloudWatch's evaluation would, with a reason in CloudWatch's wording
   * (unless given). A change of state sends the EventBridge event to the alarm queue.
   */
  setAlarmState(
    name: string,
    value: AlarmStateValue,
    options: { reason?: string; reasonData?: string } & ScopeInput = {},
  ): MetricAlarm {
    const alarm = this.alarms.get(this.scope(options), name);
    if (!alarm) throw new Error(`no alarm named ${name}`);
    const generated = evaluationReason(alarm, alarm.state, value, this.options.clock.now());
    const reason = options.reason ?? generated.reason;
    const reasonData =
      options.reason === undefined ? (options.reasonData ?? generated.reasonData) : options.reasonData;
    return copy(this.alarms.setState(alarm, value, reason, reasonData));
  }

  /** A value published to a metric (what PutMetricData or an AWS service would send). */
  putMetricValue(
    input: {
      namespace: string;
      metricName: string;
      dimensions?: Record<string, string>;
      at: number;
      value: number;
      unit?: string;
    } & ScopeInput,
  ): void {
    this.metrics.put({
      ...this.scope(input),
      namespace: input.namespace,
      metricName: input.metricName,
      dimensions: Object.entries(input.dimensions ?? {}).map(([name, value]) => ({ name, value })),
      timestamp: input.at,
      value: input.value,
      ...(input.unit ? { unit: input.unit } : {}),
    });
  }

  deployService(
    cluster: string,
    service: string,
    scope?: ScopeInput,
    options: DeployOptions = {},
  ): EcsServiceView {
    return this.serviceView(this.ecs.deploy(this.scope(scope), cluster, service, options));
  }

  /** Makes the service's next deployment fail to start its tasks (the circuit breaker's case). */
  failNextDeployment(cluster: string, service: string, scope?: ScopeInput): void {
    this.ecs.failNextDeployment(this.scope(scope), cluster, service);
  }

  /** What AWS does to a database stopped for 7 days: starts it. */
  restartDb(id: string, scope?: ScopeInput): DbInstance | DbCluster {
    return copy(this.rds.autoRestartNow(this.scope(scope), id));
  }

  sendMessage(queueName: string, body: string, scope?: ScopeInput): SqsMessage {
    const queue = this.sqs.get(this.scope(scope), queueName);
    if (!queue) throw new Error(`no queue named ${queueName}`);
    return copy(this.sqs.send(queue, { body, senderId: this.defaultUserId }));
  }

  // ── identity (STS) ─────────────────────────────────────────────────────────

  registerAssumedRole(role: AssumedRole): void {
    this.roles.set(role.accessKeyId, role);
  }

  identityFor(accessKeyId: string): Identity {
    const role = this.roles.get(accessKeyId);
    if (role) {
      const roleName = role.roleArn.split('/').pop() ?? role.roleArn;
      return {
        accountId: role.accountId,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${roleName}/${role.sessionName}`,
        userId: `AROA${randomUpperFrom(role.roleArn)}:${role.sessionName}`,
      };
    }
    return {
      accountId: this.options.accountId,
      arn: `arn:aws:iam::${this.options.accountId}:user/infrabot-sandbox`,
      userId: this.defaultUserId,
    };
  }

  // ── tagging ────────────────────────────────────────────────────────────────

  /** Everything taggable, across all accounts and regions (callers filter by scope). */
  taggableResources(): Array<TaggableResource & Scope> {
    const out: Array<TaggableResource & Scope> = [];
    for (const c of this.ecs.allClusters()) out.push({ ...c, arn: c.arn, type: 'ecs:cluster', tags: c.tags });
    for (const s of this.ecs.allServices()) out.push({ ...s, arn: s.arn, type: 'ecs:service', tags: s.tags });
    for (const d of this.rds.allInstances()) out.push({ ...d, arn: d.arn, type: 'rds:db', tags: d.tags });
    for (const c of this.rds.allClusters()) out.push({ ...c, arn: c.arn, type: 'rds:cluster', tags: c.tags });
    for (const a of this.alarms.all()) out.push({ ...a, arn: a.arn, type: 'cloudwatch:alarm', tags: a.tags });
    for (const q of this.sqs.all()) out.push({ ...q, arn: q.arn, type: 'sqs', tags: q.tags });
    return out;
  }

  /** The live resource with this ARN, optionally only if it lives in `scope`. */
  findTaggable(arn: string, scope?: Scope): TaggableResource | undefined {
    return this.taggableResources().find(
      (r) => r.arn === arn && (!scope || (r.accountId === scope.accountId && r.region === scope.region)),
    );
  }

  // ── snapshot (control API) ─────────────────────────────────────────────────

  snapshot(): Record<string, unknown> {
    const clock = this.options.clock;
    return {
      now: new Date(clock.now()).toISOString(),
      speed: clock.speed,
      accountId: this.options.accountId,
      region: this.options.region,
      ecs: {
        clusters: copy(this.ecs.allClusters()),
        services: this.ecs.allServices().map((s) => this.serviceView(s)),
        scalableTargets: copy(this.ecs.allTargets()),
      },
      rds: { instances: copy(this.rds.allInstances()), clusters: copy(this.rds.allClusters()) },
      alarms: copy(this.alarms.all()),
      queues: this.sqs.all().map((q) => {
        const { messages, ...rest } = this.queueView(q);
        return {
          ...rest,
          messages: messages.map((m) => ({ id: m.id, body: m.body, receiveCount: m.receiveCount })),
        };
      }),
      events: copy(this.emitted.slice(-50)),
      assumedRoles: this.assumedRoles(),
    };
  }
}

function randomUpperFrom(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h.toString(36).toUpperCase().padStart(17, '0').slice(0, 17);
}

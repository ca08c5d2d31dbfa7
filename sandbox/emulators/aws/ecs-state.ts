import type { EmulatorClock } from './clock.js';
import { addServiceEvent, isSteady, stepService } from './ecs-simulation.js';
import { AwsError } from './errors.js';
import { nameFromArn, parseArn, randomHex, uuid } from './ids.js';
import type {
  EcsCluster,
  EcsDeployment,
  EcsService,
  EcsTaskDefinition,
  ScalableTarget,
  ScalingPolicy,
  Scope,
  SuspendedState,
  Tags,
} from './world-types.js';

export interface EcsTiming {
  /** Simulated ms per scheduler tick (one task starts or stops per tick). */
  taskStepMs: number;
  /** Simulated ms before Application Auto Scaling pulls a manually changed service back into range. */
  clampDelayMs: number;
}

interface ServiceEntry {
  svc: EcsService;
  /** The next deployment's tasks fail to start (a missing secret, an image gone from the registry). */
  failNext?: boolean;
  /** Deployments whose tasks fail to start. */
  doomed?: Set<string>;
  nextStepAt?: number;
  clampAt?: number;
}

export interface ServiceChange {
  desiredCount?: number;
  taskDefinition?: string;
  forceNewDeployment?: boolean;
}

export interface NewService {
  cluster: string;
  name: string;
  desiredCount: number;
  /** Defaults to desiredCount (a service at steady state). */
  runningCount?: number;
  taskDefinition?: string;
  launchType?: 'FARGATE' | 'EC2';
  /** Task-level CPU units and memory (MiB) of its task definition, as strings like AWS returns (default 256 / 512). */
  cpu?: string;
  memory?: string;
  tags?: Tags;
  /** Image tag of revision 1 (default v1.0.0). */
  imageTag?: string;
  /** awslogs group of its container (default /ecs/<cluster>/<service>); null: no awslogs. */
  logGroup?: string | null;
  circuitBreaker?: { enable: boolean; rollback: boolean };
  /** How long ago it was created and last deployed (default: now). */
  createdAgoMs?: number;
}

export interface DeployOptions {
  imageTag?: string;
  /** Its tasks fail to start: the circuit breaker fails the deployment (and rolls back if set). */
  broken?: boolean;
}

/** What a task definition revision is registered with (one container, as the sandbox's services have). */
export interface TaskDefinitionInput {
  container: string;
  image: string;
  logGroup: string | null;
  broken: boolean;
  /** Task-level CPU units and memory (MiB), as strings like AWS returns them. */
  cpu: string;
  memory: string;
}

export interface TargetRegistration {
  resourceId: string;
  minCapacity?: number;
  maxCapacity?: number;
  suspended?: Partial<SuspendedState>;
  roleArn?: string;
}

const key = (scope: Scope, ...parts: string[]) => [scope.accountId, scope.region, ...parts].join('|');
const inScope = (scope: Scope) => (r: Scope) => r.accountId === scope.accountId && r.region === scope.region;

export function ecsResourceId(cluster: string, service: string): string {
  return `service/${cluster}/${service}`;
}

/** ECS clusters and services, plus the Application Auto Scaling targets that act on them. */
export class EcsState {
  private readonly clusterMap = new Map<string, EcsCluster>();
  private readonly serviceMap = new Map<string, ServiceEntry>();
  private readonly targetMap = new Map<string, ScalableTarget>();
  private readonly policyMap = new Map<string, ScalingPolicy>();
  private readonly taskDefinitionMap = new Map<string, EcsTaskDefinition>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly timing: EcsTiming,
  ) {}

  // ── clusters and services ──────────────────────────────────────────────────

  addCluster(scope: Scope, name: string, tags: Tags = {}): EcsCluster {
    if (this.clusterMap.has(key(scope, name))) throw new Error(`ECS cluster ${name} already exists`);
    const cluster: EcsCluster = {
      ...scope,
      name,
      arn: `arn:aws:ecs:${scope.region}:${scope.accountId}:cluster/${name}`,
      status: 'ACTIVE',
      tags: { ...tags },
      createdAt: this.clock.now(),
    };
    this.clusterMap.set(key(scope, name), cluster);
    return cluster;
  }

  addService(scope: Scope, input: NewService): EcsService {
    const cluster = this.cluster(scope, input.cluster);
    if (!cluster) throw new Error(`ECS cluster ${input.cluster} does not exist; add it first`);
    if (this.serviceMap.has(key(scope, cluster.name, input.name))) {
      throw new Error(`ECS service ${cluster.name}/${input.name} already exists`);
    }
    const now = this.clock.now();
    const created = now - (input.createdAgoMs ?? 0);
    const running = input.runningCount ?? input.desiredCount;
    const template: TaskDefinitionInput = {
      container: input.name,
      image: `${scope.accountId}.dkr.ecr.${scope.region}.amazonaws.com/${input.name}:${input.imageTag ?? 'v1.0.0'}`,
      logGroup: input.logGroup === undefined ? `/ecs/${cluster.name}/${input.name}` : input.logGroup,
      broken: false,
      cpu: input.cpu ?? '256',
      memory: input.memory ?? '512',
    };
    let taskDefinition: string;
    if (input.taskDefinition) {
      taskDefinition = input.taskDefinition;
      this.adoptTaskDefinition(scope, taskDefinition, template);
    } else {
      taskDefinition = this.registerTaskDefinition(scope, `${cluster.name}-${input.name}`, template).arn;
    }
    const svc: EcsService = {
      ...scope,
      cluster: cluster.name,
      name: input.name,
      arn: `arn:aws:ecs:${scope.region}:${scope.accountId}:service/${cluster.name}/${input.name}`,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount: input.desiredCount,
      taskDefinition,
      launchType: input.launchType ?? 'FARGATE',
      circuitBreaker: { ...(input.circuitBreaker ?? { enable: false, rollback: false }) },
      deployments: [
        {
          id: `ecs-svc/${randomDigits(19)}`,
          status: 'PRIMARY',
          taskDefinition,
          desiredCount: input.desiredCount,
          runningCount: running,
          pendingCount: 0,
          failedTasks: 0,
          rolloutState: 'COMPLETED',
          createdAt: created,
          updatedAt: created,
        },
      ],
      events: [],
      createdAt: created,
      tags: { ...(input.tags ?? {}) },
    };
    const entry: ServiceEntry = { svc };
    if (!isSteady(svc)) entry.nextStepAt = now + this.timing.taskStepMs;
    this.serviceMap.set(key(scope, cluster.name, input.name), entry);
    return svc;
  }

  clusters(scope: Scope): EcsCluster[] {
    return [...this.clusterMap.values()].filter(inScope(scope));
  }

  allClusters(): EcsCluster[] {
    return [...this.clusterMap.values()];
  }

  /** By name or ARN. */
  cluster(scope: Scope, nameOrArn: string): EcsCluster | undefined {
    return this.clusterMap.get(key(scope, nameFromArn(nameOrArn)));
  }

  services(scope: Scope, cluster: string): EcsService[] {
    this.settle();
    return [...this.serviceMap.values()]
      .map((e) => e.svc)
      .filter((s) => inScope(scope)(s) && s.cluster === cluster);
  }

  allServices(): EcsService[] {
    this.settle();
    return [...this.serviceMap.values()].map((e) => e.svc);
  }

  /** By name or ARN (`.../service/<cluster>/<name>` or the old `.../service/<name>`). */
  service(scope: Scope, cluster: string, nameOrArn: string): EcsService | undefined {
    this.settle();
    return this.serviceMap.get(key(scope, cluster, nameFromArn(nameOrArn)))?.svc;
  }

  private entry(scope: Scope, cluster: string, service: string): ServiceEntry {
    const entry = this.serviceMap.get(key(scope, cluster, nameFromArn(service)));
    if (!entry) throw new AwsError('ServiceNotFoundException', 'Service not found.');
    return entry;
  }

  updateService(scope: Scope, cluster: string, service: string, change: ServiceChange): EcsService {
    this.settle();
    const entry = this.entry(scope, cluster, service);
    const { svc } = entry;
    const now = this.clock.now();
    const newTaskDefinition =
      change.taskDefinition !== undefined && change.taskDefinition !== svc.taskDefinition;
    if (change.desiredCount !== undefined) {
      svc.desiredCount = change.desiredCount;
      svc.deployments[0]!.desiredCount = change.desiredCount;
      svc.deployments[0]!.updatedAt = now;
    }
    if (newTaskDefinition || change.forceNewDeployment) {
      this.startDeployment(svc, change.taskDefinition ?? svc.taskDefinition, now);
      this.consumeFailNext(entry);
    }
    this.wake(entry, now);
    this.scheduleClamp(entry, now + this.timing.clampDelayMs);
    return svc;
  }

  /**
   * A new rolling deployment of the next task definition revision (a new image tag), as a CI
   * pipeline would start.
   */
  deploy(scope: Scope, cluster: string, service: string, options: DeployOptions = {}): EcsService {
    this.settle();
    const entry = this.entry(scope, cluster, service);
    const now = this.clock.now();
    const current = this.taskDefinition(scope, entry.svc.taskDefinition);
    const template = this.templateOf(scope, entry.svc.taskDefinition);
    let next: string;
    if (current && template) {
      const repo = template.image.replace(/:[^:/]*$/, '');
      next = this.registerTaskDefinition(scope, current.family, {
        ...template,
        image: `${repo}:${options.imageTag ?? `v1.0.${current.revision}`}`,
        broken: options.broken ?? false,
      }).arn;
    } else {
      next = nextRevision(entry.svc.taskDefinition);
    }
    this.startDeployment(entry.svc, next, now);
    this.consumeFailNext(entry);
    this.wake(entry, now);
    return entry.svc;
  }

  /** Registers the next revision of `family` (what RegisterTaskDefinition does). */
  registerTaskDefinition(
    scope: Scope,
    family: string,
    input: TaskDefinitionInput,
    /** A given revision (adopting one named elsewhere) instead of the family's next. */
    fixedRevision?: number,
  ): EcsTaskDefinition {
    const revision =
      fixedRevision ??
      1 +
        [...this.taskDefinitionMap.values()]
          .filter((t) => inScope(scope)(t) && t.family === family)
          .reduce((n, t) => Math.max(n, t.revision), 0);
    const td: EcsTaskDefinition = {
      ...scope,
      arn: `arn:aws:ecs:${scope.region}:${scope.accountId}:task-definition/${family}:${revision}`,
      family,
      revision,
      cpu: input.cpu,
      memory: input.memory,
      containers: [
        {
          name: input.container,
          image: input.image,
          ...(input.logGroup
            ? { logs: { group: input.logGroup, region: scope.region, streamPrefix: 'ecs' } }
            : {}),
        },
      ],
      registeredAt: this.clock.now(),
      broken: input.broken,
    };
    this.taskDefinitionMap.set(key(scope, family, String(revision)), td);
    return td;
  }

  /** By ARN, `family:revision` or `family` (its latest revision), as DescribeTaskDefinition takes it. */
  taskDefinition(scope: Scope, ref: string): EcsTaskDefinition | undefined {
    const name = ref.startsWith('arn:')
      ? (parseArn(ref)?.resource.replace(/^task-definition\//, '') ?? '')
      : ref;
    const m = /^([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(name);
    if (!m) return undefined;
    const [, family, revision] = m as unknown as [string, string, string | undefined];
    if (revision !== undefined) return this.taskDefinitionMap.get(key(scope, family, revision));
    return [...this.taskDefinitionMap.values()]
      .filter((t) => inScope(scope)(t) && t.family === family)
      .sort((a, b) => b.revision - a.revision)[0];
  }

  /** The service's next deployment (a restart, a deploy) will have tasks that fail to start. */
  failNextDeployment(scope: Scope, cluster: string, service: string): void {
    this.entry(scope, cluster, service).failNext = true;
  }

  private isBroken(entry: ServiceEntry): boolean {
    const primary = entry.svc.deployments[0];
    if (!primary) return false;
    if (entry.doomed?.has(primary.id)) return true;
    return this.taskDefinition(entry.svc, primary.taskDefinition)?.broken ?? false;
  }

  /**
   * A revision named by ARN or `family:revision` that the registry does not hold yet (a service
   * seeded with its own task definition, an UpdateService to a revision the seed did not
   * register): registered like `template`, so DescribeTaskDefinition can answer for it.
   */
  private adoptTaskDefinition(scope: Scope, ref: string, template: TaskDefinitionInput): void {
    if (this.taskDefinition(scope, ref)) return;
    const name = ref.startsWith('arn:')
      ? (parseArn(ref)?.resource.replace(/^task-definition\//, '') ?? '')
      : ref;
    const m = /^([A-Za-z0-9_-]+):(\d+)$/.exec(name);
    if (!m) return;
    this.registerTaskDefinition(scope, m[1]!, template, Number(m[2]));
  }

  private templateOf(scope: Scope, ref: string): TaskDefinitionInput | undefined {
    const td = this.taskDefinition(scope, ref);
    const container = td?.containers[0];
    if (!td || !container) return undefined;
    return {
      container: container.name,
      image: container.image,
      logGroup: container.logs?.group ?? null,
      broken: td.broken,
      cpu: td.cpu,
      memory: td.memory,
    };
  }

  private startDeployment(svc: EcsService, taskDefinition: string, now: number, reason?: string): void {
    const template = this.templateOf(svc, svc.taskDefinition);
    if (template) this.adoptTaskDefinition(svc, taskDefinition, { ...template, broken: false });
    for (const d of svc.deployments) {
      d.status = 'ACTIVE';
      d.desiredCount = d.runningCount;
      d.updatedAt = now;
    }
    const deployment: EcsDeployment = {
      id: `ecs-svc/${randomDigits(19)}`,
      status: 'PRIMARY',
      taskDefinition,
      desiredCount: svc.desiredCount,
      runningCount: 0,
      pendingCount: 0,
      failedTasks: 0,
      rolloutState: 'IN_PROGRESS',
      ...(reason ? { rolloutStateReason: reason } : {}),
      createdAt: now,
      updatedAt: now,
    };
    svc.taskDefinition = taskDefinition;
    svc.deployments.unshift(deployment);
    addServiceEvent(
      svc,
      now,
      `(service ${svc.name}) has started a deployment (deployment ${deployment.id}).`,
    );
  }

  private consumeFailNext(entry: ServiceEntry): void {
    if (!entry.failNext) return;
    entry.failNext = false;
    entry.doomed ??= new Set();
    entry.doomed.add(entry.svc.deployments[0]!.id);
  }

  /** The circuit breaker's rollback: a new deployment of the last revision that worked. */
  private rollBackIfFailed(svc: EcsService, at: number): void {
    const [failed, previous] = svc.deployments;
    if (failed?.rolloutState !== 'FAILED' || !svc.circuitBreaker.rollback || !previous) return;
    addServiceEvent(
      svc,
      at,
      `(service ${svc.name}) (deployment ${failed.id}) rolling back to deployment ${previous.id}.`,
    );
    this.startDeployment(
      svc,
      previous.taskDefinition,
      at,
      `ECS deployment circuit breaker: rolling back to deploymentId ${previous.id}.`,
    );
  }

  private wake(entry: ServiceEntry, now: number): void {
    if (!isSteady(entry.svc) && entry.nextStepAt === undefined)
      entry.nextStepAt = now + this.timing.taskStepMs;
  }

  // ── Application Auto Scaling ───────────────────────────────────────────────

  registerTarget(scope: Scope, reg: TargetRegistration): ScalableTarget {
    this.settle();
    const match = /^service\/([^/]+)\/([^/]+)$/.exec(reg.resourceId);
    if (!match) {
      throw new AwsError(
        'ValidationException',
        `Unsupported service namespace, resource type or scalable dimension: ${reg.resourceId}`,
      );
    }
    const [, clusterName, serviceName] = match as unknown as [string, string, string];
    const entry = this.serviceMap.get(key(scope, clusterName, serviceName));
    if (!entry) throw new AwsError('ValidationException', `ECS service doesn't exist: ${reg.resourceId}`);
    const now = this.clock.now();
    const existing = this.targetMap.get(key(scope, reg.resourceId));
    const min = reg.minCapacity ?? existing?.minCapacity;
    const max = reg.maxCapacity ?? existing?.maxCapacity;
    if (min === undefined || max === undefined) {
      throw new AwsError(
        'ValidationException',
        'MinCapacity and MaxCapacity are required for registering a new scalable target',
      );
    }
    if (min > max) {
      throw new AwsError(
        'ValidationException',
        `Minimum capacity (${min}) cannot be greater than maximum capacity (${max})`,
      );
    }
    const suspended: SuspendedState = {
      dynamicScalingInSuspended: false,
      dynamicScalingOutSuspended: false,
      scheduledScalingSuspended: false,
      ...existing?.suspended,
      ...definedOnly(reg.suspended ?? {}),
    };
    const target: ScalableTarget = existing ?? {
      ...scope,
      resourceId: reg.resourceId,
      cluster: clusterName,
      service: serviceName,
      arn: `arn:aws:application-autoscaling:${scope.region}:${scope.accountId}:scalable-target/0ec5${randomHex(28)}`,
      minCapacity: min,
      maxCapacity: max,
      suspended,
      roleArn:
        reg.roleArn ??
        `arn:aws:iam::${scope.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
      createdAt: now,
      activities: [],
    };
    target.minCapacity = min;
    target.maxCapacity = max;
    target.suspended = suspended;
    this.targetMap.set(key(scope, reg.resourceId), target);
    // Registering (or resuming) with the service out of range makes Application Auto Scaling act at once.
    this.scheduleClamp(entry, now);
    this.settle();
    return target;
  }

  deregisterTarget(scope: Scope, resourceId: string): void {
    const k = key(scope, resourceId);
    if (!this.targetMap.has(k)) {
      throw new AwsError(
        'ObjectNotFoundException',
        `No scalable target registered for service namespace: ecs, resource ID: ${resourceId}, scalable dimension: ecs:service:DesiredCount`,
      );
    }
    this.targetMap.delete(k);
    for (const [pk, p] of this.policyMap)
      if (p.accountId === scope.accountId && p.region === scope.region && p.resourceId === resourceId)
        this.policyMap.delete(pk);
  }

  targets(scope: Scope): ScalableTarget[] {
    this.settle();
    return [...this.targetMap.values()].filter(inScope(scope));
  }

  allTargets(): ScalableTarget[] {
    this.settle();
    return [...this.targetMap.values()];
  }

  target(scope: Scope, resourceId: string): ScalableTarget | undefined {
    this.settle();
    return this.targetMap.get(key(scope, resourceId));
  }

  addPolicy(
    scope: Scope,
    resourceId: string,
    input: { name: string; targetValue: number; predefinedMetricType?: string },
  ): ScalingPolicy {
    if (!this.targetMap.has(key(scope, resourceId))) {
      throw new Error(`register a scalable target for ${resourceId} before adding a policy`);
    }
    const policy: ScalingPolicy = {
      ...scope,
      name: input.name,
      arn: `arn:aws:autoscaling:${scope.region}:${scope.accountId}:scalingPolicy:${uuid()}:resource/ecs/${resourceId}:policyName/${input.name}`,
      resourceId,
      targetValue: input.targetValue,
      predefinedMetricType: input.predefinedMetricType ?? 'ECSServiceAverageCPUUtilization',
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
      createdAt: this.clock.now(),
    };
    this.policyMap.set(key(scope, resourceId, input.name), policy);
    return policy;
  }

  policies(scope: Scope): ScalingPolicy[] {
    return [...this.policyMap.values()].filter(inScope(scope));
  }

  private scheduleClamp(entry: ServiceEntry, at: number): void {
    const target = this.targetMap.get(key(entry.svc, ecsResourceId(entry.svc.cluster, entry.svc.name)));
    if (!target) return;
    const { desiredCount } = entry.svc;
    if (desiredCount >= target.minCapacity && desiredCount <= target.maxCapacity) return;
    entry.clampAt = entry.clampAt === undefined ? at : Math.min(entry.clampAt, at);
  }

  /**
   * Application Auto Scaling puts a service back into [min, max] unless the direction it would
   * scale in is suspended: this is why stopping an environment must lower min or suspend scaling.
   */
  private applyClamp(entry: ServiceEntry, at: number): void {
    const { svc } = entry;
    const target = this.targetMap.get(key(svc, ecsResourceId(svc.cluster, svc.name)));
    if (!target) return;
    let desired = svc.desiredCount;
    let cause: string | undefined;
    if (desired < target.minCapacity && !target.suspended.dynamicScalingOutSuspended) {
      cause = `the desired count ${desired} was below the minimum capacity ${target.minCapacity}`;
      desired = target.minCapacity;
    } else if (desired > target.maxCapacity && !target.suspended.dynamicScalingInSuspended) {
      cause = `the desired count ${desired} was above the maximum capacity ${target.maxCapacity}`;
      desired = target.maxCapacity;
    }
    if (cause === undefined) return;
    svc.desiredCount = desired;
    svc.deployments[0]!.desiredCount = desired;
    svc.deployments[0]!.updatedAt = at;
    target.activities.push({ at, description: `Setting desired count to ${desired}.`, cause });
    this.wake(entry, at);
  }

  /** Brings every service up to the current simulated time, event by event. */
  settle(now: number = this.clock.now()): void {
    for (const entry of this.serviceMap.values()) {
      for (;;) {
        const step = entry.nextStepAt ?? Number.POSITIVE_INFINITY;
        const clamp = entry.clampAt ?? Number.POSITIVE_INFINITY;
        const at = Math.min(step, clamp);
        if (at > now) break;
        if (clamp <= step) {
          entry.clampAt = undefined;
          this.applyClamp(entry, at);
        } else {
          stepService(entry.svc, at, this.isBroken(entry));
          this.rollBackIfFailed(entry.svc, at);
          const stuck = entry.svc.deployments[0]?.rolloutState === 'FAILED';
          entry.nextStepAt = isSteady(entry.svc) || stuck ? undefined : at + this.timing.taskStepMs;
        }
      }
    }
  }
}

function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 10);
  return s;
}

function nextRevision(taskDefinition: string): string {
  const m = /^(.*):(\d+)$/.exec(taskDefinition);
  return m ? `${m[1]}:${Number(m[2]) + 1}` : `${taskDefinition}:2`;
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function clusterFromServiceArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  const parts = parsed.resource.split('/');
  return parts.length === 3 ? parts[1] : undefined;
}

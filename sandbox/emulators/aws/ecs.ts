import type { EmulatorClock } from './clock.js';
import { pendingCount, runningCount } from './ecs-simulation.js';
import { clusterFromServiceArn } from './ecs-state.js';
import { AwsError } from './errors.js';
import { paginate } from './pagination.js';
import { coralValidation, type Params } from './params.js';
import type { RequestContext, ServiceDefinition } from './service.js';
import { TokenBucket } from './throttle.js';
import type { World } from './world.js';
import type { EcsCluster, EcsService, EcsTaskDefinition, Scope, Tags } from './world-types.js';

/** ECS's documented service-modify limit (Create/Update/DeleteService), per account and region. */
const MODIFY_BURST = 50;
const MODIFY_PER_SECOND = 5;

const clusterNotFound = () => new AwsError('ClusterNotFoundException', 'Cluster not found.');
const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);
const invalidToken = () => invalidParameter('Invalid nextToken.');

export function ecsTags(tags: Tags): Array<{ key: string; value: string }> {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

function includes(params: Params, what: string): boolean {
  return (params.strList('include') ?? []).includes(what);
}

function clusterJson(
  cluster: EcsCluster,
  services: EcsService[],
  withTags: boolean,
): Record<string, unknown> {
  const active = services.filter((s) => s.status === 'ACTIVE');
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: active.reduce((n, s) => n + runningCount(s), 0),
    pendingTasksCount: active.reduce((n, s) => n + pendingCount(s), 0),
    activeServicesCount: active.length,
    statistics: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
    ...(withTags ? { tags: ecsTags(cluster.tags) } : {}),
  };
}

export function serviceJson(svc: EcsService, withTags: boolean): Record<string, unknown> {
  return {
    serviceArn: svc.arn,
    serviceName: svc.name,
    clusterArn: svc.clusterArn,
    loadBalancers: [],
    serviceRegistries: [],
    status: svc.status,
    desiredCount: svc.desiredCount,
    runningCount: runningCount(svc),
    pendingCount: pendingCount(svc),
    launchType: svc.launchType,
    ...(svc.launchType === 'FARGATE' ? { platformVersion: 'LATEST', platformFamily: 'Linux' } : {}),
    taskDefinition: svc.taskDefinition,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { ...svc.circuitBreaker },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: svc.deployments.map((d) => ({
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinition,
      desiredCount: d.desiredCount,
      pendingCount: d.pendingCount,
      runningCount: d.runningCount,
      failedTasks: d.failedTasks,
      createdAt: new Date(d.createdAt),
      updatedAt: new Date(d.updatedAt),
      launchType: svc.launchType,
      ...(svc.launchType === 'FARGATE' ? { platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
      rolloutState: d.rolloutState,
      rolloutStateReason:
        d.rolloutStateReason ??
        (d.rolloutState === 'COMPLETED'
          ? `ECS deployment ${d.id} completed.`
          : 'ECS deployment detected in progress.'),
    })),
    events: svc.events.map((e) => ({ id: e.id, createdAt: new Date(e.createdAt), message: e.message })),
    createdAt: new Date(svc.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    ...(withTags ? { tags: ecsTags(svc.tags) } : {}),
  };
}

function taskDefinitionJson(td: EcsTaskDefinition): Record<string, unknown> {
  return {
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: 'ACTIVE',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    compatibilities: ['EC2', 'FARGATE'],
    cpu: td.cpu,
    memory: td.memory,
    registeredAt: new Date(td.registeredAt),
    containerDefinitions: td.containers.map((c) => ({
      name: c.name,
      image: c.image,
      essential: true,
      portMappings: [],
      environment: [],
      ...(c.logs
        ? {
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': c.logs.group,
                'awslogs-region': c.logs.region,
                'awslogs-stream-prefix': c.logs.streamPrefix,
              },
            },
          }
        : {}),
    })),
  };
}

export function ecsService(
  world: World,
  clock: EmulatorClock,
  options: { throttle: boolean },
): ServiceDefinition {
  const buckets = new Map<string, TokenBucket>();

  function takeModifyToken(scope: Scope): void {
    if (!options.throttle) return;
    const k = `${scope.accountId}|${scope.region}`;
    let bucket = buckets.get(k);
    if (!bucket) {
      bucket = new TokenBucket(MODIFY_BURST, MODIFY_PER_SECOND, clock.wallNow());
      buckets.set(k, bucket);
    }
    if (!bucket.tryTake(clock.wallNow())) throw new AwsError('ThrottlingException', 'Rate exceeded');
  }

  function clusterOf(ctx: RequestContext): EcsCluster {
    const name = ctx.params.str('cluster') ?? 'default';
    const cluster = world.ecs.cluster(ctx, name);
    if (!cluster) throw clusterNotFound();
    return cluster;
  }

  return {
    name: 'ecs',
    signingName: 'ecs',
    protocol: 'json1.1',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    validation: coralValidation,
    throttlingError: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    actions: {
      ListClusters(ctx) {
        const max = ctx.params.int('maxResults', { min: 1, max: 100 }) ?? 100;
        const arns = world.ecs.clusters(ctx).map((c) => c.arn);
        const { page, nextToken } = paginate(arns, ctx.params.str('nextToken'), max, invalidToken);
        return { clusterArns: page, ...(nextToken ? { nextToken } : {}) };
      },

      DescribeClusters(ctx) {
        const names = ctx.params.strList('clusters', { maxItems: 100 }) ?? ['default'];
        const withTags = includes(ctx.params, 'TAGS');
        const clusters: unknown[] = [];
        const failures: unknown[] = [];
        for (const name of names) {
          const cluster = world.ecs.cluster(ctx, name);
          if (cluster) clusters.push(clusterJson(cluster, world.ecs.services(ctx, cluster.name), withTags));
          else
            failures.push({
              arn: name.startsWith('arn:')
                ? name
                : `arn:aws:ecs:${ctx.region}:${ctx.accountId}:cluster/${name}`,
              reason: 'MISSING',
            });
        }
        return { clusters, failures };
      },

      ListServices(ctx) {
        const cluster = clusterOf(ctx);
        const max = ctx.params.int('maxResults', { min: 1, max: 100 }) ?? 10;
        const launchType = ctx.params.str('launchType', {
          oneOf: ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'],
        });
        const arns = world.ecs
          .services(ctx, cluster.name)
          .filter((s) => launchType === undefined || s.launchType === launchType)
          .map((s) => s.arn);
        const { page, nextToken } = paginate(arns, ctx.params.str('nextToken'), max, invalidToken);
        return { serviceArns: page, ...(nextToken ? { nextToken } : {}) };
      },

      DescribeServices(ctx) {
        const cluster = clusterOf(ctx);
        const names = ctx.params.strList('services');
        if (names === undefined) throw ctx.params.missing('services');
        if (names.length === 0 || names.length > 10) {
          throw invalidParameter('services can have at most 10 items and must not be empty.');
        }
        const withTags = includes(ctx.params, 'TAGS');
        const services: unknown[] = [];
        const failures: unknown[] = [];
        for (const ref of names) {
          const fromArn = ref.startsWith('arn:') ? clusterFromServiceArn(ref) : undefined;
          const svc =
            fromArn && fromArn !== cluster.name ? undefined : world.ecs.service(ctx, cluster.name, ref);
          if (svc) services.push(serviceJson(svc, withTags));
          else {
            failures.push({
              arn: ref.startsWith('arn:')
                ? ref
                : `arn:aws:ecs:${ctx.region}:${ctx.accountId}:service/${cluster.name}/${ref}`,
              reason: 'MISSING',
            });
          }
        }
        return { services, failures };
      },

      UpdateService(ctx) {
        const cluster = clusterOf(ctx);
        const service = ctx.params.reqStr('service');
        const desiredCount = ctx.params.int('desiredCount');
        if (desiredCount !== undefined && desiredCount < 0) {
          throw invalidParameter('Invalid desiredCount: must be greater than or equal to 0.');
        }
        const taskDefinition = ctx.params.str('taskDefinition');
        const forceNewDeployment = ctx.params.bool('forceNewDeployment');
        takeModifyToken(ctx);
        const svc = world.ecs.updateService(ctx, cluster.name, service, {
          ...(desiredCount !== undefined ? { desiredCount } : {}),
          ...(taskDefinition !== undefined ? { taskDefinition } : {}),
          ...(forceNewDeployment !== undefined ? { forceNewDeployment } : {}),
        });
        return { service: serviceJson(svc, false) };
      },

      DescribeTaskDefinition(ctx) {
        const ref = ctx.params.reqStr('taskDefinition');
        const include = ctx.params.strList('include') ?? [];
        for (const value of include) {
          if (value !== 'TAGS')
            throw invalidParameter(`Invalid include value: ${value}. Valid values: TAGS.`);
        }
        const td = world.ecs.taskDefinition(ctx, ref);
        // What ECS answers for a family or revision it does not know.
        if (!td) throw new AwsError('ClientException', 'Unable to describe task definition.');
        return { taskDefinition: taskDefinitionJson(td), ...(include.includes('TAGS') ? { tags: [] } : {}) };
      },

      ListTagsForResource(ctx) {
        const arn = ctx.params.reqStr('resourceArn');
        const resource = world.findTaggable(arn, ctx);
        if (!resource || (resource.type !== 'ecs:cluster' && resource.type !== 'ecs:service')) {
          throw invalidParameter('The specified resource could not be found.');
        }
        return { tags: ecsTags(resource.tags) };
      },
    },
  };
}

import {
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { ListServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import type {
  EnvironmentGateway,
  GatewayEvents,
  ServiceReading,
  ServiceRef,
  TaggedResources,
} from '../environments/environment-gateway.js';
import { GatewayError } from '../environments/environment-gateway.js';
import type { Database, DbClusterState, DbInstanceState, ScalingBounds } from '../environments/model.js';
import type { Pacer } from '../util/pacer.js';
import type { AwsClients } from './aws-clients.js';
import { classifyAwsError } from './aws-errors.js';
import { describeActiveServices } from './describe-active-services.js';
import { DEFAULT_RETRY, type RetryOptions, retryThrottled } from './rate-limit.js';

const ECS_DIMENSION = 'ecs:service:DesiredCount';
const MAX_PAGES = 50;

export interface AwsGatewayOptions {
  /** Shared pacing of ECS service-modify calls for this account and Region. */
  ecsModifyPacer: Pacer;
  retry?: RetryOptions;
  events?: GatewayEvents;
}

/**
 * The environments port over the AWS SDK (or the emulator at AWS_ENDPOINT_URL). Every call goes
 * through infrabot's one retry policy, and every error leaves as a GatewayError with its
 * classification, so the domain decides on data, never on SDK error shapes.
 */
export class AwsEnvironmentGateway implements EnvironmentGateway {
  private readonly retry: RetryOptions;

  constructor(
    private readonly clients: AwsClients,
    private readonly options: AwsGatewayOptions,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  get region(): string {
    return this.clients.region;
  }

  private async call<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await retryThrottled(fn, this.retry, (attempt, delay) =>
        this.options.events?.throttled?.(name, attempt, delay),
      );
    } catch (error) {
      throw new GatewayError(classifyAwsError(error));
    }
  }

  async listServiceNames(cluster: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await this.call('ListServices', () =>
        this.clients.ecs.send(
          new ListServicesCommand({ cluster, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
        ),
      );
      for (const arn of out.serviceArns ?? []) names.push(arn.split('/').pop() ?? arn);
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    return names;
  }

  async findTagged(tags: Record<string, string>): Promise<TaggedResources> {
    const found: TaggedResources = { services: [], instances: [], clusters: [], unplaced: [] };
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await this.call('GetResources', () =>
        this.clients.tagging.send(
          new GetResourcesCommand({
            TagFilters: Object.entries(tags).map(([Key, Value]) => ({ Key, Values: [Value] })),
            ResourceTypeFilters: ['ecs:service', 'rds:db', 'rds:cluster'],
            ResourcesPerPage: 100,
            ...(token ? { PaginationToken: token } : {}),
          }),
        ),
      );
      for (const mapping of out.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN) placeArn(mapping.ResourceARN, found);
      }
      token = out.PaginationToken || undefined;
      if (!token) break;
    }
    return found;
  }

  async describeServices(cluster: string, names: readonly string[]): Promise<ServiceReading> {
    const { active, missing } = await describeActiveServices(this.clients.ecs, cluster, names, (n, fn) =>
      this.call(n, fn),
    );
    return {
      found: active.map((svc) => ({
        kind: 'ecs' as const,
        cluster,
        service: svc.serviceName ?? '',
        desired: svc.desiredCount ?? 0,
        running: svc.runningCount ?? 0,
        pending: svc.pendingCount ?? 0,
      })),
      missing,
    };
  }

  async describeScaling(refs: readonly ServiceRef[]): Promise<Map<string, ScalingBounds>> {
    const bounds = new Map<string, ScalingBounds>();
    const ids = refs.map((r) => `service/${r.cluster}/${r.service}`);
    // ResourceIds takes at most 50 per call.
    for (let i = 0; i < ids.length; i += 50) {
      const batch = ids.slice(i, i + 50);
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await this.call('DescribeScalableTargets', () =>
          this.clients.autoscaling.send(
            new DescribeScalableTargetsCommand({
              ServiceNamespace: 'ecs',
              ScalableDimension: ECS_DIMENSION,
              ResourceIds: batch,
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        );
        for (const target of out.ScalableTargets ?? []) {
          const key = target.ResourceId?.replace(/^service\//, '');
          if (key) bounds.set(key, boundsOf(target));
        }
        token = out.NextToken;
        if (!token) break;
      }
    }
    return bounds;
  }

  async describeInstance(id: string): Promise<DbInstanceState | undefined> {
    try {
      const out = await this.call('DescribeDBInstances', () =>
        this.clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })),
      );
      const db = out.DBInstances?.[0];
      if (!db) return undefined;
      return {
        kind: 'db-instance',
        id: db.DBInstanceIdentifier ?? id,
        status: db.DBInstanceStatus ?? 'unknown',
        engine: db.Engine ?? '',
        multiAz: db.MultiAZ === true,
        ...(db.DBClusterIdentifier ? { clusterId: db.DBClusterIdentifier } : {}),
        ...(db.ReadReplicaSourceDBInstanceIdentifier || db.ReadReplicaSourceDBClusterIdentifier
          ? {
              replicaSource:
                db.ReadReplicaSourceDBInstanceIdentifier ?? db.ReadReplicaSourceDBClusterIdentifier,
            }
          : {}),
        replicas: [
          ...(db.ReadReplicaDBInstanceIdentifiers ?? []),
          ...(db.ReadReplicaDBClusterIdentifiers ?? []),
        ],
        ...(db.AutomaticRestartTime ? { autoRestartAt: db.AutomaticRestartTime } : {}),
      };
    } catch (error) {
      if (isNotFound(error, 'DBInstanceNotFound')) return undefined;
      throw error;
    }
  }

  async describeCluster(id: string): Promise<DbClusterState | undefined> {
    try {
      const out = await this.call('DescribeDBClusters', () =>
        this.clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id })),
      );
      const c = out.DBClusters?.[0];
      if (!c) return undefined;
      return {
        kind: 'db-cluster',
        id: c.DBClusterIdentifier ?? id,
        status: c.Status ?? 'unknown',
        engine: c.Engine ?? '',
        engineMode: c.EngineMode ?? 'provisioned',
        ...(c.GlobalClusterIdentifier ? { globalClusterId: c.GlobalClusterIdentifier } : {}),
        replicas: [...(c.ReadReplicaIdentifiers ?? [])],
        ...(c.ReplicationSourceIdentifier ? { replicationSource: c.ReplicationSourceIdentifier } : {}),
        // Multi-AZ DB clusters (not Aurora) are the ones with a cluster-level instance class.
        multiAzDbCluster: Boolean(c.DBClusterInstanceClass) && !(c.Engine ?? '').startsWith('aurora'),
        members: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier ?? '').filter(Boolean),
        ...(c.AutomaticRestartTime ? { autoRestartAt: c.AutomaticRestartTime } : {}),
      };
    } catch (error) {
      if (isNotFound(error, 'DBClusterNotFound')) return undefined;
      throw error;
    }
  }

  async setScaling(ref: ServiceRef, bounds: ScalingBounds): Promise<void> {
    await this.call('RegisterScalableTarget', () =>
      this.clients.autoscaling.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ScalableDimension: ECS_DIMENSION,
          ResourceId: `service/${ref.cluster}/${ref.service}`,
          MinCapacity: bounds.min,
          MaxCapacity: bounds.max,
          SuspendedState: {
            DynamicScalingInSuspended: bounds.suspended.scaleIn,
            DynamicScalingOutSuspended: bounds.suspended.scaleOut,
            ScheduledScalingSuspended: bounds.suspended.scheduled,
          },
        }),
      ),
    );
  }

  async setDesiredCount(ref: ServiceRef, count: number): Promise<void> {
    await this.call('UpdateService', async () => {
      // A token per attempt: a throttled retry spends AWS's budget too.
      await this.options.ecsModifyPacer.take();
      return this.clients.ecs.send(
        new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, desiredCount: count }),
      );
    });
  }

  async stopDatabase(db: Pick<Database, 'kind' | 'id'>): Promise<void> {
    await this.call('StopDatabase', () =>
      db.kind === 'db-instance'
        ? this.clients.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: db.id }))
        : this.clients.rds.send(new StopDBClusterCommand({ DBClusterIdentifier: db.id })),
    );
  }

  async startDatabase(db: Pick<Database, 'kind' | 'id'>): Promise<void> {
    await this.call('StartDatabase', () =>
      db.kind === 'db-instance'
        ? this.clients.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: db.id }))
        : this.clients.rds.send(new StartDBClusterCommand({ DBClusterIdentifier: db.id })),
    );
  }
}

function boundsOf(target: ScalableTarget): ScalingBounds {
  return {
    min: target.MinCapacity ?? 0,
    max: target.MaxCapacity ?? 0,
    suspended: {
      scaleIn: target.SuspendedState?.DynamicScalingInSuspended === true,
      scaleOut: target.SuspendedState?.DynamicScalingOutSuspended === true,
      scheduled: target.SuspendedState?.ScheduledScalingSuspended === true,
    },
  };
}

function isNotFound(error: unknown, code: string): boolean {
  const name = error instanceof GatewayError ? (error.failure.name ?? '') : '';
  return name === code || name === `${code}Fault`;
}

/**
 * ECS service ARNs: `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>`; the old format
 * without the cluster can't be placed. RDS: `…:db:<id>` and `…:cluster:<id>`.
 */
export function placeArn(arn: string, into: TaggedResources): void {
  const parts = arn.split(':');
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  if (service === 'ecs') {
    const m = /^service\/([^/]+)\/([^/]+)$/.exec(resource);
    if (m) into.services.push({ cluster: m[1]!, service: m[2]! });
    else into.unplaced.push(arn);
  } else if (service === 'rds' && resource.startsWith('db:')) {
    into.instances.push(resource.slice(3));
  } else if (service === 'rds' && resource.startsWith('cluster:')) {
    into.clusters.push(resource.slice('cluster:'.length));
  } else {
    into.unplaced.push(arn);
  }
}

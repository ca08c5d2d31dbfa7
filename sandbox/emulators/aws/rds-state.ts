import type { EmulatorClock } from './clock.js';
import { parseArn, randomHex, randomUpper } from './ids.js';
import { rdsErrors } from './rds-errors.js';
import type { DbCluster, DbInstance, DbStatus, Scope, Tags } from './world-types.js';

export interface RdsTiming {
  /** Simulated ms an instance spends in `stopping` / `starting`; clusters take a little longer. */
  stopMs: number;
  startMs: number;
  /** Simulated ms after which AWS starts a stopped instance or cluster by itself (7 days). */
  autoRestartAfterMs: number;
}

export interface NewDbInstance {
  id: string;
  engine?: string;
  engineVersion?: string;
  instanceClass?: string;
  status?: 'available' | 'stopped';
  multiAz?: boolean;
  allocatedStorage?: number;
  /** Makes it a read replica of that instance. */
  replicaSourceId?: string;
  tags?: Tags;
}

export interface NewDbCluster {
  id: string;
  engine?: string;
  engineVersion?: string;
  engineMode?: 'provisioned' | 'serverless';
  status?: 'available' | 'stopped';
  /** Member instances to create; the first is the writer. */
  instances?: string[];
  instanceClass?: string;
  /** A Multi-AZ DB cluster (non-Aurora, e.g. engine `postgres`), which cannot be stopped. */
  multiAzDbCluster?: boolean;
  globalClusterId?: string;
  crossRegionReplicaArns?: string[];
  tags?: Tags;
}

interface Tracked<T> {
  record: T;
  transition?: { to: DbStatus; at: number };
  autoRestartAt?: number;
}

const key = (scope: Scope, id: string) => `${scope.accountId}|${scope.region}|${id}`;
const inScope = (scope: Scope) => (r: Scope) => r.accountId === scope.accountId && r.region === scope.region;
/** Clusters take longer than single instances to stop and start: they carry several members. */
const CLUSTER_FACTOR = 1.5;

function idFromArnOrId(value: string, kind: 'db' | 'cluster'): string {
  const arn = parseArn(value);
  if (!arn) return value;
  return arn.resource.startsWith(`${kind}:`) ? arn.resource.slice(kind.length + 1) : value;
}

function defaultPort(engine: string): number {
  if (engine.includes('mysql') || engine.includes('mariadb')) return 3306;
  if (engine.startsWith('sqlserver')) return 1433;
  if (engine.startsWith('oracle')) return 1521;
  return 5432;
}

/**
 * RDS instances and clusters with AWS's status machine: available → stopping → stopped →
 * starting → available, over simulated minutes; a stopped database starts itself after 7 days.
 */
export class RdsState {
  private readonly instanceMap = new Map<string, Tracked<DbInstance>>();
  private readonly clusterMap = new Map<string, Tracked<DbCluster>>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly timing: RdsTiming,
  ) {}

  addInstance(scope: Scope, input: NewDbInstance, clusterId?: string): DbInstance {
    if (this.instanceMap.has(key(scope, input.id))) throw new Error(`DB instance ${input.id} already exists`);
    if (input.replicaSourceId && !this.instanceMap.has(key(scope, input.replicaSourceId))) {
      throw new Error(`read replica source ${input.replicaSourceId} does not exist; add it first`);
    }
    const source = input.replicaSourceId
      ? this.instanceMap.get(key(scope, input.replicaSourceId))?.record
      : undefined;
    const engine = input.engine ?? source?.engine ?? 'postgres';
    const now = this.clock.now();
    const status = input.status ?? 'available';
    const db: DbInstance = {
      ...scope,
      id: input.id,
      arn: `arn:aws:rds:${scope.region}:${scope.accountId}:db:${input.id}`,
      resourceId: `db-${randomUpper(26)}`,
      engine,
      engineVersion:
        input.engineVersion ?? source?.engineVersion ?? (engine.startsWith('aurora') ? '16.4' : '16.4'),
      instanceClass: input.instanceClass ?? source?.instanceClass ?? 'db.t4g.micro',
      status,
      multiAz: input.multiAz ?? false,
      storageType: engine.startsWith('aurora') ? 'aurora' : 'gp3',
      allocatedStorage: input.allocatedStorage ?? (engine.startsWith('aurora') ? 1 : 20),
      port: defaultPort(engine),
      endpointAddress: `${input.id}.c${randomHex(12)}.${scope.region}.rds.amazonaws.com`,
      createdAt: now,
      tags: { ...(input.tags ?? {}) },
    };
    if (clusterId) db.clusterId = clusterId;
    if (input.replicaSourceId) db.replicaSourceId = input.replicaSourceId;
    const tracked: Tracked<DbInstance> = { record: db };
    if (status === 'stopped') {
      db.stoppedAt = now;
      tracked.autoRestartAt = now + this.timing.autoRestartAfterMs;
    }
    this.instanceMap.set(key(scope, input.id), tracked);
    return db;
  }

  addCluster(scope: Scope, input: NewDbCluster): DbCluster {
    if (this.clusterMap.has(key(scope, input.id))) throw new Error(`DB cluster ${input.id} already exists`);
    const engine = input.engine ?? (input.multiAzDbCluster ? 'postgres' : 'aurora-postgresql');
    const now = this.clock.now();
    const status = input.status ?? 'available';
    const suffix = `cluster-c${randomHex(12)}.${scope.region}.rds.amazonaws.com`;
    const cluster: DbCluster = {
      ...scope,
      id: input.id,
      arn: `arn:aws:rds:${scope.region}:${scope.accountId}:cluster:${input.id}`,
      resourceId: `cluster-${randomUpper(26)}`,
      engine,
      engineVersion: input.engineVersion ?? '16.4',
      engineMode: input.engineMode ?? 'provisioned',
      status,
      multiAz: input.multiAzDbCluster ?? (input.instances?.length ?? 0) > 1,
      replicaArns: [...(input.crossRegionReplicaArns ?? [])],
      members: [],
      port: defaultPort(engine),
      endpoint: `${input.id}.${suffix}`,
      readerEndpoint: `${input.id}.cluster-ro-${suffix.slice('cluster-'.length)}`,
      createdAt: now,
      tags: { ...(input.tags ?? {}) },
    };
    if (input.multiAzDbCluster) cluster.clusterInstanceClass = input.instanceClass ?? 'db.m6gd.large';
    if (input.globalClusterId) cluster.globalClusterId = input.globalClusterId;
    const tracked: Tracked<DbCluster> = { record: cluster };
    if (status === 'stopped') {
      cluster.stoppedAt = now;
      tracked.autoRestartAt = now + this.timing.autoRestartAfterMs;
    }
    this.clusterMap.set(key(scope, input.id), tracked);
    (input.instances ?? []).forEach((instanceId, i) => {
      this.addInstance(
        scope,
        {
          id: instanceId,
          engine,
          engineVersion: cluster.engineVersion,
          instanceClass: input.instanceClass ?? 'db.r6g.large',
          status,
          tags: input.tags ?? {},
        },
        input.id,
      );
      cluster.members.push({ instanceId, writer: i === 0 });
    });
    return cluster;
  }

  instances(scope: Scope): DbInstance[] {
    this.settle();
    return [...this.instanceMap.values()].map((t) => t.record).filter(inScope(scope));
  }

  allInstances(): DbInstance[] {
    this.settle();
    return [...this.instanceMap.values()].map((t) => t.record);
  }

  instance(scope: Scope, idOrArn: string): DbInstance | undefined {
    this.settle();
    return this.instanceMap.get(key(scope, idFromArnOrId(idOrArn, 'db')))?.record;
  }

  clusters(scope: Scope): DbCluster[] {
    this.settle();
    return [...this.clusterMap.values()].map((t) => t.record).filter(inScope(scope));
  }

  allClusters(): DbCluster[] {
    this.settle();
    return [...this.clusterMap.values()].map((t) => t.record);
  }

  cluster(scope: Scope, idOrArn: string): DbCluster | undefined {
    this.settle();
    return this.clusterMap.get(key(scope, idFromArnOrId(idOrArn, 'cluster')))?.record;
  }

  replicasOf(db: DbInstance): string[] {
    return [...this.instanceMap.values()]
      .map((t) => t.record)
      .filter((r) => r.accountId === db.accountId && r.region === db.region && r.replicaSourceId === db.id)
      .map((r) => r.id);
  }

  private trackedInstance(scope: Scope, idOrArn: string): Tracked<DbInstance> {
    this.settle();
    const id = idFromArnOrId(idOrArn, 'db');
    const tracked = this.instanceMap.get(key(scope, id));
    if (!tracked) throw rdsErrors.instanceNotFound(id);
    return tracked;
  }

  private trackedCluster(scope: Scope, idOrArn: string): Tracked<DbCluster> {
    this.settle();
    const id = idFromArnOrId(idOrArn, 'cluster');
    const tracked = this.clusterMap.get(key(scope, id));
    if (!tracked) throw rdsErrors.clusterNotFound(id);
    return tracked;
  }

  /** Refuses what AWS refuses, with AWS's error codes, in the order AWS checks. */
  stopInstance(scope: Scope, idOrArn: string): DbInstance {
    const tracked = this.trackedInstance(scope, idOrArn);
    const db = tracked.record;
    if (db.clusterId && db.engine.startsWith('aurora')) {
      throw rdsErrors.invalidCombination(
        `${db.engine} DB instances are not eligible for stopping and starting.`,
      );
    }
    if (db.clusterId) {
      throw rdsErrors.invalidCombination(
        `DB instance ${db.id} is a member of DB cluster ${db.clusterId}; stop the DB cluster instead.`,
      );
    }
    if (db.replicaSourceId)
      throw rdsErrors.invalidInstanceState('Cannot stop or start a Read-Replica instance');
    const replicas = this.replicasOf(db);
    if (replicas.length > 0) {
      throw rdsErrors.invalidInstanceState(
        `Cannot stop instance ${db.id} because it is the source for read replica instance(s) ${replicas.join(', ')}.`,
      );
    }
    if (db.engine.startsWith('sqlserver') && db.multiAz) {
      throw rdsErrors.invalidInstanceState(
        `Cannot stop instance ${db.id}: SQL Server Multi-AZ instances cannot be stopped.`,
      );
    }
    if (db.status !== 'available')
      throw rdsErrors.invalidInstanceState(`Instance ${db.id} is not in available state.`);
    const now = this.clock.now();
    db.status = 'stopping';
    tracked.transition = { to: 'stopped', at: now + this.timing.stopMs };
    return db;
  }

  startInstance(scope: Scope, idOrArn: string): DbInstance {
    const tracked = this.trackedInstance(scope, idOrArn);
    const db = tracked.record;
    if (db.clusterId && db.engine.startsWith('aurora')) {
      throw rdsErrors.invalidCombination(
        `${db.engine} DB instances are not eligible for stopping and starting.`,
      );
    }
    if (db.replicaSourceId)
      throw rdsErrors.invalidInstanceState('Cannot stop or start a Read-Replica instance');
    if (db.status !== 'stopped') {
      throw rdsErrors.invalidInstanceState(
        `Instance ${db.id} cannot be started as it is not in stopped state.`,
      );
    }
    this.beginStart(tracked, this.clock.now());
    return db;
  }

  stopCluster(scope: Scope, idOrArn: string): DbCluster {
    const tracked = this.trackedCluster(scope, idOrArn);
    const cluster = tracked.record;
    this.refuseClusterStopStart(cluster, 'Stop');
    if (cluster.status !== 'available') {
      throw rdsErrors.invalidClusterState(
        `DbCluster ${cluster.id} is in ${cluster.status} state but expected it to be one of available.`,
      );
    }
    const now = this.clock.now();
    this.setClusterStatus(cluster, 'stopping');
    tracked.transition = { to: 'stopped', at: now + this.timing.stopMs * CLUSTER_FACTOR };
    return cluster;
  }

  startCluster(scope: Scope, idOrArn: string): DbCluster {
    const tracked = this.trackedCluster(scope, idOrArn);
    const cluster = tracked.record;
    this.refuseClusterStopStart(cluster, 'Start');
    if (cluster.status !== 'stopped') {
      throw rdsErrors.invalidClusterState(
        `DbCluster ${cluster.id} is in ${cluster.status} state but expected it to be one of stopped,inaccessible-encryption-credentials-recoverable.`,
      );
    }
    this.beginClusterStart(tracked, this.clock.now());
    return cluster;
  }

  private refuseClusterStopStart(cluster: DbCluster, verb: 'Stop' | 'Start'): void {
    if (cluster.globalClusterId) {
      throw rdsErrors.invalidClusterState(
        `${verb}-DBCluster is not supported for DB cluster ${cluster.id}: it is part of global database ${cluster.globalClusterId}.`,
      );
    }
    if (cluster.replicaArns.length > 0) {
      throw rdsErrors.invalidClusterState(
        `${verb}-DBCluster is not supported for DB cluster ${cluster.id}: it has cross-Region read replicas.`,
      );
    }
    if (cluster.engineMode === 'serverless') {
      throw rdsErrors.invalidClusterState(
        `${verb}-DBCluster is not supported for these configurations: Serverless v1.`,
      );
    }
    if (cluster.clusterInstanceClass) {
      throw rdsErrors.invalidClusterState(
        `${verb}-DBCluster is not supported for Multi-AZ DB cluster ${cluster.id}.`,
      );
    }
  }

  /** What AWS does on day 7 of a stop: start the database by itself. */
  autoRestartNow(scope: Scope, id: string): DbInstance | DbCluster {
    this.settle();
    const instance = this.instanceMap.get(key(scope, id));
    const cluster = this.clusterMap.get(key(scope, id));
    const now = this.clock.now();
    if (cluster) {
      if (cluster.record.status !== 'stopped')
        throw rdsErrors.invalidClusterState(`DbCluster ${id} is not stopped.`);
      this.beginClusterStart(cluster, now);
      return cluster.record;
    }
    if (instance && !instance.record.clusterId) {
      if (instance.record.status !== 'stopped')
        throw rdsErrors.invalidInstanceState(`Instance ${id} is not stopped.`);
      this.beginStart(instance, now);
      return instance.record;
    }
    throw rdsErrors.instanceNotFound(id);
  }

  private beginStart(tracked: Tracked<DbInstance>, at: number): void {
    tracked.record.status = 'starting';
    tracked.transition = { to: 'available', at: at + this.timing.startMs };
    tracked.autoRestartAt = undefined;
    tracked.record.stoppedAt = undefined;
  }

  private beginClusterStart(tracked: Tracked<DbCluster>, at: number): void {
    this.setClusterStatus(tracked.record, 'starting');
    tracked.transition = { to: 'available', at: at + this.timing.startMs * CLUSTER_FACTOR };
    tracked.autoRestartAt = undefined;
    tracked.record.stoppedAt = undefined;
  }

  /** Aurora members follow their cluster's status. */
  private setClusterStatus(cluster: DbCluster, status: DbStatus, at?: number): void {
    cluster.status = status;
    for (const m of cluster.members) {
      const member = this.instanceMap.get(key(cluster, m.instanceId))?.record;
      if (!member) continue;
      member.status = status;
      member.stoppedAt = status === 'stopped' ? at : undefined;
    }
  }

  settle(now: number = this.clock.now()): void {
    for (const tracked of this.instanceMap.values()) this.settleOne(tracked, now, false);
    for (const tracked of this.clusterMap.values()) this.settleOne(tracked, now, true);
  }

  private settleOne(
    tracked: Tracked<DbInstance> | Tracked<DbCluster>,
    now: number,
    isCluster: boolean,
  ): void {
    for (;;) {
      const { transition, autoRestartAt } = tracked;
      if (transition && transition.at <= now) {
        tracked.transition = undefined;
        if (isCluster) this.setClusterStatus(tracked.record as DbCluster, transition.to, transition.at);
        else tracked.record.status = transition.to;
        if (transition.to === 'stopped') {
          tracked.record.stoppedAt = transition.at;
          tracked.autoRestartAt = transition.at + this.timing.autoRestartAfterMs;
        }
        continue;
      }
      if (!transition && autoRestartAt !== undefined && autoRestartAt <= now) {
        if (isCluster) this.beginClusterStart(tracked as Tracked<DbCluster>, autoRestartAt);
        else this.beginStart(tracked as Tracked<DbInstance>, autoRestartAt);
        continue;
      }
      return;
    }
  }
}

import type { Database, DbClusterState, DbInstanceState } from './model.js';

/** Why AWS refuses to stop (or start) a database, as data the verbs word. */
export type NotStoppable =
  | { code: 'aurora-member'; cluster: string }
  | { code: 'multi-az-cluster-member'; cluster: string }
  | { code: 'read-replica' }
  | { code: 'replica-source'; replicas: string[] }
  | { code: 'sqlserver-multi-az' }
  | { code: 'global-database'; global: string }
  | { code: 'cross-region-replicas' }
  | { code: 'replica-cluster' }
  | { code: 'serverless-v1' }
  | { code: 'multi-az-db-cluster' };

/**
 * Why AWS refuses to stop (or start) a database, checked in the order RDS checks. Undefined when
 * it can be stopped. These come from AWS's documented limits: read replicas and their sources,
 * SQL Server Multi-AZ, Aurora members (stopped per cluster), Multi-AZ DB clusters, global
 * databases, cross-Region replicas and Aurora Serverless v1.
 */
export function whyNotStoppable(db: Database): NotStoppable | undefined {
  return db.kind === 'db-instance' ? instanceRule(db) : clusterRule(db);
}

function instanceRule(db: DbInstanceState): NotStoppable | undefined {
  if (db.clusterId && db.engine.startsWith('aurora')) return { code: 'aurora-member', cluster: db.clusterId };
  if (db.clusterId) return { code: 'multi-az-cluster-member', cluster: db.clusterId };
  if (db.replicaSource) return { code: 'read-replica' };
  if (db.replicas.length > 0) return { code: 'replica-source', replicas: db.replicas };
  if (db.engine.startsWith('sqlserver') && db.multiAz) return { code: 'sqlserver-multi-az' };
  return undefined;
}

function clusterRule(db: DbClusterState): NotStoppable | undefined {
  if (db.globalClusterId) return { code: 'global-database', global: db.globalClusterId };
  if (db.replicas.length > 0) return { code: 'cross-region-replicas' };
  if (db.replicationSource) return { code: 'replica-cluster' };
  if (db.engineMode === 'serverless') return { code: 'serverless-v1' };
  if (db.multiAzDbCluster) return { code: 'multi-az-db-cluster' };
  return undefined;
}

/** States a database passes through on its own; infrabot waits them out instead of failing. */
const TRANSITIONAL = new Set([
  'starting',
  'stopping',
  'modifying',
  'backing-up',
  'rebooting',
  'upgrading',
  'maintenance',
  'renaming',
  'resetting-master-credentials',
  'configuring-enhanced-monitoring',
  'configuring-iam-database-auth',
  'configuring-log-exports',
  'storage-optimization',
  'creating',
]);

export function isTransitional(status: string): boolean {
  return TRANSITIONAL.has(status);
}

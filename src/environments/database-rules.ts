import type { Database, DbClusterState, DbInstanceState } from './model.js';

/**
 * Why AWS refuses to stop (or start) a database, checked in the order RDS checks, worded for
 * people. Undefined when it can be stopped. These come from AWS's documented limits: read
 * replicas and their sources, SQL Server Multi-AZ, Aurora members (stopped per cluster),
 * Multi-AZ DB clusters, global databases, cross-Region replicas and Aurora Serverless v1.
 */
export function whyNotStoppable(db: Database): string | undefined {
  return db.kind === 'db-instance' ? instanceRule(db) : clusterRule(db);
}

function instanceRule(db: DbInstanceState): string | undefined {
  if (db.clusterId && db.engine.startsWith('aurora')) {
    return `an Aurora instance is stopped with its cluster: stop ${db.clusterId} instead`;
  }
  if (db.clusterId) return `a member of Multi-AZ DB cluster ${db.clusterId}, which cannot be stopped`;
  if (db.replicaSource) return 'a read replica cannot be stopped';
  if (db.replicas.length > 0) {
    return `it is the source of read replica${db.replicas.length === 1 ? '' : 's'} ${db.replicas.join(', ')}, so it cannot be stopped`;
  }
  if (db.engine.startsWith('sqlserver') && db.multiAz)
    return 'a SQL Server Multi-AZ instance cannot be stopped';
  return undefined;
}

function clusterRule(db: DbClusterState): string | undefined {
  if (db.globalClusterId) return `part of global database ${db.globalClusterId}, which cannot be stopped`;
  if (db.replicas.length > 0) return 'it has cross-Region read replicas, so it cannot be stopped';
  if (db.replicationSource) return 'a read replica cluster cannot be stopped';
  if (db.engineMode === 'serverless') return 'Aurora Serverless v1 cannot be stopped';
  if (db.multiAzDbCluster) return 'a Multi-AZ DB cluster cannot be stopped';
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

import { AwsError } from './errors.js';
import { parseArn } from './ids.js';
import { paginate } from './pagination.js';
import { type Params, queryValidation } from './params.js';
import { rdsErrors } from './rds-errors.js';
import type { RequestContext, ServiceDefinition } from './service.js';
import type { World } from './world.js';
import type { DbCluster, DbInstance, Tags } from './world-types.js';
import { xmlList } from './xml-writer.js';

/** Route 53 hosted zone RDS endpoints use (ap-northeast-1's; the bot never resolves it). */
const HOSTED_ZONE = 'Z24O6O9L7SGTNB';

function tagList(tags: Tags) {
  return xmlList(
    'Tag',
    Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  );
}

function instanceXml(world: World, db: DbInstance): Record<string, unknown> {
  const aurora = db.engine.startsWith('aurora');
  return {
    DBInstanceIdentifier: db.id,
    DBInstanceClass: db.instanceClass,
    Engine: db.engine,
    DBInstanceStatus: db.status,
    MasterUsername: aurora ? undefined : 'postgres',
    Endpoint: { Address: db.endpointAddress, Port: db.port, HostedZoneId: HOSTED_ZONE },
    AllocatedStorage: db.allocatedStorage,
    InstanceCreateTime: new Date(db.createdAt),
    PreferredBackupWindow: '18:00-18:30',
    BackupRetentionPeriod: db.replicaSourceId ? 0 : 7,
    DBSecurityGroups: xmlList('DBSecurityGroup', []),
    VpcSecurityGroups: xmlList('VpcSecurityGroupMembership', [
      { VpcSecurityGroupId: 'sg-0a1b2c3d4e5f60718', Status: 'active' },
    ]),
    DBParameterGroups: xmlList('DBParameterGroup', [
      {
        DBParameterGroupName: `default.${db.engine}${db.engineVersion.split('.')[0]}`,
        ParameterApplyStatus: 'in-sync',
      },
    ]),
    AvailabilityZone: `${db.region}a`,
    PreferredMaintenanceWindow: 'sun:19:00-sun:19:30',
    PendingModifiedValues: {},
    MultiAZ: db.multiAz,
    EngineVersion: db.engineVersion,
    AutoMinorVersionUpgrade: true,
    ReadReplicaSourceDBInstanceIdentifier: db.replicaSourceId,
    ReadReplicaDBInstanceIdentifiers: xmlList('ReadReplicaDBInstanceIdentifier', world.rds.replicasOf(db)),
    ReadReplicaDBClusterIdentifiers: xmlList('ReadReplicaDBClusterIdentifier', []),
    LicenseModel: db.engine.startsWith('sqlserver') ? 'license-included' : 'postgresql-license',
    OptionGroupMemberships: xmlList('OptionGroupMembership', []),
    PubliclyAccessible: false,
    StorageType: db.storageType,
    DbInstancePort: 0,
    DBClusterIdentifier: db.clusterId,
    StorageEncrypted: true,
    DbiResourceId: db.resourceId,
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    DeletionProtection: false,
    DBInstanceArn: db.arn,
    IAMDatabaseAuthenticationEnabled: false,
    PerformanceInsightsEnabled: false,
    TagList: tagList(db.tags),
    CustomerOwnedIpEnabled: false,
    BackupTarget: 'region',
    NetworkType: 'IPV4',
  };
}

function clusterXml(c: DbCluster): Record<string, unknown> {
  return {
    AllocatedStorage: 1,
    AvailabilityZones: xmlList('AvailabilityZone', [`${c.region}a`, `${c.region}c`, `${c.region}d`]),
    BackupRetentionPeriod: 7,
    DBClusterIdentifier: c.id,
    DBClusterParameterGroup: `default.${c.engine}${c.engineVersion.split('.')[0]}`,
    DBSubnetGroup: 'default',
    Status: c.status,
    Endpoint: c.endpoint,
    ReaderEndpoint: c.readerEndpoint,
    MultiAZ: c.multiAz,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    Port: c.port,
    MasterUsername: 'postgres',
    PreferredBackupWindow: '18:00-18:30',
    PreferredMaintenanceWindow: 'sun:19:00-sun:19:30',
    ReadReplicaIdentifiers: xmlList('ReadReplicaIdentifier', c.replicaArns),
    DBClusterMembers: xmlList(
      'DBClusterMember',
      c.members.map((m, i) => ({
        DBInstanceIdentifier: m.instanceId,
        IsClusterWriter: m.writer,
        DBClusterParameterGroupStatus: 'in-sync',
        PromotionTier: i + 1,
      })),
    ),
    VpcSecurityGroups: xmlList('VpcSecurityGroupMembership', [
      { VpcSecurityGroupId: 'sg-0a1b2c3d4e5f60718', Status: 'active' },
    ]),
    HostedZoneId: HOSTED_ZONE,
    StorageEncrypted: true,
    DbClusterResourceId: c.resourceId,
    DBClusterArn: c.arn,
    IAMDatabaseAuthenticationEnabled: false,
    ClusterCreateTime: new Date(c.createdAt),
    EngineMode: c.engineMode,
    DeletionProtection: false,
    HttpEndpointEnabled: false,
    CopyTagsToSnapshot: false,
    CrossAccountClone: false,
    DBClusterInstanceClass: c.clusterInstanceClass,
    GlobalClusterIdentifier: c.globalClusterId,
    TagList: tagList(c.tags),
    AutoMinorVersionUpgrade: true,
    NetworkType: 'IPV4',
  };
}

type FilterMap = Map<string, string[]>;

function readFilters(params: Params, allowed: readonly string[]): FilterMap {
  const filters: FilterMap = new Map();
  for (const f of params.objList('Filters') ?? []) {
    const name = f.reqStr('Name');
    const values = f.strList('Values');
    if (values === undefined) throw f.missing('Values');
    if (!allowed.includes(name)) throw rdsErrors.invalidValue(`Unrecognized filter name: ${name}.`);
    filters.set(name, [...(filters.get(name) ?? []), ...values]);
  }
  return filters;
}

/** A filter value may be an identifier or an ARN. */
function matches(filters: FilterMap, name: string, ...candidates: Array<string | undefined>): boolean {
  const values = filters.get(name);
  if (!values) return true;
  return candidates.some((c) => c !== undefined && values.includes(c));
}

function pageSize(params: Params): number {
  const max = params.int('MaxRecords');
  if (max === undefined) return 100;
  if (max < 20 || max > 100)
    throw rdsErrors.invalidValue('Invalid value for MaxRecords. Must be between 20 and 100');
  return max;
}

const invalidMarker = () => rdsErrors.invalidValue('The marker is not valid.');

interface DescribeSpec<T> {
  /** The request parameter that names one resource, e.g. DBInstanceIdentifier. */
  idParam: string;
  /** The filter names this action accepts; any other is rejected. */
  filterNames: readonly string[];
  /** The named resource, or the not-found error RDS answers for it. */
  one(id: string): T;
  /** Every resource of the kind in the request's account and region. */
  all(): T[];
  keep(item: T, filters: FilterMap): boolean;
}

/**
 * What DescribeDBInstances and DescribeDBClusters share: the named resource or all of them,
 * narrowed by Filters, one MaxRecords page after Marker. Filters and MaxRecords are checked
 * before the identifier is looked up, so a malformed request fails the same way for both.
 */
function describePage<T>(params: Params, spec: DescribeSpec<T>): { page: T[]; nextToken?: string } {
  const id = params.str(spec.idParam);
  const filters = readFilters(params, spec.filterNames);
  const max = pageSize(params);
  const items = id === undefined ? spec.all() : [spec.one(id)];
  return paginate(
    items.filter((item) => spec.keep(item, filters)),
    params.str('Marker'),
    max,
    invalidMarker,
  );
}

export function rdsService(world: World): ServiceDefinition {
  const clusterArn = (ctx: RequestContext, id: string | undefined) =>
    id ? `arn:aws:rds:${ctx.region}:${ctx.accountId}:cluster:${id}` : undefined;

  return {
    name: 'rds',
    signingName: 'rds',
    protocol: 'query',
    xmlNamespace: 'http://rds.amazonaws.com/doc/2014-10-31/',
    validation: queryValidation,
    throttlingError: () => new AwsError('Throttling', 'Rate exceeded'),
    actions: {
      DescribeDBInstances(ctx) {
        const { page, nextToken } = describePage(ctx.params, {
          idParam: 'DBInstanceIdentifier',
          filterNames: ['db-cluster-id', 'db-instance-id', 'dbi-resource-id', 'engine', 'domain'],
          one(id) {
            const db = world.rds.instance(ctx, id);
            if (!db)
              throw rdsErrors.instanceNotFound(id.startsWith('arn:') ? (parseArn(id)?.resource ?? id) : id);
            return db;
          },
          all: () => world.rds.instances(ctx),
          keep: (db, filters) =>
            matches(filters, 'db-cluster-id', db.clusterId, clusterArn(ctx, db.clusterId)) &&
            matches(filters, 'db-instance-id', db.id, db.arn) &&
            matches(filters, 'dbi-resource-id', db.resourceId) &&
            matches(filters, 'engine', db.engine) &&
            !filters.has('domain'),
        });
        return {
          DBInstances: xmlList(
            'DBInstance',
            page.map((db) => instanceXml(world, db)),
          ),
          Marker: nextToken,
        };
      },

      DescribeDBClusters(ctx) {
        const { page, nextToken } = describePage(ctx.params, {
          idParam: 'DBClusterIdentifier',
          filterNames: ['db-cluster-id', 'db-cluster-resource-id', 'engine', 'domain', 'clone-group-id'],
          one(id) {
            const cluster = world.rds.cluster(ctx, id);
            if (!cluster) throw rdsErrors.clusterNotFound(id);
            return cluster;
          },
          all: () => world.rds.clusters(ctx),
          keep: (c, filters) =>
            matches(filters, 'db-cluster-id', c.id, c.arn) &&
            matches(filters, 'db-cluster-resource-id', c.resourceId) &&
            matches(filters, 'engine', c.engine) &&
            !filters.has('domain') &&
            !filters.has('clone-group-id'),
        });
        return { DBClusters: xmlList('DBCluster', page.map(clusterXml)), Marker: nextToken };
      },

      StopDBInstance(ctx) {
        const db = world.rds.stopInstance(ctx, ctx.params.reqStr('DBInstanceIdentifier'));
        return { DBInstance: instanceXml(world, db) };
      },

      StartDBInstance(ctx) {
        const db = world.rds.startInstance(ctx, ctx.params.reqStr('DBInstanceIdentifier'));
        return { DBInstance: instanceXml(world, db) };
      },

      StopDBCluster(ctx) {
        return {
          DBCluster: clusterXml(world.rds.stopCluster(ctx, ctx.params.reqStr('DBClusterIdentifier'))),
        };
      },

      StartDBCluster(ctx) {
        return {
          DBCluster: clusterXml(world.rds.startCluster(ctx, ctx.params.reqStr('DBClusterIdentifier'))),
        };
      },

      ListTagsForResource(ctx) {
        const name = ctx.params.reqStr('ResourceName');
        const arn = parseArn(name);
        if (arn?.service !== 'rds')
          throw rdsErrors.invalidValue(
            `The specified resource name does not match an RDS resource in this region.`,
          );
        const [kind, id = ''] = arn.resource.split(':');
        if (kind === 'db') {
          const db = world.rds.instance(ctx, name);
          if (!db) throw rdsErrors.instanceNotFound(id);
          return { TagList: tagList(db.tags) };
        }
        if (kind === 'cluster') {
          const cluster = world.rds.cluster(ctx, name);
          if (!cluster) throw rdsErrors.clusterNotFound(id);
          return { TagList: tagList(cluster.tags) };
        }
        throw rdsErrors.invalidValue(
          `The specified resource name does not match an RDS resource in this region.`,
        );
      },
    },
  };
}

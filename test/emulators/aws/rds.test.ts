import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  InvalidDBClusterStateFault,
  InvalidDBInstanceStateFault,
  ListTagsForResourceCommand,
  RDSClient,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { emulatorPerTest, rejectionOf } from './support.js';

const setup = emulatorPerTest({ rds: RDSClient }, { speed: 1 });

const DAY = 24 * 60 * 60 * 1000;

describe('RDS emulator', () => {
  it('describes instances and clusters, with filters and tags', async () => {
    const { rds } = await setup();
    const all = await rds.send(new DescribeDBInstancesCommand({}));
    expect(all.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual([
      'dev-db',
      'dev-reports',
      'dev-reports-replica',
      'staging-aurora-1',
    ]);
    const devDb = all.DBInstances?.[0];
    expect(devDb).toMatchObject({
      DBInstanceStatus: 'available',
      Engine: 'postgres',
      DBInstanceClass: 'db.t4g.medium',
      MultiAZ: false,
      ReadReplicaDBInstanceIdentifiers: [],
      TagList: [{ Key: 'Environment', Value: 'dev' }],
      DBInstanceArn: 'arn:aws:rds:ap-northeast-1:111111111111:db:dev-db',
      Endpoint: { Port: 5432 },
    });
    expect(devDb?.InstanceCreateTime).toBeInstanceOf(Date);
    expect(all.DBInstances?.[1]?.ReadReplicaDBInstanceIdentifiers).toEqual(['dev-reports-replica']);
    expect(all.DBInstances?.[2]?.ReadReplicaSourceDBInstanceIdentifier).toBe('dev-reports');

    const one = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'dev-db' }));
    expect(one.DBInstances).toHaveLength(1);

    const members = await rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: ['staging-aurora'] }] }),
    );
    expect(members.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(['staging-aurora-1']);
    expect(members.DBInstances?.[0]?.DBClusterIdentifier).toBe('staging-aurora');

    const clusters = await rds.send(new DescribeDBClustersCommand({}));
    expect(clusters.DBClusters?.[0]).toMatchObject({
      DBClusterIdentifier: 'staging-aurora',
      Status: 'available',
      Engine: 'aurora-postgresql',
      EngineMode: 'provisioned',
      DBClusterMembers: [{ DBInstanceIdentifier: 'staging-aurora-1', IsClusterWriter: true }],
      TagList: [{ Key: 'Environment', Value: 'staging' }],
    });

    const tags = await rds.send(
      new ListTagsForResourceCommand({
        ResourceName: 'arn:aws:rds:ap-northeast-1:111111111111:cluster:staging-aurora',
      }),
    );
    expect(tags.TagList).toEqual([{ Key: 'Environment', Value: 'staging' }]);

    const badFilter = await rejectionOf(
      rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    );
    expect(badFilter.name).toBe('InvalidParameterValue');
  });

  it('answers unknown identifiers with DBInstanceNotFound and DBClusterNotFoundFault', async () => {
    const { rds } = await setup();
    const instance = await rejectionOf(
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'ghost' })),
    );
    expect(instance).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(instance['Code']).toBe('DBInstanceNotFound');
    expect(instance.message).toBe('DBInstance ghost not found.');
    const cluster = await rejectionOf(rds.send(new StopDBClusterCommand({ DBClusterIdentifier: 'ghost' })));
    expect(cluster).toBeInstanceOf(DBClusterNotFoundFault);
  });

  it('stops and starts an instance through its status machine', async () => {
    const { emu, rds } = await setup();
    emu.world.addDbInstance({ id: 'solo', engine: 'mysql' });
    const stopped = await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'solo' }));
    expect(stopped.DBInstance?.DBInstanceStatus).toBe('stopping');

    const again = await rejectionOf(rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'solo' })));
    expect(again).toBeInstanceOf(InvalidDBInstanceStateFault);
    expect(again.message).toBe('Instance solo is not in available state.');

    emu.clock.advance(5 * 60_000);
    expect(emu.world.dbInstance('solo')?.status).toBe('stopped');
    const started = await rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: 'solo' }));
    expect(started.DBInstance?.DBInstanceStatus).toBe('starting');
    const notStopped = await rejectionOf(
      rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: 'solo' })),
    );
    expect(notStopped).toBeInstanceOf(InvalidDBInstanceStateFault);
    emu.clock.advance(10 * 60_000);
    const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'solo' }));
    expect(described.DBInstances?.[0]?.DBInstanceStatus).toBe('available');
  });

  it('restarts a stopped instance by itself after seven days', async () => {
    const { emu, rds } = await setup();
    emu.world.addDbInstance({ id: 'solo' });
    await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'solo' }));
    emu.clock.advance(5 * 60_000);
    expect(emu.world.dbInstance('solo')?.status).toBe('stopped');
    // It stopped 4 minutes after the call; AWS starts it again 7 days after that.
    emu.clock.advance(7 * DAY - 2 * 60_000);
    expect(emu.world.dbInstance('solo')?.status).toBe('stopped');
    emu.clock.advance(2 * 60_000);
    expect(emu.world.dbInstance('solo')?.status).toBe('starting');
    emu.clock.advance(10 * 60_000);
    expect(emu.world.dbInstance('solo')?.status).toBe('available');
  });

  it('honours a shorter auto-restart delay and the restart-db control', async () => {
    const { emu } = await setup({ seed: false, rdsAutoRestartAfterMs: 60 * 60_000 });
    emu.world.addDbInstance({ id: 'solo', status: 'stopped' });
    emu.clock.advance(61 * 60_000);
    expect(emu.world.dbInstance('solo')?.status).toBe('starting');

    emu.world.addDbInstance({ id: 'other', status: 'stopped' });
    emu.world.restartDb('other');
    expect(emu.world.dbInstance('other')?.status).toBe('starting');
  });

  it('refuses to stop what AWS refuses to stop', async () => {
    const { emu, rds } = await setup();
    emu.world.addDbInstance({ id: 'mssql', engine: 'sqlserver-se', multiAz: true });
    emu.world.addDbCluster({ id: 'global', instances: ['global-1'], globalClusterId: 'world' });
    emu.world.addDbCluster({ id: 'slsv1', engineMode: 'serverless', engine: 'aurora-mysql' });
    emu.world.addDbCluster({ id: 'maz', engine: 'postgres', multiAzDbCluster: true });

    const replica = await rejectionOf(
      rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'dev-reports-replica' })),
    );
    expect(replica).toBeInstanceOf(InvalidDBInstanceStateFault);
    expect(replica['Code']).toBe('InvalidDBInstanceState');
    const source = await rejectionOf(
      rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'dev-reports' })),
    );
    expect(source).toBeInstanceOf(InvalidDBInstanceStateFault);
    const sqlServer = await rejectionOf(
      rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'mssql' })),
    );
    expect(sqlServer).toBeInstanceOf(InvalidDBInstanceStateFault);

    const member = await rejectionOf(
      rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'staging-aurora-1' })),
    );
    expect(member.name).toBe('InvalidParameterCombination');
    expect(member.message).toBe('aurora-postgresql DB instances are not eligible for stopping and starting.');

    for (const id of ['global', 'slsv1', 'maz']) {
      const refused = await rejectionOf(rds.send(new StopDBClusterCommand({ DBClusterIdentifier: id })));
      expect(refused).toBeInstanceOf(InvalidDBClusterStateFault);
    }
    expect(emu.world.dbInstance('dev-reports')?.status).toBe('available');
  });

  it('stops and starts an Aurora cluster with its members', async () => {
    const { emu, rds } = await setup();
    const stopping = await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: 'staging-aurora' }));
    expect(stopping.DBCluster?.Status).toBe('stopping');
    expect(emu.world.dbInstance('staging-aurora-1')?.status).toBe('stopping');
    emu.clock.advance(10 * 60_000);
    const stopped = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'staging-aurora' }));
    expect(stopped.DBClusters?.[0]?.Status).toBe('stopped');
    expect(emu.world.dbInstance('staging-aurora-1')?.status).toBe('stopped');

    const stopAgain = await rejectionOf(
      rds.send(new StopDBClusterCommand({ DBClusterIdentifier: 'staging-aurora' })),
    );
    expect(stopAgain).toBeInstanceOf(InvalidDBClusterStateFault);

    await rds.send(new StartDBClusterCommand({ DBClusterIdentifier: 'staging-aurora' }));
    emu.clock.advance(10 * 60_000);
    expect(emu.world.dbCluster('staging-aurora')?.status).toBe('available');
    expect(emu.world.dbInstance('staging-aurora-1')?.status).toBe('available');

    await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: 'staging-aurora' }));
    emu.clock.advance(7 * DAY + 10 * 60_000);
    expect(emu.world.dbCluster('staging-aurora')?.status).toBe('starting');
  });
});

import {
  ClusterNotFoundException,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { emulatorPerTest, eventually, rejectionOf } from './support.js';

const setup = emulatorPerTest({ ecs: ECSClient });

describe('ECS emulator', () => {
  it('lists and describes clusters and services with tags on request', async () => {
    const { ecs } = await setup();
    const clusters = await ecs.send(new ListClustersCommand({}));
    expect(clusters.clusterArns).toEqual([
      'arn:aws:ecs:ap-northeast-1:111111111111:cluster/dev',
      'arn:aws:ecs:ap-northeast-1:111111111111:cluster/staging',
    ]);

    const described = await ecs.send(
      new DescribeClustersCommand({ clusters: ['dev', 'nope'], include: ['TAGS'] }),
    );
    expect(described.clusters?.[0]).toMatchObject({
      clusterName: 'dev',
      status: 'ACTIVE',
      activeServicesCount: 2,
      runningTasksCount: 3,
      tags: [{ key: 'Environment', value: 'dev' }],
    });
    expect(described.failures).toEqual([
      { arn: 'arn:aws:ecs:ap-northeast-1:111111111111:cluster/nope', reason: 'MISSING' },
    ]);

    const services = await ecs.send(new ListServicesCommand({ cluster: 'dev' }));
    expect(services.serviceArns).toHaveLength(2);

    const withTags = await ecs.send(
      new DescribeServicesCommand({ cluster: 'dev', services: ['api', 'ghost'], include: ['TAGS'] }),
    );
    const api = withTags.services?.[0];
    expect(api).toMatchObject({
      serviceName: 'api',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      launchType: 'FARGATE',
      tags: expect.arrayContaining([{ key: 'Environment', value: 'dev' }]),
    });
    expect(api?.deployments).toHaveLength(1);
    expect(api?.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      runningCount: 2,
    });
    expect(api?.createdAt).toBeInstanceOf(Date);
    expect(withTags.failures?.[0]?.reason).toBe('MISSING');

    const withoutTags = await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] }));
    expect(withoutTags.services?.[0]?.tags).toBeUndefined();

    const tags = await ecs.send(new ListTagsForResourceCommand({ resourceArn: api!.serviceArn! }));
    expect(tags.tags).toEqual([
      { key: 'Environment', value: 'dev' },
      { key: 'Service', value: 'api' },
    ]);
  });

  it('paginates ListServices ten at a time by default', async () => {
    const { emu, ecs } = await setup();
    emu.world.addEcsCluster({ name: 'big' });
    for (let i = 0; i < 13; i++)
      emu.world.addEcsService({ cluster: 'big', name: `svc-${i}`, desiredCount: 1 });
    const first = await ecs.send(new ListServicesCommand({ cluster: 'big' }));
    expect(first.serviceArns).toHaveLength(10);
    expect(first.nextToken).toBeTruthy();
    const second = await ecs.send(new ListServicesCommand({ cluster: 'big', nextToken: first.nextToken }));
    expect(second.serviceArns).toHaveLength(3);
    expect(second.nextToken).toBeUndefined();
  });

  it('converges the running count over simulated time after UpdateService', async () => {
    const { emu, ecs } = await setup({ speed: 1 });
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'dev', service: 'worker', desiredCount: 3 }),
    );
    expect(updated.service).toMatchObject({ desiredCount: 3, runningCount: 1, pendingCount: 0 });

    emu.clock.advance(3_000);
    expect(emu.world.ecsService('dev', 'worker')).toMatchObject({ runningCount: 1, pendingCount: 2 });
    emu.clock.advance(3_000);
    expect(emu.world.ecsService('dev', 'worker')).toMatchObject({ runningCount: 2, pendingCount: 1 });
    emu.clock.advance(60_000);
    const settled = await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['worker'] }));
    expect(settled.services?.[0]).toMatchObject({ desiredCount: 3, runningCount: 3, pendingCount: 0 });
    expect(settled.services?.[0]?.events?.[0]?.message).toBe('(service worker) has reached a steady state.');

    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'worker', desiredCount: 0 }));
    emu.clock.advance(3_000);
    expect(emu.world.ecsService('dev', 'worker')?.runningCount).toBe(2);
    emu.clock.advance(60_000);
    expect(emu.world.ecsService('dev', 'worker')?.runningCount).toBe(0);
  });

  it('converges with compressed time, as a bot waiting for stability sees it', async () => {
    const { ecs } = await setup({ speed: 600 });
    await ecs.send(new UpdateServiceCommand({ cluster: 'staging', service: 'api', desiredCount: 4 }));
    const stable = await eventually(async () => {
      const out = await ecs.send(new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }));
      const svc = out.services?.[0];
      return svc?.deployments?.length === 1 && svc.runningCount === 4 ? svc : undefined;
    });
    expect(stable.pendingCount).toBe(0);
  });

  it('rolls a new deployment and drains the old one', async () => {
    const { emu, ecs } = await setup({ speed: 1 });
    emu.world.deployService('dev', 'api');
    const during = await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] }));
    const deployments = during.services?.[0]?.deployments ?? [];
    expect(deployments.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE']);
    expect(deployments[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', runningCount: 0 });
    expect(deployments[0]?.taskDefinition).toMatch(/dev-api:2$/);

    emu.clock.advance(120_000);
    const after = await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] }));
    expect(after.services?.[0]?.deployments).toHaveLength(1);
    expect(after.services?.[0]?.deployments?.[0]).toMatchObject({
      rolloutState: 'COMPLETED',
      runningCount: 2,
    });
    expect(after.services?.[0]?.runningCount).toBe(2);
  });

  it('answers unknown clusters and services with the named exceptions', async () => {
    const { ecs } = await setup();
    const noCluster = await rejectionOf(ecs.send(new ListServicesCommand({ cluster: 'nope' })));
    expect(noCluster).toBeInstanceOf(ClusterNotFoundException);
    const noService = await rejectionOf(
      ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'nope', desiredCount: 1 })),
    );
    expect(noService).toBeInstanceOf(ServiceNotFoundException);
    expect(noService.message).toBe('Service not found.');
    const negative = await rejectionOf(
      ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'api', desiredCount: -1 })),
    );
    expect(negative.name).toBe('InvalidParameterException');
  });

  it('throttles service modifications after a burst of 50 per account and region', async () => {
    const { ecs } = await setup();
    let firstThrottled = -1;
    let error: Error | undefined;
    const started = Date.now();
    for (let i = 0; i < 100 && firstThrottled < 0; i++) {
      try {
        await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'worker', desiredCount: 1 }));
      } catch (e) {
        firstThrottled = i;
        error = e as Error;
      }
    }
    const elapsedSeconds = (Date.now() - started) / 1000;
    // 50 in the burst, plus the tokens refilled at 5/s while the burst itself was running.
    expect(firstThrottled).toBeGreaterThanOrEqual(50);
    expect(firstThrottled).toBeLessThanOrEqual(50 + Math.ceil(elapsedSeconds * 5));
    expect(error?.name).toBe('ThrottlingException');
    expect(error?.message).toBe('Rate exceeded');
    // Reads are not part of the service-modify bucket.
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] })),
    ).resolves.toBeDefined();
  });

  it('can run without the service-modify throttle', async () => {
    const { ecs } = await setup({ ecsThrottle: false });
    for (let i = 0; i < 60; i++) {
      await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'worker', desiredCount: 1 }));
    }
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['worker'] }));
    expect(out.services?.[0]?.desiredCount).toBe(1);
  });
});

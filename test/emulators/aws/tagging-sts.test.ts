import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, clientConfig, emulatorPerTest, REGION, rejectionOf } from './support.js';

const setup = emulatorPerTest({ tagging: ResourceGroupsTaggingAPIClient, sts: STSClient });

const arnsOf = (out: { ResourceTagMappingList?: Array<{ ResourceARN?: string }> }) =>
  (out.ResourceTagMappingList ?? []).map((r) => r.ResourceARN);

describe('Resource Groups Tagging API emulator', () => {
  it('finds resources by tag across services, narrowed by resource type', async () => {
    const { tagging } = await setup();
    const dev = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'Environment', Values: ['dev'] }] }),
    );
    expect(arnsOf(dev)).toEqual([
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:dev-api-cpu-high`,
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:dev-db-connections`,
      `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/dev`,
      `arn:aws:ecs:${REGION}:${ACCOUNT}:service/dev/api`,
      `arn:aws:ecs:${REGION}:${ACCOUNT}:service/dev/worker`,
      `arn:aws:rds:${REGION}:${ACCOUNT}:db:dev-db`,
      `arn:aws:rds:${REGION}:${ACCOUNT}:db:dev-reports`,
      `arn:aws:rds:${REGION}:${ACCOUNT}:db:dev-reports-replica`,
    ]);
    expect(dev.PaginationToken).toBe('');
    expect(dev.ResourceTagMappingList?.[0]?.Tags).toEqual([
      { Key: 'Environment', Value: 'dev' },
      { Key: 'Service', Value: 'api' },
    ]);

    const staging = await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'Environment', Values: ['staging'] }],
        ResourceTypeFilters: ['ecs:service', 'rds:db', 'rds:cluster'],
      }),
    );
    expect(arnsOf(staging)).toEqual([
      `arn:aws:ecs:${REGION}:${ACCOUNT}:service/staging/api`,
      `arn:aws:ecs:${REGION}:${ACCOUNT}:service/staging/worker`,
      `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:staging-aurora`,
      `arn:aws:rds:${REGION}:${ACCOUNT}:db:staging-aurora-1`,
    ]);

    const anyEnvAlarms = await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'Environment' }],
        ResourceTypeFilters: ['cloudwatch:alarm'],
      }),
    );
    expect(arnsOf(anyEnvAlarms)).toHaveLength(4);

    const paged = await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 5 }));
    expect(paged.ResourceTagMappingList).toHaveLength(5);
    const next = await tagging.send(
      new GetResourcesCommand({ ResourcesPerPage: 5, PaginationToken: paged.PaginationToken }),
    );
    expect(next.ResourceTagMappingList?.length).toBeGreaterThan(0);

    const bad = await rejectionOf(
      tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['not a type'] })),
    );
    expect(bad.name).toBe('InvalidParameterException');
  });

  it('sees only the resources of the region the request is signed for', async () => {
    const { emu } = await setup();
    const tokyo = await new ResourceGroupsTaggingAPIClient(clientConfig(emu)).send(
      new GetResourcesCommand({}),
    );
    const osaka = await new ResourceGroupsTaggingAPIClient({
      ...clientConfig(emu),
      region: 'ap-northeast-3',
    }).send(new GetResourcesCommand({}));
    expect(tokyo.ResourceTagMappingList?.length).toBeGreaterThan(0);
    expect(osaka.ResourceTagMappingList).toEqual([]);
  });
});

describe('STS emulator', () => {
  it('returns the caller identity and assumes roles into other accounts', async () => {
    const { emu, sts } = await setup();
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/infrabot-sandbox` });

    const roleArn = 'arn:aws:iam::222222222222:role/infrabot';
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'infrabot',
        DurationSeconds: 900,
        ExternalId: 'ext-1',
      }),
    );
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(assumed.Credentials!.Expiration!.getTime()).toBeGreaterThan(Date.now() + 800_000);
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/infrabot/infrabot');
    expect(emu.world.assumedRoles()).toEqual([
      expect.objectContaining({
        roleArn,
        sessionName: 'infrabot',
        externalId: 'ext-1',
        accountId: '222222222222',
      }),
    ]);

    const roleCredentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const asRole = new STSClient({ ...clientConfig(emu), credentials: roleCredentials });
    expect((await asRole.send(new GetCallerIdentityCommand({}))).Account).toBe('222222222222');

    // The other account is empty until something is seeded there.
    const ecsAsRole = new ECSClient({ ...clientConfig(emu), credentials: roleCredentials });
    expect((await ecsAsRole.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
    emu.world.addEcsCluster({ name: 'prod', accountId: '222222222222' });
    expect((await ecsAsRole.send(new ListClustersCommand({}))).clusterArns).toEqual([
      `arn:aws:ecs:${REGION}:222222222222:cluster/prod`,
    ]);
    expect(emu.calls.list({ service: 'ecs' }).map((c) => c.accountId)).toEqual([
      '222222222222',
      '222222222222',
    ]);
  });

  it('validates AssumeRole input', async () => {
    const { sts } = await setup();
    const badArn = await rejectionOf(
      sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:s3:::not-a-role-at-all', RoleSessionName: 'x1' })),
    );
    expect(badArn.name).toBe('ValidationError');
    const missing = await rejectionOf(
      sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/infrabot' } as never)),
    );
    expect(missing.name).toBe('MissingParameter');
  });
});

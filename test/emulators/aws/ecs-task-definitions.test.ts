import { DescribeTaskDefinitionCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { emulatorPerTest, rejectionOf } from './support.js';

const setup = emulatorPerTest({ ecs: ECSClient });
const ARN = 'arn:aws:ecs:ap-northeast-1:111111111111:task-definition/dev-api:1';

describe('ECS emulator: DescribeTaskDefinition', () => {
  it('describes a service’s task definition by ARN, family:revision and family (latest)', async () => {
    const { ecs, emu } = await setup();
    const byArn = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ARN }));
    expect(byArn.taskDefinition).toMatchObject({
      taskDefinitionArn: ARN,
      family: 'dev-api',
      revision: 1,
      status: 'ACTIVE',
      cpu: '256',
      memory: '512',
      requiresCompatibilities: ['FARGATE'],
    });
    expect(byArn.tags).toBeUndefined();
    emu.world.deployService('dev', 'api');
    const latest = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'dev-api', include: ['TAGS'] }),
    );
    expect(latest.taskDefinition?.revision).toBe(2);
    expect(latest.tags).toEqual([]);
    const first = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'dev-api:1' }));
    expect(first.taskDefinition?.taskDefinitionArn).toBe(ARN);
  });

  it('answers unknown families, revisions and bad parameters as ECS does', async () => {
    const { ecs } = await setup();
    for (const taskDefinition of ['nope', 'dev-api:9', `${ARN.slice(0, -1)}7`]) {
      const error = await rejectionOf(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition })));
      expect(error.name, taskDefinition).toBe('ClientException');
      expect(error.message).toBe('Unable to describe task definition.');
    }
    const missing = await rejectionOf(ecs.send(new DescribeTaskDefinitionCommand({} as never)));
    expect(missing.name).toMatch(/Exception/);
    const badInclude = await rejectionOf(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ARN, include: ['NOPE' as never] })),
    );
    expect(badInclude.name).toBe('InvalidParameterException');
    // A service update to an unknown revision is not this call's business; still accepted as before.
    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'api', desiredCount: 2 }));
  });
});

import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  RegisterScalableTargetCommand,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { emulatorPerTest, rejectionOf } from './support.js';

const setup = emulatorPerTest({ aas: ApplicationAutoScalingClient, ecs: ECSClient }, { speed: 1 });

const API = 'service/dev/api';
const DIMENSION = 'ecs:service:DesiredCount';

/** Suspends (or resumes) all three kinds of scaling of dev/api, as the bot does while dev is stopped. */
function setScalingSuspended(aas: ApplicationAutoScalingClient, suspended: boolean) {
  return aas.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: 'ecs',
      ResourceId: API,
      ScalableDimension: DIMENSION,
      SuspendedState: {
        DynamicScalingInSuspended: suspended,
        DynamicScalingOutSuspended: suspended,
        ScheduledScalingSuspended: suspended,
      },
    }),
  );
}

describe('Application Auto Scaling emulator', () => {
  it('describes scalable targets and policies of ECS services', async () => {
    const { aas } = await setup();
    const all = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    expect(all.ScalableTargets).toHaveLength(1);
    expect(all.ScalableTargets?.[0]).toMatchObject({
      ServiceNamespace: 'ecs',
      ResourceId: API,
      ScalableDimension: DIMENSION,
      MinCapacity: 2,
      MaxCapacity: 6,
      SuspendedState: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
    });
    expect(all.ScalableTargets?.[0]?.CreationTime).toBeInstanceOf(Date);

    const none = await aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: ['service/dev/worker'] }),
    );
    expect(none.ScalableTargets).toEqual([]);

    const policies = await aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: API }),
    );
    expect(policies.ScalingPolicies?.[0]).toMatchObject({
      PolicyName: 'dev-api-cpu-target',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
  });

  it('pulls a service scaled below min back into range, unless scaling is suspended or min lowered', async () => {
    const { emu, aas, ecs } = await setup();
    // The naive stop: desired 0 with min 2 — Application Auto Scaling undoes it.
    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'api', desiredCount: 0 }));
    expect(emu.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    emu.clock.advance(61_000);
    expect(emu.world.ecsService('dev', 'api')?.desiredCount).toBe(2);
    const activities = await aas.send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: API }),
    );
    expect(activities.ScalingActivities?.[0]).toMatchObject({
      Description: 'Setting desired count to 2.',
      StatusCode: 'Successful',
    });

    // Suspending dynamic scaling keeps the service at 0.
    await setScalingSuspended(aas, true);
    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'api', desiredCount: 0 }));
    emu.clock.advance(10 * 60_000);
    expect(emu.world.ecsService('dev', 'api')).toMatchObject({ desiredCount: 0, runningCount: 0 });

    // Resuming while still below min scales out at once: restore desired before resuming.
    await setScalingSuspended(aas, false);
    expect(emu.world.ecsService('dev', 'api')?.desiredCount).toBe(2);

    // Lowering min to 0 is the other way to stop.
    await aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: API,
        ScalableDimension: DIMENSION,
        MinCapacity: 0,
        MaxCapacity: 6,
      }),
    );
    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'api', desiredCount: 0 }));
    emu.clock.advance(10 * 60_000);
    expect(emu.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    expect(emu.world.scalableTarget('dev', 'api')).toMatchObject({ minCapacity: 0, maxCapacity: 6 });
  });

  it('clamps a service above max back down', async () => {
    const { emu, ecs } = await setup();
    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'api', desiredCount: 9 }));
    emu.clock.advance(61_000);
    expect(emu.world.ecsService('dev', 'api')?.desiredCount).toBe(6);
  });

  it('registers a new target and rejects invalid registrations', async () => {
    const { emu, aas } = await setup();
    const out = await aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: 'service/staging/api',
        ScalableDimension: DIMENSION,
        MinCapacity: 2,
        MaxCapacity: 4,
      }),
    );
    expect(out.ScalableTargetARN).toMatch(
      /^arn:aws:application-autoscaling:ap-northeast-1:111111111111:scalable-target\//,
    );
    // Registering min 2 over a service at 1 scales it out immediately.
    expect(emu.world.ecsService('staging', 'api')?.desiredCount).toBe(2);

    const noCapacity = await rejectionOf(
      aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ResourceId: 'service/staging/worker',
          ScalableDimension: DIMENSION,
        }),
      ),
    );
    expect(noCapacity).toBeInstanceOf(ValidationException);

    const inverted = await rejectionOf(
      aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ResourceId: API,
          ScalableDimension: DIMENSION,
          MinCapacity: 5,
          MaxCapacity: 1,
        }),
      ),
    );
    expect(inverted).toBeInstanceOf(ValidationException);

    const missing = await rejectionOf(
      aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ResourceId: 'service/dev/ghost',
          ScalableDimension: DIMENSION,
          MinCapacity: 0,
          MaxCapacity: 1,
        }),
      ),
    );
    expect(missing.message).toBe("ECS service doesn't exist: service/dev/ghost");

    const badNamespace = await rejectionOf(
      // @ts-expect-error an invalid enum value on purpose
      aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'nope' })),
    );
    expect(badNamespace).toBeInstanceOf(ValidationException);
  });
});

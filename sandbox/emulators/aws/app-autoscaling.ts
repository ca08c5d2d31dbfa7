import { AwsError } from './errors.js';
import { paginate } from './pagination.js';
import { coralValidation } from './params.js';
import type { ServiceDefinition } from './service.js';
import type { World } from './world.js';
import type { ScalableTarget, ScalingPolicy } from './world-types.js';

const NAMESPACES = [
  'ecs',
  'elasticmapreduce',
  'ec2',
  'appstream',
  'dynamodb',
  'rds',
  'sagemaker',
  'custom-resource',
  'comprehend',
  'lambda',
  'cassandra',
  'kafka',
  'elasticache',
  'neptune',
  'workspaces',
] as const;
const ECS_DIMENSION = 'ecs:service:DesiredCount';

const validation = (message: string) => new AwsError('ValidationException', message);
const invalidToken = () => new AwsError('InvalidNextTokenException', 'The token is invalid.');

function targetJson(t: ScalableTarget): Record<string, unknown> {
  return {
    ServiceNamespace: 'ecs',
    ResourceId: t.resourceId,
    ScalableDimension: ECS_DIMENSION,
    MinCapacity: t.minCapacity,
    MaxCapacity: t.maxCapacity,
    RoleARN: t.roleArn,
    CreationTime: new Date(t.createdAt),
    SuspendedState: {
      DynamicScalingInSuspended: t.suspended.dynamicScalingInSuspended,
      DynamicScalingOutSuspended: t.suspended.dynamicScalingOutSuspended,
      ScheduledScalingSuspended: t.suspended.scheduledScalingSuspended,
    },
    ScalableTargetARN: t.arn,
  };
}

function policyJson(p: ScalingPolicy): Record<string, unknown> {
  const alarmBase = `TargetTracking-${p.resourceId}`;
  const id = p.arn.split(':')[6] ?? 'policy';
  return {
    PolicyARN: p.arn,
    PolicyName: p.name,
    ServiceNamespace: 'ecs',
    ResourceId: p.resourceId,
    ScalableDimension: ECS_DIMENSION,
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: p.targetValue,
      PredefinedMetricSpecification: { PredefinedMetricType: p.predefinedMetricType },
      ScaleOutCooldown: p.scaleOutCooldown,
      ScaleInCooldown: p.scaleInCooldown,
    },
    Alarms: ['AlarmHigh', 'AlarmLow'].map((kind) => ({
      AlarmName: `${alarmBase}-${kind}-${id}`,
      AlarmARN: `arn:aws:cloudwatch:${p.region}:${p.accountId}:alarm:${alarmBase}-${kind}-${id}`,
    })),
    CreationTime: new Date(p.createdAt),
  };
}

/** Application Auto Scaling for ECS services (the only namespace the bot touches). */
export function appAutoScalingService(world: World): ServiceDefinition {
  function requireEcsDimension(namespace: string, dimension: string | undefined): void {
    if (namespace !== 'ecs' || (dimension !== undefined && dimension !== ECS_DIMENSION)) {
      throw validation(
        `Unsupported service namespace, resource type or scalable dimension: ${namespace} ${dimension ?? ''}`.trim(),
      );
    }
  }

  return {
    name: 'application-autoscaling',
    signingName: 'application-autoscaling',
    protocol: 'json1.1',
    targetPrefix: 'AnyScaleFrontendService',
    validation: coralValidation,
    throttlingError: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    actions: {
      DescribeScalableTargets(ctx) {
        const namespace = ctx.params.reqStr('ServiceNamespace', { oneOf: NAMESPACES });
        const resourceIds = ctx.params.strList('ResourceIds', { maxItems: 50 });
        const dimension = ctx.params.str('ScalableDimension');
        const max = ctx.params.int('MaxResults', { min: 1, max: 50 }) ?? 50;
        const targets =
          namespace === 'ecs' && (dimension === undefined || dimension === ECS_DIMENSION)
            ? world.ecs
                .targets(ctx)
                .filter((t) => !resourceIds || resourceIds.length === 0 || resourceIds.includes(t.resourceId))
            : [];
        const { page, nextToken } = paginate(targets, ctx.params.str('NextToken'), max, invalidToken);
        return { ScalableTargets: page.map(targetJson), ...(nextToken ? { NextToken: nextToken } : {}) };
      },

      RegisterScalableTarget(ctx) {
        const namespace = ctx.params.reqStr('ServiceNamespace', { oneOf: NAMESPACES });
        const resourceId = ctx.params.reqStr('ResourceId', { minLength: 1, maxLength: 1600 });
        const dimension = ctx.params.reqStr('ScalableDimension');
        requireEcsDimension(namespace, dimension);
        const min = ctx.params.int('MinCapacity', { min: 0 });
        const max = ctx.params.int('MaxCapacity', { min: 0 });
        const suspendedParams = ctx.params.obj('SuspendedState');
        const suspended = suspendedParams
          ? {
              dynamicScalingInSuspended: suspendedParams.bool('DynamicScalingInSuspended'),
              dynamicScalingOutSuspended: suspendedParams.bool('DynamicScalingOutSuspended'),
              scheduledScalingSuspended: suspendedParams.bool('ScheduledScalingSuspended'),
            }
          : undefined;
        const roleArn = ctx.params.str('RoleARN');
        const target = world.ecs.registerTarget(ctx, {
          resourceId,
          ...(min !== undefined ? { minCapacity: min } : {}),
          ...(max !== undefined ? { maxCapacity: max } : {}),
          ...(suspended ? { suspended } : {}),
          ...(roleArn ? { roleArn } : {}),
        });
        return { ScalableTargetARN: target.arn };
      },

      DeregisterScalableTarget(ctx) {
        const namespace = ctx.params.reqStr('ServiceNamespace', { oneOf: NAMESPACES });
        const resourceId = ctx.params.reqStr('ResourceId');
        const dimension = ctx.params.reqStr('ScalableDimension');
        requireEcsDimension(namespace, dimension);
        world.ecs.deregisterTarget(ctx, resourceId);
        return {};
      },

      DescribeScalingPolicies(ctx) {
        const namespace = ctx.params.reqStr('ServiceNamespace', { oneOf: NAMESPACES });
        const resourceId = ctx.params.str('ResourceId');
        const names = ctx.params.strList('PolicyNames', { maxItems: 50 });
        const max = ctx.params.int('MaxResults', { min: 1, max: 50 }) ?? 50;
        const policies =
          namespace === 'ecs'
            ? world.ecs
                .policies(ctx)
                .filter((p) => resourceId === undefined || p.resourceId === resourceId)
                .filter((p) => !names || names.length === 0 || names.includes(p.name))
            : [];
        const { page, nextToken } = paginate(policies, ctx.params.str('NextToken'), max, invalidToken);
        return { ScalingPolicies: page.map(policyJson), ...(nextToken ? { NextToken: nextToken } : {}) };
      },

      DescribeScalingActivities(ctx) {
        const namespace = ctx.params.reqStr('ServiceNamespace', { oneOf: NAMESPACES });
        const resourceId = ctx.params.str('ResourceId');
        const max = ctx.params.int('MaxResults', { min: 1, max: 50 }) ?? 50;
        const activities =
          namespace === 'ecs'
            ? world.ecs
                .targets(ctx)
                .filter((t) => resourceId === undefined || t.resourceId === resourceId)
                .flatMap((t) =>
                  t.activities.map((a, i) => ({
                    ActivityId: `${t.arn.split('/').pop()}-${i}`,
                    ServiceNamespace: 'ecs',
                    ResourceId: t.resourceId,
                    ScalableDimension: ECS_DIMENSION,
                    Description: a.description,
                    Cause: a.cause,
                    StartTime: new Date(a.at),
                    EndTime: new Date(a.at),
                    StatusCode: 'Successful',
                    StatusMessage: `Successfully set desired count to ${a.description.match(/\d+/)?.[0] ?? '?'}. Change successfully fulfilled by ecs.`,
                  })),
                )
                .reverse()
            : [];
        const { page, nextToken } = paginate(activities, ctx.params.str('NextToken'), max, invalidToken);
        return { ScalingActivities: page, ...(nextToken ? { NextToken: nextToken } : {}) };
      },
    },
  };
}

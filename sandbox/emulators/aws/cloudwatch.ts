import { AwsError } from './errors.js';
import { renderMetricChart } from './metric-chart.js';
import { alarmForMetric, metricSeries } from './metric-series.js';
import { parseMetricWidget, WidgetError } from './metric-widget.js';
import { paginate } from './pagination.js';
import type { ValidationErrors } from './params.js';
import type { ServiceDefinition } from './service.js';
import type { World } from './world.js';
import type { MetricAlarm } from './world-types.js';

const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

/** CloudWatch's JSON errors carry their legacy Query codes (MissingParameter, InvalidParameterValue…). */
const cloudWatchValidation: ValidationErrors = {
  missing: (path) =>
    new AwsError('MissingRequiredParameterException', `The parameter ${path} is required.`, {
      queryCode: 'MissingParameter',
    }),
  invalid: (path, value, constraint) =>
    new AwsError(
      'InvalidParameterValueException',
      `The value ${typeof value === 'string' ? value : JSON.stringify(value)} for parameter ${path} is not valid. ${constraint}`,
      { queryCode: 'InvalidParameterValue' },
    ),
};

const invalidValue = (message: string) =>
  new AwsError('InvalidParameterValueException', message, { queryCode: 'InvalidParameterValue' });

function alarmJson(a: MetricAlarm): Record<string, unknown> {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    ...(a.description !== undefined ? { AlarmDescription: a.description } : {}),
    AlarmConfigurationUpdatedTimestamp: new Date(a.configurationUpdatedAt),
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: a.insufficientDataActions,
    StateValue: a.state,
    StateReason: a.stateReason,
    ...(a.stateReasonData !== undefined ? { StateReasonData: a.stateReasonData } : {}),
    StateUpdatedTimestamp: new Date(a.stateUpdatedAt),
    MetricName: a.metricName,
    Namespace: a.namespace,
    Statistic: a.statistic,
    Dimensions: a.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    Period: a.period,
    ...(a.unit !== undefined ? { Unit: a.unit } : {}),
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    StateTransitionedTimestamp: new Date(a.stateTransitionedAt),
  };
}

export function cloudWatchService(world: World, clockNow: () => number): ServiceDefinition {
  return {
    name: 'cloudwatch',
    signingName: 'monitoring',
    protocol: 'json1.0',
    targetPrefix: 'GraniteServiceVersion20100801',
    jsonNamespace: 'com.amazonaws.cloudwatch',
    queryCompatible: true,
    validation: cloudWatchValidation,
    throttlingError: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    actions: {
      DescribeAlarms(ctx) {
        const names = ctx.params.strList('AlarmNames', { maxItems: 100 });
        const prefix = ctx.params.str('AlarmNamePrefix', { minLength: 1, maxLength: 255 });
        if (names && names.length > 0 && prefix !== undefined) {
          throw new AwsError(
            'InvalidParameterCombinationException',
            'AlarmNames and AlarmNamePrefix cannot be used together.',
            {
              queryCode: 'InvalidParameterCombination',
            },
          );
        }
        const state = ctx.params.str('StateValue', { oneOf: STATES });
        const types = ctx.params.strList('AlarmTypes') ?? [];
        for (const t of types)
          if (t !== 'MetricAlarm' && t !== 'CompositeAlarm')
            throw ctx.params.invalid(
              'AlarmTypes',
              t,
              'Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]',
            );
        const actionPrefix = ctx.params.str('ActionPrefix');
        const max = ctx.params.int('MaxRecords', { min: 1, max: 100 }) ?? 50;
        const wantMetric = types.length === 0 || types.includes('MetricAlarm');
        const alarms = wantMetric
          ? world.alarms
              .list(ctx)
              .filter((a) => !names || names.length === 0 || names.includes(a.name))
              .filter((a) => prefix === undefined || a.name.startsWith(prefix))
              .filter((a) => state === undefined || a.state === state)
              .filter(
                (a) =>
                  actionPrefix === undefined ||
                  [...a.alarmActions, ...a.okActions, ...a.insufficientDataActions].some((x) =>
                    x.startsWith(actionPrefix),
                  ),
              )
          : [];
        const { page, nextToken } = paginate(
          alarms,
          ctx.params.str('NextToken'),
          max,
          () => new AwsError('InvalidNextToken', 'The service returned an invalid next token.'),
        );
        return {
          MetricAlarms: page.map(alarmJson),
          ...(types.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}),
          ...(nextToken ? { NextToken: nextToken } : {}),
        };
      },

      SetAlarmState(ctx) {
        const name = ctx.params.reqStr('AlarmName', { minLength: 1, maxLength: 255 });
        const value = ctx.params.reqStr('StateValue', { oneOf: STATES }) as MetricAlarm['state'];
        const reason = ctx.params.reqStr('StateReason', { maxLength: 1023 });
        const reasonData = ctx.params.str('StateReasonData', { maxLength: 4000 });
        if (reasonData !== undefined) {
          try {
            JSON.parse(reasonData);
          } catch {
            throw new AwsError('InvalidFormatFault', 'StateReasonData must be valid JSON.', {
              queryCode: 'InvalidFormat',
            });
          }
        }
        const alarm = world.alarms.get(ctx, name);
        if (!alarm) throw new AwsError('ResourceNotFound', `Alarm ${name} not found`, { status: 404 });
        world.alarms.setState(alarm, value, reason, reasonData);
        return {};
      },

      GetMetricWidgetImage(ctx) {
        const json = ctx.params.reqStr('MetricWidget');
        const format = ctx.params.str('OutputFormat') ?? 'png';
        if (format !== 'png') throw invalidValue(`The output format ${format} is not supported; use png.`);
        let spec: ReturnType<typeof parseMetricWidget>;
        try {
          spec = parseMetricWidget(json, clockNow());
        } catch (e) {
          if (e instanceof WidgetError) throw invalidValue(`The widget definition is invalid: ${e.message}`);
          throw e;
        }
        const alarms = world.alarms.list(ctx);
        const series = spec.metrics.map((m) =>
          metricSeries(m, alarmForMetric(m, alarms), spec.start, spec.end, spec.period),
        );
        return { MetricWidgetImage: renderMetricChart(spec, series).toString('base64') };
      },

      ListTagsForResource(ctx) {
        const arn = ctx.params.reqStr('ResourceARN');
        const resource = world.findTaggable(arn, ctx);
        if (resource?.type !== 'cloudwatch:alarm') {
          throw new AwsError('ResourceNotFoundException', 'The specified resource does not exist.', {
            status: 404,
          });
        }
        return { Tags: Object.entries(resource.tags).map(([Key, Value]) => ({ Key, Value })) };
      },
    },
  };
}

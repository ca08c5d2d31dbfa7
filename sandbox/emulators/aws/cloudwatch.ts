import { AwsError } from './errors.js';
import { renderMetricChart } from './metric-chart.js';
import { alarmForMetric, metricSeries } from './metric-series.js';
import { percentile, type Statistic, statistic } from './metric-store.js';
import { parseMetricWidget, WidgetError } from './metric-widget.js';
import { paginate } from './pagination.js';
import type { Params, ValidationErrors } from './params.js';
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

const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
/** GetMetricStatistics returns at most this many datapoints per call. */
const MAX_DATAPOINTS = 1_440;

const invalidCombination = (message: string) =>
  new AwsError('InvalidParameterCombinationException', message, { queryCode: 'InvalidParameterCombination' });

/** A timestamp parameter: epoch seconds in JSON, ISO 8601 in Query. */
function timestamp(params: Params, name: string): number {
  const raw = params.raw[name];
  if (raw === undefined || raw === null) throw cloudWatchValidation.missing(name);
  const ms = typeof raw === 'number' ? raw * 1000 : typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms)) throw cloudWatchValidation.invalid(name, raw, 'Member must be a timestamp');
  return ms;
}

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

      GetMetricStatistics(ctx) {
        const namespace = ctx.params.reqStr('Namespace', { minLength: 1, maxLength: 255 });
        const metricName = ctx.params.reqStr('MetricName', { minLength: 1, maxLength: 255 });
        const dimensions = (ctx.params.objList('Dimensions', { maxItems: 30 }) ?? []).map((d) => ({
          name: d.reqStr('Name', { minLength: 1, maxLength: 255 }),
          value: d.reqStr('Value', { minLength: 1, maxLength: 1024 }),
        }));
        const start = timestamp(ctx.params, 'StartTime');
        const end = timestamp(ctx.params, 'EndTime');
        const period = ctx.params.reqInt('Period', { min: 1 });
        if (![1, 5, 10, 20, 30].includes(period) && period % 60 !== 0) {
          throw invalidValue('The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.');
        }
        const stats = ctx.params.strList('Statistics', { maxItems: 5 });
        const extended = ctx.params.strList('ExtendedStatistics', { maxItems: 10 });
        if (
          (stats === undefined || stats.length === 0) === (extended === undefined || extended.length === 0)
        ) {
          throw invalidCombination('Must specify either Statistics or ExtendedStatistics, but not both.');
        }
        for (const s of stats ?? []) {
          if (!(STATISTICS as readonly string[]).includes(s)) {
            throw ctx.params.invalid(
              'Statistics',
              s,
              `Member must satisfy enum value set: [${STATISTICS.join(', ')}]`,
            );
          }
        }
        const percentiles = (extended ?? []).map((e) => {
          const m = /^p(\d{1,2}(\.\d+)?|100)$/.exec(e);
          if (!m)
            throw invalidValue(
              `The value ${e} for parameter ExtendedStatistics is not a valid percentile (p0.0 to p100).`,
            );
          return { name: e, p: Number(m[1]) };
        });
        if (start >= end)
          throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
        const buckets = Math.ceil((end - start) / (period * 1000));
        if (buckets > MAX_DATAPOINTS) {
          throw invalidCombination(
            `You have requested up to ${buckets} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
          );
        }
        const unit = ctx.params.str('Unit');
        const points = world.metrics
          .query(ctx, namespace, metricName, dimensions, start, end)
          .filter((p) => unit === undefined || p.unit === unit);
        const byBucket = new Map<number, typeof points>();
        for (const p of points) {
          const bucket = start + Math.floor((p.timestamp - start) / (period * 1000)) * period * 1000;
          byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), p]);
        }
        const datapoints = [...byBucket.entries()].map(([bucket, ps]) => {
          const values = ps.map((p) => p.value);
          return {
            Timestamp: new Date(bucket),
            ...Object.fromEntries((stats ?? []).map((s) => [s, statistic(values, s as Statistic)])),
            ...(percentiles.length > 0
              ? {
                  ExtendedStatistics: Object.fromEntries(
                    percentiles.map((x) => [x.name, percentile(values, x.p)]),
                  ),
                }
              : {}),
            Unit: ps[0]?.unit ?? unit ?? 'None',
          };
        });
        return { Label: metricName, Datapoints: datapoints };
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

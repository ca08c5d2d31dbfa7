import { uuid } from './ids.js';
import type { AlarmEventState, AlarmStateChangeEvent, MetricAlarm } from './world-types.js';

/** CloudWatch's timestamp format inside alarm events and reason data: `2019-10-02T17:04:40.989+0000`. */
export function cloudWatchTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** EventBridge's top-level `time`: whole seconds, `Z` suffix. */
function eventTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * The event EventBridge delivers for an alarm state change (source `aws.cloudwatch`,
 * detail-type `CloudWatch Alarm State Change`), as documented by CloudWatch for metric alarms.
 */
export function buildAlarmEvent(
  alarm: MetricAlarm,
  previousState: AlarmEventState,
  state: AlarmEventState,
  at: number,
): AlarmStateChangeEvent {
  const metricStat: AlarmStateChangeEvent['detail']['configuration']['metrics'][number]['metricStat'] = {
    metric: {
      namespace: alarm.namespace,
      name: alarm.metricName,
      dimensions: Object.fromEntries(alarm.dimensions.map((d) => [d.name, d.value])),
    },
    period: alarm.period,
    stat: alarm.statistic,
  };
  if (alarm.unit) metricStat.unit = alarm.unit;
  const configuration: AlarmStateChangeEvent['detail']['configuration'] = {
    metrics: [{ id: alarm.metricId, metricStat, returnData: true }],
  };
  if (alarm.description !== undefined) configuration.description = alarm.description;
  return {
    version: '0',
    id: uuid(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: alarm.accountId,
    time: eventTime(at),
    region: alarm.region,
    resources: [alarm.arn],
    detail: { alarmName: alarm.name, state, previousState, configuration },
  };
}

import type { z } from 'zod';
import {
  type AlarmStateChangeEvent,
  alarmStateChangeEvent,
  compositeReasonData,
  metricReasonData,
  type SnsAlarmNotification,
  snsAlarmNotification,
  snsEnvelope,
} from './alarm-event-schemas.js';
import type { AlarmKind, AlarmMetric, AlarmTransition, Evaluation } from './alarm-transition.js';
import { evaluationFromReason } from './plain-reason.js';

export type Decoded = { ok: true; transition: AlarmTransition } | { ok: false; why: string };

/** An SQS body over 256 KiB cannot come from SQS; anything near it is not an alarm event. */
const MAX_BODY = 262_144;

/**
 * An SQS message body to an alarm transition: an EventBridge "CloudWatch Alarm State Change"
 * event, an SNS notification wrapping CloudWatch's alarm message, or that message alone (SNS raw
 * message delivery). Anything else says why it is not one, without echoing the payload.
 */
export function decodeAlarmMessage(body: string): Decoded {
  if (body.length > MAX_BODY)
    return { ok: false, why: `body is ${body.length} characters, not an alarm event` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, why: 'body is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, why: 'body is not a JSON object' };
  const shape = json as Record<string, unknown>;
  if ('detail-type' in shape || 'source' in shape) {
    const parsed = alarmStateChangeEvent.safeParse(json);
    if (!parsed.success)
      return { ok: false, why: `not a CloudWatch alarm state change event: ${issues(parsed.error)}` };
    return fromEventBridge(parsed.data);
  }
  if (shape.Type === 'Notification') {
    const envelope = snsEnvelope.safeParse(json);
    if (!envelope.success) return { ok: false, why: `not an SNS notification: ${issues(envelope.error)}` };
    let inner: unknown;
    try {
      inner = JSON.parse(envelope.data.Message);
    } catch {
      return { ok: false, why: 'SNS Message is not JSON (not a CloudWatch alarm notification)' };
    }
    const alarm = snsAlarmNotification.safeParse(inner);
    if (!alarm.success)
      return { ok: false, why: `SNS Message is not a CloudWatch alarm notification: ${issues(alarm.error)}` };
    return fromSns(alarm.data, envelope.data.MessageId, envelope.data.TopicArn);
  }
  if ('AlarmName' in shape && 'NewStateValue' in shape) {
    const alarm = snsAlarmNotification.safeParse(json);
    if (!alarm.success)
      return { ok: false, why: `not a CloudWatch alarm notification: ${issues(alarm.error)}` };
    // Raw delivery has no message id of its own: the alarm, its new state and when identify it.
    const id = `${alarm.data.AlarmArn ?? alarm.data.AlarmName}|${alarm.data.NewStateValue}|${alarm.data.StateChangeTime}`;
    return fromSns(alarm.data, id, undefined);
  }
  return { ok: false, why: 'neither an EventBridge alarm event nor an SNS alarm notification' };
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'} ${i.message}`)
    .join('; ');
}

/** CloudWatch writes `2019-10-02T17:04:40.989+0000`; Date wants the offset with a colon. */
export function parseCloudWatchTime(text: string): Date | undefined {
  const normalised = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const nameOfArn = (arn: string): string => arn.split(':alarm:')[1] ?? arn;

function fromEventBridge(event: AlarmStateChangeEvent): Decoded {
  const { detail } = event;
  const at = parseCloudWatchTime(detail.state.timestamp) ?? parseCloudWatchTime(event.time);
  if (!at) return { ok: false, why: 'detail.state.timestamp is not a time' };
  const metrics = detail.configuration.metrics ?? [];
  const expressionQuery = metrics.find((m) => m.expression !== undefined);
  const anomaly = metrics.find((m) => m.expression?.startsWith('ANOMALY_DETECTION_BAND'));
  const kind: AlarmKind =
    detail.configuration.alarmRule !== undefined
      ? 'composite'
      : anomaly
        ? 'anomaly-detection'
        : expressionQuery
          ? 'metric-math'
          : 'metric';
  const stat =
    metrics.find((m) => m.metricStat && m.returnData !== false) ?? metrics.find((m) => m.metricStat);
  const metric: AlarmMetric | undefined = stat?.metricStat
    ? {
        namespace: stat.metricStat.metric.namespace,
        name: stat.metricStat.metric.name,
        dimensions: stat.metricStat.metric.dimensions,
        ...(stat.metricStat.stat ? { stat: stat.metricStat.stat } : {}),
        ...(stat.metricStat.period ? { period: stat.metricStat.period } : {}),
        ...(stat.metricStat.unit ? { unit: stat.metricStat.unit } : {}),
      }
    : undefined;
  const evaluation: Evaluation = evaluationFromReason(detail.state.reason);
  const data = parseJson(detail.state.reasonData);
  const transition: AlarmTransition = {
    eventId: event.id,
    shape: 'eventbridge',
    kind,
    alarmName: detail.alarmName,
    alarmArn:
      event.resources[0] ?? `arn:aws:cloudwatch:${event.region}:${event.account}:alarm:${detail.alarmName}`,
    account: event.account,
    region: event.region,
    state: detail.state.value,
    ...(detail.previousState?.value ? { previousState: detail.previousState.value } : {}),
    at,
    reason: detail.state.reason,
    evaluation,
    ...(detail.configuration.description ? { description: detail.configuration.description } : {}),
    ...(metric ? { metric } : {}),
    ...(expressionQuery?.expression ? { expression: expressionQuery.expression } : {}),
    ...(expressionQuery?.label ? { expressionLabel: expressionQuery.label } : {}),
    ...(detail.configuration.alarmRule ? { alarmRule: detail.configuration.alarmRule } : {}),
    ...(detail.alarmTags ? { tags: detail.alarmTags } : {}),
  };
  if (kind === 'composite') {
    const composite = compositeReasonData.safeParse(data);
    if (composite.success && composite.data.triggeringAlarms.length > 0) {
      transition.triggeringAlarms = composite.data.triggeringAlarms.map((a) => ({
        name: nameOfArn(a.arn),
        ...(a.state?.value ? { state: a.state.value } : {}),
      }));
    }
  } else {
    const reasonData = metricReasonData.safeParse(data);
    if (reasonData.success) {
      const r = reasonData.data;
      if (r.recentDatapoints) evaluation.datapoints = r.recentDatapoints;
      if (r.threshold !== undefined) evaluation.threshold = r.threshold;
      if (r.recentLowerThresholds) evaluation.lowerThresholds = r.recentLowerThresholds;
      if (r.recentUpperThresholds) evaluation.upperThresholds = r.recentUpperThresholds;
    }
  }
  return { ok: true, transition };
}

const ARN = /^arn:aws[a-z-]*:(?:cloudwatch|sns):([a-z0-9-]+):(\d{12}):/;

function fromSns(alarm: SnsAlarmNotification, id: string, topicArn: string | undefined): Decoded {
  const at = parseCloudWatchTime(alarm.StateChangeTime);
  if (!at) return { ok: false, why: 'StateChangeTime is not a time' };
  const region = (alarm.AlarmArn && ARN.exec(alarm.AlarmArn)?.[1]) ?? (topicArn && ARN.exec(topicArn)?.[1]);
  if (!region) return { ok: false, why: 'no region: neither AlarmArn nor TopicArn is an ARN' };
  const trigger = alarm.Trigger ?? undefined;
  const metrics = trigger?.Metrics ?? [];
  const expressionQuery = metrics.find((m) => m.Expression);
  const anomaly =
    metrics.find((m) => m.Expression?.startsWith('ANOMALY_DETECTION_BAND')) ??
    (trigger?.ThresholdMetricId ? metrics.find((m) => m.Id === trigger.ThresholdMetricId) : undefined);
  const kind: AlarmKind = alarm.AlarmRule
    ? 'composite'
    : anomaly
      ? 'anomaly-detection'
      : expressionQuery
        ? 'metric-math'
        : 'metric';
  const dims = (list: Array<{ name: string; value: string }> | null | undefined) =>
    Object.fromEntries((list ?? []).map((d) => [d.name, d.value]));
  const statQuery = metrics.find((m) => m.MetricStat);
  const metric: AlarmMetric | undefined =
    trigger?.MetricName && trigger.Namespace
      ? {
          namespace: trigger.Namespace,
          name: trigger.MetricName,
          dimensions: dims(trigger.Dimensions),
          ...(trigger.Statistic || trigger.ExtendedStatistic
            ? { stat: statName(trigger.Statistic ?? trigger.ExtendedStatistic ?? '') }
            : {}),
          ...(trigger.Period ? { period: trigger.Period } : {}),
          ...(trigger.Unit ? { unit: trigger.Unit } : {}),
        }
      : statQuery?.MetricStat
        ? {
            namespace: statQuery.MetricStat.Metric.Namespace,
            name: statQuery.MetricStat.Metric.MetricName,
            dimensions: dims(statQuery.MetricStat.Metric.Dimensions),
            ...(statQuery.MetricStat.Stat ? { stat: statQuery.MetricStat.Stat } : {}),
            ...(statQuery.MetricStat.Period ? { period: statQuery.MetricStat.Period } : {}),
          }
        : undefined;
  const evaluation = evaluationFromReason(alarm.NewStateReason);
  if (trigger?.Threshold !== undefined && trigger.Threshold !== null)
    evaluation.threshold = trigger.Threshold;
  if (trigger?.ComparisonOperator) evaluation.comparison ??= trigger.ComparisonOperator;
  const transition: AlarmTransition = {
    eventId: id,
    shape: 'sns',
    kind,
    alarmName: alarm.AlarmName,
    alarmArn: alarm.AlarmArn ?? `arn:aws:cloudwatch:${region}:${alarm.AWSAccountId}:alarm:${alarm.AlarmName}`,
    account: alarm.AWSAccountId,
    region,
    state: alarm.NewStateValue,
    ...(alarm.OldStateValue ? { previousState: alarm.OldStateValue } : {}),
    at,
    reason: alarm.NewStateReason,
    evaluation,
    ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
    ...(metric ? { metric } : {}),
    ...(expressionQuery?.Expression ? { expression: expressionQuery.Expression } : {}),
    ...(expressionQuery?.Label ? { expressionLabel: expressionQuery.Label } : {}),
    ...(alarm.AlarmRule ? { alarmRule: alarm.AlarmRule } : {}),
  };
  if (alarm.TriggeringChildren?.length) {
    transition.triggeringAlarms = alarm.TriggeringChildren.map((c) => ({
      name: nameOfArn(c.Arn),
      ...(c.State?.Value ? { state: c.State.Value } : {}),
    }));
  }
  return { ok: true, transition };
}

/** SNS writes statistics in capitals (AVERAGE); the API and the console say Average. */
function statName(s: string): string {
  if (/^p\d/i.test(s)) return s.toLowerCase();
  return s === 'SAMPLE_COUNT' ? 'SampleCount' : s.charAt(0) + s.slice(1).toLowerCase();
}

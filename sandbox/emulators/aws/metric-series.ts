import { seededRandom } from './alarm-reason.js';
import type { WidgetMetric } from './metric-widget.js';
import type { Dimension, MetricAlarm } from './world-types.js';

/** Enough points for a smooth line at any widget width without drawing thousands of segments. */
const MAX_POINTS = 500;

function sameDimensions(a: readonly Dimension[], b: readonly Dimension[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((d) => b.some((e) => e.name === d.name && e.value === d.value));
}

export function alarmForMetric(
  metric: WidgetMetric,
  alarms: readonly MetricAlarm[],
): MetricAlarm | undefined {
  return alarms.find(
    (a) =>
      a.namespace === metric.namespace &&
      a.metricName === metric.name &&
      sameDimensions(a.dimensions, metric.dimensions),
  );
}

/**
 * Synthetic datapoints for a metric, stable for a given time bucket. When an alarm watches the
 * metric the line tells the alarm's story: below the threshold while OK, across it from shortly
 * before the alarm went into ALARM.
 */
export function metricSeries(
  metric: WidgetMetric,
  alarm: MetricAlarm | undefined,
  start: number,
  end: number,
  period: number,
): number[] {
  const periodMs = period * 1000;
  const count = Math.max(2, Math.min(MAX_POINTS, Math.floor((end - start) / periodMs) + 1));
  const stepMs = (end - start) / (count - 1);
  const seed = `${metric.namespace}|${metric.name}|${metric.dimensions.map((d) => `${d.name}=${d.value}`).join(',')}`;
  const points: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = start + i * stepMs;
    const noise = seededRandom(`${seed}|${Math.floor(t / periodMs)}`)();
    if (!alarm) {
      points.push(Math.max(0, 40 + 15 * Math.sin(t / 3_600_000) + noise * 10));
      continue;
    }
    const scale = alarm.threshold === 0 ? 1 : Math.abs(alarm.threshold);
    const breachFrom = alarm.stateTransitionedAt - alarm.period * alarm.evaluationPeriods * 1000;
    const breaching = alarm.state === 'ALARM' && t >= breachFrom;
    const high = alarm.comparisonOperator.startsWith('Greater') === breaching;
    points.push(
      high
        ? alarm.threshold + scale * (0.06 + noise * 0.12)
        : Math.max(0, alarm.threshold - scale * (0.3 + noise * 0.2)),
    );
  }
  return points;
}

import { cloudWatchTimestamp } from './alarm-event.js';
import type { AlarmStateValue, MetricAlarm } from './world-types.js';

const OPERATOR_WORDS: Record<MetricAlarm['comparisonOperator'], string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** `dd/MM/yy HH:mm:ss`, the datapoint format inside CloudWatch's reason strings. */
function reasonDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** A small deterministic generator so the same alarm tells the same story every run. */
export function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

function breaches(alarm: MetricAlarm, value: number): boolean {
  switch (alarm.comparisonOperator) {
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.threshold;
  }
}

/** A datapoint value on the requested side of the threshold. */
export function sampleValue(alarm: MetricAlarm, breaching: boolean, rnd: () => number): number {
  const above = alarm.comparisonOperator.startsWith('Greater') === breaching;
  const t = alarm.threshold === 0 ? 1 : Math.abs(alarm.threshold);
  const value = above
    ? alarm.threshold + t * (0.05 + rnd() * 0.2)
    : alarm.threshold - t * (0.2 + rnd() * 0.4);
  const rounded = Math.round(value * 100) / 100;
  return breaches(alarm, rounded) === breaching ? rounded : value;
}

/**
 * The reason and reason data CloudWatch writes when it evaluates an alarm into `value`, in
 * CloudWatch's own wording, e.g. "Threshold Crossed: 3 out of the last 3 datapoints [...] was
 * greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition)."
 */
export function evaluationReason(
  alarm: MetricAlarm,
  previous: AlarmStateValue,
  value: AlarmStateValue,
  at: number,
): { reason: string; reasonData: string } {
  const rnd = seededRandom(`${alarm.arn}|${value}|${at}`);
  const periodMs = alarm.period * 1000;
  const last = Math.floor(at / periodMs) * periodMs - periodMs;
  const n = alarm.evaluationPeriods;
  const stamps = Array.from({ length: n }, (_, i) => last - i * periodMs);
  const thresholdText = Number.isInteger(alarm.threshold)
    ? alarm.threshold.toFixed(1)
    : String(alarm.threshold);
  const base = {
    version: '1.0',
    queryDate: cloudWatchTimestamp(at),
    startDate: cloudWatchTimestamp(stamps[stamps.length - 1] ?? last),
    statistic: alarm.statistic,
    period: alarm.period,
  };
  if (value === 'INSUFFICIENT_DATA') {
    return {
      reason: `Insufficient Data: ${n} datapoint${n === 1 ? ' was' : 's were'} unknown.`,
      reasonData: JSON.stringify({
        ...base,
        recentDatapoints: [],
        threshold: alarm.threshold,
        evaluatedDatapoints: stamps.map((s) => ({ timestamp: cloudWatchTimestamp(s) })),
      }),
    };
  }
  const breaching = value === 'ALARM';
  const values = stamps.map(() => sampleValue(alarm, breaching, rnd));
  const points = values.map((v, i) => `${v} (${reasonDate(stamps[i]!)})`).join(', ');
  const needed = breaching ? alarm.datapointsToAlarm : 1;
  const verb = breaching ? 'was' : 'was not';
  return {
    reason:
      `Threshold Crossed: ${breaching ? needed : 1} out of the last ${n} datapoints [${points}] ${verb} ` +
      `${OPERATOR_WORDS[alarm.comparisonOperator]} the threshold (${thresholdText}) ` +
      `(minimum ${needed} datapoint${needed === 1 ? '' : 's'} for ${previous} -> ${value} transition).`,
    reasonData: JSON.stringify({
      ...base,
      recentDatapoints: values,
      threshold: alarm.threshold,
      evaluatedDatapoints: stamps.map((s, i) => ({
        timestamp: cloudWatchTimestamp(s),
        sampleCount: alarm.period / 60,
        value: values[i],
      })),
    }),
  };
}

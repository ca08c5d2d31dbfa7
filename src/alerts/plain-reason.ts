import { formatDuration } from '../util/duration.js';
import type { AlarmTransition, Evaluation } from './alarm-transition.js';

/**
 * CloudWatch's reason strings, e.g. "Threshold Crossed: 3 out of the last 3 datapoints [91.2
 * (02/12/26 03:04:00), …] was greater than the threshold (80.0) (minimum 3 datapoints for OK ->
 * ALARM transition).", turned into what a person reads in five seconds: "CPUUtilization 91.2 % >
 * 80 % for 3 of the last 3 minutes". What the string does not say is not made up.
 */

const COMPARISON =
  /\b(?:was|were) (not )?(greater than or equal to|greater than|less than or equal to|less than) the threshold/;
const OUT_OF = /(\d+) out of the last (\d+) datapoints?/;
const COUNT = /Threshold Crossed: (\d+) datapoints? /;
const THRESHOLD = /the threshold \((-?[\d.]+(?:[eE][-+]?\d+)?)\)/;
const POINTS = /\[([^\]]{0,2000})\]/;

const OPERATOR_SYMBOL: Record<string, string> = {
  'greater than': '>',
  'greater than or equal to': '≥',
  'less than': '<',
  'less than or equal to': '≤',
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};
const NEGATED: Record<string, string> = { '>': '≤', '≥': '<', '<': '≥', '≤': '>' };

/** What the reason string says, for when reasonData is missing or says less. */
export function evaluationFromReason(reason: string): Evaluation {
  const head = reason.slice(0, 4_000);
  const out: Evaluation = {};
  const outOf = OUT_OF.exec(head);
  if (outOf) {
    out.breaching = Number(outOf[1]);
    out.evaluated = Number(outOf[2]);
  } else {
    const count = COUNT.exec(head);
    if (count) out.breaching = out.evaluated = Number(count[1]);
  }
  const comparison = COMPARISON.exec(head);
  if (comparison) {
    const symbol = OPERATOR_SYMBOL[comparison[2]!]!;
    out.comparison = comparison[1] ? (NEGATED[symbol] ?? symbol) : symbol;
  }
  const threshold = THRESHOLD.exec(head);
  if (threshold) out.threshold = Number(threshold[1]);
  const points = POINTS.exec(head);
  if (points) {
    const values = points[1]!
      .split(',')
      .map((p) => Number.parseFloat(p.trim()))
      .filter((n) => Number.isFinite(n));
    if (values.length > 0) out.datapoints = values;
  }
  return out;
}

const UNIT_SUFFIX: Record<string, string> = {
  Percent: ' %',
  Seconds: ' s',
  Milliseconds: ' ms',
  Microseconds: ' µs',
  Bytes: ' B',
  Kilobytes: ' kB',
  Megabytes: ' MB',
  Gigabytes: ' GB',
  'Bytes/Second': ' B/s',
  'Count/Second': '/s',
};

/** 91.2, 0.021, 45628: enough digits to read, no float noise. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return Number(n.toFixed(digits)).toString();
}

/** How the comparison reads when the alarm is not breaching (an OK after ALARM). */
function comparisonFor(t: AlarmTransition): string | undefined {
  const c = t.evaluation.comparison;
  if (!c) return undefined;
  const symbol = OPERATOR_SYMBOL[c] ?? c;
  // SNS gives the operator of the alarm, not of this evaluation: OK means "not" it.
  if (t.shape === 'sns' && OPERATOR_SYMBOL[c] && t.state === 'OK') return NEGATED[symbol] ?? symbol;
  return symbol;
}

function windowText(e: Evaluation, periodSeconds: number | undefined): string {
  if (e.breaching === undefined || e.evaluated === undefined) return '';
  if (periodSeconds === 60) return ` for ${e.breaching} of the last ${e.evaluated} minutes`;
  if (periodSeconds)
    return ` in ${e.breaching} of the last ${e.evaluated} periods of ${formatDuration(periodSeconds * 1000)}`;
  return ` in ${e.breaching} of the last ${e.evaluated} datapoints`;
}

/** A metric label people recognise: the expression's label, else the metric name. */
export function metricLabel(t: AlarmTransition): string {
  if (t.kind === 'metric-math' && t.expressionLabel) return t.expressionLabel;
  return t.metric?.name ?? t.expressionLabel ?? 'Value';
}

/** Cuts at a word boundary, never inside a word, and says it was cut. */
export function cutAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, max);
  const space = room.lastIndexOf(' ');
  return `${(space > max * 0.5 ? room.slice(0, space) : room).replace(/[\s,;:([]+$/, '')}…`;
}

/** The reason in plain words (plain text: the message builder makes it inert for Slack). */
export function plainReason(t: AlarmTransition): string {
  const e = t.evaluation;
  if (t.kind === 'composite') {
    const children = (t.triggeringAlarms ?? []).map((a) => `${a.name}${a.state ? ` (${a.state})` : ''}`);
    if (children.length > 0) return cutAtWord(`Triggered by ${children.join(', ')}`, 300);
    if (t.alarmRule) return cutAtWord(`Rule ${t.alarmRule}`, 300);
    return cutAtWord(t.reason, 300) || 'Composite alarm changed state';
  }
  if (t.state === 'INSUFFICIENT_DATA') {
    const n =
      e.evaluated ?? Number(/(\d+) datapoints? (?:was|were) unknown/.exec(t.reason)?.[1] ?? Number.NaN);
    return Number.isFinite(n)
      ? `Not enough data: ${n} datapoint${n === 1 ? ' was' : 's were'} missing`
      : cutAtWord(t.reason, 300) || 'Not enough data to evaluate';
  }
  const unit = UNIT_SUFFIX[t.metric?.unit ?? ''] ?? '';
  const latest = e.datapoints?.[0];
  const label = metricLabel(t);
  if (t.kind === 'anomaly-detection' && latest !== undefined) {
    const lo = e.lowerThresholds?.[0];
    const hi = e.upperThresholds?.[0];
    const band =
      lo !== undefined && hi !== undefined
        ? ` the expected band ${formatNumber(lo)}–${formatNumber(hi)}${unit}`
        : ' the expected band';
    const where = t.state === 'ALARM' ? 'outside' : 'inside';
    return `${label} ${formatNumber(latest)}${unit} ${where}${band}${windowText(e, t.metric?.period)}`;
  }
  const op = comparisonFor(t);
  if (latest !== undefined && e.threshold !== undefined && op) {
    return `${label} ${formatNumber(latest)}${unit} ${op} ${formatNumber(e.threshold)}${unit}${windowText(e, t.metric?.period)}`;
  }
  if (e.threshold !== undefined && op) {
    return `${label} ${op} ${formatNumber(e.threshold)}${unit}${windowText(e, t.metric?.period)}`;
  }
  return cutAtWord(t.reason, 300) || (t.state === 'OK' ? 'Back to normal' : 'Alarm');
}

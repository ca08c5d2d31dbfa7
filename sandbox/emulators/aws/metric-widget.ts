import type { Dimension } from './world-types.js';

export interface WidgetMetric {
  namespace: string;
  name: string;
  dimensions: Dimension[];
  stat: string;
  label?: string;
  color?: string;
}

export interface HorizontalAnnotation {
  value: number;
  label?: string;
  color?: string;
}

/** The parts of a GetMetricWidgetImage widget definition the emulator draws. */
export interface WidgetSpec {
  metrics: WidgetMetric[];
  width: number;
  height: number;
  start: number;
  end: number;
  period: number;
  title?: string;
  horizontal: HorizontalAnnotation[];
  yMin?: number;
  yMax?: number;
}

export class WidgetError extends Error {}

const DURATION = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** `-PT3H` (relative to now), `P0D`, or an absolute ISO 8601 time, as CloudWatch accepts. */
function parseTime(value: unknown, now: number, field: string): number {
  if (typeof value !== 'string') throw new WidgetError(`Field "${field}" must be a string.`);
  const m = DURATION.exec(value);
  if (m && value !== 'P' && value !== '-P' && !value.endsWith('T')) {
    const [, , w, d, h, min, s] = m;
    const ms =
      ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 86_400 +
        Number(h ?? 0) * 3_600 +
        Number(min ?? 0) * 60 +
        Number(s ?? 0)) *
      1000;
    return now - ms;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new WidgetError(`Field "${field}" has an invalid time: ${value}.`);
  return t;
}

function intField(
  obj: Record<string, unknown>,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = obj[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new WidgetError(`Field "${field}" must be an integer from ${min} to ${max}.`);
  }
  return v;
}

function readMetric(
  entry: unknown,
  previous: readonly unknown[] | undefined,
  defaultStat: string,
  i: number,
): WidgetMetric | undefined {
  if (!Array.isArray(entry) || entry.length === 0)
    throw new WidgetError(`metrics[${i}] must be a non-empty array.`);
  const last = entry[entry.length - 1];
  const options =
    typeof last === 'object' && last !== null && !Array.isArray(last)
      ? (last as Record<string, unknown>)
      : undefined;
  const parts = options ? entry.slice(0, -1) : entry.slice();
  // Math expressions (`[{ "expression": ... }]`) have no metric of their own to draw.
  if (parts.length === 0 && options && 'expression' in options) return undefined;
  // "." repeats the value at the same position in the previous metric, CloudWatch's shorthand.
  const resolved = parts.map((p, j) => (p === '.' ? previous?.[j] : p));
  if (resolved.length < 2 || resolved.length % 2 !== 0 || resolved.some((p) => typeof p !== 'string')) {
    throw new WidgetError(
      `metrics[${i}] must be [namespace, metricName, dimensionName, dimensionValue, ..., {options}].`,
    );
  }
  const strings = resolved as string[];
  const dimensions: Dimension[] = [];
  for (let j = 2; j < strings.length; j += 2) dimensions.push({ name: strings[j]!, value: strings[j + 1]! });
  const metric: WidgetMetric = {
    namespace: strings[0]!,
    name: strings[1]!,
    dimensions,
    stat: typeof options?.['stat'] === 'string' ? options['stat'] : defaultStat,
  };
  if (typeof options?.['label'] === 'string') metric.label = options['label'];
  if (typeof options?.['color'] === 'string') metric.color = options['color'];
  return metric;
}

export function parseMetricWidget(json: string, now: number): WidgetSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new WidgetError('The widget definition is not valid JSON.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new WidgetError('The widget definition must be a JSON object.');
  const w = raw as Record<string, unknown>;
  if (!Array.isArray(w['metrics']) || w['metrics'].length === 0)
    throw new WidgetError('Field "metrics" is required.');
  const defaultStat = typeof w['stat'] === 'string' ? w['stat'] : 'Average';
  const metrics: WidgetMetric[] = [];
  let previous: unknown[] | undefined;
  (w['metrics'] as unknown[]).forEach((entry, i) => {
    const metric = readMetric(entry, previous, defaultStat, i);
    if (metric) {
      metrics.push(metric);
      previous = [metric.namespace, metric.name, ...metric.dimensions.flatMap((d) => [d.name, d.value])];
    }
  });
  if (metrics.length === 0) throw new WidgetError('The widget has no metric to draw.');
  const start = parseTime(w['start'] ?? '-PT3H', now, 'start');
  const end = parseTime(w['end'] ?? 'P0D', now, 'end');
  if (start >= end) throw new WidgetError('Field "start" must be before "end".');
  const horizontal: HorizontalAnnotation[] = [];
  const annotations = w['annotations'];
  if (annotations !== undefined) {
    const list = (annotations as Record<string, unknown>)?.['horizontal'];
    if (list !== undefined && !Array.isArray(list))
      throw new WidgetError('Field "annotations.horizontal" must be an array.');
    for (const a of (list as unknown[] | undefined) ?? []) {
      const value = (a as Record<string, unknown>)?.['value'];
      if (typeof value !== 'number')
        throw new WidgetError('Each horizontal annotation needs a numeric "value".');
      const ann: HorizontalAnnotation = { value };
      const { label, color } = a as Record<string, unknown>;
      if (typeof label === 'string') ann.label = label;
      if (typeof color === 'string') ann.color = color;
      horizontal.push(ann);
    }
  }
  const spec: WidgetSpec = {
    metrics,
    width: intField(w, 'width', 600, 1, 2000),
    height: intField(w, 'height', 395, 1, 2000),
    start,
    end,
    period: intField(w, 'period', 300, 1, 86_400 * 30),
    horizontal,
  };
  if (typeof w['title'] === 'string') spec.title = w['title'];
  const left = ((w['yAxis'] as Record<string, unknown> | undefined)?.['left'] ?? {}) as Record<
    string,
    unknown
  >;
  if (typeof left['min'] === 'number') spec.yMin = left['min'];
  if (typeof left['max'] === 'number') spec.yMax = left['max'];
  return spec;
}

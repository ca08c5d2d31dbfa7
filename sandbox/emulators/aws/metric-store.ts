import type { Dimension, Scope } from './world-types.js';

/** One published value (PutMetricData's shape, reduced to what GetMetricStatistics reads). */
export interface MetricDatapoint extends Scope {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  /** Epoch ms. */
  timestamp: number;
  value: number;
  unit?: string;
}

export type Statistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';

/** Raw metric values, as CloudWatch keeps them: a metric is namespace + name + the exact dimension set. */
export class MetricStore {
  private readonly points: MetricDatapoint[] = [];

  put(point: MetricDatapoint): void {
    this.points.push({ ...point, dimensions: point.dimensions.map((d) => ({ ...d })) });
  }

  /** Values of exactly this metric (same dimension set, as CloudWatch matches) in [start, end). */
  query(
    scope: Scope,
    namespace: string,
    metricName: string,
    dimensions: Dimension[],
    start: number,
    end: number,
  ): MetricDatapoint[] {
    return this.points.filter(
      (p) =>
        p.accountId === scope.accountId &&
        p.region === scope.region &&
        p.namespace === namespace &&
        p.metricName === metricName &&
        p.dimensions.length === dimensions.length &&
        p.dimensions.every((d) => dimensions.some((e) => e.name === d.name && e.value === d.value)) &&
        p.timestamp >= start &&
        p.timestamp < end,
    );
  }
}

export function statistic(values: number[], stat: Statistic): number {
  switch (stat) {
    case 'SampleCount':
      return values.length;
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
  }
}

/** pNN over raw values (nearest rank), as CloudWatch computes percentiles from raw data. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

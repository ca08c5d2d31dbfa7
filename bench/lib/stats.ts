/** Percentile of sorted samples (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(samples: readonly number[]): {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  n: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean,
    n: sorted.length,
  };
}

export const ms = (x: number) => `${x.toFixed(2)} ms`;
export const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);

/** One line of a comparison table: name, the figure, the baseline, the ratio, and the target verdict. */
export function row(name: string, value: string, baseline: string, r: number, target?: number): string {
  const verdict = target === undefined ? '' : r <= target ? `  ✓ (≤ ${target})` : `  ✗ (target ≤ ${target})`;
  return `${name.padEnd(28)} ${value.padStart(12)}   baseline ${baseline.padStart(12)}   ratio ${r.toFixed(2)}${verdict}`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Per-round ratios summarised as their median and spread (min–max): one noisy round on a shared
 * machine moves the spread, not the verdict.
 */
export function ratioOverRounds(ratios: readonly number[]): { median: number; min: number; max: number } {
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** A ratio-over-rounds line: median ratio with its spread, and the target verdict on the median. */
export function roundsRow(
  name: string,
  r: { median: number; min: number; max: number },
  rounds: number,
  target?: number,
): string {
  const verdict =
    target === undefined ? '' : r.median <= target ? `  ✓ (≤ ${target})` : `  ✗ (target ≤ ${target})`;
  return `${name.padEnd(28)} median ratio ${r.median.toFixed(2)} over ${rounds} rounds (spread ${r.min.toFixed(2)}–${r.max.toFixed(2)})${verdict}`;
}

import type { WidgetSpec } from './metric-widget.js';
import { encodePng, Raster } from './png.js';

type Rgb = readonly [number, number, number];

/** CloudWatch's default series palette. */
const PALETTE: readonly Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
];
const GRID: Rgb = [225, 225, 225];
const AXIS: Rgb = [120, 120, 120];
const LABEL: Rgb = [85, 85, 85];
const THRESHOLD: Rgb = [214, 39, 40];

/** A 3×5 pixel font for axis labels: enough for numbers, which is all the axis needs. */
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001001001001',
  '8': '111101111101111',
  '9': '111101111001111',
  '.': '000000000000010',
  '-': '000000111000000',
  k: '100101110101101',
  M: '101111111101101',
};

function parseColor(hex: string | undefined, fallback: Rgb): Rgb {
  const m = hex ? /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex) : null;
  return m ? [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)] : fallback;
}

function drawText(r: Raster, text: string, x: number, y: number, scale: number, rgb: Rgb): void {
  let cx = x;
  for (const ch of text) {
    const glyph = GLYPHS[ch];
    if (glyph) {
      for (let i = 0; i < 15; i++) {
        if (glyph[i] === '1')
          r.fillRect(cx + (i % 3) * scale, y + Math.floor(i / 3) * scale, scale, scale, rgb);
      }
    }
    cx += 4 * scale;
  }
}

function formatTick(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(abs < 10 ? 2 : 1));
}

/** A "nice" upper bound (1, 2, 2.5 or 5 × 10^n) so ticks land on round numbers. */
function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

/**
 * Draws the widget as CloudWatch does in spirit: a line per metric over the time range, grid,
 * y-axis labels and horizontal annotations (the alarm threshold, dashed). Returns PNG bytes.
 */
export function renderMetricChart(spec: WidgetSpec, series: number[][]): Buffer {
  const r = new Raster(spec.width, spec.height);
  const roomy = spec.width >= 120 && spec.height >= 80;
  const left = roomy ? 44 : 0;
  const right = roomy ? 12 : 0;
  const top = roomy ? 14 : 0;
  const bottom = roomy ? 16 : 0;
  const plotW = Math.max(1, spec.width - left - right);
  const plotH = Math.max(1, spec.height - top - bottom);

  const values = series.flat().concat(spec.horizontal.map((h) => h.value));
  const lo = spec.yMin ?? Math.min(0, ...values);
  const hi = spec.yMax ?? niceCeil(Math.max(...values, lo + 1) * 1.1);
  const span = hi - lo || 1;
  const yOf = (v: number) => top + plotH - ((v - lo) / span) * plotH;

  if (roomy) {
    const ticks = 4;
    for (let i = 0; i <= ticks; i++) {
      const v = lo + (span * i) / ticks;
      const y = yOf(v);
      r.line(left, y, left + plotW, y, GRID);
      const label = formatTick(v);
      drawText(r, label, left - 4 - label.length * 8, y - 5, 2, LABEL);
    }
    r.line(left, top, left, top + plotH, AXIS);
    r.line(left, top + plotH, left + plotW, top + plotH, AXIS);
  }

  for (const h of spec.horizontal) {
    const y = yOf(h.value);
    r.line(left, y, left + plotW, y, parseColor(h.color, THRESHOLD), 2, 6);
  }

  series.forEach((points, i) => {
    const color = parseColor(spec.metrics[i]?.color, PALETTE[i % PALETTE.length]!);
    const n = points.length;
    for (let j = 1; j < n; j++) {
      const x0 = left + ((j - 1) / Math.max(1, n - 1)) * plotW;
      const x1 = left + (j / Math.max(1, n - 1)) * plotW;
      r.line(x0, yOf(points[j - 1]!), x1, yOf(points[j]!), color, 2);
    }
  });

  return encodePng(r);
}

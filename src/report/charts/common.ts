/**
 * What every chart shares: the Vega-Lite schema URL, size, fonts, the variant colour scale and
 * small helpers. Chart specs are pure functions of their data: no clock, no randomness, and data
 * rows built in input order, so the same data gives the same spec and the same SVG bytes.
 */
import type { TopLevelSpec } from 'vega-lite';

export type { TopLevelSpec };

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Plot area of one chart (or one facet), in pixels. */
export const WIDTH = 640;
export const HEIGHT = 300;

/** A chart of the report: a file name (charts/<name>.svg), a heading, a caption and its spec. */
export interface Chart {
  name: string;
  title: string;
  /** One or two sentences for the report: what the chart shows and how to read it. */
  caption: string;
  spec: TopLevelSpec;
}

/** Shared look: readable fonts, titles on the left, no grey frame around the plot. */
export const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  padding: 8,
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 200 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220, titleLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#ddd' },
} as const;

/**
 * The series colours, in the order series get them: ten hues told apart on white (d3's category10),
 * the first ones the most distinct. Past ten they repeat, each time with other dashes.
 */
export const PALETTE: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/**
 * Dash patterns (stroke, gap, ... in pixels), one per series next to its colour, so lines can be
 * told apart in greyscale and by readers who do not see the colours: solid first.
 */
export const DASHES: readonly (readonly number[])[] = [
  [1, 0],
  [8, 4],
  [2, 3],
  [12, 3, 3, 3],
  [4, 4],
  [16, 5],
  [12, 3, 3, 3, 3, 3],
  [4, 2, 4, 6],
  [20, 3, 8, 3],
  [6, 2, 1, 2],
];

/**
 * Series i's colour and dash pattern: the colour cycles through PALETTE, the dash through DASHES,
 * shifted by one each time the colours come round, so up to 100 series have distinct pairs.
 */
export function seriesStyle(i: number): { color: string; dash: number[] } {
  const lap = Math.floor(i / PALETTE.length);
  return { color: PALETTE[i % PALETTE.length], dash: [...DASHES[(i + lap) % DASHES.length]] };
}

/** How a series encoding is made: the field it reads (default `variant`), its legend title, and whether it draws lines. */
export interface SeriesEncodingOptions {
  field?: string;
  title?: string;
  /** Lines: the legend shows short lines in the series' colour and dash, not squares. */
  lines?: boolean;
  /** A legend even for one name (default: none for one, as for a single run). */
  legend?: boolean;
}

function seriesLegend(names: readonly string[], o: SeriesEncodingOptions) {
  if (names.length === 1 && o.legend !== true) return { legend: null };
  return o.lines ? { legend: LINE_LEGEND } : {};
}

/**
 * Colour by a nominal field (the variant by default), in the order of `names`, the same in every
 * chart of a report; no legend for one name unless asked.
 */
export function variantColor(names: readonly string[], o: SeriesEncodingOptions = {}) {
  return {
    field: o.field ?? 'variant',
    type: 'nominal' as const,
    title: o.title ?? 'variant',
    sort: [...names],
    scale: { domain: [...names], range: names.map((_, i) => seriesStyle(i).color) },
    ...seriesLegend(names, o),
  };
}

/**
 * Dash pattern by a nominal field, as variantColor: for lines, next to the colour. With the same
 * field, title and names vega-lite draws one legend with both.
 */
export function variantDash(names: readonly string[], o: SeriesEncodingOptions = {}) {
  return {
    field: o.field ?? 'variant',
    type: 'nominal' as const,
    title: o.title ?? 'variant',
    sort: [...names],
    scale: { domain: [...names], range: names.map((_, i) => seriesStyle(i).dash) },
    ...seriesLegend(names, { ...o, lines: true }),
  };
}

/** A legend whose symbols are short lines (colour and dash as drawn), for charts with lines and points. */
export const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400, symbolFillColor: 'transparent' } as const;

/**
 * Whether `values` (the ones a y axis must show) call for a log scale: all positive and finite,
 * and the largest more than ten times the smallest (a linear axis would flatten the small ones).
 */
export function spansDecade(values: readonly number[]): boolean {
  const xs = values.filter((x) => Number.isFinite(x));
  if (xs.length === 0 || xs.some((x) => x <= 0)) return false;
  return Math.max(...xs) > 10 * Math.min(...xs);
}

/** Finite numbers only: NaN and infinities (from a single replication, say) become undefined. */
export function finite(x: number | null | undefined): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** Rounds to `digits` significant digits, to keep embedded data small (the charts are pixels). */
export function round(x: number, digits = 6): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** A short label for each id: the common prefix and suffix (cut at a `/`) removed, e.g. `dyno[17]`. */
export function shortIds(ids: readonly string[]): string[] {
  if (ids.length < 2) return [...ids];
  let prefix = ids[0];
  let suffix = ids[0];
  for (const id of ids) {
    while (!id.startsWith(prefix)) prefix = prefix.slice(0, -1);
    while (!id.endsWith(suffix)) suffix = suffix.slice(1);
  }
  const pre = prefix.lastIndexOf('/') + 1;
  const suf = suffix.indexOf('/');
  const cutEnd = suf < 0 ? 0 : suffix.length - suf;
  const short = ids.map((id) => id.slice(pre, id.length - cutEnd));
  return new Set(short).size === ids.length && short.every((s) => s !== '') ? short : [...ids];
}

/** Milliseconds as a short human duration for subtitles: `250 ms`, `1.5 s`. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${round(ms / 1000, 3)} s`;
  return `${round(ms, 3)} ms`;
}

/**
 * The spec with U+2028 and U+2029 in every string replaced by a space. vega-lite copies data values
 * (variant names, node ids) into the expressions it generates, as JSON string literals, which may
 * hold those two characters; vega's expression parser, like JavaScript before ES2019, reads them as
 * line breaks and fails ("Unexpected token ILLEGAL"). Every spec passes through here before it is
 * compiled or embedded in a page.
 */
export function chartSafe<T>(spec: T): T {
  return JSON.parse(JSON.stringify(spec), (_k, v) => (typeof v === 'string' ? v.replace(/[\u2028\u2029]/g, ' ') : v)) as T;
}

/**
 * Tick values for a log axis from `lo` to `hi`: the powers of ten, and 2 and 5 times them when the
 * axis spans fewer than three decades (vega's own ticks label and grid every 1..9 step).
 */
export function logTicks(lo: number, hi: number): number[] {
  const steps = Math.log10(hi / lo) < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const s of steps) {
      const t = round(s * 10 ** e);
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
    }
  }
  return ticks;
}

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

/** Colour by variant, in the variants' order, the same in every chart of a report; no legend for one. */
export function variantColor(names: readonly string[], title = 'variant') {
  return {
    field: 'variant',
    type: 'nominal' as const,
    title,
    sort: [...names],
    scale: { domain: [...names], scheme: 'tableau10' },
    // One variant (a run) needs no legend.
    ...(names.length === 1 && { legend: null }),
  };
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

/**
 * p50 and p99 over simulated time: latency percentiles of the requests that arrived in each window.
 * One run: solid p99 and dashed p50. Several variants: a colour and a dash pattern per variant (so
 * ten variants stay apart, in greyscale too), p99 thick and p50 thin.
 */
import type { LatencyWindow } from '../../run/series.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, formatMs, round, variantColor, variantDash, type TopLevelSpec } from './common.js';

export interface LatencySeries {
  name: string;
  windowMs: number;
  latency: readonly LatencyWindow[];
  /** Fault windows of the run (node faults, partitions, flaky links), drawn as shaded bands. */
  faults?: readonly FaultWindow[];
}

export interface FaultWindow {
  node: string;
  kind: string;
  start: number;
  end: number;
}

/** Overlapping windows of one kind merged into bands (a fault on 100 servers at once is one band). */
export function faultBands(windows: readonly FaultWindow[]): { kind: string; start: number; end: number; nodes: number }[] {
  const byKind = new Map<string, FaultWindow[]>();
  for (const w of windows) byKind.set(w.kind, [...(byKind.get(w.kind) ?? []), w]);
  const bands: { kind: string; start: number; end: number; nodes: number }[] = [];
  for (const [kind, list] of [...byKind].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
    let cur: { kind: string; start: number; end: number; nodes: number } | null = null;
    for (const w of sorted) {
      if (cur !== null && w.start <= cur.end) {
        cur.end = Math.max(cur.end, w.end);
        cur.nodes++;
      } else {
        if (cur !== null) bands.push(cur);
        cur = { kind, start: w.start, end: w.end, nodes: 1 };
      }
    }
    if (cur !== null) bands.push(cur);
  }
  return bands;
}

export function latencyOverTimeSpec(variants: readonly LatencySeries[], subtitle?: string): TopLevelSpec {
  const names = variants.map((v) => v.name);
  const values = variants.flatMap((v) =>
    v.latency
      .filter((w) => w.count > 0)
      .flatMap((w) => [
        { variant: v.name, t: round(w.t / 1000), percentile: 'p99', latency: round(w.p99), count: w.count },
        { variant: v.name, t: round(w.t / 1000), percentile: 'p50', latency: round(w.p50), count: w.count },
      ]),
  );
  const windowMs = variants[0]?.windowMs ?? 0;
  // Fault windows of the first variant's run (scheduled faults are the same in every variant).
  const bands = faultBands(variants[0]?.faults ?? []).map((b) => ({
    kind: b.kind,
    start: round(b.start / 1000),
    end: round(b.end / 1000),
    nodes: b.nodes,
  }));
  const lines = {
    data: { values },
    mark: { type: 'line' as const, strokeWidth: 1.8, interpolate: 'step-after' as const },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'simulated time (s, window start)', scale: { nice: false } },
      y: { field: 'latency', type: 'quantitative', title: 'latency (ms)' },
      color: variantColor(names, { lines: true }),
      ...(names.length > 1
        ? {
            strokeDash: variantDash(names),
            strokeWidth: { field: 'percentile', type: 'nominal', title: 'percentile', sort: ['p99', 'p50'], scale: { domain: ['p99', 'p50'], range: [2.4, 1] } },
          }
        : {
            strokeDash: { field: 'percentile', type: 'nominal', title: 'percentile', sort: ['p99', 'p50'], scale: { domain: ['p99', 'p50'], range: [[1, 0], [5, 3]] } },
          }),
      detail: { field: 'percentile', type: 'nominal' },
      order: { field: 't', type: 'quantitative' },
      tooltip: [
        { field: 'variant', type: 'nominal' },
        { field: 'percentile', type: 'nominal' },
        { field: 't', type: 'quantitative', title: 'window start (s)', format: '.3~f' },
        { field: 'latency', type: 'quantitative', title: 'latency (ms)', format: '.1f' },
        { field: 'count', type: 'quantitative', title: 'requests in window' },
      ],
    },
  };
  const head = {
    $schema: SCHEMA,
    title: {
      text: 'p50 and p99 over simulated time',
      subtitle:
        (subtitle ?? `requests by arrival time, in windows of ${formatMs(windowMs)}`) +
        (bands.length > 0 ? '; shaded: fault windows' : ''),
    },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
  };
  if (bands.length === 0) return { ...head, ...lines } as TopLevelSpec;
  return {
    ...head,
    layer: [
      {
        data: { values: bands },
        mark: { type: 'rect', color: '#d62728', opacity: 0.12 },
        encoding: {
          x: { field: 'start', type: 'quantitative' },
          x2: { field: 'end' },
          tooltip: [
            { field: 'kind', type: 'nominal', title: 'fault' },
            { field: 'nodes', type: 'quantitative', title: 'windows merged' },
            { field: 'start', type: 'quantitative', title: 'from (s)', format: '.3~f' },
            { field: 'end', type: 'quantitative', title: 'to (s)', format: '.3~f' },
          ],
        },
      },
      lines,
    ],
  } as TopLevelSpec;
}

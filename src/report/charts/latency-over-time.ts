/**
 * p50 and p99 over simulated time: latency percentiles of the requests that arrived in each window,
 * one colour per variant, solid p99 and dashed p50.
 */
import type { LatencyWindow } from '../series.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, formatMs, round, variantColor, type TopLevelSpec } from './common.js';

export interface LatencySeries {
  name: string;
  windowMs: number;
  latency: readonly LatencyWindow[];
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
  return {
    $schema: SCHEMA,
    title: {
      text: 'p50 and p99 over simulated time',
      subtitle: subtitle ?? `requests by arrival time, in windows of ${formatMs(windowMs)}`,
    },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.8, interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'simulated time (s, window start)', scale: { nice: false } },
      y: { field: 'latency', type: 'quantitative', title: 'latency (ms)' },
      color: variantColor(names),
      strokeDash: {
        field: 'percentile',
        type: 'nominal',
        title: 'percentile',
        sort: ['p99', 'p50'],
        scale: { domain: ['p99', 'p50'], range: [[1, 0], [5, 3]] },
      },
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
}

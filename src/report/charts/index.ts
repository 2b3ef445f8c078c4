/**
 * The charts of the run report, in report order (experiments/charts/index.ts has those of compare and sweep). Each entry names its file (charts/<name>.svg); a
 * chart without data (no balancer, so no shares; no server, so no queues) is left out.
 */
import type { RunSeries } from '../../run/series.js';
import type { Summary } from '../../run/summary.js';
import { backendShareSpec, hasShares } from './backend-share.js';
import type { Chart } from './common.js';
import { latencyOverTimeSpec } from './latency-over-time.js';
import { percentileBarsSpec } from './percentile-bars.js';
import { LINES_MAX, callsInServerSpec } from './calls-in-server.js';
import { clockErrorSpec, type ClockSeries } from './clock-error.js';

export type { Chart } from './common.js';
export { percentileBarsSpec, type PercentileRow } from './percentile-bars.js';
export { latencyOverTimeSpec } from './latency-over-time.js';
export { callsInServerSpec } from './calls-in-server.js';
export { backendShareSpec } from './backend-share.js';

export interface Named {
  name: string;
  series: RunSeries;
}

/** The time-series charts shared by compare and run reports. */
export function seriesCharts(variants: readonly Named[], seedNote: string): Chart[] {
  const charts: Chart[] = [];
  if (variants.some((v) => v.series.latency.length > 0)) {
    charts.push({
      name: 'latency-over-time',
      title: 'p50 and p99 over simulated time',
      caption: `Latency percentiles of the requests that arrived in each window of simulated time${seedNote}. A line that climbs means queues building up; warm-up shows at the start; shaded bands are fault windows (crashes, pauses, slowdowns, partitions, flaky links).`,
      spec: latencyOverTimeSpec(
        variants.map((v) => ({ name: v.name, windowMs: v.series.windowMs, latency: v.series.latency, faults: v.series.faults })),
      ),
    });
  }
  const servers = Math.max(0, ...variants.map((v) => v.series.queues.ids.length));
  if (servers > 0 && variants.some((v) => v.series.queues.t.length > 0)) {
    charts.push({
      name: 'calls-in-server',
      title: 'Calls in each server over time',
      caption:
        servers <= LINES_MAX
          ? `Calls in each server (waiting or in service) over simulated time${seedNote}.`
          : `Calls in each of the ${servers} servers over simulated time${seedNote}: one row per server, darker is deeper. Dark streaks are servers that requests piled up behind.`,
      spec: callsInServerSpec(variants.map((v) => ({ name: v.name, queues: v.series.queues }))),
    });
  }
  const clocks = variants.flatMap((v): ClockSeries[] => (v.series.clocks && v.series.clocks.t.length > 0 ? [{ name: v.name, clocks: v.series.clocks }] : []));
  if (clocks.length > 0) {
    charts.push({
      name: 'clock-error',
      title: 'Clock error over time',
      caption: `How far each skewed node clock is from true time (local minus true, ms)${seedNote}: a slope is drift, a jump an NTP step. Timeouts, holds and leases on that node measure time with it.`,
      spec: clockErrorSpec(clocks),
    });
  }
  const shares = variants.map((v) => ({ name: v.name, shares: v.series.shares }));
  if (hasShares(shares)) {
    charts.push({
      name: 'backend-share',
      title: 'Request share per backend',
      caption: `Each backend's share of the requests${seedNote}. Even routing keeps every backend near the dashed fair share; herding shows as a few backends far above it.`,
      spec: backendShareSpec(shares),
    });
  }
  return charts;
}

export function runCharts(summary: Summary, series: RunSeries): Chart[] {
  const l = summary.latency;
  const rows = (
    [
      ['p50', l.p50],
      ['p90', l.p90],
      ['p99', l.p99],
      ['p99.9', l.p999],
    ] as const
  ).map(([percentile, mean]) => ({ variant: summary.stamp.scenario, percentile, mean }));
  return [
    {
      name: 'percentiles',
      title: 'Latency percentiles',
      caption: `Latency percentiles of the ${l.count} measured requests (${l.method === 'exact' ? 'exact' : 'from an HDR histogram, within 0.1%'}).`,
      spec: percentileBarsSpec(rows, `measured requests of this run (seed ${summary.stamp.seed})`),
    },
    ...seriesCharts([{ name: summary.stamp.scenario, series }], ''),
  ];
}

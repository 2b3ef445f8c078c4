/**
 * The charts of the compare and sweep reports, in report order. Each entry names its file
 * (charts/<name>.svg); the time-series charts are the run report's (report/charts).
 */
import type { CompareResult, Interval, MetricName, SweepResult } from '../result.js';
import { percentileBarsSpec, seriesCharts, type Chart, type PercentileRow } from '../../report/charts/index.js';
import { latencyCdfSpec } from './latency-cdf.js';
import { p99VsLoadSpec } from './p99-vs-load.js';

export { latencyCdfSpec } from './latency-cdf.js';
export { p99VsLoadSpec } from './p99-vs-load.js';

/** The percentiles drawn, and their labels. */
export const BAR_PERCENTILES: readonly [MetricName, string][] = [
  ['p50', 'p50'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
];

/** Rows for variants with metrics {mean, lo, hi} (as VariantResult.metrics). */
export function percentileRows(variants: readonly { name: string; metrics: Record<MetricName, Interval> }[]): PercentileRow[] {
  return variants.flatMap((v) =>
    BAR_PERCENTILES.map(([metric, label]) => ({ variant: v.name, percentile: label, ...v.metrics[metric] })),
  );
}

export function compareCharts(result: CompareResult): Chart[] {
  const { variants, stamp } = result;
  return [
    {
      name: 'latency-cdf',
      title: 'Latency CDF',
      caption: 'Fraction of requests answered within each latency, all replications merged. Further left is faster; the tail is the top of the curve.',
      spec: latencyCdfSpec(variants),
    },
    {
      name: 'percentiles',
      title: 'Latency percentiles',
      caption: `p50, p99 and p99.9 of each variant: the bar is the mean over ${stamp.replications} replication${stamp.replications === 1 ? '' : 's'}, the error bar its 95% confidence interval.`,
      spec: percentileBarsSpec(percentileRows(variants)),
    },
    ...seriesCharts(variants, ` in replication 0 (seed ${stamp.seeds.first})`),
  ];
}

export function sweepCharts(result: SweepResult): Chart[] {
  if (result.points.length === 0) return [];
  return [
    {
      name: 'p99-vs-load',
      title: 'p99 against load',
      caption: `p99 latency at each point of the sweep: the mean over ${result.stamp.replications} replication${result.stamp.replications === 1 ? '' : 's'} with its 95% confidence interval.`,
      spec: p99VsLoadSpec(result),
    },
  ];
}

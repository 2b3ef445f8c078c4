/**
 * The charts of the compare and sweep reports, in report order. Each entry names its file
 * (charts/<name>.svg); the time-series charts are the run report's (report/charts).
 */
import type { CompareResult, Interval, MetricName, SweepResult } from '../result.js';
import { percentileBarsSpec, seriesCharts, type Chart, type PercentileRow } from '../../report/charts/index.js';
import { latencyCdfSpec } from './latency-cdf.js';
import { DEFAULT_SWEEP_METRIC, METRIC_TEXT, sweepChartName, sweepMetricSpec, sweptKey, theoryModels } from './sweep-metric.js';

export { latencyCdfSpec } from './latency-cdf.js';
export { DEFAULT_SWEEP_METRIC, sweepChartName, sweepMetricSpec } from './sweep-metric.js';

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

export interface SweepChartOptions {
  /** The metric drawn against the swept key (default p99). */
  metric?: MetricName;
}

/** The sweep report's chart: the chosen metric against the swept key, named after both. */
export function sweepCharts(result: SweepResult, options: SweepChartOptions = {}): Chart[] {
  if (result.points.length === 0) return [];
  const metric = options.metric ?? DEFAULT_SWEEP_METRIC;
  const spec = sweepMetricSpec(result, metric);
  const key = sweptKey(result.axes);
  const text = METRIC_TEXT[metric];
  const models = theoryModels(result.points.filter((p) => p.theory && Number.isFinite(p.theory.metrics[metric])));
  const theory =
    models.length > 0
      ? ` The dashed black line (with diamonds) is what queueing theory gives for ${models.join(', ')} in steady state, at the points where utilization is below 1; the simulated means approach it with enough requests after a warm-up.`
      : '';
  return [
    {
      name: sweepChartName(metric, key),
      title: `${text.name} against ${key}`,
      caption: `${text.long} at each point of the sweep: the mean over ${result.stamp.replications} replication${result.stamp.replications === 1 ? '' : 's'} with its 95% confidence interval.${theory}`,
      spec,
    },
  ];
}

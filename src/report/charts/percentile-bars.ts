/**
 * Percentile bars: p50, p99 and p99.9 side by side for each variant (or for one run), the bar the mean over
 * replications, the error bar its 95% confidence interval.
 */
import { CONFIG, HEIGHT, SCHEMA, WIDTH, finite, round, variantColor, type TopLevelSpec } from './common.js';

export interface PercentileRow {
  variant: string;
  /** As labelled on the axis: `p50`, `p99`, `p99.9`. */
  percentile: string;
  /** Latency in ms (the mean over replications). */
  mean: number;
  /** The 95% interval, when there is one. */
  lo?: number;
  hi?: number;
}

export function percentileBarsSpec(
  rows: readonly PercentileRow[],
  subtitle = 'mean over replications; error bars: 95% confidence interval',
): TopLevelSpec {
  const names = [...new Set(rows.map((r) => r.variant))];
  const percentiles = [...new Set(rows.map((r) => r.percentile))];
  const values = rows.map((r) => {
    const lo = finite(r.lo);
    const hi = finite(r.hi);
    return { variant: r.variant, percentile: r.percentile, mean: round(r.mean), ...(lo !== undefined && hi !== undefined && { lo: round(lo), hi: round(hi) }) };
  });
  const withIntervals = values.some((v) => 'lo' in v);
  const x = { field: 'percentile', type: 'ordinal' as const, sort: percentiles, title: 'percentile', axis: { labelAngle: 0 } };
  const xOffset = { field: 'variant', type: 'nominal' as const, sort: names };
  const bars = {
    mark: { type: 'bar' as const },
    encoding: {
      x,
      xOffset,
      y: { field: 'mean', type: 'quantitative' as const, title: 'latency (ms)' },
      color: variantColor(names),
      tooltip: [
        { field: 'variant', type: 'nominal' as const },
        { field: 'percentile', type: 'ordinal' as const },
        { field: 'mean', type: 'quantitative' as const, title: 'mean (ms)', format: '.1f' },
        ...(withIntervals
          ? [
              { field: 'lo', type: 'quantitative' as const, title: '95% CI low (ms)', format: '.1f' },
              { field: 'hi', type: 'quantitative' as const, title: '95% CI high (ms)', format: '.1f' },
            ]
          : []),
      ],
    },
  };
  const errorBars = {
    transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
    mark: { type: 'rule' as const, color: '#222', strokeWidth: 1.5 },
    encoding: { x, xOffset, y: { field: 'lo', type: 'quantitative' as const }, y2: { field: 'hi' } },
  };
  return {
    $schema: SCHEMA,
    title: { text: 'Latency percentiles', subtitle },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    layer: withIntervals ? [bars, errorBars] : [bars],
  };
}

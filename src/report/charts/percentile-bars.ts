/**
 * Percentile bars: p50, p99 and p99.9 side by side for each variant (or for one run), the bar the mean over
 * replications, the error bar its 95% confidence interval.
 *
 * When the bars span more than a decade (a good strategy at 5 ms next to a collapse at 120 s) the
 * latency axis is logarithmic, so every bar stays readable; the axis title says so.
 */
import { CONFIG, HEIGHT, SCHEMA, WIDTH, finite, logTicks, round, spansDecade, variantColor, type TopLevelSpec } from './common.js';

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
  const log = spansDecade(values.map((v) => v.mean));
  // On a log axis an interval reaching zero or below is drawn down to the bottom of the axis.
  const bottom = log ? axisBottom(values.map((v) => v.mean)) : 0;
  const drawn = values.map((v) => ('lo' in v && log ? { ...v, loDrawn: Math.max(v.lo as number, bottom) } : v));
  const top = log ? axisTop(values) : 0;
  const y = log
    ? {
        field: 'mean',
        type: 'quantitative' as const,
        title: 'latency (ms, log scale)',
        scale: { type: 'log' as const, domain: [bottom, top], nice: false },
        axis: { values: logTicks(bottom, top) },
      }
    : { field: 'mean', type: 'quantitative' as const, title: 'latency (ms)' };
  const x = { field: 'percentile', type: 'ordinal' as const, sort: percentiles, title: 'percentile', axis: { labelAngle: 0 } };
  const xOffset = { field: 'variant', type: 'nominal' as const, sort: names };
  const bars = {
    mark: { type: 'bar' as const },
    encoding: {
      x,
      xOffset,
      y,
      // A bar on a log axis starts at the bottom of the axis (there is no zero).
      ...(log && { y2: { datum: bottom } }),
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
    encoding: { x, xOffset, y: { field: log ? 'loDrawn' : 'lo', type: 'quantitative' as const }, y2: { field: 'hi' } },
  };
  return {
    $schema: SCHEMA,
    title: { text: 'Latency percentiles', subtitle },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: drawn },
    layer: withIntervals ? [bars, errorBars] : [bars],
  };
}

/** The bottom of a log axis: the power of ten at or below half the smallest bar. */
function axisBottom(means: readonly number[]): number {
  return 10 ** Math.floor(Math.log10(Math.min(...means.filter(Number.isFinite)) / 2));
}

/** The top of a log axis: a little above the tallest bar or interval. */
function axisTop(values: readonly { mean: number; hi?: number }[]): number {
  return round(Math.max(...values.flatMap((v) => [v.mean, v.hi ?? 0]).filter(Number.isFinite)) * 1.15, 3);
}

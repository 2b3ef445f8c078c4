/**
 * A metric against the swept key, for a sweep: x the value of the numeric axis (an interval, a rate
 * or a plain number; else the first axis, as categories in their order), y the chosen metric (p99 by
 * default: the mean over replications with its 95% interval as error bars), a line per value of
 * the other axes (the strategy, say), each with its colour and dash. Where theory exists (points
 * that are M/M/1 or M/M/c queues, experiments/theory.ts) a dashed black line shows it.
 *
 * Latencies and throughput go on a log axis only when their values span more than a decade; success
 * is a fraction, on a linear 0..100% axis.
 */
import type { MetricName, SweepResult } from '../result.js';
import { parseDuration, parseRate } from '../../scenario/units.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, finite, logTicks, round, spansDecade, variantColor, variantDash, type TopLevelSpec } from '../../report/charts/common.js';

/** The metric a sweep chart shows when none is chosen. */
export const DEFAULT_SWEEP_METRIC: MetricName = 'p99';

/**
 * How each metric is named: in titles (`name`), at the start of a caption (`long`), on the y axis
 * with its unit, and its tooltip format.
 */
export const METRIC_TEXT: Record<MetricName, { name: string; long: string; axis: string; unit: string; format: string }> = {
  p50: { name: 'p50', long: 'p50 latency', axis: 'p50 latency', unit: 'ms', format: '.3~f' },
  p90: { name: 'p90', long: 'p90 latency', axis: 'p90 latency', unit: 'ms', format: '.3~f' },
  p99: { name: 'p99', long: 'p99 latency', axis: 'p99 latency', unit: 'ms', format: '.3~f' },
  p999: { name: 'p99.9', long: 'p99.9 latency', axis: 'p99.9 latency', unit: 'ms', format: '.3~f' },
  mean: { name: 'mean latency', long: 'Mean latency', axis: 'mean latency', unit: 'ms', format: '.3~f' },
  success: { name: 'success', long: 'Success (the fraction of requests answered ok)', axis: 'success', unit: '%', format: '.2%' },
  throughput: { name: 'throughput', long: 'Throughput (responses per second)', axis: 'throughput, responses', unit: 'per s', format: '.1f' },
};

/** A numeric reading of an axis value: durations in ms, rates per second, plain numbers as they are. */
export function numericValue(text: string): { value: number; unit: string } | null {
  const s = text.trim();
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(s)) return { value: Number(s), unit: '' };
  try {
    return { value: parseDuration(s), unit: 'ms' };
  } catch {
    /* not a duration */
  }
  try {
    return { value: parseRate(s) * 1000, unit: '/s' };
  } catch {
    return null;
  }
}

/** The axis on x: the first whose values are all numbers of one unit; else the first axis. */
export function numericAxis(axes: SweepResult['axes']): { index: number; unit: string } | null {
  for (let i = 0; i < axes.length; i++) {
    const parsed = axes[i].values.map(numericValue);
    if (parsed.every((p) => p !== null) && new Set(parsed.map((p) => p!.unit)).size === 1) return { index: i, unit: parsed[0]!.unit };
  }
  return null;
}

/** The path of the axis drawn on x (the swept key the chart is titled after). */
export function sweptKey(axes: SweepResult['axes']): string {
  return axes[numericAxis(axes)?.index ?? 0]?.path ?? '';
}

/** The chart's file name: the metric and the swept key, e.g. `p99-vs-load-poisson-interval`. */
export function sweepChartName(metric: MetricName, key: string): string {
  const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${metric}-vs-${slug || 'axis'}`;
}

/** The models of the points that have a theory, in first-seen order: `M/M/1`, `M/M/2`. */
export function theoryModels(points: SweepResult['points']): string[] {
  return [...new Set(points.flatMap((p) => (p.theory ? [p.theory.model] : [])))];
}

export function sweepMetricSpec(result: Pick<SweepResult, 'axes' | 'points'>, metric: MetricName = DEFAULT_SWEEP_METRIC): TopLevelSpec {
  const { axes, points } = result;
  const text = METRIC_TEXT[metric];
  if (text === undefined) throw new RangeError(`unknown metric "${String(metric)}"; expected one of: ${Object.keys(METRIC_TEXT).join(', ')}`);
  const numeric = numericAxis(axes);
  const xIndex = numeric?.index ?? 0;
  const xAxis = axes[xIndex];
  const key = xAxis?.path ?? '';
  const others = axes.map((_, i) => i).filter((i) => i !== xIndex);
  const group = (values: string[]) => (others.length === 0 ? 'all' : others.map((i) => values[i]).join(', '));
  const groups = [...new Set(points.map((p) => group(p.values)))];
  const xOf = (text: string) => (numeric ? round(numericValue(text)!.value) : text);
  const values = points.map((p) => {
    const m = p.metrics[metric];
    const lo = finite(m.lo);
    const hi = finite(m.hi);
    return {
      group: group(p.values),
      x: xOf(p.values[xIndex]),
      label: p.values[xIndex],
      mean: round(m.mean),
      ...(lo !== undefined && hi !== undefined && { lo: round(lo), hi: round(hi) }),
      replications: p.replications,
    };
  });
  const theory = points.flatMap((p) =>
    p.theory && Number.isFinite(p.theory.metrics[metric])
      ? [{ group: group(p.values), x: xOf(p.values[xIndex]), label: p.values[xIndex], theory: round(p.theory.metrics[metric]), model: p.theory.model }]
      : [],
  );
  const models = theoryModels(points.filter((p) => p.theory && Number.isFinite(p.theory.metrics[metric])));

  // The y scale: success on 0..100%; the others on a log axis when the means (and theory) span a decade.
  const shown = [...values.map((v) => v.mean), ...theory.map((t) => t.theory)];
  const log = metric !== 'success' && spansDecade(shown);
  const finiteShown = shown.filter((v) => Number.isFinite(v));
  const bottom = log ? 10 ** Math.floor(Math.log10(Math.min(...finiteShown) / 1.5)) : 0;
  const top = log ? round(Math.max(...finiteShown, ...values.map((v) => v.hi ?? 0)) * 1.2, 3) : 0;
  // On a log axis an interval reaching zero or below is drawn down to the bottom of the axis.
  const rows = log ? values.map((v) => (v.lo === undefined ? v : { ...v, loDrawn: Math.max(v.lo, bottom) })) : values;
  const yTitle = `${text.axis} (${text.unit}${log ? ', log scale' : ''})`;
  const yScale =
    metric === 'success'
      ? // An interval past 100% (a t interval over few replications) stops at the edge.
        { domain: [0, 1], clamp: true }
      : log
        ? { type: 'log' as const, domain: [bottom, top], nice: false }
        : { zero: true };
  const yAxis = metric === 'success' ? { format: '.0%' } : log ? { values: logTicks(bottom, top) } : {};

  // A numeric axis is logarithmic too when its values span more than a decade (1s, 2s, 5s, ... 200s).
  const xs = numeric ? xAxis.values.map((v) => numericValue(v)!.value) : [];
  const xLog = spansDecade(xs);
  const unit = numeric?.unit ? `${numeric.unit === '/s' ? 'per s' : numeric.unit}${xLog ? ', log scale' : ''}` : xLog ? 'log scale' : '';
  const xTitle = `${key}${unit === '' ? '' : ` (${unit})`}`;
  const x = numeric
    ? {
        field: 'x',
        type: 'quantitative' as const,
        title: xTitle,
        scale: xLog ? { type: 'log' as const, nice: false, padding: 16 } : { zero: false },
        ...(xLog && { axis: { values: logTicks(Math.min(...xs), Math.max(...xs)) } }),
      }
    : { field: 'x', type: 'ordinal' as const, title: key, sort: xAxis?.values ?? [], axis: { labelAngle: 0 } };
  const colorTitle = others.map((i) => axes[i].path).join(', ') || 'points';
  // A legend names the values of the other axes (with none, there is nothing to name), its symbols
  // short lines in each group's colour and dash, as drawn.
  const series = { field: 'group', title: colorTitle, lines: true, legend: others.length > 0 };
  const color = variantColor(groups, series);
  const dash = variantDash(groups, series);
  const tooltip = [
    { field: 'group', type: 'nominal' as const, title: colorTitle },
    { field: 'label', type: 'nominal' as const, title: key || 'x' },
    { field: 'mean', type: 'quantitative' as const, title: `${text.name} mean${text.unit === 'ms' ? ' (ms)' : ''}`, format: text.format },
    { field: 'lo', type: 'quantitative' as const, title: '95% CI low', format: text.format },
    { field: 'hi', type: 'quantitative' as const, title: '95% CI high', format: text.format },
    { field: 'replications', type: 'quantitative' as const },
  ];
  const layers: object[] = [
    {
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { y: { field: 'mean', type: 'quantitative', scale: yScale, axis: yAxis, title: yTitle } },
    },
    {
      mark: { type: 'point', filled: true, size: 40 },
      encoding: { y: { field: 'mean', type: 'quantitative' }, tooltip },
    },
    {
      transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { y: { field: log ? 'loDrawn' : 'lo', type: 'quantitative' }, y2: { field: 'hi' }, strokeDash: { value: [1, 0] } },
    },
  ];
  if (theory.length > 0) {
    layers.push({
      data: { values: theory },
      // Small black diamonds on the line, so a theory of a single point shows too.
      mark: { type: 'line', color: '#000', strokeDash: [6, 4], strokeWidth: 1.5, point: { shape: 'diamond', size: 36, filled: true, color: '#000' } },
      encoding: {
        y: { field: 'theory', type: 'quantitative' },
        detail: { field: 'group', type: 'nominal' },
        // Neither colour nor dash from the group: theory is dashed black whatever the group.
        color: { value: '#000' },
        strokeDash: { value: [6, 4] },
        tooltip: [
          { field: 'model', type: 'nominal', title: 'theory' },
          { field: 'label', type: 'nominal', title: key || 'x' },
          { field: 'theory', type: 'quantitative', title: `${text.name} (theory)`, format: text.format },
        ],
      },
    });
  }
  return {
    $schema: SCHEMA,
    title: {
      text: `${text.name} against ${key}`,
      subtitle: [
        'mean over replications; error bars: 95% confidence interval',
        ...(models.length > 0 ? [`dashed black with diamonds: ${models.join(', ')} queueing theory (steady state)`] : []),
      ],
    },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: rows },
    encoding: { x, color, strokeDash: dash },
    layer: layers,
  } as TopLevelSpec;
}

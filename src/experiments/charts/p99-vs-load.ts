/**
 * p99 against load, for a sweep: x the value of the numeric axis (an interval, a rate or a plain
 * number), y the p99 latency (mean over replications) with its 95% interval as error bars, a line
 * per value of the other axes (the strategy, say).
 */
import type { SweepResult } from '../result.js';
import { parseDuration, parseRate } from '../../scenario/units.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, finite, round, type TopLevelSpec } from '../../report/charts/common.js';

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

export function p99VsLoadSpec(result: Pick<SweepResult, 'axes' | 'points'>): TopLevelSpec {
  const { axes, points } = result;
  const numeric = numericAxis(axes);
  const xIndex = numeric?.index ?? 0;
  const xAxis = axes[xIndex];
  const others = axes.map((_, i) => i).filter((i) => i !== xIndex);
  const group = (values: string[]) => (others.length === 0 ? 'all' : others.map((i) => values[i]).join(', '));
  const groups = [...new Set(points.map((p) => group(p.values)))];
  const values = points.map((p) => {
    const text = p.values[xIndex];
    const x = numeric ? round(numericValue(text)!.value) : text;
    const lo = finite(p.metrics.p99.lo);
    const hi = finite(p.metrics.p99.hi);
    return {
      group: group(p.values),
      x,
      label: text,
      mean: round(p.metrics.p99.mean),
      ...(lo !== undefined && hi !== undefined && { lo: round(lo), hi: round(hi) }),
      replications: p.replications,
    };
  });
  const positive = values.every((v) => v.mean > 0 && (v.lo === undefined || v.lo > 0));
  const unit = numeric?.unit ? ` (${numeric.unit === '/s' ? 'per s' : numeric.unit})` : '';
  const x = numeric
    ? { field: 'x', type: 'quantitative' as const, title: `${xAxis?.path ?? ''}${unit}`, scale: { zero: false } }
    : { field: 'x', type: 'ordinal' as const, title: xAxis?.path ?? '', sort: xAxis?.values ?? [], axis: { labelAngle: 0 } };
  const yScale = positive ? { type: 'log' as const, nice: false, padding: 12 } : { zero: true };
  const yTitle = `p99 latency (ms${positive ? ', log scale' : ''})`;
  const colorTitle = others.map((i) => axes[i].path).join(', ') || 'points';
  const color = { field: 'group', type: 'nominal' as const, title: colorTitle, sort: groups, scale: { domain: groups, scheme: 'tableau10' } };
  const tooltip = [
    { field: 'group', type: 'nominal' as const, title: colorTitle },
    { field: 'label', type: 'nominal' as const, title: xAxis?.path ?? 'x' },
    { field: 'mean', type: 'quantitative' as const, title: 'p99 mean (ms)', format: '.1f' },
    { field: 'lo', type: 'quantitative' as const, title: '95% CI low (ms)', format: '.1f' },
    { field: 'hi', type: 'quantitative' as const, title: '95% CI high (ms)', format: '.1f' },
    { field: 'replications', type: 'quantitative' as const },
  ];
  return {
    $schema: SCHEMA,
    title: { text: 'p99 against load', subtitle: 'mean over replications; error bars: 95% confidence interval' },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    encoding: { x, color },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { y: { field: 'mean', type: 'quantitative', scale: yScale, title: yTitle } },
      },
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: { y: { field: 'mean', type: 'quantitative' }, tooltip },
      },
      {
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  };
}

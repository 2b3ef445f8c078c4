/**
 * Clock error over time: local minus true time (ms) of every node with a skewed clock, sampled on the
 * queue grid. Nodes whose clocks read the same at every sample (the steps of one host, given one
 * clock by `leaders[0]/**`) share a line, labelled by the first of them and how many more.
 */
import type { RunSeries } from '../../run/series.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, formatMs, round, variantColor, variantDash, type TopLevelSpec } from './common.js';

/** At most this many lines (the palette's size: each its own colour and dash); the rest are left out and the subtitle says so. */
const LINES_MAX = 10;

export interface ClockSeries {
  name: string;
  clocks: NonNullable<RunSeries['clocks']>;
}

/** Groups the nodes whose error series are identical: [label, column index] per group, in id order. */
export function clockGroups(clocks: ClockSeries['clocks']): { label: string; column: number }[] {
  const groups = new Map<string, { ids: string[]; column: number }>();
  clocks.ids.forEach((id, i) => {
    const key = clocks.error.map((row) => row[i]).join(',');
    const g = groups.get(key);
    if (g) g.ids.push(id);
    else groups.set(key, { ids: [id], column: i });
  });
  return [...groups.values()].map((g) => ({ label: g.ids.length > 1 ? `${g.ids[0]} (+${g.ids.length - 1})` : g.ids[0], column: g.column }));
}

export function clockErrorSpec(variants: readonly ClockSeries[]): TopLevelSpec {
  const names = variants.map((v) => v.name);
  let left = 0;
  const labels: string[] = [];
  const values = variants.flatMap((v) => {
    const groups = clockGroups(v.clocks);
    left += Math.max(0, groups.length - LINES_MAX);
    return groups.slice(0, LINES_MAX).flatMap((g) => {
      if (!labels.includes(g.label)) labels.push(g.label);
      return v.clocks.t.map((t, k) => ({ variant: v.name, clock: g.label, t: round(t / 1000), error: round(v.clocks.error[k][g.column]) }));
    });
  });
  const t = variants[0]?.clocks.t ?? [];
  const every = t.length > 1 ? t[1] - t[0] : 0;
  return {
    $schema: SCHEMA,
    title: {
      text: 'Clock error over time',
      subtitle: [
        `local minus true time of each skewed clock, sampled every ${formatMs(every)}; nodes with the same clock share a line`,
        ...(left > 0 ? [`${left} more clocks left out`] : []),
      ],
    },
    width: WIDTH,
    height: variants.length > 1 ? Math.round(HEIGHT * 0.6) : HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'simulated time (s)', scale: { nice: false } },
      y: { field: 'error', type: 'quantitative', title: 'clock error (ms, local - true)' },
      color: variantColor(labels, { field: 'clock', title: 'clock', lines: true, legend: true }),
      strokeDash: variantDash(labels, { field: 'clock', title: 'clock', legend: true }),
      order: { field: 't', type: 'quantitative' },
      tooltip: [
        { field: 'variant', type: 'nominal' },
        { field: 'clock', type: 'nominal' },
        { field: 't', type: 'quantitative', title: 'time (s)', format: '.3~f' },
        { field: 'error', type: 'quantitative', title: 'error (ms)', format: '.3~f' },
      ],
      ...(names.length > 1 && { row: { field: 'variant', type: 'nominal' as const, sort: names, title: null } }),
    },
  };
}

/**
 * Calls in each server over time, per backend: the calls in the server, waiting or in service (its
 * `queue` figures in the summary count the waiting ones only).
 * A line per server for a few servers; for a pool of more than LINES_MAX servers a heatmap,
 * time across, one row per server, colour the number of calls, so a herd onto a few servers shows as dark
 * rows. Samples are grouped into at most `columns` time steps, each showing the largest sample
 * of its group (the peaks are what matters). When the deepest queue is more than ten calls the
 * colour scale is logarithmic (symlog), so one server with a thousand calls does not leave every
 * healthy server (one to five calls) the same pale colour.
 */
import type { RunSeries } from '../../run/series.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, formatMs, logTicks, round, shortIds, variantColor, variantDash, type TopLevelSpec } from './common.js';

/**
 * Up to this many servers a line each; beyond, a heatmap. (Twenty overlapping step lines, tried
 * first, cannot be told apart; a heatmap of twenty rows reads at a glance.)
 */
export const LINES_MAX = 8;

export interface QueueSeries {
  name: string;
  queues: RunSeries['queues'];
}

interface Step {
  /** Start and end of the step, in seconds. */
  t: number;
  t2: number;
  depth: number[];
}

/** Groups consecutive samples into at most `columns` steps, each the elementwise maximum. */
export function downsample(queues: RunSeries['queues'], columns: number): Step[] {
  const { t, depth } = queues;
  const n = t.length;
  if (n === 0) return [];
  const k = Math.max(1, Math.ceil(n / columns));
  const last = n > 1 ? t[n - 1] + (t[n - 1] - t[n - 2]) : t[0] + 1;
  const steps: Step[] = [];
  for (let start = 0; start < n; start += k) {
    const end = Math.min(start + k, n);
    const max = [...depth[start]];
    for (let s = start + 1; s < end; s++) for (let b = 0; b < max.length; b++) max[b] = Math.max(max[b], depth[s][b]);
    steps.push({ t: round(t[start] / 1000), t2: round((end < n ? t[end] : last) / 1000), depth: max });
  }
  return steps;
}

export function callsInServerSpec(variants: readonly QueueSeries[]): TopLevelSpec {
  const servers = Math.max(0, ...variants.map((v) => v.queues.ids.length));
  return servers <= LINES_MAX ? linesSpec(variants) : heatmapSpec(variants, servers);
}

function sampleNote(variants: readonly QueueSeries[], columns: number): string {
  const t = variants[0]?.queues.t ?? [];
  const every = t.length > 1 ? t[1] - t[0] : 0;
  const grouped = t.length > columns;
  return `sampled every ${formatMs(every)}${grouped ? ', each step the largest sample of its group' : ''}`;
}

function rowFacet(names: string[]) {
  return names.length > 1
    ? { row: { field: 'variant', type: 'nominal' as const, sort: names, title: null, header: { labelAngle: 0, labelAlign: 'left' as const, labelFontWeight: 'bold' as const } } }
    : {};
}

function linesSpec(variants: readonly QueueSeries[]): TopLevelSpec {
  const columns = 100;
  const names = variants.map((v) => v.name);
  const labels: string[] = [];
  const values = variants.flatMap((v) => {
    const ids = shortIds(v.queues.ids);
    for (const id of ids) if (!labels.includes(id)) labels.push(id);
    return downsample(v.queues, columns).map((s) => ({ variant: v.name, t: s.t, d: s.depth, server: ids }));
  });
  return {
    $schema: SCHEMA,
    title: { text: 'Calls in each server over time', subtitle: ['calls in each server, waiting or in service', sampleNote(variants, columns)] },
    width: WIDTH,
    height: variants.length > 1 ? Math.round(HEIGHT * 0.6) : HEIGHT,
    config: CONFIG,
    data: { values },
    transform: [{ flatten: ['d', 'server'] }],
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.2 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'simulated time (s)', scale: { nice: false } },
      y: { field: 'd', type: 'quantitative', title: 'in the server (calls)' },
      color: variantColor(labels, { field: 'server', title: 'server', lines: true, legend: true }),
      strokeDash: variantDash(labels, { field: 'server', title: 'server', legend: true }),
      order: { field: 't', type: 'quantitative' },
      tooltip: [
        { field: 'variant', type: 'nominal' },
        { field: 'server', type: 'nominal' },
        { field: 't', type: 'quantitative', title: 'time (s)', format: '.3~f' },
        { field: 'd', type: 'quantitative', title: 'calls' },
      ],
      ...rowFacet(names),
    },
  };
}

/**
 * Each server's row as runs of equal depth (zero runs left out: the white background shows them),
 * so a quiet stretch is one rectangle, not one per step: the SVG stays small.
 */
function runs(steps: readonly Step[], server: number): { t: number[]; t2: number[]; d: number[] } {
  const out = { t: [] as number[], t2: [] as number[], d: [] as number[] };
  let s = 0;
  while (s < steps.length) {
    const d = steps[s].depth[server] ?? 0;
    let e = s + 1;
    while (e < steps.length && (steps[e].depth[server] ?? 0) === d) e++;
    if (d > 0) {
      out.t.push(steps[s].t);
      out.t2.push(steps[e - 1].t2);
      out.d.push(d);
    }
    s = e;
  }
  return out;
}

function heatmapSpec(variants: readonly QueueSeries[], servers: number): TopLevelSpec {
  const columns = 50;
  const names = variants.map((v) => v.name);
  let maxDepth = 1;
  const values = variants.flatMap((v) => {
    const steps = downsample(v.queues, columns);
    for (const s of steps) for (const d of s.depth) maxDepth = Math.max(maxDepth, d);
    return v.queues.ids.map((_, i) => ({ variant: v.name, i, ...runs(steps, i) })).filter((row) => row.d.length > 0);
  });
  const log = maxDepth > 10;
  const top = Math.max(2, maxDepth);
  const scheme = { name: 'orangered' as const, extent: [0.2, 1] };
  return {
    $schema: SCHEMA,
    title: {
      text: 'Calls in each server over time',
      subtitle: [
        `${servers} servers, one row each in pool order; colour: calls in the server, waiting or in service (white: none)${log ? ', on a log scale' : ''}`,
        sampleNote(variants, columns),
      ],
    },
    width: WIDTH,
    height: Math.min(300, Math.max(120, servers)),
    config: { ...CONFIG, view: { stroke: '#ddd', fill: 'white' } },
    data: { values },
    transform: [{ flatten: ['t', 't2', 'd'] }, { calculate: 'datum.i + 1', as: 'i2' }],
    // No ARIA label per rectangle: thousands of them would make the SVG several times larger.
    mark: { type: 'rect', aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'simulated time (s)', scale: { nice: false, zero: false } },
      x2: { field: 't2' },
      y: { field: 'i', type: 'quantitative', title: 'server (index in pool)', scale: { domain: [0, servers], nice: false, reverse: true } },
      y2: { field: 'i2' },
      color: log
        ? {
            field: 'd',
            type: 'quantitative',
            title: 'calls (log scale)',
            // symlog, not log: defined at zero too.
            scale: { type: 'symlog', constant: 1, scheme, domain: [1, top] },
            legend: { values: logTicks(1, top) },
          }
        : { field: 'd', type: 'quantitative', title: 'calls', scale: { scheme, domain: [1, top] } },
      tooltip: [
        { field: 'variant', type: 'nominal' },
        { field: 'i', type: 'quantitative', title: 'server index' },
        { field: 't', type: 'quantitative', title: 'from (s)', format: '.3~f' },
        { field: 't2', type: 'quantitative', title: 'to (s)', format: '.3~f' },
        { field: 'd', type: 'quantitative', title: 'calls (max)' },
      ],
      ...rowFacet(names),
    },
  };
}

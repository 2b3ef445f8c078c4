import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCharts, type Chart, type PercentileRow, percentileBarsSpec } from '../../src/report/charts/index.js';
import { clockErrorSpec } from '../../src/report/charts/clock-error.js';
import { mmcSojourn } from '../../src/stats/queueing-theory.js';
import type { CompareResult, MetricName, SweepResult } from '../../src/experiments/result.js';
import { compareCharts, sweepCharts } from '../../src/experiments/charts/index.js';
import { latencyCdfSpec } from '../../src/experiments/charts/latency-cdf.js';
import { backendShareSpec, poolShares } from '../../src/report/charts/backend-share.js';
import { downsample, callsInServerSpec, LINES_MAX } from '../../src/report/charts/calls-in-server.js';
import { numericAxis, numericValue, sweepChartName, sweepMetricSpec } from '../../src/experiments/charts/sweep-metric.js';
import { seriesStyle, shortIds } from '../../src/report/charts/common.js';
import { compileSpec, renderSvg, svgToPng } from '../../src/report/render.js';
import type { RunSeries } from '../../src/run/series.js';
import { compareFixture, runFixture, sweepFixture } from './fixtures/results.js';

/**
 * Marks drawn in an SVG from vega's renderer: the children of every `<g class="mark-TYPE role-mark">`
 * (one such group per facet cell or layer), so axes, grid lines and legends are not counted.
 */
function marks(svg: string, type: string): number {
  let count = 0;
  const open = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>`, 'g');
  for (let m = open.exec(svg); m !== null; m = open.exec(svg)) {
    const body = svg.slice(m.index + m[0].length, svg.indexOf('</g>', m.index));
    count += (body.match(/<(path|line|rect|text|image)\b/g) ?? []).length;
  }
  return count;
}

/** The titles of every x and y encoding in a spec, layers and all. */
function axisTitles(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const encoding = o.encoding as Record<string, { title?: unknown }> | undefined;
      for (const ch of ['x', 'y']) if (typeof encoding?.[ch]?.title === 'string') out.push(encoding[ch].title as string);
      for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v);
    }
  };
  walk(spec);
  return out;
}

const sets: [string, Chart[]][] = [
  ['compare, 20 backends', compareCharts(compareFixture(20))],
  ['compare, 250 backends', compareCharts(compareFixture(250))],
  ['compare, 4 backends', compareCharts(compareFixture(4))],
  ['sweep', sweepCharts(sweepFixture())],
  ['sweep, success', sweepCharts(sweepFixture(), { metric: 'success' })],
  ['sweep, throughput', sweepCharts(sweepFixture(), { metric: 'throughput' })],
  ['run, 250 backends', (({ summary, series }) => runCharts(summary, series))(runFixture(250))],
];

describe.each(sets)('%s', (_name, charts) => {
  test.each(charts.map((c) => [c.name, c] as const))('%s compiles without warnings and renders marks', async (_n, chart) => {
    const { warnings } = await compileSpec(chart.spec);
    expect(warnings).toEqual([]);
    const svg = await renderSvg(chart.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    const total = ['line', 'rect', 'rule', 'symbol', 'area'].reduce((n, t) => n + marks(svg, t), 0);
    expect(total).toBeGreaterThan(0);
  });

  test('every chart has a title, a caption and axis titles with units', () => {
    for (const c of charts) {
      const spec = c.spec as { title?: { text?: string } };
      expect(spec.title?.text, c.name).toBeTruthy();
      expect(c.caption.length, c.name).toBeGreaterThan(20);
      expect(c.name).toMatch(/^[a-z0-9-]+$/);
      // x and y titles, each naming its unit: (ms...), (s...), (%) or (rank)/(index...).
      const titles = axisTitles(c.spec);
      expect(titles.length, c.name).toBeGreaterThanOrEqual(2);
      for (const t of titles) if (t !== 'percentile') expect(t, `${c.name}: ${t}`).toMatch(/\((ms|s|%|per s|rank|index in pool|calls)[^)]*\)/);
    }
  });
});

test('the compare report has the five charts, in order', () => {
  expect(compareCharts(compareFixture(20)).map((c) => c.name)).toEqual(['latency-cdf', 'percentiles', 'latency-over-time', 'calls-in-server', 'backend-share']);
  expect(sweepCharts(sweepFixture()).map((c) => c.name)).toEqual(['p99-vs-load-poisson-interval']);
});

test('same data, same spec and the same SVG bytes', async () => {
  for (const [make, name] of [
    [() => compareCharts(compareFixture(250)), 'compare'],
    [() => sweepCharts(sweepFixture()), 'sweep'],
  ] as const) {
    const a = make();
    const b = make();
    expect(JSON.stringify(a), name).toBe(JSON.stringify(b));
    for (let i = 0; i < a.length; i++) {
      const [x, y] = await Promise.all([renderSvg(a[i].spec), renderSvg(b[i].spec)]);
      expect(x === y, `${name}/${a[i].name}`).toBe(true);
    }
  }
});

test('the latency CDF has one line per variant, on a log latency axis', async () => {
  const variants = compareFixture(20).variants;
  const svg = await renderSvg(latencyCdfSpec(variants));
  expect(marks(svg, 'line')).toBe(3);
  const two = await renderSvg(latencyCdfSpec(variants.slice(0, 2)));
  expect(marks(two, 'line')).toBe(2);
  expect(JSON.stringify(latencyCdfSpec(variants))).toContain('"type":"log"');
});

test('percentile bars: a bar and an error bar for each variant and percentile', async () => {
  const chart = compareCharts(compareFixture(20)).find((c) => c.name === 'percentiles')!;
  const svg = await renderSvg(chart.spec);
  expect(marks(svg, 'rect')).toBe(9);
  expect(marks(svg, 'rule')).toBe(9);
  // A run has no intervals: bars only.
  const { summary, series } = runFixture(20);
  const run = runCharts(summary, series).find((c) => c.name === 'percentiles')!;
  const runSvg = await renderSvg(run.spec);
  expect(marks(runSvg, 'rect')).toBe(4);
  expect(marks(runSvg, 'rule')).toBe(0);
});

test('latency over time: a p50 and a p99 line per variant', async () => {
  const chart = compareCharts(compareFixture(20)).find((c) => c.name === 'latency-over-time')!;
  expect(marks(await renderSvg(chart.spec), 'line')).toBe(6);
});

describe('calls in each server', () => {
  test(`a line per server up to ${LINES_MAX} servers, faceted by variant`, async () => {
    const chart = compareCharts(compareFixture(4)).find((c) => c.name === 'calls-in-server')!;
    expect(JSON.stringify(chart.spec)).toContain('"mark":{"type":"line"');
    expect(marks(await renderSvg(chart.spec), 'line')).toBe(4 * 3);
  });

  test('a heatmap beyond, one rectangle per run of equal non-zero depth', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `lb/dyno[${i}]/server`);
    const zero = () => ids.map(() => 0);
    const depth = [zero(), zero(), zero(), zero(), zero()];
    // Server 3: 0, 2, 2, 0, 1 makes two runs; server 24: 5 at the start, one run.
    depth[1][3] = 2;
    depth[2][3] = 2;
    depth[4][3] = 1;
    depth[0][24] = 5;
    const queues = { ids, t: [0, 10, 20, 30, 40], depth };
    const spec = callsInServerSpec([{ name: 'only', queues }]);
    expect(JSON.stringify(spec)).toContain('"type":"rect"');
    const svg = await renderSvg(spec);
    expect(marks(svg, 'rect')).toBe(3);
  });

  test('250 servers x 3 variants: as many rectangles as runs in the data', async () => {
    const chart = compareCharts(compareFixture(250)).find((c) => c.name === 'calls-in-server')!;
    const rows = (chart.spec as { data: { values: { d: number[] }[] } }).data.values;
    const runs = rows.reduce((n, r) => n + r.d.length, 0);
    expect(runs).toBeGreaterThan(1000);
    const svg = await renderSvg(chart.spec);
    expect(marks(svg, 'rect')).toBe(runs);
    expect(svg.length).toBeLessThan(2_000_000);
  });

  test('downsampling keeps the largest sample of each group', () => {
    const queues = { ids: ['a', 'b'], t: [0, 1000, 2000, 3000, 4000], depth: [[0, 1], [3, 0], [1, 0], [0, 7], [2, 2]] };
    expect(downsample(queues, 2)).toEqual([
      { t: 0, t2: 3, depth: [3, 1] },
      { t: 3, t2: 5, depth: [2, 7] },
    ]);
    expect(downsample(queues, 10).map((s) => s.depth)).toEqual(queues.depth);
  });
});

describe('backend share', () => {
  test('bars for up to 20 backends, grouped by variant, with the fair share', async () => {
    const chart = compareCharts(compareFixture(20)).find((c) => c.name === 'backend-share')!;
    const svg = await renderSvg(chart.spec);
    expect(marks(svg, 'rect')).toBe(60);
    expect(marks(svg, 'rule')).toBe(1);
  });

  test('sorted shares, a line per variant, for a large pool', async () => {
    const chart = compareCharts(compareFixture(250)).find((c) => c.name === 'backend-share')!;
    const svg = await renderSvg(chart.spec);
    expect(marks(svg, 'line')).toBe(3);
    const rows = (chart.spec as { layer: { data: { values: { variant: string; rank: number; share: number }[] } }[] }).layer[0].data.values;
    const random = rows.filter((r) => r.variant === 'random');
    expect(random.map((r) => r.rank)).toEqual(random.map((_, i) => i + 1));
    for (let i = 1; i < random.length; i++) expect(random[i].share).toBeLessThanOrEqual(random[i - 1].share);
    expect(random.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 3);
  });

  test('balancers over one shared pool are added up; the front balancer over the routers is not counted', () => {
    const shares: RunSeries['shares'] = [
      { balancer: 'balancer', sent: [50, 50] },
      { balancer: 'balancer/router[0]/balancer', sent: [10, 0, 5] },
      { balancer: 'balancer/router[1]/balancer', sent: [8, 1, 0] },
    ];
    expect(poolShares(shares)).toEqual({ balancers: ['balancer/router[0]/balancer', 'balancer/router[1]/balancer'], sent: [18, 1, 5] });
    expect(poolShares([])).toBeNull();
    expect(JSON.stringify(backendShareSpec([{ name: 'x', shares }]))).toContain('2 balancers, added up');
  });
});

describe('a metric against the swept key', () => {
  test('x is the numeric axis, colour the strategy; a line, points and error bars per strategy', async () => {
    const result = sweepFixture();
    const spec = sweepMetricSpec(result);
    const json = JSON.stringify(spec);
    expect(json).toContain('"title":"load.poisson.interval (ms)"');
    expect(json).toContain('"title":"topology[0].balancer.strategy"');
    const svg = await renderSvg(spec);
    expect(marks(svg, 'line')).toBe(3);
    expect(marks(svg, 'symbol')).toBe(12);
    expect(marks(svg, 'rule')).toBe(12);
    const values = (spec as { data: { values: { x: number; group: string }[] } }).data.values;
    expect(values.filter((v) => v.group === 'random').map((v) => v.x)).toEqual([2, 1.5, 1.2, 1]);
  });

  test('a sweep of one categorical axis still draws, with the values in order on x', async () => {
    const result = sweepFixture();
    const one = { axes: [result.axes[0]], points: result.points.filter((p) => p.values[1] === '1ms').map((p) => ({ ...p, values: [p.values[0]] })) };
    expect(numericAxis(one.axes)).toBeNull();
    const svg = await renderSvg(sweepMetricSpec(one));
    expect(marks(svg, 'symbol')).toBe(3);
  });

  test('axis values are read as durations (ms), rates (per s) or plain numbers', () => {
    expect(numericValue('1.5ms')).toEqual({ value: 1.5, unit: 'ms' });
    expect(numericValue('2s')).toEqual({ value: 2000, unit: 'ms' });
    expect(numericValue('900/s')).toEqual({ value: 900, unit: '/s' });
    expect(numericValue('1.2/ms')?.value).toBeCloseTo(1200);
    expect(numericValue('0.8')).toEqual({ value: 0.8, unit: '' });
    expect(numericValue('least-conn')).toBeNull();
    expect(numericAxis([{ path: 'a', values: ['1ms', '900/s'] }])).toBeNull();
  });
});

test('short server labels drop the common prefix and suffix', () => {
  expect(shortIds(['balancer/dyno[0]/server', 'balancer/dyno[1]/server', 'balancer/dyno[10]/server'])).toEqual(['dyno[0]', 'dyno[1]', 'dyno[10]']);
  expect(shortIds(['a/server', 'b/server'])).toEqual(['a', 'b']);
  expect(shortIds(['only/one'])).toEqual(['only/one']);
});

test('PNG: the PNG signature, twice the SVG size', async () => {
  const chart = sweepCharts(sweepFixture())[0];
  const svg = await renderSvg(chart.spec);
  const png = await svgToPng(svg);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.readUInt32BE(16);
  expect(width).toBe(2 * Number(/width="(\d+)"/.exec(svg)![1]));
});

test('vega, vega-lite, vega-embed, resvg and playwright are only ever imported lazily by the report code', () => {
  const dir = join(import.meta.dirname, '../../src/report');
  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'charts')).map((f) => join(dir, 'charts', f))].filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    const eager = /^\s*import\s+(?!type\b)[^;]*?from\s+'(vega|vega-lite|vega-embed|@resvg\/resvg-js|playwright-core)'/m.exec(src);
    expect(eager?.[0] ?? null, f).toBeNull();
  }
});

// ---------------------------------------------------------------------------------------------
// Charts on wide ranges (issue 8): log axes, a log colour scale, ten variants, the sweep's metric and theory.

/** The height in pixels of every bar (rect mark) in an SVG, in drawing order. */
function barHeights(svg: string): number[] {
  const heights: number[] = [];
  const open = /<g class="mark-rect role-mark[^"]*"[^>]*>/g;
  for (let m = open.exec(svg); m !== null; m = open.exec(svg)) {
    const body = svg.slice(m.index + m[0].length, svg.indexOf('</g>', m.index));
    for (const d of body.matchAll(/ d="M[-\d.]+,[-\d.]+h[-\d.]+v([-\d.]+)h/g)) heights.push(Math.abs(Number(d[1])));
  }
  return heights;
}

/** The fill colour ([r, g, b]) of every rect mark in an SVG, in drawing order. */
function rectFills(svg: string): number[][] {
  const fills: number[][] = [];
  const open = /<g class="mark-rect role-mark[^"]*"[^>]*>/g;
  for (let m = open.exec(svg); m !== null; m = open.exec(svg)) {
    const body = svg.slice(m.index + m[0].length, svg.indexOf('</g>', m.index));
    for (const f of body.matchAll(/<path [^>]*fill="([^"]+)"/g)) fills.push(rgb(f[1]));
  }
  return fills;
}

function rgb(color: string): number[] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return hex.slice(1).map((h) => parseInt(h, 16));
  const fn = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  if (fn) return fn.slice(1).map(Number);
  throw new Error(`not a colour: ${color}`);
}

const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** The stroke colour and dash pattern of every drawn line (line marks, not legend symbols). */
function lineStyles(svg: string): { stroke: string; dash: string }[] {
  const out: { stroke: string; dash: string }[] = [];
  const open = /<g class="mark-line role-mark[^"]*"[^>]*>/g;
  for (let m = open.exec(svg); m !== null; m = open.exec(svg)) {
    const body = svg.slice(m.index + m[0].length, svg.indexOf('</g>', m.index));
    for (const p of body.matchAll(/<path [^>]*>/g)) {
      out.push({ stroke: /stroke="([^"]+)"/.exec(p[0])?.[1] ?? '', dash: /stroke-dasharray="([^"]+)"/.exec(p[0])?.[1] ?? 'none' });
    }
  }
  return out;
}

/** The y encodings of a spec (top level and layers). */
function yEncodings(spec: unknown): { field?: string; title?: string; scale?: { type?: string; domain?: number[] } }[] {
  const s = spec as { encoding?: { y?: object }; layer?: { encoding?: { y?: object } }[] };
  return [s.encoding?.y, ...(s.layer ?? []).map((l) => l.encoding?.y)].filter((y) => y !== undefined) as never;
}

describe('percentile bars on a wide range', () => {
  const rows: PercentileRow[] = [
    { variant: 'backoff', percentile: 'p50', mean: 1, lo: 0.9, hi: 1.1 },
    { variant: 'backoff', percentile: 'p99', mean: 4, lo: 3.5, hi: 4.5 },
    { variant: 'backoff', percentile: 'p99.9', mean: 9, lo: 8, hi: 10 },
    { variant: 'storm', percentile: 'p50', mean: 2000, lo: 1800, hi: 2200 },
    // An interval reaching below zero (a t interval over few replications) still gets its error bar.
    { variant: 'storm', percentile: 'p99', mean: 120_000, lo: -5000, hi: 130_000 },
    { variant: 'storm', percentile: 'p99.9', mean: 120_000, lo: 110_000, hi: 130_000 },
  ];

  test('bars from 1 ms to 120 s: a log latency axis, and every bar is drawn at least 20 px tall', async () => {
    const spec = percentileBarsSpec(rows);
    const y = yEncodings(spec)[0];
    expect(y.scale?.type).toBe('log');
    expect(y.title).toBe('latency (ms, log scale)');
    expect((await compileSpec(spec)).warnings).toEqual([]);
    const svg = await renderSvg(spec);
    const heights = barHeights(svg);
    expect(heights).toHaveLength(6);
    // On a linear axis to 120 s the 1 ms bar would be 0.0025 px: invisible.
    expect(Math.min(...heights)).toBeGreaterThan(20);
    expect(marks(svg, 'rule')).toBe(6);
  });

  test('bars within a decade keep a linear axis from zero', () => {
    const near = rows.filter((r) => r.variant === 'backoff');
    const y = yEncodings(percentileBarsSpec(near))[0];
    expect(y.scale?.type).toBeUndefined();
    expect(y.title).toBe('latency (ms)');
  });
});

describe('queue heatmap colour scale', () => {
  const ids = Array.from({ length: 25 }, (_, i) => `lb/dyno[${i}]/server`);
  const queuesWith = (outlier: number) => {
    const depth = [0, 1, 2, 3].map(() => ids.map(() => 0));
    // Server 0 holds 1 call, server 1 holds 5, server 24 holds `outlier` (each one run of one depth).
    for (const row of depth) {
      row[0] = 1;
      row[1] = 5;
      row[24] = outlier;
    }
    return { ids, t: [0, 10, 20, 30], depth };
  };

  test('one outlier (1..1298): a symlog colour scale, so healthy servers at 1 and 5 calls differ clearly', async () => {
    const spec = callsInServerSpec([{ name: 'only', queues: queuesWith(1298) }]);
    const color = (spec as { encoding: { color: { scale: { type?: string }; title: string } } }).encoding.color;
    expect(color.scale.type).toBe('symlog');
    expect(color.title).toBe('calls (log scale)');
    expect((await compileSpec(spec)).warnings).toEqual([]);
    const [one, five, outlier] = rectFills(await renderSvg(spec));
    expect(distance(one, five)).toBeGreaterThan(30);
    expect(distance(five, outlier)).toBeGreaterThan(30);
    // The same chart on a linear scale, as before: the two healthy servers come out the same colour.
    const linear = JSON.parse(JSON.stringify(spec)) as { encoding: { color: { scale: { type?: string }; legend?: unknown } } };
    delete linear.encoding.color.scale.type;
    delete linear.encoding.color.legend;
    const [lin1, lin5] = rectFills(await renderSvg(linear as never));
    expect(distance(lin1, lin5)).toBeLessThan(5);
  });

  test('depths within a decade keep a linear scale', () => {
    const spec = callsInServerSpec([{ name: 'only', queues: queuesWith(8) }]);
    expect(JSON.stringify(spec)).not.toContain('symlog');
  });
});

describe('ten variants: ten colours and ten dash patterns', () => {
  /** A compare of ten variants (the fixture's three strategies' data, renamed). */
  function tenVariants(backends = 250): CompareResult {
    const base = compareFixture(backends);
    return { ...base, variants: Array.from({ length: 10 }, (_, i) => ({ ...base.variants[i % 3], name: `variant ${i}` })) };
  }

  test('the palette: ten distinct colours far apart, ten distinct dashes, and distinct pairs well beyond ten', () => {
    const styles = Array.from({ length: 10 }, (_, i) => seriesStyle(i));
    expect(new Set(styles.map((s) => s.color)).size).toBe(10);
    expect(new Set(styles.map((s) => s.dash.join(','))).size).toBe(10);
    for (let i = 0; i < 10; i++) for (let j = 0; j < i; j++) expect(distance(rgb(styles[i].color), rgb(styles[j].color)), `${i} ${j}`).toBeGreaterThan(60);
    const pairs = Array.from({ length: 100 }, (_, i) => JSON.stringify(seriesStyle(i)));
    expect(new Set(pairs).size).toBe(100);
  });

  test.each(['latency-cdf', 'latency-over-time', 'backend-share'])('%s: every variant drawn with its own colour and dash', async (name) => {
    const chart = compareCharts(tenVariants()).find((c) => c.name === name)!;
    const lines = lineStyles(await renderSvg(chart.spec));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(new Set(lines.map((l) => `${l.stroke} ${l.dash}`)).size).toBe(10);
    // Greyscale: the dashes alone tell the ten apart.
    expect(new Set(lines.map((l) => l.dash)).size).toBe(10);
  });

  test('clock error: ten clocks, ten colour and dash pairs', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `node[${i}]`);
    const t = [0, 1000, 2000];
    const error = t.map((x) => ids.map((_, i) => (x / 1000) * (i + 1)));
    const lines = lineStyles(await renderSvg(clockErrorSpec([{ name: 'only', clocks: { ids, t, error } }])));
    expect(new Set(lines.map((l) => `${l.stroke} ${l.dash}`)).size).toBe(10);
    expect(new Set(lines.map((l) => l.dash)).size).toBe(10);
  });

  test('sweep: ten values of the other axis, ten colour and dash pairs', async () => {
    const base = sweepFixture().points[0];
    const groups = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const result = {
      axes: [
        { path: 'load.poisson.interval', values: ['2ms', '1ms'] },
        { path: 'strategy', values: groups },
      ],
      points: ['2ms', '1ms'].flatMap((x) => groups.map((g) => ({ ...base, values: [x, g] }))),
    };
    const lines = lineStyles(await renderSvg(sweepMetricSpec(result)));
    expect(new Set(lines.map((l) => `${l.stroke} ${l.dash}`)).size).toBe(10);
    expect(new Set(lines.map((l) => l.dash)).size).toBe(10);
  });
});

describe('the sweep chart: titled by the swept key, the chosen metric, theory where it exists', () => {
  /** A one-axis sweep of `path` over `values`, each point's metrics from `figure(i)`. */
  function oneAxis(path: string, values: string[], figure: (i: number) => Partial<Record<MetricName, number>>): SweepResult {
    const base = sweepFixture();
    return {
      stamp: base.stamp,
      axes: [{ path, values }],
      points: values.map((v, i) => {
        const metrics = { ...base.points[0].metrics };
        for (const [m, x] of Object.entries(figure(i))) metrics[m as MetricName] = { mean: x, lo: x * 0.95, hi: x * 1.05 };
        return { ...base.points[0], name: v, set: [`${path}=${v}`], values: [v], metrics };
      }),
    };
  }

  test('titled and named from the swept key, not "load"', () => {
    const [chart] = sweepCharts(sweepFixture());
    expect(chart.title).toBe('p99 against load.poisson.interval');
    expect((chart.spec as { title: { text: string } }).title.text).toBe('p99 against load.poisson.interval');
    expect(chart.name).toBe('p99-vs-load-poisson-interval');
    const refresh = oneAxis('topology[0].balancer.info.refresh', ['1s', '2s', '5s', '10s', '20s', '50s', '100s', '200s'], (i) => ({ p99: 100 * (i + 1) }));
    const [r] = sweepCharts(refresh);
    expect(r.title).toBe('p99 against topology[0].balancer.info.refresh');
    expect(r.name).toBe('p99-vs-topology-0-balancer-info-refresh');
    expect(sweepChartName('p999', 'services.dyno[1].server.service')).toBe('p999-vs-services-dyno-1-server-service');
  });

  test('an x axis spanning more than a decade (1 s .. 200 s) is logarithmic; a narrow one is not', () => {
    const refresh = oneAxis('topology[0].balancer.info.refresh', ['1s', '2s', '5s', '10s', '200s'], () => ({}));
    const x = (sweepMetricSpec(refresh) as { encoding: { x: { scale: { type?: string }; title: string } } }).encoding.x;
    expect(x.scale.type).toBe('log');
    expect(x.title).toBe('topology[0].balancer.info.refresh (ms, log scale)');
    const narrow = (sweepMetricSpec(sweepFixture()) as { encoding: { x: { scale: { type?: string } } } }).encoding.x;
    expect(narrow.scale.type).toBeUndefined();
  });

  test('metric success: the success figures on a linear 0..100% axis', async () => {
    const success = [0.93, 0.5, 0.17];
    const result = oneAxis('load.poisson.interval', ['2ms', '1ms', '0.5ms'], (i) => ({ success: success[i], p99: 10 ** i }));
    const [chart] = sweepCharts(result, { metric: 'success' });
    expect(chart.name).toBe('success-vs-load-poisson-interval');
    expect(chart.title).toBe('success against load.poisson.interval');
    const spec = chart.spec as { data: { values: { mean: number }[] } };
    expect(spec.data.values.map((v) => v.mean)).toEqual(success);
    const y = yEncodings(spec)[0];
    expect(y).toMatchObject({ field: 'mean', title: 'success (%)', scale: { domain: [0, 1] } });
    expect(y.scale?.type).toBeUndefined();
    expect(marks(await renderSvg(chart.spec), 'symbol')).toBe(3);
  });

  test('latencies go on a log axis only when they span more than a decade', () => {
    const wide = oneAxis('load.poisson.interval', ['2ms', '1ms', '0.5ms'], (i) => ({ p99: [5, 50, 5000][i], mean: [2, 3, 4][i] }));
    expect(yEncodings(sweepMetricSpec(wide, 'p99'))[0]).toMatchObject({ title: 'p99 latency (ms, log scale)', scale: { type: 'log' } });
    const narrow = yEncodings(sweepMetricSpec(wide, 'mean'))[0];
    expect(narrow.title).toBe('mean latency (ms)');
    expect(narrow.scale?.type).toBeUndefined();
    expect(yEncodings(sweepMetricSpec(wide, 'throughput'))[0].title).toBe('throughput, responses (per s)');
  });

  test('an M/M/1 sweep draws the theory line: mean 1/(mu - lambda), p99 ln(100)/(mu - lambda)', async () => {
    const rates = [0.1, 0.5, 0.9];
    const result = oneAxis('load.poisson.rate', rates.map((r) => `${r}/ms`), (i) => ({ mean: 1 / (1 - rates[i]), p99: Math.log(100) / (1 - rates[i]) }));
    result.points.forEach((p, i) => {
      const t = mmcSojourn(rates[i], 1, 1)!;
      p.theory = {
        model: 'M/M/1',
        servers: 1,
        arrivalRatePerMs: rates[i],
        serviceRatePerMs: 1,
        utilization: t.utilization,
        metrics: { p50: t.quantile(0.5), p90: t.quantile(0.9), p99: t.quantile(0.99), p999: t.quantile(0.999), mean: t.mean, success: 1, throughput: rates[i] * 1000 },
      };
    });
    for (const [metric, expected] of [
      ['mean', [1.11111, 2, 10]],
      ['p99', [5.11686, 9.21034, 46.0517]],
    ] as const) {
      const [chart] = sweepCharts(result, { metric });
      const layers = (chart.spec as { layer: { data?: { values: { theory: number; model: string }[] } }[] }).layer;
      const theory = layers.find((l) => l.data !== undefined)!.data!.values;
      expect(theory.map((t) => t.theory)).toEqual(expected);
      expect(theory.every((t) => t.model === 'M/M/1')).toBe(true);
      expect(JSON.stringify(chart.spec)).toContain('dashed black with diamonds: M/M/1 queueing theory (steady state)');
      expect(chart.caption).toContain('queueing theory gives for M/M/1');
      const lines = lineStyles(await renderSvg(chart.spec));
      expect(lines).toContainEqual({ stroke: '#000', dash: '6,4' });
      expect(lines).toHaveLength(2);
    }
    // Without theory on the points, no theory line and no word of it.
    const [plain] = sweepCharts(oneAxis('load.poisson.rate', ['0.1/ms', '0.5/ms'], () => ({})));
    expect(JSON.stringify(plain.spec)).not.toContain('theory');
    expect(plain.caption).not.toContain('theory');
  });
});

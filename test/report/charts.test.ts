import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCharts, type Chart } from '../../src/report/charts/index.js';
import { compareCharts, sweepCharts } from '../../src/experiments/charts/index.js';
import { latencyCdfSpec } from '../../src/experiments/charts/latency-cdf.js';
import { backendShareSpec, poolShares } from '../../src/report/charts/backend-share.js';
import { downsample, queueDepthSpec, LINES_MAX } from '../../src/report/charts/queue-depth.js';
import { numericAxis, numericValue, p99VsLoadSpec } from '../../src/experiments/charts/p99-vs-load.js';
import { shortIds } from '../../src/report/charts/common.js';
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
      for (const t of titles) if (t !== 'percentile') expect(t, `${c.name}: ${t}`).toMatch(/\((ms|s|%|per s|rank|index in pool|calls in the server)[^)]*\)/);
    }
  });
});

test('the compare report has the five charts, in order', () => {
  expect(compareCharts(compareFixture(20)).map((c) => c.name)).toEqual(['latency-cdf', 'percentiles', 'latency-over-time', 'queue-depth', 'backend-share']);
  expect(sweepCharts(sweepFixture()).map((c) => c.name)).toEqual(['p99-vs-load']);
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

describe('queue depth', () => {
  test(`a line per server up to ${LINES_MAX} servers, faceted by variant`, async () => {
    const chart = compareCharts(compareFixture(4)).find((c) => c.name === 'queue-depth')!;
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
    const spec = queueDepthSpec([{ name: 'only', queues }]);
    expect(JSON.stringify(spec)).toContain('"type":"rect"');
    const svg = await renderSvg(spec);
    expect(marks(svg, 'rect')).toBe(3);
  });

  test('250 servers x 3 variants: as many rectangles as runs in the data', async () => {
    const chart = compareCharts(compareFixture(250)).find((c) => c.name === 'queue-depth')!;
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

describe('p99 against load', () => {
  test('x is the numeric axis, colour the strategy; a line, points and error bars per strategy', async () => {
    const result = sweepFixture();
    const spec = p99VsLoadSpec(result);
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
    const svg = await renderSvg(p99VsLoadSpec(one));
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

import { test, expect } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { summaryJson } from '../../src/run/summary.js';

test('collecting series changes nothing in the results', () => {
  const scenario = loadScenario('scenarios/timelike/min-conn-faulty.yaml', ['load.requests=20000']);
  const plain = simulate(scenario);
  const withSeries = simulate(scenario, { series: true });
  expect(summaryJson(withSeries.summary)).toBe(summaryJson(plain.summary));
  expect(plain.series).toBeUndefined();
});

test('series: latency windows, server depths on a grid, balancer shares', () => {
  const scenario = loadScenario('scenarios/timelike/random.yaml', ['load.requests=20000']);
  const { series, summary } = simulate(scenario, { series: true });
  if (!series) throw new Error('no series');
  expect(series.windowMs).toBeCloseTo((20000 * 1.5) / 100, 9);
  expect(series.latency.reduce((a, w) => a + w.count, 0)).toBe(20000);
  expect(series.latency.length).toBeGreaterThanOrEqual(100);
  for (const w of series.latency) expect(w.p99).toBeGreaterThanOrEqual(w.p50);
  expect(series.queues.ids.length).toBe(250);
  expect(series.queues.ids[0]).toBe('balancer/dyno[0]/server');
  expect(series.queues.ids[10]).toBe('balancer/dyno[10]/server');
  expect(series.queues.t.length).toBe(series.queues.depth.length);
  expect(series.queues.depth.every((row) => row.length === 250)).toBe(true);
  // the run lasts ~30 s of load plus the drain: about 100 samples, one per window, from t = 0
  expect(series.queues.t[0]).toBe(0);
  expect(series.queues.t[1]).toBeCloseTo(series.windowMs, 9);
  expect(series.queues.t.length).toBeGreaterThan(95);
  // the number of calls in servers is never negative, and at some sample some dyno is busy
  expect(series.queues.depth.flat().every((d) => d >= 0)).toBe(true);
  expect(Math.max(...series.queues.depth.flat())).toBeGreaterThan(0);
  expect(series.shares).toEqual([{ balancer: 'balancer', sent: summary.nodes[0].extra?.sent }]);
  expect(series.shares[0].sent.reduce((a, b) => a + b, 0)).toBe(20000);
});

import { Simulation } from '../../src/engine/simulation.js';
import { MAX_WINDOWS, SeriesRecorder, WINDOW_EXACT } from '../../src/run/series-recorder.js';
import type { Request } from '../../src/engine/request.js';
import { quantileOfSorted } from '../../src/stats/percentiles.js';

/** A recorder over a constant load of `requests` one every 1 ms, fed requests by hand. */
function recorder(requests: number) {
  const sim = new Simulation({ seed: 1 });
  return new SeriesRecorder(sim, { arrivals: { kind: 'constant', intervalMs: 1 }, requests } as never, []);
}
const request = (arrival: number, latency: number) => ({ arrival, end: arrival + latency }) as Request;

test('series memory is bounded: a crowded window keeps a histogram, not every latency (issue 8)', () => {
  const r = recorder(100); // windows of 1 ms
  const n = 3 * WINDOW_EXACT;
  const latencies = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % n) / 100);
  for (let i = 0; i < n; i++) r.record(request(0.5, latencies[i]));
  // the window went over to an HDR histogram: it no longer holds n values
  const windows = (r as unknown as { windows: { summary(): { method: string } }[] }).windows;
  expect(windows[0].summary().method).toBe('hdr');
  const { latency } = r.series([]);
  expect(latency).toHaveLength(1);
  expect(latency[0].count).toBe(n);
  const sorted = latencies.slice().sort();
  // within the histogram's 3 significant digits of the exact percentiles
  expect(Math.abs(latency[0].p50 / quantileOfSorted(sorted, 0.5) - 1)).toBeLessThan(1e-3);
  expect(Math.abs(latency[0].p99 / quantileOfSorted(sorted, 0.99) - 1)).toBeLessThan(1e-3);
});

test('series memory is bounded: a load far longer than expected merges windows, never more than MAX_WINDOWS', () => {
  const r = recorder(100); // 100 windows of 1 ms expected
  // arrivals for 50 times as long: 5,000 windows of 1 ms without the bound
  for (let t = 0; t < 5000; t++) r.record(request(t + 0.5, t < 2500 ? 1 : 3));
  const s = r.series([]);
  expect(s.latency.length).toBeLessThanOrEqual(MAX_WINDOWS);
  expect(s.latency.length).toBeGreaterThan(MAX_WINDOWS / 4);
  expect(s.windowMs).toBe(32); // 1 ms doubled until 5,000 ms fit in 200 windows
  expect(s.latency.reduce((a, w) => a + w.count, 0)).toBe(5000);
  // every window starts at a multiple of the final window length, in order, and its figures are its own
  s.latency.forEach((w, i) => expect(w.t).toBe(i * 32));
  expect(s.latency[0]).toEqual({ t: 0, count: 32, p50: 1, p99: 1 });
  expect(s.latency.at(-1)).toMatchObject({ p50: 3, p99: 3 });
});

test('a window under WINDOW_EXACT requests has exact percentiles (the charts of small runs do not move)', () => {
  const r = recorder(100);
  const values = [5, 1, 4, 2, 3, 10, 7];
  for (const v of values) r.record(request(2.25, v));
  const [w] = r.series([]).latency;
  const sorted = Float64Array.from(values).sort();
  expect(w).toEqual({ t: 2, count: 7, p50: quantileOfSorted(sorted, 0.5), p99: quantileOfSorted(sorted, 0.99) });
});

test('LatencyDistribution.absorb: exact into exact, and histograms added when either is past its limit', async () => {
  const { LatencyDistribution } = await import('../../src/stats/percentiles.js');
  const a = new LatencyDistribution(4);
  const b = new LatencyDistribution(4);
  [1, 2].forEach((v) => a.record(v));
  [3, 4].forEach((v) => b.record(v));
  a.absorb(b);
  expect(a.summary()).toMatchObject({ count: 4, min: 1, max: 4, mean: 2.5, method: 'exact', p50: 2.5 });
  const c = new LatencyDistribution(4);
  [10, 20, 30, 40, 50].forEach((v) => c.record(v)); // past its limit: a histogram
  a.absorb(c);
  expect(a.summary()).toMatchObject({ count: 9, min: 1, max: 50, method: 'hdr' });
  expect(Math.abs(a.summary().p50 / 10 - 1)).toBeLessThan(1e-3); // the 5th of 1, 2, 3, 4, 10, ... within 0.1%
  expect(a.summary().mean).toBeCloseTo(160 / 9, 12);
  expect(c.summary()).toMatchObject({ count: 5, min: 10, max: 50 }); // left as it was
  for (const d of [a, b, c]) d.destroy();
});

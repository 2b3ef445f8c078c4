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

/**
 * A dyno with no queueing: latency = 2 ms cable in + 20 ms + Exp(100 ms) + 2 ms cable out,
 * i.e. 24 ms + Exp(100 ms): median 24 + 100 ln 2 = 93.3, p95 24 + 100 ln 20 = 323.6,
 * p99 24 + 100 ln 100 = 484.5. Samples are independent (nothing queues), so the sd of the q-quantile
 * estimate is sqrt(q (1-q) / N) / f(x_q), with f the exponential density; tolerances are 4 sd.
 */
import { test, expect } from 'vitest';
import { spec, run, constant } from '../helpers.js';

test('a single dyno without queueing has latency 24 ms + Exp(100 ms)', () => {
  const n = 200_000;
  const { summary } = run(
    spec({
      history: false,
      seed: 3,
      load: { arrivals: { kind: 'poisson', intervalMs: 1 }, requests: n },
      topology: [
        { kind: 'cable', latency: constant(2) },
        { kind: 'server', concurrency: 100_000, serviceTime: { kind: 'sum', terms: [constant(20), { kind: 'exp', mean: 100 }] } },
      ],
    }),
  );
  expect(summary.queueing.waitedFraction).toBe(0);
  const check = (q: number, observed: number, expected: number) => {
    const density = (1 - q) / 100; // exponential density at its q-quantile
    const sd = Math.sqrt((q * (1 - q)) / n) / density;
    expect(Math.abs(observed - expected)).toBeLessThan(4 * sd);
  };
  expect(24 + 100 * Math.LN2).toBeCloseTo(93.3, 1);
  check(0.5, summary.latency.p50, 24 + 100 * Math.log(2));
  check(0.95, summary.latency.p95, 24 + 100 * Math.log(20));
  check(0.99, summary.latency.p99, 24 + 100 * Math.log(100));
  expect(Math.abs(summary.latency.mean - 124)).toBeLessThan(4 * (100 / Math.sqrt(n)));
  expect(summary.latency.min).toBeGreaterThanOrEqual(24);
});

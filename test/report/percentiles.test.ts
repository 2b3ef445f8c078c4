import { test, expect } from 'vitest';
import { LatencyDistribution } from '../../src/stats/percentiles.js';
import { rngStream } from '../../src/engine/rng.js';

const sample = (n: number) => {
  const rng = rngStream(1, 'percentiles');
  return Array.from({ length: n }, () => -10 * Math.log(1 - rng()));
};

test('exact percentiles interpolate between order statistics (R type 7)', () => {
  const d = new LatencyDistribution();
  for (const v of [5, 1, 4, 2, 3]) d.record(v);
  expect([d.percentile(0), d.percentile(50), d.percentile(90), d.percentile(100)]).toEqual([1, 3, 4.6, 5]);
  const s = d.summary();
  expect(s).toMatchObject({ count: 5, min: 1, max: 5, mean: 3, method: 'exact' });
});

test('past the exact limit the histogram takes over, within its 0.1% resolution', () => {
  const values = sample(20000);
  const exact = new LatencyDistribution(1e6);
  const hdr = new LatencyDistribution(5000); // overflows a quarter of the way through
  const hdrOnly = new LatencyDistribution(0);
  for (const v of values) {
    exact.record(v);
    hdr.record(v);
    hdrOnly.record(v);
  }
  expect(exact.summary().method).toBe('exact');
  expect(hdr.summary().method).toBe('hdr');
  for (const q of [50, 90, 99, 99.9]) {
    const truth = exact.percentile(q);
    expect(Math.abs(hdr.percentile(q) - truth) / truth).toBeLessThan(0.002);
    expect(hdrOnly.percentile(q)).toBe(hdr.percentile(q));
  }
  expect(hdr.summary().mean).toBeCloseTo(exact.summary().mean, 9);
  expect(hdr.summary().max).toBe(exact.summary().max);
});

test('a clone is independent of its original', () => {
  for (const limit of [100, 0]) {
    const a = new LatencyDistribution(limit);
    for (let i = 1; i <= 50; i++) a.record(i);
    const b = a.clone();
    for (let i = 0; i < 50; i++) a.record(1000);
    expect(b.count).toBe(50);
    expect(b.summary().max).toBe(50);
    expect(a.summary().max).toBe(1000);
    expect(b.percentile(50)).toBeGreaterThanOrEqual(24.99); // 25.5 exact (interpolated), 25 from the histogram
    expect(b.percentile(50)).toBeLessThanOrEqual(25.5);
  }
});

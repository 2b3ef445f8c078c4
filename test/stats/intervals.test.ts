/** Student t quantiles, means with t intervals, paired ratio intervals. */
import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { incompleteBeta, logGamma, meanInterval, normalQuantile, ratioInterval, studentTCdf, tQuantile } from '../../src/stats/intervals.js';

describe('tQuantile', () => {
  test('matches printed t tables (3 decimals)', () => {
    const table: [number, number, number][] = [
      [0.975, 1, 12.706],
      [0.975, 2, 4.303],
      [0.975, 3, 3.182],
      [0.975, 4, 2.776],
      [0.975, 5, 2.571],
      [0.975, 9, 2.262],
      [0.975, 19, 2.093],
      [0.975, 29, 2.045],
      [0.975, 120, 1.98],
      [0.95, 10, 1.812],
      [0.995, 5, 4.032],
      [0.9995, 10, 4.587],
      [0.9, 3, 1.638],
    ];
    expect(table.map(([p, df]) => [p, df, Number(tQuantile(p, df).toFixed(3))])).toEqual(table);
  });

  test("matches R's qt to 10 significant digits", () => {
    // qt(p, df) printed with digits = 15 in R 4.3
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062047361747, 10);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.26215716279820, 10);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.04522964213270, 10);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.96233908082641, 10);
    expect(tQuantile(0.999, 4)).toBeCloseTo(7.17318221978169, 9);
    expect(tQuantile(0.6, 7)).toBeCloseTo(0.263166861352022, 10);
  });

  test('is the normal quantile for infinite degrees of freedom, symmetric, and 0 at the median', () => {
    expect(tQuantile(0.975, Infinity)).toBeCloseTo(1.95996398454005, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.95996398454005, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.36134090240406, 10);
    expect(tQuantile(0.025, 9)).toBe(-tQuantile(0.975, 9));
    expect(tQuantile(0.5, 3)).toBe(0);
    expect(tQuantile(1, 3)).toBe(Infinity);
    expect(tQuantile(0.975, 0)).toBeNaN();
  });

  test('inverts the distribution function (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }), (p, df) => {
        expect(studentTCdf(tQuantile(p, df), df)).toBeCloseTo(p, 9);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  test('special functions agree with closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    // t with 1 degree of freedom is Cauchy
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });
});

describe('meanInterval', () => {
  test('mean ± t(0.975, n-1) · s/√n for a known sample', () => {
    // 1..5: mean 3, s = √2.5, se = √0.5, t(0.975, 4) = 2.7764451
    const i = meanInterval([1, 2, 3, 4, 5]);
    expect(i.mean).toBe(3);
    expect(i.lo).toBeCloseTo(3 - 2.7764451052 * Math.sqrt(0.5), 8);
    expect(i.hi).toBeCloseTo(3 + 2.7764451052 * Math.sqrt(0.5), 8);
  });

  test('the 90% interval is narrower', () => {
    const i = meanInterval([1, 2, 3, 4, 5], 0.9);
    expect(i.hi - i.mean).toBeCloseTo(2.1318467863 * Math.sqrt(0.5), 8);
  });

  test('one value: no interval; none: nothing; identical values: a point; a NaN: nothing', () => {
    expect(meanInterval([7])).toEqual({ mean: 7, lo: NaN, hi: NaN });
    expect(meanInterval([])).toEqual({ mean: NaN, lo: NaN, hi: NaN });
    expect(meanInterval([0.1, 0.1, 0.1])).toEqual({ mean: 0.1, lo: 0.1, hi: 0.1 });
    expect(meanInterval([1, NaN])).toEqual({ mean: NaN, lo: NaN, hi: NaN });
  });
});

describe('ratioInterval', () => {
  test('geometric mean of the paired ratios, exp of the t interval of the logs', () => {
    // ratios 1, 2, 4: logs 0, ln2, 2 ln2: mean ln2, s = ln2, se = ln2/√3, t(0.975, 2) = 4.30265273
    const r = ratioInterval([1, 4, 16], [1, 2, 4]);
    expect(r.ratio).toBeCloseTo(2, 12);
    expect(r.lo).toBeCloseTo(Math.exp(Math.LN2 - (4.30265272975 * Math.LN2) / Math.sqrt(3)), 8);
    expect(r.hi).toBeCloseTo(Math.exp(Math.LN2 + (4.30265272975 * Math.LN2) / Math.sqrt(3)), 8);
  });

  test('an exact ratio has a point interval; a baseline against itself is 1', () => {
    expect(ratioInterval([2, 6, 10], [1, 3, 5])).toEqual({ ratio: 2, lo: 2, hi: 2 });
    expect(ratioInterval([3, 5], [3, 5])).toEqual({ ratio: 1, lo: 1, hi: 1 });
  });

  test('is paired: the order of the pairs does not matter, their pairing does', () => {
    const a = ratioInterval([2, 3, 5, 7], [1, 2, 4, 8]);
    const b = ratioInterval([7, 5, 3, 2], [8, 4, 2, 1]);
    expect(b.ratio).toBeCloseTo(a.ratio, 12);
    expect(b.lo).toBeCloseTo(a.lo, 12);
    const unpaired = ratioInterval([7, 5, 3, 2], [1, 2, 4, 8]);
    expect(unpaired.hi - unpaired.lo).toBeGreaterThan(a.hi - a.lo);
  });

  test('one pair: a ratio and no interval; a zero: no ratio; different lengths: an error', () => {
    expect(ratioInterval([3], [2])).toEqual({ ratio: 1.5, lo: NaN, hi: NaN });
    expect(ratioInterval([0, 1], [1, 1]).ratio).toBeNaN();
    expect(() => ratioInterval([1, 2], [1])).toThrow(/2 values against 1/);
  });
});

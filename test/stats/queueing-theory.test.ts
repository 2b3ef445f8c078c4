/**
 * M/M/1 and M/M/c theory against known numbers, and the M/M/c sojourn-time tail against a numerical
 * integral of its definition (wait W and service S independent: P(W + S > t)), so the closed form
 * is checked by a computation that does not share it.
 */
import { describe, expect, test } from 'vitest';
import { erlangC, mmcSojourn } from '../../src/stats/queueing-theory.js';

describe('M/M/1', () => {
  test('lambda = 0.5/ms, mu = 1/ms: mean sojourn 2 ms, p99 = ln(100)/0.5 = 9.21 ms', () => {
    const t = mmcSojourn(0.5, 1, 1)!;
    expect(t.utilization).toBe(0.5);
    expect(t.waitProbability).toBe(0.5);
    expect(t.mean).toBeCloseTo(2, 12);
    expect(t.quantile(0.99)).toBeCloseTo(9.21034, 5);
    expect(t.quantile(0.5)).toBeCloseTo(2 * Math.LN2, 12);
    expect(t.survival(2)).toBeCloseTo(Math.exp(-1), 12);
  });

  test('not stable, or not a queue: no theory', () => {
    expect(mmcSojourn(1, 1, 1)).toBeNull();
    expect(mmcSojourn(2.5, 1, 2)).toBeNull();
    expect(mmcSojourn(0, 1, 1)).toBeNull();
    expect(mmcSojourn(0.5, 1, 0)).toBeNull();
    expect(mmcSojourn(0.5, Infinity, 1)).toBeNull();
  });
});

describe('M/M/c', () => {
  test('Erlang C: known values', () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
    // Many servers stay finite (the Erlang B recursion, no factorials).
    expect(erlangC(1000, 900)).toBeGreaterThan(0);
    expect(erlangC(1000, 900)).toBeLessThan(1);
  });

  test('means: M/M/2 at lambda = 1, mu = 1 is 4/3 ms; M/M/3 at lambda = 2 is 13/9 ms', () => {
    expect(mmcSojourn(1, 1, 2)!.mean).toBeCloseTo(4 / 3, 12);
    expect(mmcSojourn(2, 1, 3)!.mean).toBeCloseTo(13 / 9, 12);
  });

  /** P(W + S > t) by Simpson's rule over the wait's density: the definition, not the closed form. */
  function tailByIntegral(lambda: number, mu: number, c: number, t: number): number {
    const C = erlangC(c, lambda / mu);
    const theta = c * mu - lambda;
    // P(T > t) = (1-C) e^(-mu t) + C [ e^(-theta t) + integral_0^t theta e^(-theta s) e^(-mu (t-s)) ds ]
    const n = 2000;
    const h = t / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const s = i * h;
      const f = theta * Math.exp(-theta * s) * Math.exp(-mu * (t - s));
      sum += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * f;
    }
    return (1 - C) * Math.exp(-mu * t) + C * (Math.exp(-theta * t) + (sum * h) / 3);
  }

  test.each([
    [2, 1, 3],
    [1, 1, 2], // theta = mu: the limit form
    [8, 1, 10],
    [0.3, 0.5, 4],
  ])('lambda %s, mu %s, c %s: the tail matches the integral, and each quantile lands on it', (lambda, mu, c) => {
    const t = mmcSojourn(lambda, mu, c)!;
    for (const x of [0.1, 1, 3, 10]) expect(t.survival(x)).toBeCloseTo(tailByIntegral(lambda, mu, c, x), 9);
    for (const p of [0.5, 0.9, 0.99, 0.999]) {
      const q = t.quantile(p);
      expect(tailByIntegral(lambda, mu, c, q)).toBeCloseTo(1 - p, 9);
    }
  });

  test('M/M/1 (its closed form, Exp(mu - lambda)) agrees with the integral too', () => {
    const t = mmcSojourn(0.7, 1, 1)!;
    for (const p of [0.5, 0.99]) expect(tailByIntegral(0.7, 1, 1, t.quantile(p))).toBeCloseTo(1 - p, 9);
  });
});

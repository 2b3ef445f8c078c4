/**
 * Each arrival process against its definition: counts per window against the expected number
 * (the integral of the rate), within 4 standard deviations. Counts of a Poisson process with a
 * deterministic rate are Poisson (sd = sqrt(mean)); counts of a modulated process (MMPP, on/off
 * with random periods) vary more, and their sd comes from the asymptotic variance of a
 * Markov-modulated Poisson process (computed here independently of the code under test).
 */
import { describe, expect, test } from 'vitest';
import { makeArrivals, meanIntervalMs, type OpenArrivalSpec } from '../../src/load/arrivals.js';
import { mmppMeanRate, mmppShares } from '../../src/load/mmpp.js';
import { dailyIntegral, rampIntegral } from '../../src/load/thinning.js';
import { rngStream } from '../../src/engine/rng.js';
import { makeDistribution, type DistSpec } from '../../src/engine/distributions.js';
import type { ArrivalSpec } from '../../src/spec/scenario.js';
import { solve } from '../linear-algebra.js';

const SEED = 11;

/** Every arrival time before `until` (ms). */
function arrivalsUntil(spec: OpenArrivalSpec, until: number, seed = SEED): Float64Array {
  const process = makeArrivals(spec, {
    rng: rngStream(seed, 'load'),
    stream: (name) => rngStream(seed, `load/${name}`),
    distribution: (d) => makeDistribution(d),
  });
  const out: number[] = [];
  let t = process.first();
  while (t < until) {
    out.push(t);
    const next = process.next(t);
    if (!(next >= t)) throw new Error(`time went backwards: ${next} after ${t}`);
    t = next;
  }
  return Float64Array.from(out);
}

const countIn = (times: Float64Array, a: number, b: number) => times.filter((t) => t >= a && t < b).length;

/** |count - expected| within 4 sd, with the numbers in the message when it fails. */
function expectWithin4sd(count: number, expected: number, sd: number, what: string) {
  expect(Math.abs(count - expected), `${what}: ${count} arrivals, expected ${expected.toFixed(1)} +- 4 x ${sd.toFixed(1)}`).toBeLessThanOrEqual(4 * sd);
}

const exp = (mean: number): DistSpec => ({ kind: 'exp', mean });
const constant = (value: number): DistSpec => ({ kind: 'constant', value });

// A continuous-time Markov chain: generator, stationary distribution, asymptotic count variance.

type Mmpp = Extract<ArrivalSpec, { kind: 'mmpp' }>;

function generator(spec: Mmpp): number[][] {
  const n = spec.states.length;
  return spec.states.map((s, i) =>
    spec.states.map((_, j) => {
      const p = spec.transitions?.[i][j] ?? (i === j ? 0 : 1 / (n - 1));
      return i === j ? -1 / s.meanStayMs : p / s.meanStayMs;
    }),
  );
}


/** pi Q = 0, sum pi = 1: the last balance equation replaced by the normalization. */
function stationary(Q: number[][]): number[] {
  const n = Q.length;
  const A = Q[0].map((_, j) => Q.map((row) => row[j])); // Q transposed
  A[n - 1] = new Array(n).fill(1);
  const b = new Array(n).fill(0);
  b[n - 1] = 1;
  return solve(A, b);
}

/**
 * Mean and variance per ms of the count of a Markov-modulated Poisson process in a long window:
 * Var N(T) / T -> lambda-bar + 2 sum_ij pi_i lambda_i D_ij lambda_j, with D = (1 pi - Q)^-1 - 1 pi
 * the deviation matrix of the chain.
 */
function mmppMoments(rates: number[], Q: number[][]): { rate: number; variance: number } {
  const n = rates.length;
  const pi = stationary(Q);
  const rate = pi.reduce((a, p, i) => a + p * rates[i], 0);
  const A = Q.map((row, i) => row.map((q, j) => pi[j] - q)); // 1 pi - Q
  // y = D lambda = (1 pi - Q)^-1 lambda - (pi . lambda) 1
  const x = solve(A, rates);
  const y = x.map((v) => v - rate);
  let variance = rate;
  for (let i = 0; i < n; i++) variance += 2 * pi[i] * rates[i] * y[i];
  return { rate, variance };
}

describe('on-off', () => {
  test('constant arrivals: every on period starts with a request and holds on/interval of them; none while off', () => {
    const times = arrivalsUntil({ kind: 'on-off', on: constant(10), off: constant(30), intervalMs: 1, arrivals: 'constant' }, 130);
    const period = (start: number) => Array.from({ length: 10 }, (_, k) => start + k);
    expect([...times]).toEqual([...period(0), ...period(40), ...period(80), ...period(120)]);
  });

  test('constant arrivals with an on period that is not a multiple of the interval: the phase carries over', () => {
    // on time 0, 1, 2 | 3, 4 | 5, 6, 7 | ... ; on periods at 0, 12.5, 25 (2.5 on, 10 off)
    const times = arrivalsUntil({ kind: 'on-off', on: constant(2.5), off: constant(10), intervalMs: 1, arrivals: 'constant' }, 30);
    expect([...times]).toEqual([0, 1, 2, 13, 14, 25, 26, 27]);
  });

  test('Poisson arrivals at the given rate during fixed on periods, none during off periods', () => {
    const on = 1000;
    const off = 4000;
    const spec = { kind: 'on-off' as const, on: constant(on), off: constant(off), intervalMs: 1, arrivals: 'poisson' as const };
    const periods = 200;
    const times = arrivalsUntil(spec, periods * (on + off));
    expect(times.filter((t) => t % (on + off) >= on).length).toBe(0);
    // on time is exactly periods x on: the count is 1 (at on time 0) + Poisson(periods x on / interval)
    const mean = (periods * on) / spec.intervalMs;
    expectWithin4sd(times.length - 1, mean, Math.sqrt(mean), 'on-off arrivals');
    expect(meanIntervalMs(spec)).toBe(5);
  });

  test('with exponential periods it is a two-state MMPP (rate, 0): long-run rate and its variance', () => {
    const spec = { kind: 'on-off' as const, on: exp(200), off: exp(800), intervalMs: 0.5, arrivals: 'poisson' as const };
    const T = 2_000_000;
    const times = arrivalsUntil(spec, T);
    const { rate, variance } = mmppMoments([1 / spec.intervalMs, 0], [
      [-1 / 200, 1 / 200],
      [1 / 800, -1 / 800],
    ]);
    expect(rate).toBeCloseTo(2 * 0.2, 12);
    expectWithin4sd(times.length, rate * T, Math.sqrt(variance * T), 'on-off exp periods');
    expect(meanIntervalMs(spec)).toBeCloseTo(1 / rate, 9);
  });
});

describe('mmpp', () => {
  const twoStates: Mmpp = {
    kind: 'mmpp',
    states: [
      { ratePerMs: 0.1, meanStayMs: 1000 },
      { ratePerMs: 2, meanStayMs: 100 },
    ],
  };

  test('long-run rate = sum of rate_i x stationary share_i (shares proportional to mean stays)', () => {
    const Q = generator(twoStates);
    const pi = stationary(Q);
    expect(pi[0]).toBeCloseTo(10 / 11, 12);
    expect(mmppShares(twoStates)[0]).toBeCloseTo(10 / 11, 12);
    const { rate, variance } = mmppMoments([0.1, 2], Q);
    expect(mmppMeanRate(twoStates)).toBeCloseTo(rate, 12);
    expect(rate).toBeCloseTo((0.1 * 10 + 2) / 11, 12);
    // the textbook two-state formula for the variance: lambda + 2 (l1 - l2)^2 a b / (a + b)^3
    const a = 1 / 1000;
    const b = 1 / 100;
    expect(variance).toBeCloseTo(rate + (2 * 1.9 * 1.9 * a * b) / (a + b) ** 3, 9);
    const T = 4_000_000;
    const times = arrivalsUntil(twoStates, T);
    expectWithin4sd(times.length, rate * T, Math.sqrt(variance * T), 'two-state MMPP');
  });

  test('three states, a silent one, and a transition matrix', () => {
    const spec: Mmpp = {
      kind: 'mmpp',
      states: [
        { ratePerMs: 0.5, meanStayMs: 300 },
        { ratePerMs: 0, meanStayMs: 100 },
        { ratePerMs: 3, meanStayMs: 50 },
      ],
      transitions: [
        [0, 0.8, 0.2],
        [0.1, 0, 0.9],
        [1, 0, 0],
      ],
    };
    const Q = generator(spec);
    const pi = stationary(Q);
    mmppShares(spec).forEach((s, i) => expect(s).toBeCloseTo(pi[i], 9));
    const { rate, variance } = mmppMoments([0.5, 0, 3], Q);
    expect(mmppMeanRate(spec)).toBeCloseTo(rate, 9);
    const T = 2_000_000;
    const times = arrivalsUntil(spec, T);
    expectWithin4sd(times.length, rate * T, Math.sqrt(variance * T), 'three-state MMPP');
  });

  test('a uniform move never stays in the same state: a state with no arrivals is always left', () => {
    // states 0 and 2 are silent, so every arrival is in state 1; with 3 states, uniform moves
    const spec: Mmpp = {
      kind: 'mmpp',
      states: [
        { ratePerMs: 0, meanStayMs: 100 },
        { ratePerMs: 1, meanStayMs: 100 },
        { ratePerMs: 0, meanStayMs: 100 },
      ],
    };
    const T = 3_000_000;
    const { rate, variance } = mmppMoments([0, 1, 0], generator(spec));
    expect(rate).toBeCloseTo(1 / 3, 12);
    expectWithin4sd(arrivalsUntil(spec, T).length, rate * T, Math.sqrt(variance * T), 'three-state uniform MMPP');
  });
});

describe('ramp', () => {
  const spec = { kind: 'ramp' as const, fromPerMs: 0.1, toPerMs: 1, overMs: 60_000 };

  test('counts in each 10 s window match the integrated intensity, during and after the ramp', () => {
    const times = arrivalsUntil(spec, 90_000);
    for (let a = 0; a < 90_000; a += 10_000) {
      const expected = rampIntegral(spec, a, a + 10_000);
      expectWithin4sd(countIn(times, a, a + 10_000), expected, Math.sqrt(expected), `ramp [${a}, ${a + 10_000})`);
    }
    expect(rampIntegral(spec, 0, 60_000)).toBeCloseTo(((0.1 + 1) / 2) * 60_000, 9);
    expect(rampIntegral(spec, 60_000, 90_000)).toBeCloseTo(30_000, 9);
  });

  test('a ramp down to 0/s ends the load when the ramp ends', () => {
    const down = { kind: 'ramp' as const, fromPerMs: 1, toPerMs: 0, overMs: 10_000 };
    const times = arrivalsUntil(down, Infinity);
    expect(times[times.length - 1]).toBeLessThan(10_000);
    expectWithin4sd(times.length, 5000, Math.sqrt(5000), 'ramp down');
    expectWithin4sd(countIn(times, 0, 5000), 3750, Math.sqrt(3750), 'ramp down, first half');
  });
});

describe('daily', () => {
  test('counts in 5 s windows over two periods follow the sinusoid', () => {
    const spec = { kind: 'daily' as const, meanPerMs: 0.5, amplitude: 0.5, periodMs: 60_000, peakMs: 14_000 };
    const times = arrivalsUntil(spec, 120_000);
    for (let a = 0; a < 120_000; a += 5000) {
      const expected = dailyIntegral(spec, a, a + 5000);
      expectWithin4sd(countIn(times, a, a + 5000), expected, Math.sqrt(expected), `daily [${a}, ${a + 5000})`);
    }
    // the busiest window is around the peak, the quietest half a period later
    expect(dailyIntegral(spec, 10_000, 15_000)).toBeGreaterThan(dailyIntegral(spec, 40_000, 45_000) * 2.5);
    expect(dailyIntegral(spec, 0, 60_000)).toBeCloseTo(30_000, 6);
  });

  test('amplitude 1 reaches rate 0 at the trough', () => {
    const spec = { kind: 'daily' as const, meanPerMs: 1, amplitude: 1, periodMs: 10_000, peakMs: 0 };
    const times = arrivalsUntil(spec, 100_000);
    // around the trough (t = 5000 mod 10000) the rate is below 1 - cos(0.1 pi) ~ 0.049 of the peak
    const nearTrough = times.filter((t) => Math.abs((t % 10_000) - 5000) < 500).length;
    const expected = 10 * (dailyIntegral(spec, 4500, 5500));
    expectWithin4sd(nearTrough, expected, Math.sqrt(expected), 'daily trough');
    expectWithin4sd(times.length, 100_000, Math.sqrt(100_000), 'daily total');
  });
});

describe('poisson and constant keep their first request at time 0', () => {
  test('poisson: the count in a window is Poisson; constant is exact', () => {
    const times = arrivalsUntil({ kind: 'poisson', intervalMs: 2 }, 200_000);
    expect(times[0]).toBe(0);
    expectWithin4sd(times.length - 1, 100_000, Math.sqrt(100_000), 'poisson');
    expect([...arrivalsUntil({ kind: 'constant', intervalMs: 2.5 }, 10)]).toEqual([0, 2.5, 5, 7.5]);
  });
});

/**
 * Non-homogeneous Poisson processes by thinning (Lewis and Shedler, 1979): candidates arrive as a
 * Poisson process whose rate `bound(t)` is at least the true rate from t on; a candidate at time t
 * is kept with probability rate(t) / bound. The bound may change at a candidate (the candidates'
 * future is independent of their past), so a ramp uses its larger end until the ramp is over and
 * the final rate after it. Both draws, the candidate's gap and the coin, come from the `load` stream;
 * where the rate equals its bound (after a ramp) a candidate is kept without a coin.
 *
 * - `ramp`: the rate goes linearly from `from` to `to` over `over`, then stays at `to`.
 * - `daily`: mean x (1 + amplitude x cos(2 pi (t - peak) / period)): a sinusoid that peaks at
 *   `peak` (time since the start of the run, modulo the period) and is lowest half a period later.
 *
 * Like any Poisson process (and unlike `poisson`, which puts its first request at time 0), the
 * first request comes one gap after time 0.
 */
import type { ArrivalSpec } from '../spec/scenario.js';
import type { Rng } from '../engine/rng.js';
import type { ArrivalProcess } from './arrivals.js';

type RampSpec = Extract<ArrivalSpec, { kind: 'ramp' }>;
type DailySpec = Extract<ArrivalSpec, { kind: 'daily' }>;

/** A rate (requests per ms) as a function of the time (ms). */
export type RateFunction = (t: number) => number;

export class Thinning implements ArrivalProcess {
  readonly serviceMs = null;

  constructor(
    private readonly rng: Rng,
    private readonly rate: RateFunction,
    private readonly bound: RateFunction,
  ) {}

  first(): number {
    return this.next(0);
  }

  next(now: number): number {
    let t = now;
    for (;;) {
      const bound = this.bound(t);
      if (!(bound > 0)) return Infinity; // no more arrivals, ever
      t += -Math.log(1 - this.rng()) / bound;
      const rate = this.rate(t);
      if (rate >= bound || this.rng() * bound < rate) return t;
    }
  }
}

export function rampRate(spec: RampSpec): RateFunction {
  const { fromPerMs: from, toPerMs: to, overMs: over } = spec;
  return (t) => (t < over ? from + (to - from) * (t / over) : to);
}

export function dailyRate(spec: DailySpec): RateFunction {
  const { meanPerMs: mean, amplitude, periodMs: period, peakMs: peak } = spec;
  const omega = (2 * Math.PI) / period;
  return (t) => mean * (1 + amplitude * Math.cos(omega * (t - peak)));
}

/** The expected number of arrivals in [a, b]: the integral of the rate. */
export function rampIntegral(spec: RampSpec, a: number, b: number): number {
  const { fromPerMs: from, toPerMs: to, overMs: over } = spec;
  const upTo = (t: number) => (t <= over ? from * t + ((to - from) * t * t) / (2 * over) : ((from + to) * over) / 2 + to * (t - over));
  return upTo(b) - upTo(a);
}

export function dailyIntegral(spec: DailySpec, a: number, b: number): number {
  const { meanPerMs: mean, amplitude, periodMs: period, peakMs: peak } = spec;
  const omega = (2 * Math.PI) / period;
  return mean * (b - a) + ((mean * amplitude) / omega) * (Math.sin(omega * (b - peak)) - Math.sin(omega * (a - peak)));
}

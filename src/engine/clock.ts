/**
 * Clocks. The scheduler keeps true (global) virtual time; each node reads time through a `Clock`.
 *
 * A node's local clock has an offset, a drift and steps (the scenario's `clocks:`):
 *
 *     local(t) = t + offset + drift * t + (sum of the steps whose time is <= t)
 *
 * with `t` true time in ms, `drift` in parts per million (positive runs fast) and each step an NTP
 * jump `{ at, by }` at true time `at` (forwards if `by` > 0, backwards if < 0; the clock reads the
 * stepped value from `at` on). A component that measures time (timeouts, error holds, leases, rate
 * limits, visibility timeouts) reads its node's clock with `now()` and turns a local deadline into
 * the true time of its event with `toTrue`, so skew changes behaviour without touching the
 * scheduler: a 100 ms timeout on a clock that runs fast fires before 100 ms of true time, a
 * forward step fires it at the step, a backward step delays it.
 *
 * Steps are known in advance (they are part of the scenario), so `toTrue` accounts for the steps
 * still to come: a deadline is computed once and never needs rescheduling.
 */
import type { Scheduler } from './scheduler.js';

export interface Clock {
  /** The node's reading of the current time (ms). */
  now(): number;
  /**
   * The first true time, not before the current time, at which this clock reads `local` or later
   * (the current time if it already does): when an event for the local deadline `local` fires.
   */
  toTrue(local: number): number;
}

/** An NTP step: at true time `atMs` the clock jumps by `byMs` (negative: backwards). */
export interface ClockStep {
  atMs: number;
  byMs: number;
}

/** How a local clock differs from true time. All zero is the perfect clock. */
export interface ClockSettings {
  offsetMs: number;
  /** Parts per million; positive runs fast. Greater than -1,000,000 (a clock never runs backwards). */
  driftPpm: number;
  steps: ClockStep[];
}

/** One entry of the scenario's `clocks:`: the clock of every node whose id matches `target`. */
export interface ClockSpec extends ClockSettings {
  /** A node pattern (node-pattern.ts). */
  target: string;
}

export class PerfectClock implements Clock {
  constructor(private readonly sched: Scheduler) {}
  now(): number {
    return this.sched.now;
  }
  toTrue(local: number): number {
    return Math.max(local, this.sched.now);
  }
}

/** Whether settings describe the perfect clock (no offset, no drift, no step that moves it). */
export function isPerfect(s: ClockSettings): boolean {
  return s.offsetMs === 0 && s.driftPpm === 0 && s.steps.every((st) => st.byMs === 0);
}

/**
 * A clock with an offset, a drift and steps: `local(t)` above, piecewise linear with slope
 * 1 + drift between steps. `trueAt(local, from)` is its inverse: with backward steps a reading can
 * occur more than once, and it gives the first true time (from `from` on) at which the clock reads
 * at least `local`; when a forward step jumped past `local`, that is the step's time. In floating
 * point the clock always reads at least `local` at the time returned, which is the exact inverse
 * up to rounding (exact when the numbers are, such as a drift of 250000ppm and whole milliseconds).
 */
export class LocalClock implements Clock {
  /** Drift as a fraction (200 ppm = 0.0002). */
  private readonly rate: number;
  /** Distinct step times, ascending. */
  private readonly at: Float64Array;
  /** `shift[k]`: offset plus the steps up to and including `at[k-1]` (shift[0]: the offset alone). */
  private readonly shift: Float64Array;

  constructor(
    private readonly sched: Scheduler,
    readonly settings: ClockSettings,
  ) {
    if (!(settings.driftPpm > -1e6) || !Number.isFinite(settings.driftPpm)) {
      throw new Error(`a clock drift must be finite and greater than -1000000ppm (a clock cannot stop); found ${settings.driftPpm}ppm`);
    }
    this.rate = settings.driftPpm / 1e6;
    const sorted = [...settings.steps].sort((a, b) => a.atMs - b.atMs);
    const times: number[] = [];
    const shifts: number[] = [settings.offsetMs];
    for (const s of sorted) {
      const last = shifts[shifts.length - 1];
      if (times.length > 0 && times[times.length - 1] === s.atMs) shifts[shifts.length - 1] = last + s.byMs;
      else {
        times.push(s.atMs);
        shifts.push(last + s.byMs);
      }
    }
    this.at = Float64Array.from(times);
    this.shift = Float64Array.from(shifts);
  }

  now(): number {
    return this.localAt(this.sched.now);
  }

  toTrue(local: number): number {
    return this.trueAt(local, this.sched.now);
  }

  /** What the clock reads at true time `t`. */
  localAt(t: number): number {
    return this.inSegment(t, this.segment(t));
  }

  /** Local minus true time at true time `t` (ms): positive when the clock is ahead. */
  errorAt(t: number): number {
    return this.localAt(t) - t;
  }

  /**
   * The first true time t >= `from` at which the clock reads at least `local` (Infinity if it never
   * does, which cannot happen: the clock always moves forwards between steps).
   */
  trueAt(local: number, from = -Infinity): number {
    const slope = 1 + this.rate;
    for (let k = this.segment(from); k < this.shift.length; k++) {
      const start = k === 0 ? from : Math.max(from, this.at[k - 1]);
      const end = k < this.at.length ? this.at[k] : Infinity;
      let t = Math.max(start, (local - this.shift[k]) / slope);
      if (!(t < end)) continue;
      // Rounding can leave the reading a hair short of `local`: step t up, doubling the step.
      let inc = (Math.abs(t) + Math.abs(local)) * Number.EPSILON || Number.MIN_VALUE;
      while (t < end && this.inSegment(t, k) < local) {
        t = Math.min(t + inc, nextDown(end));
        inc *= 2;
        if (t === nextDown(end) && this.inSegment(t, k) < local) t = end;
      }
      if (t < end) return t;
    }
    return Infinity;
  }

  /** Index of the segment holding true time t: the number of step times <= t. */
  private segment(t: number): number {
    const at = this.at;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private inSegment(t: number, k: number): number {
    return t + (this.rate * t + this.shift[k]);
  }
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The smallest double greater than x. */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  i64[0] += x > 0 ? 1n : -1n;
  return f64[0];
}

/** The largest double smaller than x. */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

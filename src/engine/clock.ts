/**
 * Clocks. The scheduler keeps true (global) virtual time; each node reads time through a `Clock`.
 *
 * Today every node has the perfect clock. Local clocks (offset, drift, steps) plug in here: a
 * component that measures time (error holds, timeouts, leases) asks its clock for `now()` and
 * converts a local deadline to true time with `toTrue`, so skew changes behaviour without touching
 * the scheduler.
 */
import type { Scheduler } from './scheduler.js';

export interface Clock {
  /** The node's reading of the current time (ms). */
  now(): number;
  /** The true time at which this clock will read `local`. */
  toTrue(local: number): number;
}

export class PerfectClock implements Clock {
  constructor(private readonly sched: Scheduler) {}
  now(): number {
    return this.sched.now;
  }
  toTrue(local: number): number {
    return local;
  }
}

/**
 * Open-loop arrival processes: when the next request arrives, whatever the system is doing.
 *
 * A process gives the time of the first arrival, then, from the time of each arrival, the time of
 * the next (equal times are issued in one event, in index order; Infinity when there are no more).
 * Every gap is drawn from the load's own stream (`load`); what is not a gap (on/off period lengths,
 * state changes of an MMPP) comes from a named sub-stream (`load/on-off`, `load/mmpp`), so changing
 * the periods never moves the gaps, and nothing in the system moves either ("common random numbers").
 *
 * - `poisson`, `constant`: the first request at time 0, then exponential (or fixed) gaps.
 * - `instant`: every request at once.
 * - `on-off` (on-off.ts), `mmpp` (mmpp.ts), `ramp` and `daily` (thinning.ts), `replay` (replay.ts).
 *
 * Closed-loop users (`closed`) are not an arrival process: the client drives them (client.ts).
 */
import type { ArrivalSpec } from '../spec/scenario.js';
import type { Rng } from '../engine/rng.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import { meanOf } from '../engine/distributions.js';
import { OnOff } from './on-off.js';
import { Mmpp, mmppMeanRate } from './mmpp.js';
import { dailyRate, rampRate, Thinning } from './thinning.js';
import { Replay } from './replay.js';

export interface ArrivalProcess {
  /** Time of the first arrival (Infinity: none). */
  first(): number;
  /** Time of the arrival after the one at `now` (at least `now`; Infinity: none). */
  next(now: number): number;
  /** Per-request service times (ms) from a trace, by request index; null: servers draw them. */
  readonly serviceMs: readonly number[] | null;
}

/** Where a process draws from. */
export interface ArrivalStreams {
  /** The `load` stream: every gap. */
  rng: Rng;
  /** The sub-stream `load/<name>`, for what is not a gap. */
  stream(name: string): Rng;
  /** A sampler for a distribution (period lengths), with the run's rounding options. */
  distribution(spec: DistSpec): Sampler;
}

export type OpenArrivalSpec = Exclude<ArrivalSpec, { kind: 'closed' }>;

export function makeArrivals(spec: OpenArrivalSpec, streams: ArrivalStreams): ArrivalProcess {
  const rng = streams.rng;
  switch (spec.kind) {
    case 'poisson': {
      const mean = spec.intervalMs;
      return {
        first: () => 0,
        next: (now) => {
          const gap = -mean * Math.log(1 - rng());
          return now + gap;
        },
        serviceMs: null,
      };
    }
    case 'constant': {
      const interval = spec.intervalMs;
      return { first: () => 0, next: (now) => now + interval, serviceMs: null };
    }
    case 'instant': {
      const at = spec.atMs;
      return { first: () => at, next: (now) => now, serviceMs: null };
    }
    case 'on-off':
      return new OnOff(spec, rng, streams.stream('on-off'), streams.distribution(spec.on), streams.distribution(spec.off));
    case 'mmpp':
      return new Mmpp(spec, rng, streams.stream('mmpp'));
    case 'ramp': {
      const { fromPerMs, toPerMs, overMs } = spec;
      const rate = rampRate(spec);
      // Before the end of the ramp the larger end bounds the rate; after it the rate is constant.
      const high = Math.max(fromPerMs, toPerMs);
      return new Thinning(rng, rate, (t) => (t < overMs ? high : toPerMs));
    }
    case 'daily': {
      const high = spec.meanPerMs * (1 + spec.amplitude);
      return new Thinning(rng, dailyRate(spec), () => high);
    }
    case 'replay':
      return new Replay(spec);
  }
}

/**
 * The long-run mean time between requests (ms): for sizing chart windows and describing a load.
 * Closed-loop users: the think time over the number of users (the rate when answers are instant).
 */
export function meanIntervalMs(spec: ArrivalSpec): number {
  switch (spec.kind) {
    case 'poisson':
    case 'constant':
      return spec.intervalMs;
    case 'instant':
      return 0;
    case 'on-off': {
      const on = meanOf(spec.on);
      return (spec.intervalMs * (on + meanOf(spec.off))) / on;
    }
    case 'mmpp':
      return 1 / mmppMeanRate(spec);
    case 'ramp': {
      // the mean interval over the ramp (the time-average rate over it)
      return 2 / (spec.fromPerMs + spec.toPerMs);
    }
    case 'daily':
      return 1 / spec.meanPerMs;
    case 'replay': {
      const t = spec.timesMs;
      return t.length > 1 ? (t[t.length - 1] - t[0]) / (t.length - 1) : 0;
    }
    case 'closed':
      return meanOf(spec.think) / spec.users;
  }
}

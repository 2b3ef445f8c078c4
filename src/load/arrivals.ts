/**
 * Open-loop arrival processes: when the next request arrives, whatever the system is doing.
 * The first request arrives at the start (time 0, or `at` for an instant burst), then each gap is
 * drawn from the load's own stream.
 */
import type { ArrivalSpec } from '../scenario/spec.js';
import type { Rng } from '../engine/rng.js';

export interface Arrivals {
  /** Time of the first arrival. */
  readonly start: number;
  /** Gap to the next arrival. */
  gap(rng: Rng): number;
}

export function makeArrivals(spec: ArrivalSpec): Arrivals {
  switch (spec.kind) {
    case 'poisson': {
      const mean = spec.intervalMs;
      return { start: 0, gap: (rng) => -mean * Math.log(1 - rng()) };
    }
    case 'constant': {
      const interval = spec.intervalMs;
      return { start: 0, gap: () => interval };
    }
    case 'instant':
      return { start: spec.atMs, gap: () => 0 };
  }
}

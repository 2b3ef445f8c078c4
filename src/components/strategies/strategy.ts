/**
 * A balancer strategy picks the backend for the next call from what the balancer knows: the load
 * of each backend as the balancer sees it (its own outstanding calls, or the backends' true load,
 * fresh or stale: see load-info.ts), the request's key, and the balancer's random stream.
 */
import type { Rng } from '../../engine/rng.js';
import type { TieBreak } from '../../spec/scenario.js';

export interface BalancerView {
  /** Number of backends. */
  readonly n: number;
  /** The load of each backend as this balancer sees it now. */
  readonly load: Int32Array;
  /** The key of the request being routed (-1 when the load has no keys). */
  readonly key: number;
  /** The balancer's own random stream. */
  readonly rng: Rng;
}

export interface StrategyOptions {
  tieBreak: TieBreak;
  /** best-of, least-requests: backends sampled per pick. */
  choices?: number;
  /** weighted-*: one weight per backend. */
  weights?: number[];
  /** consistent-hash: ring points per backend. */
  virtualNodes?: number;
  /** shuffle-shard: backends per key. */
  shardSize?: number;
}

export interface Strategy {
  /** At most this many outstanding calls per backend; the rest wait at the balancer. Infinity: no limit. */
  readonly limit: number;
  /** The backend for the next call. Only called when some backend is below `limit`. */
  pick(view: BalancerView): number;
}

/**
 * The least loaded of `candidates[0..count)` (all backends when `candidates` is null). Ties go to
 * the lowest index (Timelike: independent balancers then herd onto the same backends) or to a
 * uniformly random one among the tied.
 */
export function leastLoaded(view: BalancerView, tieBreak: TieBreak, candidates: Int32Array | null = null, count = view.n): number {
  const load = view.load;
  let best = candidates === null ? 0 : candidates[0];
  let bestLoad = load[best];
  let ties = 1;
  for (let k = 1; k < count; k++) {
    const i = candidates === null ? k : candidates[k];
    const l = load[i];
    if (l < bestLoad) {
      best = i;
      bestLoad = l;
      ties = 1;
    } else if (l === bestLoad) {
      if (tieBreak === 'lowest-index') {
        if (i < best) best = i;
      } else {
        ties++;
        if (view.rng() * ties < 1) best = i; // reservoir sampling: each tied backend with probability 1/ties
      }
    }
  }
  return best;
}

/**
 * Draws `d` distinct backends uniformly at random into the first `d` places of `perm` (a
 * permutation of 0..n-1 kept between calls): a partial Fisher-Yates shuffle, d draws, no allocation.
 */
export function sampleDistinct(perm: Int32Array, d: number, rng: Rng): void {
  const n = perm.length;
  for (let k = 0; k < d; k++) {
    const j = k + Math.floor(rng() * (n - k));
    const t = perm[k];
    perm[k] = perm[j];
    perm[j] = t;
  }
}

export function identity(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

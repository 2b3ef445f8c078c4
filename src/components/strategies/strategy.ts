/**
 * A balancer strategy picks the backend for the next call from what the balancer knows: its own
 * outstanding calls per backend (it sees nothing else), and its random stream.
 */
import type { Rng } from '../../engine/rng.js';
import type { TieBreak } from '../../scenario/spec.js';

export interface BalancerView {
  /** Number of backends. */
  readonly n: number;
  /** This balancer's outstanding calls to each backend (error holds included). */
  readonly outstanding: Int32Array;
  /** The balancer's own random stream. */
  readonly rng: Rng;
}

export interface StrategyOptions {
  tieBreak: TieBreak;
}

export interface Strategy {
  /** At most this many outstanding calls per backend; the rest wait at the balancer. Infinity: no limit. */
  readonly limit: number;
  /** The backend for the next call. Only called when some backend is below `limit`. */
  pick(view: BalancerView): number;
}

/**
 * The backend with the fewest outstanding calls. Ties go to the lowest index (Timelike: independent
 * balancers then herd onto the same backends) or to a uniformly random one among the tied.
 */
export function leastOutstanding(view: BalancerView, tieBreak: TieBreak): number {
  const { n, outstanding } = view;
  let best = 0;
  let bestCount = outstanding[0];
  if (tieBreak === 'lowest-index') {
    for (let i = 1; i < n; i++) {
      const c = outstanding[i];
      if (c < bestCount) {
        best = i;
        bestCount = c;
      }
    }
    return best;
  }
  let ties = 1;
  for (let i = 1; i < n; i++) {
    const c = outstanding[i];
    if (c < bestCount) {
      best = i;
      bestCount = c;
      ties = 1;
    } else if (c === bestCount) {
      ties++;
      if (view.rng() * ties < 1) best = i; // reservoir sampling: each tied backend with probability 1/ties
    }
  }
  return best;
}

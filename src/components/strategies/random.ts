/** `random`: a uniformly random backend for every call. */
import type { Strategy, BalancerView } from './strategy.js';

export class RandomStrategy implements Strategy {
  readonly limit = Infinity;
  pick(view: BalancerView): number {
    return Math.floor(view.rng() * view.n);
  }
}

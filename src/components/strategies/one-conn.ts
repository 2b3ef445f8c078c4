/**
 * `one-conn`: at most one outstanding call per backend; the rest wait in one FIFO queue at the
 * balancer and go to the first backend that frees up: the ideal "intelligent router" (with one
 * balancer, an M/G/c queue).
 */
import { leastLoaded, type Strategy, type BalancerView, type StrategyOptions } from './strategy.js';

export class OneConnStrategy implements Strategy {
  readonly limit = 1;
  constructor(private readonly options: StrategyOptions) {}
  pick(view: BalancerView): number {
    return leastLoaded(view, this.options.tieBreak);
  }
}

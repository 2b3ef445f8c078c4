/**
 * `least-conn`: the backend with the fewest of this balancer's own outstanding calls (Timelike's
 * `lb-min-conn`). Several balancers over one pool each count only their own calls.
 */
import { leastLoaded, type Strategy, type BalancerView, type StrategyOptions } from './strategy.js';

export class LeastConnStrategy implements Strategy {
  readonly limit = Infinity;
  constructor(private readonly options: StrategyOptions) {}
  pick(view: BalancerView): number {
    return leastLoaded(view, this.options.tieBreak);
  }
}

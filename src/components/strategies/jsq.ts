/**
 * `jsq`: join the shortest queue. Every backend is looked at; by default the balancer sees each
 * backend's true load (calls inside it from every balancer), so with fresh information this is the
 * best a router can do, and with stale information ("best" in Brooker's experiment) it herds.
 */
import { leastLoaded, type Strategy, type BalancerView, type StrategyOptions } from './strategy.js';

export class JsqStrategy implements Strategy {
  readonly limit = Infinity;
  constructor(private readonly options: StrategyOptions) {}
  pick(view: BalancerView): number {
    return leastLoaded(view, this.options.tieBreak);
  }
}

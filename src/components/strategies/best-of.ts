/**
 * `best-of` (`choices: d`, or `best-of-d`) and `two-choices` (d = 2): sample d distinct backends
 * uniformly at random and take the least loaded: "the power of d random choices" (Mitzenmacher;
 * Brooker). By default it sees the backends' true load; with `info` it may be stale.
 * `least-requests` is the same rule over the balancer's own outstanding requests (Envoy's
 * LEAST_REQUEST with choice_count d, default 2).
 */
import { leastLoaded, sampleDistinct, identity, type Strategy, type BalancerView, type StrategyOptions } from './strategy.js';

export class BestOfStrategy implements Strategy {
  readonly limit = Infinity;
  private perm: Int32Array | null = null;

  constructor(
    private readonly choices: number,
    private readonly options: StrategyOptions,
  ) {}

  pick(view: BalancerView): number {
    const n = view.n;
    const d = Math.min(this.choices, n);
    if (d >= n) return leastLoaded(view, this.options.tieBreak);
    if (this.perm === null) this.perm = identity(n);
    sampleDistinct(this.perm, d, view.rng);
    return leastLoaded(view, this.options.tieBreak, this.perm, d);
  }
}

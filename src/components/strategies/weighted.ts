/**
 * `weighted-random`: backend i with probability w_i / sum(w). `weighted-round-robin`: nginx's
 * smooth weighted round robin, which spreads each backend's turns evenly (weights 5, 1, 1 give
 * a a b a c a a, not a a a a a b c). Weights default to the backends' speeds.
 */
import type { Strategy, BalancerView } from './strategy.js';

export class WeightedRandomStrategy implements Strategy {
  readonly limit = Infinity;
  private readonly cumulative: Float64Array;

  constructor(weights: number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.cumulative[i] = sum += w));
  }

  pick(view: BalancerView): number {
    const c = this.cumulative;
    const x = view.rng() * c[c.length - 1];
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

export class WeightedRoundRobinStrategy implements Strategy {
  readonly limit = Infinity;
  private readonly current: Float64Array;
  private readonly total: number;

  constructor(private readonly weights: number[]) {
    this.current = new Float64Array(weights.length);
    this.total = weights.reduce((a, b) => a + b, 0);
  }

  pick(): number {
    let best = 0;
    for (let i = 0; i < this.weights.length; i++) {
      this.current[i] += this.weights[i];
      if (this.current[i] > this.current[best]) best = i;
    }
    this.current[best] -= this.total;
    return best;
  }
}

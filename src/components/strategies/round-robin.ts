/** `round-robin`: backends in turn, 0, 1, ..., n-1, 0, ... */
import type { Strategy, BalancerView } from './strategy.js';

export class RoundRobinStrategy implements Strategy {
  readonly limit = Infinity;
  private next = 0;
  pick(view: BalancerView): number {
    const i = this.next;
    this.next = i + 1 === view.n ? 0 : i + 1;
    return i;
  }
}

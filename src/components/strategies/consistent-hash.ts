/**
 * `consistent-hash`: a ring with `virtual-nodes` points per backend; a request goes to the backend
 * owning the first point at or after its key's hash. The same key always reaches the same backend,
 * and changing the number of backends moves only about 1/n of the keys.
 */
import type { Strategy, BalancerView } from './strategy.js';
import { hash32 } from './hash.js';

export class ConsistentHashStrategy implements Strategy {
  readonly limit = Infinity;
  private readonly points: Uint32Array;
  private readonly owners: Int32Array;

  constructor(n: number, virtualNodes: number) {
    const ring: [number, number][] = [];
    for (let b = 0; b < n; b++) for (let v = 0; v < virtualNodes; v++) ring.push([hash32(b * 0x10000 + v, 0x9e3779b9), b]);
    ring.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    this.points = Uint32Array.from(ring, (p) => p[0]);
    this.owners = Int32Array.from(ring, (p) => p[1]);
  }

  pick(view: BalancerView): number {
    if (view.key < 0) throw new Error('consistent-hash needs request keys (load.keys)');
    const h = hash32(view.key, 0x85ebca6b);
    const p = this.points;
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === p.length ? 0 : lo];
  }
}

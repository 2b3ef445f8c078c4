/**
 * `shuffle-shard`: each key gets its own fixed, random subset of `shard-size` backends (drawn once
 * per key from a stream named by the balancer and the key), and its requests go to the least
 * loaded backend of that shard. Two keys rarely share a whole shard, so one bad key's traffic
 * cannot take down the others.
 */
import type { Strategy, BalancerView, StrategyOptions } from './strategy.js';
import { leastLoaded, sampleDistinct, identity } from './strategy.js';
import type { Rng } from '../../engine/rng.js';

export class ShuffleShardStrategy implements Strategy {
  readonly limit = Infinity;
  private readonly shards = new Map<number, Int32Array>();

  constructor(
    private readonly n: number,
    private readonly shardSize: number,
    private readonly options: StrategyOptions,
    private readonly shardRng: (key: number) => Rng,
  ) {}

  /** The shard of `key`: the same backends every time. */
  shard(key: number): Int32Array {
    let s = this.shards.get(key);
    if (s === undefined) {
      const perm = identity(this.n);
      const size = Math.min(this.shardSize, this.n);
      sampleDistinct(perm, size, this.shardRng(key));
      s = perm.slice(0, size).sort();
      this.shards.set(key, s);
    }
    return s;
  }

  pick(view: BalancerView): number {
    if (view.key < 0) throw new Error('shuffle-shard needs request keys (load.keys)');
    const s = this.shard(view.key);
    return leastLoaded(view, this.options.tieBreak, s, s.length);
  }
}

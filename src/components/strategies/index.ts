/** The strategies by the name a scenario file uses. */
import type { Strategy as StrategyName } from '../../spec/scenario.js';
import type { Strategy, StrategyOptions } from './strategy.js';
import type { Rng } from '../../engine/rng.js';
import { RandomStrategy } from './random.js';
import { RoundRobinStrategy } from './round-robin.js';
import { LeastConnStrategy } from './least-conn.js';
import { OneConnStrategy } from './one-conn.js';
import { BestOfStrategy } from './best-of.js';
import { JsqStrategy } from './jsq.js';
import { WeightedRandomStrategy, WeightedRoundRobinStrategy } from './weighted.js';
import { ConsistentHashStrategy } from './consistent-hash.js';
import { ShuffleShardStrategy } from './shuffle-shard.js';

export type { Strategy, StrategyOptions, BalancerView } from './strategy.js';

export interface StrategyContext {
  /** Number of backends. */
  n: number;
  /** Default weights (the backends' speeds). */
  speeds: number[];
  /** A random stream for shuffle-shard's key `key`. */
  shardRng: (key: number) => Rng;
}

export function makeStrategy(name: StrategyName, options: StrategyOptions, ctx: StrategyContext): Strategy {
  switch (name) {
    case 'random':
      return new RandomStrategy();
    case 'round-robin':
      return new RoundRobinStrategy();
    case 'least-conn':
      return new LeastConnStrategy(options);
    case 'one-conn':
      return new OneConnStrategy(options);
    case 'two-choices':
      return new BestOfStrategy(2, options);
    case 'best-of':
    case 'least-requests':
      return new BestOfStrategy(options.choices ?? 2, options);
    case 'jsq':
      return new JsqStrategy(options);
    case 'weighted-random':
      return new WeightedRandomStrategy(options.weights ?? ctx.speeds);
    case 'weighted-round-robin':
      return new WeightedRoundRobinStrategy(options.weights ?? ctx.speeds);
    case 'consistent-hash':
      return new ConsistentHashStrategy(ctx.n, options.virtualNodes ?? 100);
    case 'shuffle-shard':
      return new ShuffleShardStrategy(ctx.n, options.shardSize ?? 1, options, ctx.shardRng);
  }
}

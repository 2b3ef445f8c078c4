/** The strategies by the name a scenario file uses. */
import type { Strategy as StrategyName } from '../../scenario/spec.js';
import type { Strategy, StrategyOptions } from './strategy.js';
import { RandomStrategy } from './random.js';
import { RoundRobinStrategy } from './round-robin.js';
import { LeastConnStrategy } from './least-conn.js';
import { OneConnStrategy } from './one-conn.js';

export type { Strategy, StrategyOptions, BalancerView } from './strategy.js';

export function makeStrategy(name: StrategyName, options: StrategyOptions): Strategy {
  switch (name) {
    case 'random':
      return new RandomStrategy();
    case 'round-robin':
      return new RoundRobinStrategy();
    case 'least-conn':
      return new LeastConnStrategy(options);
    case 'one-conn':
      return new OneConnStrategy(options);
  }
}

/**
 * One simulation run: the scheduler, the root seed, the random streams and the registry of nodes.
 * A run is a pure function of (scenario, seed): nothing here reads the wall clock or global state.
 */
import { Scheduler } from './scheduler.js';
import { rngStream, type Rng } from './rng.js';
import { makeDistribution, type DistSpec, type Sampler } from './distributions.js';
import { PerfectClock, type Clock } from './clock.js';
import type { Observed, NodeStats } from './node.js';

export interface SimulationOptions {
  seed: number;
  /** Round exponential draws to whole milliseconds (Timelike compatibility). */
  roundExponential?: boolean;
  /** Keep each request's full history. */
  history?: boolean;
}

export class Simulation {
  readonly sched = new Scheduler();
  readonly seed: number;
  readonly roundExponential: boolean;
  readonly history: boolean;
  readonly clock: Clock;
  private readonly observed: Observed[] = [];
  private readonly streams = new Set<string>();

  constructor(options: SimulationOptions) {
    this.seed = options.seed;
    this.roundExponential = options.roundExponential ?? false;
    this.history = options.history ?? false;
    this.clock = new PerfectClock(this.sched);
  }

  /** The random stream named `path`. Each name may be taken once, so two components never share one. */
  rng(path: string): Rng {
    if (this.streams.has(path)) throw new Error(`random stream "${path}" is already in use`);
    this.streams.add(path);
    return rngStream(this.seed, path);
  }

  /** The names of the random streams in use, in the order they were taken. */
  streamNames(): string[] {
    return [...this.streams];
  }

  distribution(spec: DistSpec): Sampler {
    return makeDistribution(spec, { roundExponential: this.roundExponential });
  }

  observe(node: Observed): void {
    this.observed.push(node);
  }

  nodeStats(): NodeStats[] {
    const now = this.sched.now;
    return this.observed.map((n) => n.stats(now));
  }
}

/**
 * One simulation run: the scheduler, the root seed, the random streams, the registry of nodes and
 * the run's outstanding work. A run is a pure function of (scenario, seed): nothing here reads the
 * wall clock or global state. When a run ends is `end.ts`'s rule.
 */
import { Scheduler } from './scheduler.js';
import { Work } from './work.js';
import { workDone, type EndCondition } from './end.js';
import { rngStream, type Rng } from './rng.js';
import { makeDistribution, type DistSpec, type Sampler } from './distributions.js';
import { PerfectClock, LocalClock, isPerfect, type Clock, type ClockSpec } from './clock.js';
import type { Observed, NodeStats, Node } from './node.js';
import type { CallTracer } from './request.js';
import { NodePattern } from './node-pattern.js';

export interface SimulationOptions {
  seed: number;
  /** Round exponential draws to whole milliseconds (Timelike compatibility). */
  roundExponential?: boolean;
  /** Keep each request's full history. */
  history?: boolean;
  /** Local clocks by node pattern; the last entry that matches a node gives its clock. */
  clocks?: ClockSpec[];
}

/** A node that holds calls: `depth()` is how many are in it now, waiting or in service. */
export interface DepthProbe {
  readonly id: string;
  depth(): number;
}

export class Simulation {
  readonly sched = new Scheduler();
  readonly seed: number;
  readonly roundExponential: boolean;
  readonly history: boolean;
  readonly clock: Clock;
  /**
   * The run's outstanding work: the client's (one unit while it has requests to issue or in
   * flight), a broker's unfinished messages. The default end condition is that it is 0 (see `end.ts`).
   */
  readonly outstanding: Work;
  /** What records the requests' calls (trace/chain.ts), set before the load starts when the run is traced or keeps history; null otherwise. */
  tracer: CallTracer | null = null;
  private readonly observed: Observed[] = [];
  private readonly depthObserved: DepthProbe[] = [];
  private readonly nodes = new Map<string, Node>();
  private readonly callerIds: string[] = [];
  /** The trace order being gathered: a stack of groups, `register` adds to the top one (see `gather`). */
  private readonly traceGroups: string[][] = [[]];
  private readonly streams = new Set<string>();
  private readonly clockRules: { pattern: NodePattern; clock: Clock }[];
  private readonly clocks = new Map<string, Clock>();

  constructor(options: SimulationOptions) {
    this.seed = options.seed;
    this.roundExponential = options.roundExponential ?? false;
    this.history = options.history ?? false;
    this.clock = new PerfectClock(this.sched);
    this.outstanding = new Work(this.sched);
    this.clockRules = (options.clocks ?? []).map((c) => ({
      pattern: new NodePattern(c.target),
      clock: isPerfect(c) ? this.clock : new LocalClock(this.sched, { offsetMs: c.offsetMs, driftPpm: c.driftPpm, steps: c.steps }),
    }));
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

  /**
   * The local clock of the node `id`: what it reads as the time, for everything it measures
   * (timeouts, holds, rate limits, leases, visibility timeouts). Every node has the perfect clock
   * unless the scenario's clocks say otherwise: then the last entry whose target matches `id`
   * gives it (a pattern names node ids only: nothing is inherited along a chain).
   */
  clockOf(id: string): Clock {
    if (this.clockRules.length === 0) return this.clock;
    let clock = this.clocks.get(id);
    if (clock === undefined) {
      clock = this.clock;
      for (let i = this.clockRules.length - 1; i >= 0; i--) {
        if (this.clockRules[i].pattern.matches(id)) {
          clock = this.clockRules[i].clock;
          break;
        }
      }
      this.clocks.set(id, clock);
    }
    return clock;
  }

  /** Records a built node under its id, so faults and clocks can find it. */
  register(node: Node): void {
    if (this.nodes.has(node.id)) return;
    this.nodes.set(node.id, node);
    this.traceGroups[this.traceGroups.length - 1].push(node.id);
  }

  /**
   * Runs `build` and returns, with what it built, the ids of the nodes registered while it ran, in
   * their trace order; they are not placed in the trace order yet: the caller places them
   * (`placeInTrace`) where a call meets them. Nodes registered outside any `gather` are placed as
   * they are registered.
   */
  gather<T>(build: () => T): { built: T; ids: string[] } {
    this.traceGroups.push([]);
    try {
      const built = build();
      return { built, ids: this.traceGroups[this.traceGroups.length - 1] };
    } finally {
      this.traceGroups.pop();
    }
  }

  /** Places `ids` (from `gather`) next in the trace order. */
  placeInTrace(ids: readonly string[]): void {
    this.traceGroups[this.traceGroups.length - 1].push(...ids);
  }

  /** The registered nodes whose ids match `pattern`, in the order they were built. */
  find(pattern: string): Node[] {
    const p = new NodePattern(pattern);
    return [...this.nodes.values()].filter((n) => p.matches(n.id));
  }

  /** Every registered node id. */
  nodeIds(): string[] {
    return [...this.nodes.keys()];
  }

  /** Names a caller that is not a registered node (a broker's consumer), so that a trace can list it among its nodes. */
  nameCaller(id: string): void {
    this.callerIds.push(id);
  }

  /**
   * Every id a trace of the chain can name: the registered nodes in the order the builder placed
   * them (`gather`, `placeInTrace`: as a call meets them, the topology's first step first, a pool's
   * members by ascending index, each member's steps in chain order), then the other callers.
   */
  traceIds(): string[] {
    return [...this.traceGroups[0], ...this.callerIds.filter((id) => !this.nodes.has(id))];
  }

  observe(node: Observed): void {
    this.observed.push(node);
  }

  /**
   * Runs to `end` (by default: until the outstanding work is done, or nothing pending could finish
   * it). The rule is `end.ts`'s.
   */
  run(end: EndCondition = workDone(this.outstanding)): void {
    this.sched.run(end.untilMs, end.reached ?? undefined);
  }

  /** Every observed node (servers, balancers, ...), in the order they were built. */
  observedNodes(): readonly Observed[] {
    return this.observed;
  }

  /** Registers a node that holds calls, whose depth the run's series samples (`depthProbes`). */
  observeDepth(node: DepthProbe): void {
    this.depthObserved.push(node);
  }

  /** The nodes registered with `observeDepth`, ordered like `nodeStats`, for sampling their depth. */
  depthProbes(): DepthProbe[] {
    return [...this.depthObserved].sort((a, b) => compareIds(a.id, b.id));
  }

  /** Figures of every observed node, ordered by id with pool indices compared as numbers. */
  nodeStats(): NodeStats[] {
    const now = this.sched.now;
    return this.observed.map((n) => n.stats(now)).sort((a, b) => compareIds(a.id, b.id));
  }
}

/** Orders `a/b[2]/c` before `a/b[10]/c`: ids compared piecewise, digit runs as numbers. */
export function compareIds(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const numeric = i % 2 === 1;
    return numeric ? Number(pa[i]) - Number(pb[i]) : pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

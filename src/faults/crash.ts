/**
 * `crash`: the target servers crash at `at` and restart empty `restart-after` later (or never); or,
 * with `mtbf` and `mttr`, each target alternates up and down at random, starting up: up times are
 * Exp(mtbf), down times Exp(mttr), drawn from the target's own stream `faults[i]/<node id>`.
 * What a crash does to a node is its lifecycle's business (`NodeLifecycle` in `lifecycle.ts`).
 */
import type { EventTarget } from '../engine/scheduler.js';
import type { Rng } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
import type { FaultSpecs } from '../spec/scenario.js';
import { faultTargets, type FaultableNode } from './node-faults.js';
import { faultStream } from './pause.js';

/** Exp(mean), by inversion. */
const exponential = (rng: Rng, mean: number) => -mean * Math.log(1 - rng());

/** One crash: when it happens and how long the node stays down (ms). */
export interface CrashWindow {
  atMs: number;
  downMs: number;
}

/**
 * The random crashes of one target (`mtbf` and `mttr`), in order, drawn from its stream: up for
 * Exp(mtbf), then down for Exp(mttr), and again. The only copy of the timeline: the crasher
 * consumes it, and the shrinker lists it (run/shrink.ts writes a seed's random crashes out as
 * single ones).
 */
export function* crashWindows(rng: Rng, mtbfMs: number, mttrMs: number): Generator<CrashWindow> {
  let at = exponential(rng, mtbfMs);
  for (;;) {
    const downMs = exponential(rng, mttrMs);
    yield { atMs: at, downMs };
    at = at + downMs + exponential(rng, mtbfMs);
  }
}

/** One target's crash: at a fixed time, or its random up/down timeline. */
class Crasher implements EventTarget {
  constructor(
    private readonly sim: Simulation,
    private readonly node: FaultableNode,
    private readonly downMs: () => number,
    private readonly upMs: (() => number) | null,
  ) {}

  fire(): void {
    const now = this.sim.sched.now;
    const down = this.downMs();
    this.node.lifecycle.crash(now + down);
    if (this.upMs !== null) this.sim.sched.at(now + down + this.upMs(), this, 0, undefined, true);
  }
}

/** One target's random crashes: each restart schedules the next crash. */
class RandomCrasher implements EventTarget {
  constructor(
    private readonly sim: Simulation,
    private readonly node: FaultableNode,
    private readonly windows: Generator<CrashWindow>,
  ) {}

  next(): void {
    const w = this.windows.next().value as CrashWindow;
    this.sim.sched.at(w.atMs, this, 0, w, true);
  }

  fire(_kind: number, w: CrashWindow): void {
    this.node.lifecycle.crash(this.sim.sched.now + w.downMs);
    this.next();
  }
}

export function scheduleCrash(sim: Simulation, fault: FaultSpecs['crash'], index: number): void {
  for (const node of faultTargets(sim, 'crash', fault.target, index)) {
    if ('mtbfMs' in fault) {
      new RandomCrasher(sim, node, crashWindows(sim.rng(faultStream(index, node.id)), fault.mtbfMs, fault.mttrMs)).next();
    } else {
      const restartAfterMs = fault.restartAfterMs ?? Infinity;
      sim.sched.at(fault.atMs, new Crasher(sim, node, () => restartAfterMs, null), 0, undefined, true);
    }
  }
}

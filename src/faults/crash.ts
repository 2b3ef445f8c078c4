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

/** Exp(mean), by inversion. */
const exponential = (rng: Rng, mean: number) => -mean * Math.log(1 - rng());

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

export function scheduleCrash(sim: Simulation, fault: FaultSpecs['crash'], index: number): void {
  for (const node of faultTargets(sim, 'crash', fault.target, index)) {
    if ('mtbfMs' in fault) {
      const rng = sim.rng(`faults[${index}]/${node.id}`);
      const { mtbfMs, mttrMs } = fault;
      const crasher = new Crasher(sim, node, () => exponential(rng, mttrMs), () => exponential(rng, mtbfMs));
      sim.sched.at(exponential(rng, mtbfMs), crasher, 0, undefined, true);
    } else {
      const restartAfterMs = fault.restartAfterMs ?? Infinity;
      sim.sched.at(fault.atMs, new Crasher(sim, node, () => restartAfterMs, null), 0, undefined, true);
    }
  }
}

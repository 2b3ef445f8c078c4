/**
 * `pause`: stop-the-world pauses (a GC) of the target servers: one at `at`, or one every `every`
 * (start to start; the first at `at`, else after one draw of `every`), each lasting a draw of
 * `for`. Draws come from the target's own stream `faults[i]/<node id>`, so each server pauses on
 * its own schedule. Pauses that overlap merge (the later end wins).
 */
import type { EventTarget } from '../engine/scheduler.js';
import type { Rng } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
import type { Sampler } from '../engine/distributions.js';
import type { FaultSpecs } from '../spec/scenario.js';
import { faultTargets, type FaultableNode } from './node-faults.js';

class Pauser implements EventTarget {
  constructor(
    private readonly sim: Simulation,
    private readonly node: FaultableNode,
    private readonly rng: Rng,
    private readonly length: Sampler,
    private readonly every: Sampler | null,
  ) {}

  fire(): void {
    const now = this.sim.sched.now;
    this.node.lifecycle.pause(now + this.length(this.rng));
    if (this.every !== null) this.sim.sched.at(now + this.every(this.rng), this, 0, undefined, true);
  }
}

export function schedulePause(sim: Simulation, fault: FaultSpecs['pause'], index: number): void {
  for (const node of faultTargets(sim, 'pause', fault.target, index)) {
    const rng = sim.rng(`faults[${index}]/${node.id}`);
    const every = fault.every !== undefined ? sim.distribution(fault.every) : null;
    const pauser = new Pauser(sim, node, rng, sim.distribution(fault.for), every);
    const first = fault.atMs ?? (every as Sampler)(rng);
    sim.sched.at(first, pauser, 0, undefined, true);
  }
}

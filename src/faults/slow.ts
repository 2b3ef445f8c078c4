/**
 * `slow`: from `at`, for `for` (default: to the end of the run), the service times of the calls
 * that start on the target servers are multiplied by `factor`. Calls already in service keep their
 * service times; slowdowns that overlap multiply. A process has no service time: its network
 * interface is clogged instead (process/runtime.ts): the messages it sends or receives, sent while
 * it is slowed, take `factor` times the delay their wire drew.
 */
import type { EventTarget } from '../engine/scheduler.js';
import type { Simulation } from '../engine/simulation.js';
import type { FaultSpecs } from '../spec/scenario.js';
import { faultTargets, type FaultableNode } from './node-faults.js';

class Slower implements EventTarget {
  constructor(
    private readonly sim: Simulation,
    private readonly node: FaultableNode,
    private readonly factor: number,
    private readonly forMs: number,
  ) {}

  fire(): void {
    this.node.lifecycle.slow(this.factor, this.sim.sched.now + this.forMs);
  }
}

export function scheduleSlow(sim: Simulation, fault: FaultSpecs['slow'], index: number): void {
  for (const node of faultTargets(sim, 'slow', fault.target, index)) {
    sim.sched.at(fault.atMs, new Slower(sim, node, fault.factor, fault.forMs ?? Infinity), 0, undefined, true);
  }
}

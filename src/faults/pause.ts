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

/** One pause: when it starts and how long it lasts (ms). */
export interface PauseWindow {
  atMs: number;
  forMs: number;
}

/**
 * The pauses of one target, in order, drawn from its stream: the first start (`at`, else a draw
 * of `every`), then for each pause its length and, with `every`, the next start. The only copy of
 * the schedule: the pauser consumes it, and the shrinker lists it (run/shrink.ts writes a
 * seed's periodic pauses out as single ones).
 */
export function* pauseWindows(rng: Rng, length: Sampler, every: Sampler | null, atMs: number | undefined): Generator<PauseWindow> {
  let at = atMs ?? (every as Sampler)(rng);
  for (;;) {
    yield { atMs: at, forMs: length(rng) };
    if (every === null) return;
    at = at + every(rng);
  }
}

class Pauser implements EventTarget {
  constructor(
    private readonly sim: Simulation,
    private readonly node: FaultableNode,
    private readonly windows: Generator<PauseWindow>,
  ) {}

  /** Schedules the next pause, if there is one. */
  next(): void {
    const w = this.windows.next();
    if (!w.done) this.sim.sched.at(w.value.atMs, this, 0, w.value, true);
  }

  fire(_kind: number, w: PauseWindow): void {
    this.node.lifecycle.pause(this.sim.sched.now + w.forMs);
    this.next();
  }
}

/** The random stream of fault `index` at `node`. */
export const faultStream = (index: number, node: string) => `faults[${index}]/${node}`;

export function schedulePause(sim: Simulation, fault: FaultSpecs['pause'], index: number): void {
  for (const node of faultTargets(sim, 'pause', fault.target, index)) {
    const rng = sim.rng(faultStream(index, node.id));
    const every = fault.every !== undefined ? sim.distribution(fault.every) : null;
    new Pauser(sim, node, pauseWindows(rng, sim.distribution(fault.for), every, fault.atMs)).next();
  }
}

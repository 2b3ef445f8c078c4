/**
 * Schedules the scenario's `faults:` on a built system. Each kind of fault has one handler, in its
 * own module; a handler finds its targets by node pattern (`sim.find`) and schedules daemon events,
 * so a fault never keeps a run alive.
 */
import type { Simulation } from '../engine/simulation.js';
import type { FaultSpec, FaultSpecs } from '../spec/scenario.js';
import { schedulePartition } from '../net/partition.js';
import { scheduleFlaky } from '../net/flaky.js';
import { scheduleCrash } from './crash.js';
import { schedulePause } from './pause.js';
import { scheduleSlow } from './slow.js';

export type FaultHandler<K extends keyof FaultSpecs> = (sim: Simulation, fault: FaultSpecs[K], index: number) => void;

const HANDLERS: { [K in keyof FaultSpecs]: FaultHandler<K> } = {
  partition: schedulePartition,
  flaky: scheduleFlaky,
  crash: scheduleCrash,
  pause: schedulePause,
  slow: scheduleSlow,
};

export function scheduleFaults(sim: Simulation, faults: FaultSpec[]): void {
  faults.forEach((fault, i) => {
    const kind = (fault as { kind: keyof FaultSpecs }).kind;
    (HANDLERS[kind] as FaultHandler<typeof kind>)(sim, fault as never, i);
  });
}

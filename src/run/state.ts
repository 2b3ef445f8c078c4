/**
 * The state of a run's nodes now: every node with a `state()` (engine/node.ts `Stateful`), by id in
 * report order. What `lightcone replay --until N` dumps.
 */
import { hasState } from '../engine/node.js';
import { compareIds, type Simulation } from '../engine/simulation.js';

export interface RunState {
  /** Events fired so far (the last one is this number). */
  event: number;
  /** Simulated time (ms). */
  timeMs: number;
  /** Each node's state, by id. */
  nodes: Record<string, Record<string, unknown>>;
}

export function runState(sim: Simulation): RunState {
  const byId = new Map<string, object>();
  for (const n of sim.find('**')) byId.set(n.id, n);
  for (const n of sim.observedNodes()) {
    const id = (n as { id?: unknown }).id;
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, n);
  }
  const nodes: Record<string, Record<string, unknown>> = {};
  for (const id of [...byId.keys()].sort(compareIds)) {
    const n = byId.get(id) as object;
    if (hasState(n)) nodes[id] = n.state();
  }
  return { event: sim.sched.fired, timeMs: sim.sched.now, nodes };
}

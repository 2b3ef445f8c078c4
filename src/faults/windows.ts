/**
 * Fault windows: when each node was down, paused or slowed, and when the network was partitioned or
 * flaky, for the report's charts to mark. Whatever suffers or applies a fault records its window
 * here (a node knows when its window really ends: a crash cuts a pause short, a second pause
 * extends the first); the run collects them at the end. One list per simulation.
 */
import type { Simulation } from '../engine/simulation.js';

/** Something under a fault from `start` to `end` (ms; Infinity while it has not ended). */
export interface FaultWindow {
  /** The node's id, or for a network fault its target or `faults[i]`. */
  node: string;
  kind: string;
  start: number;
  end: number;
}

const windows = new WeakMap<Simulation, FaultWindow[]>();

/** Every fault window of `sim` so far, in the order they began; push a new one to record it. */
export function faultWindows(sim: Simulation): FaultWindow[] {
  let list = windows.get(sim);
  if (list === undefined) {
    list = [];
    windows.set(sim, list);
  }
  return list;
}

/**
 * The clock figures of a run's report: which nodes run on a skewed clock (scenario `clocks:`), and
 * for each its settings and its error (local minus true time, ms) at the end of the run. The engine
 * gives every node its clock (`Simulation.clockOf`); reporting on them is this module's business.
 */
import type { NodeStats } from '../engine/node.js';
import { LocalClock } from '../engine/clock.js';
import { compareIds, type Simulation } from '../engine/simulation.js';

/** A node's local clock, when it is not perfect: its settings and its error at the end of the run. */
export interface ClockFigures {
  offsetMs: number;
  driftPpm: number;
  steps: { atMs: number; byMs: number }[];
  errorMs: number;
}

/** A node's figures in a run's summary: its own, and its clock's when it is skewed. */
export type NodeSummary = NodeStats & { clock?: ClockFigures };

/** The registered nodes whose clock is not perfect, ordered by id like `Simulation.nodeStats`. */
export function skewedClocks(sim: Simulation): { id: string; clock: LocalClock }[] {
  return sim
    .nodeIds()
    .map((id) => ({ id, clock: sim.clockOf(id) }))
    .filter((c): c is { id: string; clock: LocalClock } => c.clock instanceof LocalClock)
    .sort((a, b) => compareIds(a.id, b.id));
}

/** `nodes` (the run's node figures, now), each with its clock's figures added when its clock is skewed. */
export function withClockFigures(sim: Simulation, nodes: readonly NodeStats[]): NodeSummary[] {
  const now = sim.sched.now;
  return nodes.map((stats) => {
    const clock = sim.clockOf(stats.id);
    if (!(clock instanceof LocalClock)) return stats;
    const { offsetMs, driftPpm, steps } = clock.settings;
    return { ...stats, clock: { offsetMs, driftPpm, steps: steps.map((s) => ({ atMs: s.atMs, byMs: s.byMs })), errorMs: clock.errorAt(now) } };
  });
}

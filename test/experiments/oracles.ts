/** Plain versions of what the experiments now do in bounded memory, kept as test oracles. */
import { experimentTaskList, type ExperimentRun } from '../../src/experiments/compare.js';
import type { PreparedExperiment } from '../../src/experiments/experiment.js';
import { WarningTally } from '../../src/experiments/result.js';
import type { ReplicationTask } from '../../src/experiments/worker.js';

/** The tasks of an experiment as an array (`experimentTaskList` spelled out). */
export function experimentTasks(x: PreparedExperiment, run: ExperimentRun, what: { series: boolean; histogram: boolean }): ReplicationTask[] {
  const list = experimentTaskList(x, run, what);
  return Array.from({ length: list.length }, (_, i) => list.at(i));
}

/** The warnings of kept per-replication arrays, tallied at the end. */
export function replicationWarnings(perReplication: readonly (readonly string[])[]): string[] | undefined {
  const tally = new WarningTally();
  for (const ws of perReplication) tally.add(ws);
  return tally.lines();
}

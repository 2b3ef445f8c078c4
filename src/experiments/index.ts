/** compare and sweep as a library: the API behind `lightcone compare` and `lightcone sweep`. */
export { compare, runCompare, DEFAULT_COMPARE_REPLICATIONS, type CompareOptions, type ExperimentRun } from './compare.js';
export { sweep, runSweep, DEFAULT_SWEEP_REPLICATIONS, type SweepOptions } from './sweep.js';
export { prepareExperiment, runTasks, InterruptedError, WORKER_FILE, type ExperimentInput, type PreparedExperiment, type RunOptions } from './experiment.js';
export { parseVary, expandRange, expandAxes, variantsOf, VaryError, type Axis, type Variant, type WrittenAxis } from './vary.js';
export { tQuantile, studentTCdf, meanInterval, ratioInterval, LEVEL } from '../stats/intervals.js';
export { verdictLine } from './verdict.js';
export { renderCompare, renderSweep, resultJson, variantsCsv, replicationsCsv, sweepCsv } from './render.js';
export { runReplication, type ReplicationTask, type ReplicationOutput } from './worker.js';
export type * from './result.js';
export { METRICS } from './result.js';

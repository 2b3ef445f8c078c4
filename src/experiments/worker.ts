/**
 * One replication of one variant: the unit of work of `compare` and `sweep`, run on a worker thread
 * (tinypool calls the default export) or in-process (`--jobs 1`). It takes plain data and returns
 * plain data: the replication's figures, its latency histogram (compressed, base64) and, when asked,
 * the run's time series.
 */
import { simulate, type SimulateOptions } from '../run/simulate.js';
import type { Limits } from '../scenario/limits.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Request } from '../engine/request.js';
import type { RunSeries } from '../run/series.js';
import type { MetricName } from './result.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { cachedProgram } from '../run/program.js';
import type { LoadedProgram } from '../process/runtime.js';
import { failureOf, threadScenario, type WorkerFailure } from './thread.js';

export interface ReplicationTask {
  /** The scenario file: names it in the stamp and in messages; relative paths in it start from its folder. */
  file: string;
  /** The overrides, as for --set: the command's own, then the variant's. */
  overrides: string[];
  /** The root seed of this replication (S + i for replication i). */
  seed: number;
  /** Size limits the scenario was validated with (default: DEFAULT_LIMITS). */
  limits?: Limits;
  /** Collect the time series (`simulate(..., { series: true })`): replication 0 of each variant. */
  wantSeries: boolean;
  /** Record the measured latencies into a histogram for the merged CDF (default true). */
  wantHistogram?: boolean;
  /**
   * The scenario with these overrides, already validated by the caller: saves reading and parsing
   * it again for every replication (and loading the YAML and schema modules on every thread).
   */
  scenario?: LoadedScenario;
}

export interface ReplicationOutput {
  figures: Record<MetricName, number>;
  /** The measured latencies, as an HDR histogram compressed into base64 (null when not asked for). */
  histogram: string | null;
  series: RunSeries | null;
  /** The run's warnings (an overloaded server, a latency still climbing: see run/warnings.ts). */
  warnings: string[];
  /** The properties the run broke (its summary's failures, by property), absent when none. */
  failed?: string[];
}

async function scenarioOf(task: ReplicationTask): Promise<LoadedScenario> {
  return task.scenario ?? threadScenario(task.file, task.overrides, task.limits);
}

/** Runs one replication on an already loaded scenario (synchronous: the in-process path); `program`: a scenario with processes, its program loaded (run/program.ts). */
export function runLoaded(scenario: LoadedScenario, task: Pick<ReplicationTask, 'seed' | 'wantSeries' | 'wantHistogram'>, program?: LoadedProgram): ReplicationOutput {
  const histogram = task.wantHistogram === false ? null : LatencyHistogram.empty();
  const onRequest = histogram === null ? undefined : (req: Request) => {
    if (req.measured) histogram.record(req.end - req.arrival);
  };
  const options: SimulateOptions = { seed: task.seed, onRequest, series: task.wantSeries, ...(program !== undefined && { program }) };
  const result = simulate(scenario, options);
  const s = result.summary;
  const figures: Record<MetricName, number> = {
    p50: s.latency.p50,
    p90: s.latency.p90,
    p99: s.latency.p99,
    p999: s.latency.p999,
    mean: s.latency.mean,
    success: s.success,
    throughput: s.throughput.responseRate,
  };
  let encoded: string | null = null;
  if (histogram !== null) {
    encoded = histogram.encode();
    histogram.destroy();
  }
  return {
    figures,
    histogram: encoded,
    series: task.wantSeries ? (result.series ?? null) : null,
    warnings: s.warnings ?? [],
    ...(s.failures !== undefined && { failed: s.failures.map((f) => f.property) }),
  };
}

/** One replication. Throws what simulate throws. */
export async function runReplication(task: ReplicationTask): Promise<ReplicationOutput> {
  const scenario = await scenarioOf(task);
  return runLoaded(scenario, task, await cachedProgram(scenario));
}

/** What tinypool calls on a worker thread. */
export default async function replicationOnThread(task: ReplicationTask): Promise<ReplicationOutput | WorkerFailure> {
  try {
    return await runReplication(task);
  } catch (e) {
    return failureOf(e);
  }
}

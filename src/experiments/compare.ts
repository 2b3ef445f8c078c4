/**
 * `compare`: every variant of a scenario, replicated on the same seeds, each figure with its 95%
 * confidence interval, each variant against the first (paired by seed), and a verdict. The library
 * behind `lightcone compare`; usable alone:
 *
 *     const result = await compare({ file: 'scenarios/timelike/random.yaml', seed: 1, replications: 10,
 *       vary: [{ path: 'topology[0].balancer.strategy', values: ['random', 'least-conn'] }] });
 */
import { stampFile } from '../scenario/bundled.js';
import { GENERATOR } from '../engine/rng.js';
import { TOOL, VERSION } from '../version.js';
import type { RunSeries } from '../run/series.js';
import { prepareExperiment, runTasks, type ExperimentInput, type PreparedExperiment, type RunOptions } from './experiment.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { METRICS, type CompareResult, type CompareStamp, type Interval, type MetricName, type ReplicationFigures, type VariantResult, replicationWarnings, checkCounts } from './result.js';
import { meanInterval, ratioInterval } from '../stats/intervals.js';
import { verdictOf } from './verdict.js';
import type { ReplicationTask } from './worker.js';

/** Replications per variant when neither the command nor the scenario's block says. */
export const DEFAULT_COMPARE_REPLICATIONS = 10;

export interface ExperimentRun extends RunOptions {
  /** Replications per variant; replication i of every variant runs with seed `seed + i`. */
  replications: number;
  seed: number;
  /** The metrics the verdict weighs, the first deciding the ranking and the winner (default: p99). */
  metrics?: MetricName[];
}

export type CompareOptions = ExperimentInput & Partial<ExperimentRun> & { seed: number };

/** Validates every variant, then runs the comparison. Throws VaryError or ScenarioError before running anything. */
export async function compare(options: CompareOptions): Promise<CompareResult> {
  const prepared = prepareExperiment(options);
  return runCompare(prepared, { ...options, replications: options.replications ?? DEFAULT_COMPARE_REPLICATIONS });
}

export function experimentStamp(x: PreparedExperiment, command: 'compare' | 'sweep', run: ExperimentRun): CompareStamp {
  return {
    tool: TOOL,
    version: VERSION,
    seed: run.seed,
    scenario: x.base.spec.name,
    file: stampFile(x.file),
    scenarioHash: x.base.hash,
    overrides: x.set,
    generator: GENERATOR,
    node: process.version,
    command,
    replications: run.replications,
    seeds: { first: run.seed, last: run.seed + run.replications - 1 },
  };
}

/** The tasks of an experiment, variant by variant, replication by replication. */
export function experimentTasks(x: PreparedExperiment, run: ExperimentRun, what: { series: boolean; histogram: boolean }): ReplicationTask[] {
  if (!(Number.isSafeInteger(run.replications) && run.replications >= 1)) throw new RangeError(`replications must be a whole number >= 1; found ${run.replications}`);
  return x.variants.flatMap((v) =>
    Array.from({ length: run.replications }, (_, r) => ({
      file: x.file,
      overrides: [...x.set, ...v.set],
      seed: run.seed + r,
      wantSeries: what.series && r === 0,
      wantHistogram: what.histogram,
      limits: x.limits,
      scenario: v.scenario,
    })),
  );
}

/** Each metric's mean over the replications with its interval. */
export function metricsOf(figures: readonly ReplicationFigures[]): Record<MetricName, Interval> {
  return Object.fromEntries(METRICS.map((m) => [m, meanInterval(figures.map((f) => f[m]))])) as Record<MetricName, Interval>;
}

/** Runs a prepared comparison. */
export async function runCompare(x: PreparedExperiment, run: ExperimentRun): Promise<CompareResult> {
  const R = run.replications;
  const tasks = experimentTasks(x, run, { series: true, histogram: true });
  const figures: ReplicationFigures[][] = x.variants.map(() => []);
  const series: (RunSeries | null)[] = x.variants.map(() => null);
  const merged = x.variants.map(() => LatencyHistogram.empty());
  const warned: string[][][] = x.variants.map(() => []);
  const failed: (string[] | undefined)[][] = x.variants.map(() => []);
  try {
    await runTasks(
      tasks,
      (i, out) => {
        const v = Math.floor(i / R);
        const r = i % R;
        figures[v][r] = { seed: run.seed + r, ...out.figures };
        if (out.histogram !== null) {
          const h = LatencyHistogram.decode(out.histogram);
          merged[v].add(h);
          h.destroy();
        }
        if (out.series !== null) series[v] = out.series;
        warned[v][r] = out.warnings;
        failed[v][r] = out.failed;
      },
      run,
    );
    const baseline = figures[0];
    const warnings = warned.map(replicationWarnings);
    const variants: VariantResult[] = x.variants.map((v, i) => ({
      name: v.name,
      set: v.set,
      replications: R,
      metrics: metricsOf(figures[i]),
      vsBaseline:
        i === 0
          ? { p50: one(), p99: one(), mean: one() }
          : {
              p50: ratioInterval(figures[i].map((f) => f.p50), baseline.map((f) => f.p50)),
              p99: ratioInterval(figures[i].map((f) => f.p99), baseline.map((f) => f.p99)),
              mean: ratioInterval(figures[i].map((f) => f.mean), baseline.map((f) => f.mean)),
            },
      perReplication: figures[i],
      cdf: merged[i].cdf(),
      ...(warnings[i] !== undefined && { warnings: warnings[i] }),
      ...(v.scenario.spec.checks !== undefined && { checks: checkCounts(v.scenario.spec.checks, failed[i]) }),
      series: series[i] as RunSeries,
    }));
    const v = verdictOf(variants, run.metrics ?? [], R);
    return {
      stamp: experimentStamp(x, 'compare', run),
      variants,
      verdict: v.lines,
      metrics: v.metrics,
      warnings: [...variants.flatMap((vr) => (vr.warnings ?? []).map((w) => `warning: ${vr.name}: ${w}`)), ...v.warnings],
      ranking: v.ranking,
      winner: v.winner,
      ...(v.summary !== '' && { summary: v.summary }),
    };
  } finally {
    for (const h of merged) h.destroy();
  }
}

const one = () => ({ ratio: 1, lo: 1, hi: 1 });

/**
 * `compare`: every variant of a scenario, replicated on the same seeds, each figure with its 95%
 * confidence interval, each variant against the first (paired by seed), and a verdict. The library
 * behind `lightcone compare`; usable alone:
 *
 *     const result = await compare({ file: 'scenarios/timelike/random.yaml', seed: 1, replications: 10,
 *       vary: [{ path: 'topology[0].balancer.strategy', values: ['random', 'least-conn'] }] });
 */
import { stampOf } from '../run/stamp.js';
import type { RunSeries } from '../run/series.js';
import { prepareExperiment, runTasks, type ExperimentInput, type PreparedExperiment, type RunOptions } from './experiment.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { FigureColumns, METRICS, withChecks, type CompareResult, type CompareStamp, type Interval, type MetricName, type VariantResult } from './result.js';
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
    ...stampOf({ spec: x.base.spec, file: x.file, hash: x.base.hash }, x.set, { seed: run.seed }),
    command,
    replications: run.replications,
    seeds: { first: run.seed, last: run.seed + run.replications - 1 },
  };
}

/**
 * The tasks of an experiment, variant by variant, replication by replication, made as they are
 * handed out (`at(i)`): nothing is kept per replication before it runs.
 */
export function experimentTaskList(x: PreparedExperiment, run: ExperimentRun, what: { series: boolean; histogram: boolean }): { readonly length: number; at(index: number): ReplicationTask } {
  if (!(Number.isSafeInteger(run.replications) && run.replications >= 1)) throw new RangeError(`replications must be a whole number >= 1; found ${run.replications}`);
  const R = run.replications;
  const overrides = x.variants.map((v) => [...x.set, ...v.set]);
  return {
    length: x.variants.length * R,
    at(i: number): ReplicationTask {
      const v = Math.floor(i / R);
      const r = i % R;
      return {
        file: x.file,
        overrides: overrides[v],
        seed: run.seed + r,
        wantSeries: what.series && r === 0,
        wantHistogram: what.histogram,
        limits: x.limits,
        scenario: x.variants[v].scenario,
      };
    },
  };
}

/** Each metric's mean over the replications with its interval. */
export function metricsOf(figures: FigureColumns): Record<MetricName, Interval> {
  return Object.fromEntries(METRICS.map((m) => [m, meanInterval(figures.column(m))])) as Record<MetricName, Interval>;
}

/** Runs a prepared comparison. */
export async function runCompare(x: PreparedExperiment, run: ExperimentRun): Promise<CompareResult> {
  const R = run.replications;
  const tasks = experimentTaskList(x, run, { series: true, histogram: true });
  const figures = x.variants.map(() => new FigureColumns(R, run.seed));
  const series: (RunSeries | null)[] = x.variants.map(() => null);
  const merged = x.variants.map(() => LatencyHistogram.empty());
  try {
    await runTasks(
      tasks,
      (i, out) => {
        const v = Math.floor(i / R);
        figures[v].set(i % R, out.figures, out.warnings, out.failed);
        if (out.histogram !== null) {
          const h = LatencyHistogram.decode(out.histogram);
          merged[v].add(h);
          h.destroy();
        }
        if (out.series !== null) series[v] = out.series;
      },
      run,
    );
    const baseline = figures[0];
    const variants: VariantResult[] = x.variants.map((v, i) => {
      const warnings = figures[i].warnings.lines();
      const ratio = (m: 'p50' | 'p99' | 'mean') => ratioInterval(figures[i].column(m), baseline.column(m));
      return {
        name: v.name,
        set: v.set,
        replications: R,
        metrics: metricsOf(figures[i]),
        vsBaseline: i === 0 ? { p50: one(), p99: one(), mean: one() } : { p50: ratio('p50'), p99: ratio('p99'), mean: ratio('mean') },
        perReplication: figures[i].rows(),
        cdf: merged[i].cdf(),
        ...(warnings !== undefined && { warnings }),
        ...withChecks(figures[i].checkCounts(v.scenario.spec.checks)),
        series: series[i] as RunSeries,
      };
    });
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

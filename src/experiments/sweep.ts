/**
 * `sweep`: a grid of values (numeric ranges and lists), each point replicated on the same seeds,
 * each figure with its 95% confidence interval. The library behind `lightcone sweep`.
 */
import { prepareExperiment, runTasks, type ExperimentInput, type PreparedExperiment } from './experiment.js';
import { experimentStamp, experimentTaskList, metricsOf, type ExperimentRun } from './compare.js';
import { FigureColumns, withChecks, type SweepResult } from './result.js';
import { queueTheory } from './theory.js';

/** Replications per point when neither the command nor the scenario's block says. */
export const DEFAULT_SWEEP_REPLICATIONS = 5;

export type SweepOptions = ExperimentInput & Partial<ExperimentRun> & { seed: number };

/** Validates every point, then runs the sweep. Throws VaryError or ScenarioError before running anything. */
export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const prepared = prepareExperiment(options);
  return runSweep(prepared, { ...options, replications: options.replications ?? DEFAULT_SWEEP_REPLICATIONS });
}

/** Runs a prepared sweep. */
export async function runSweep(x: PreparedExperiment, run: ExperimentRun): Promise<SweepResult> {
  const R = run.replications;
  const tasks = experimentTaskList(x, run, { series: false, histogram: false });
  const figures = x.variants.map(() => new FigureColumns(R, run.seed));
  await runTasks(tasks, (i, out) => figures[Math.floor(i / R)].set(i % R, out.figures, out.warnings, out.failed), run);
  return {
    stamp: experimentStamp(x, 'sweep', run),
    axes: x.axes.map((a) => ({ path: a.path, values: a.values })),
    points: x.variants.map((v, i) => {
      // An M/M/1 or M/M/c point also carries what theory says, for the chart's theory line.
      const theory = queueTheory(v.scenario.spec);
      const warnings = figures[i].warnings.lines();
      return {
        name: v.name,
        values: v.values,
        set: v.set,
        replications: R,
        metrics: metricsOf(figures[i]),
        perReplication: figures[i].rows(),
        ...(warnings !== undefined && { warnings }),
        ...withChecks(figures[i].checkCounts(v.scenario.spec.checks)),
        ...(theory !== null && { theory }),
      };
    }),
  };
}

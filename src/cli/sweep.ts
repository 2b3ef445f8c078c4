/**
 * `lightcone sweep <scenario> --vary load.poisson.interval=2ms..1ms/8 --vary ...`: a grid of values,
 * each point replicated on the same seeds, each figure with its 95% confidence interval; sweep.csv,
 * summary.json, replications.csv and the HTML report on disk. Shares its machinery with compare.
 */
import { experimentCommand, type ExperimentFlags } from './compare.js';

export function sweepCommand(scenarioArg: string, flags: ExperimentFlags): Promise<number> {
  return experimentCommand('sweep', scenarioArg, flags);
}

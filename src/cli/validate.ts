/**
 * `lightcone validate <scenario>`: checks a scenario file as every command would, runs nothing:
 * the file, the system it builds (fault and clock targets), and its `compare:` and `sweep:` blocks
 * (every path and value of every variant, placed at the value in the block; every variant built),
 * and the program of a scenario with processes (loaded as a run loads it: the file, its syntax, the
 * kinds it must export, its invariants).
 */
import { checkBuild } from '../run/check-build.js';
import { loadScenario } from '../scenario/load.js';
import { ScenarioError, type Problem } from '../scenario/errors.js';
import { checkRuns, LimitError } from '../scenario/limits.js';
import { countVariants, prepareExperiment } from '../experiments/experiment.js';
import { DEFAULT_COMPARE_REPLICATIONS } from '../experiments/compare.js';
import { DEFAULT_SWEEP_REPLICATIONS } from '../experiments/sweep.js';
import { resolveScenario } from './scenario-path.js';
import { EXIT_OK, UsageError } from './exit-codes.js';
import { cliLimits } from './limits.js';
import { printScenarioWarnings } from './warnings.js';
import { scenarioProgram } from '../run/program.js';

export async function validateCommand(scenarioArg: string, flags: { set: string[]; limit?: string[] }): Promise<number> {
  const file = resolveScenario(scenarioArg);
  const limits = cliLimits(flags.limit);
  const scenario = loadScenario(file, flags.set, { limits });
  printScenarioWarnings(scenario);
  const s = scenario.spec;
  const seed = s.seed ?? 0;
  checkBuild(scenario, seed); // what only the built system can tell (fault, clock and check targets)
  const program = await scenarioProgram(scenario); // a missing file, a syntax error, a kind it does not export
  const problems: Problem[] = [];
  const blocks: string[] = [];
  for (const command of ['compare', 'sweep'] as const) {
    const block = s[command];
    if (block === undefined) continue;
    try {
      const replications = block.replications ?? (command === 'compare' ? DEFAULT_COMPARE_REPLICATIONS : DEFAULT_SWEEP_REPLICATIONS);
      checkRuns(countVariants(block.vary) * replications, limits); // before validating a million variants
      const x = prepareExperiment({ file, text: scenario.text, set: flags.set, vary: block.vary, block: command, limits });
      for (const v of x.variants) checkBuild(v.scenario, seed);
      blocks.push(`${command}: ${x.variants.length} ${command === 'compare' ? 'variants' : 'points'} x ${replications}`);
    } catch (e) {
      if (e instanceof ScenarioError) problems.push(...e.problems);
      else if (e instanceof LimitError) throw new UsageError(`${file}: the ${command}: block: ${e.message}; ${e.hint}`);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ScenarioError(file, problems.sort((a, b) => a.line - b.line || a.col - b.col));
  const operations = s.processes?.workload?.operations;
  const load = operations !== undefined && !(s.load.requests! > 0) ? `${operations} operations` : s.load.requests !== undefined ? `${s.load.requests} requests` : `${s.load.durationMs} ms of load`;
  const extra = blocks.length > 0 ? `; ${blocks.join('; ')}` : '';
  const code = program === undefined ? '' : `; program ${program.file}: ${s.processes?.groups.length ?? 0} process ${s.processes?.groups.length === 1 ? 'group' : 'groups'}, ${program.invariants.length} ${program.invariants.length === 1 ? 'invariant' : 'invariants'}`;
  process.stdout.write(`ok: ${file} is a valid scenario "${s.name}" (${load}, seed ${s.seed ?? 'not set'}${extra}${code})\n`);
  return EXIT_OK;
}

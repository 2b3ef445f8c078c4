/** `lightcone validate <scenario>`: checks a scenario file, runs nothing. */
import { loadScenario } from '../scenario/load.js';
import { buildSystem } from '../run/simulate.js';
import { resolveScenario } from './scenario-path.js';
import { EXIT_OK } from './exit-codes.js';
import { cliLimits } from './limits.js';

export function validateCommand(scenarioArg: string, flags: { set: string[]; limit?: string[] }): number {
  const file = resolveScenario(scenarioArg);
  const scenario = loadScenario(file, flags.set, { limits: cliLimits(flags.limit) });
  const s = scenario.spec;
  buildSystem(s, s.seed ?? 0); // what only the built system can tell (fault and clock targets)
  const load = s.load.requests !== undefined ? `${s.load.requests} requests` : `${s.load.durationMs} ms of load`;
  process.stdout.write(`ok: ${file} is a valid scenario "${s.name}" (${load}, seed ${s.seed ?? 'not set'})\n`);
  return EXIT_OK;
}

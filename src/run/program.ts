/**
 * The program of a scenario with processes, loaded: the one place every command (run, hunt,
 * replay, shrink, validate, compare, sweep) and every worker thread goes through, so that they all
 * run the same code the same way. `--program` (a path relative to the working folder) replaces the
 * scenario's `program:`; a scenario without processes runs no code.
 *
 * Loading compiles the file with esbuild and imports it (process/program.ts); `cachedProgram`
 * keeps each loaded program by file (and the kinds asked for), so a worker thread loads it once
 * however many seeds or replications it runs. A program's module-level state therefore lives on
 * from one run to the next on the same thread: a program that keeps some is nondeterministic, and
 * `--double` catches it.
 */
import { resolve } from 'node:path';
import { loadProgram } from '../process/program.js';
import { ProgramError } from '../process/errors.js';
import type { LoadedProgram } from '../process/runtime.js';
import { locateBuildError } from '../scenario/build-problems.js';
import type { LoadedScenario } from '../scenario/load.js';

/** Loads the program of `scenario` (undefined: it has no processes). Throws ProgramError (exit 2) or a ScenarioError placing it. */
export async function scenarioProgram(scenario: LoadedScenario, options: { program?: string } = {}): Promise<LoadedProgram | undefined> {
  const spec = scenario.spec.processes;
  if (spec === undefined) return undefined;
  const file = options.program !== undefined ? resolve(options.program) : spec.program;
  if (file === undefined) throw new ProgramError(`the scenario ${scenario.file} has processes: but no program: give program: FILE in it, or --program FILE`);
  const wanted = spec.groups.map((g, i) => ({ kind: g.kind, path: `processes[${i}].kind` }));
  try {
    return await loadProgram(file, wanted, options.program !== undefined ? '--program' : 'program');
  } catch (e) {
    if (e instanceof ProgramError) throw locateBuildError(scenario, e);
    throw e;
  }
}

const cache = new Map<string, Promise<LoadedProgram | undefined>>();

/** As `scenarioProgram`, loaded once per thread for each program file (and set of kinds). */
export function cachedProgram(scenario: LoadedScenario): Promise<LoadedProgram | undefined> {
  const spec = scenario.spec.processes;
  if (spec === undefined) return Promise.resolve(undefined);
  const key = JSON.stringify([spec.program ?? '', spec.groups.map((g) => g.kind)]);
  let p = cache.get(key);
  if (p === undefined) {
    p = scenarioProgram(scenario);
    p.catch(() => cache.delete(key));
    if (cache.size >= 16) cache.clear();
    cache.set(key, p);
  }
  return p;
}

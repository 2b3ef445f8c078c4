/**
 * Problems found only when the system is built (a fault, clock or partition target that matches no
 * node, a crash or slow target that is not a server) are BuildErrors whose message lines begin with
 * the scenario path they are about (`faults[0].pause.target: ...`). Given the loaded scenario, they
 * become problems with a file:line:col like every other, at that value in the file, or at the
 * `--set` override that gave it.
 */
import { BuildError } from '../engine/errors.js';
import { ScenarioError } from './errors.js';
import { parsePath } from './path.js';
import { problemInScenario, type LoadedScenario } from './load.js';

const LEADING_PATH = /^((?:faults|clocks|checks|processes)\[\d+\](?:\.[a-z-]+)*|workload(?:\.[a-z-]+)*|program): (.*)$/s;

/** The BuildError as a ScenarioError with positions, when its lines name their paths; else the error itself. */
export function locateBuildError(scenario: LoadedScenario, error: BuildError): ScenarioError | BuildError {
  const parsed = error.message.split('\n').map((l) => LEADING_PATH.exec(l));
  if (parsed.some((m) => m === null)) return error;
  return new ScenarioError(
    scenario.file,
    (parsed as RegExpExecArray[]).map((m) => problemInScenario(scenario, parsePath(m[1]), m[2])),
  );
}

/** Runs `build`, turning a BuildError into a positioned ScenarioError where it can. */
export function withBuildPositions<T>(scenario: LoadedScenario, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof BuildError) throw locateBuildError(scenario, e);
    throw e;
  }
}

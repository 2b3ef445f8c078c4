/**
 * Builds a scenario's system and throws it away: what only the built system can tell (fault,
 * clock, partition and check targets) is found before anything runs, each problem placed in the
 * file (`withBuildPositions`).
 */
import { withBuildPositions } from '../scenario/build-problems.js';
import type { LoadedScenario } from '../scenario/load.js';
import { buildSystem } from './simulate.js';

export function checkBuild(scenario: LoadedScenario, seed: number): void {
  withBuildPositions(scenario, () => buildSystem(scenario.spec, seed));
}

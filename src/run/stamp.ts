/**
 * The stamp of a result: which tool made it, from which scenario file (and overrides), with which
 * random generator and Node.js. A run's stamp has its seed after the version; an experiment's or a
 * hunt's has its own `head` there (the first seed, the command).
 */
import { stampFile } from '../scenario/bundled.js';
import type { LoadedScenario } from '../scenario/load.js';
import { GENERATOR } from '../engine/rng.js';
import { TOOL, VERSION } from '../version.js';

export function stampOf<H extends object>(
  scenario: Pick<LoadedScenario, 'spec' | 'file' | 'hash'>,
  overrides: string[],
  head: H,
): { tool: string; version: string } & H & { scenario: string; file: string; scenarioHash: string; overrides: string[]; generator: string; node: string } {
  return {
    tool: TOOL,
    version: VERSION,
    ...head,
    scenario: scenario.spec.name,
    file: stampFile(scenario.file),
    scenarioHash: scenario.hash,
    overrides,
    generator: GENERATOR,
    node: process.version,
  };
}

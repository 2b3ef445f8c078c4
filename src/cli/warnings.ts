/** Warnings about a scenario that still runs (old spellings of keys), printed on stderr before anything else. */
import { formatWarning } from '../scenario/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import { overrideWarning } from '../scenario/deprecations.js';
import { parsePath, PathSyntaxError } from '../scenario/path.js';
import type { WrittenAxis } from '../experiments/vary.js';

export function printScenarioWarnings(scenario: LoadedScenario): void {
  for (const w of scenario.warnings) process.stderr.write(formatWarning(w) + '\n');
}

/** Warns about each `--vary` axis whose path has an old key in it (the variants read it as the new one). */
export function printVaryWarnings(file: string, axes: readonly WrittenAxis[]): void {
  for (const axis of axes) {
    let path;
    try {
      path = parsePath(axis.path);
    } catch (e) {
      if (e instanceof PathSyntaxError) continue; // the variants report it, at the axis
      throw e;
    }
    const { warning } = overrideWarning(file, axis.flag ?? axis.path, path);
    if (warning !== undefined) process.stderr.write(`warning: --vary ${warning.override}  ${warning.path}\n    ${warning.message}\n`);
  }
}

/** Warnings about a scenario that still runs (old spellings of keys), printed on stderr before anything else. */
import { formatWarning } from '../scenario/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import { overrideWarning } from '../scenario/deprecations.js';
import { parsePath, PathSyntaxError } from '../scenario/path.js';

export function printScenarioWarnings(scenario: LoadedScenario): void {
  for (const w of scenario.warnings) process.stderr.write(formatWarning(w) + '\n');
}

/** Warns about a `--vary PATH=...` whose path has an old key in it (the variants read it as the new one). */
export function printVaryWarnings(file: string, flags: readonly string[]): void {
  for (const text of flags) {
    const eq = text.indexOf('=');
    let path;
    try {
      path = parsePath((eq < 0 ? text : text.slice(0, eq)).trim());
    } catch (e) {
      if (e instanceof PathSyntaxError) continue; // parseVary reports it
      throw e;
    }
    const { warning } = overrideWarning(file, text, path);
    if (warning !== undefined) process.stderr.write(`warning: --vary ${text}  ${warning.path}\n    ${warning.message}\n`);
  }
}

/**
 * A scenario given as a plain object in the file's shape (what a YAML or JSON scenario file parses
 * to: durations and distributions as text, `round-exponential`, `backends: { service, count }`),
 * for programs that make scenarios in code. It is written out as YAML and goes through
 * `parseScenario`, so it meets exactly the validation and the messages of a file.
 */
import { stringify } from 'yaml';
import { ScenarioError } from './errors.js';
import { parseScenario, type LoadedScenario } from './load.js';

/**
 * Validates a scenario given as a plain object. `file` names it in messages and in the run's stamp,
 * and relative paths in it (CSV files) start from `file`'s folder. `overrides` are applied as
 * `--set` would. The result's `text` is the object written as YAML, so `compare` and `sweep` take
 * it as `{ file, text }`.
 *
 * Throws ScenarioError with every problem found. Its problems have a path (`load.requests`) but no
 * line or column: the YAML they would point into was written here, not by the caller.
 */
export function parseScenarioObject(value: unknown, file: string, overrides: string[] = []): LoadedScenario {
  // stringify(undefined) is undefined, not text: the schema then reports an empty scenario.
  const text = (stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 }) as string | undefined) ?? '';
  try {
    return parseScenario(text, file, overrides);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw new ScenarioError(
      e.file,
      e.problems.map((p) => (p.override === undefined ? { ...p, line: 0, col: 0 } : p)),
    );
  }
}

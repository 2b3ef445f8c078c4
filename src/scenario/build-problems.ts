/**
 * Problems found only when the system is built (a fault, clock or partition target that matches no
 * node, a crash or slow target that is not a server) are BuildErrors whose message lines begin with
 * the scenario path they are about (`faults[0].pause.target: ...`). Given the loaded scenario, they
 * become problems with a file:line:col like every other, at that value in the file, or at the
 * `--set` override that gave it.
 */
import { LineCounter, parseDocument } from 'yaml';
import { BuildError } from '../engine/errors.js';
import { ScenarioError, type Problem } from './errors.js';
import { locate } from './locate.js';
import { parseOverride } from './overrides.js';
import { formatPath, parsePath, type PathSegment } from './path.js';
import type { LoadedScenario } from './load.js';

const LEADING_PATH = /^((?:faults|clocks)\[\d+\](?:\.[a-z-]+)*): (.*)$/s;

/** The BuildError as a ScenarioError with positions, when its lines name their paths; else the error itself. */
export function locateBuildError(scenario: LoadedScenario, error: BuildError): ScenarioError | BuildError {
  const lines = error.message.split('\n');
  const parsed = lines.map((l) => LEADING_PATH.exec(l));
  if (parsed.some((m) => m === null)) return error;
  const lineCounter = new LineCounter();
  const doc = parseDocument(scenario.text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const overrides = scenario.overrides.map((text) => ({ text, path: safePath(text) }));
  const problems: Problem[] = (parsed as RegExpExecArray[]).map((m) => {
    const path = parsePath(m[1]);
    const message = m[2];
    const override = [...overrides].reverse().find((o) => o.path !== null && o.path.every((seg, i) => String(seg) === String(path[i])));
    if (override !== undefined) return { file: scenario.file, line: 0, col: 0, path: formatPath(path), message, override: override.text };
    const { line, col } = locate({ doc, text: scenario.text, lineCounter }, path);
    return { file: scenario.file, line, col, path: formatPath(path), message };
  });
  return new ScenarioError(scenario.file, problems);
}

function safePath(override: string): PathSegment[] | null {
  try {
    return parseOverride(override).path;
  } catch {
    return null;
  }
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

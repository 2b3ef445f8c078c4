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
import { didYouMean } from '../engine/did-you-mean.js';
import { quote } from './messages.js';
import { problemInScenario, type LoadedScenario } from './load.js';

const LEADING_PATH = /^((?:faults|clocks|checks|processes)\[\d+\](?:\.[a-z-]+|\[\d+\])*|workload(?:\.[a-z-]+)*|program): (.*)$/s;
const HINT_LINE = /^hint: (.*)$/s;

/**
 * The BuildError as a ScenarioError with positions, when its lines name their paths (each may be
 * followed by a `hint: ...` line); else the error itself.
 */
export function locateBuildError(scenario: LoadedScenario, error: BuildError): ScenarioError | BuildError {
  const problems: { path: string; message: string; hint?: string }[] = [];
  for (const line of error.message.split('\n')) {
    const m = LEADING_PATH.exec(line);
    const h = m === null ? HINT_LINE.exec(line) : null;
    if (m !== null) problems.push({ path: m[1], message: m[2] });
    else if (h !== null && problems.length > 0 && problems[problems.length - 1].hint === undefined) problems[problems.length - 1].hint = h[1];
    else return error;
  }
  for (const s of error.suggest) {
    const p = problems[s.line];
    if (p !== undefined && p.hint === undefined) p.hint = closestName(s.word, s.candidates);
  }
  return new ScenarioError(
    scenario.file,
    problems.map((p) => problemInScenario(scenario, parsePath(p.path), p.message, p.hint)),
  );
}

/**
 * `did you mean "balancer/dyno[3]/link"?` for a node name that matched nothing, from node ids written
 * by shape (pool indices as [N]): the closest shape, with the name's own brackets put back.
 */
function closestName(word: string, shapes: readonly string[]): string | undefined {
  const BRACKETS = /\[[^\]]*\]/g;
  const best = didYouMean(word.replace(BRACKETS, '[N]'), shapes);
  if (best === undefined) return undefined;
  const own = word.match(BRACKETS) ?? [];
  const parts = best.split('[N]');
  const first = best.replaceAll('[N]', '[0]');
  // the name's own indices, unless that spells the name itself (an index past the pool's end): then the first member
  let spelled = own.length === parts.length - 1 ? parts.reduce((text, part, i) => text + own[i - 1] + part) : first;
  if (spelled === word) spelled = first;
  return spelled === word ? undefined : `did you mean ${quote(spelled)}?`;
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

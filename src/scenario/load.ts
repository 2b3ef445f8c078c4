/**
 * Loading a scenario: file -> YAML document (with positions) -> `--set` overrides -> schema ->
 * ScenarioSpec, or one ScenarioError with every problem found, each at its line and column.
 * JSON files go through the same YAML parser (JSON is YAML), so their problems have positions too.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { LineCounter } from 'yaml';
import type { z } from 'zod';
import { type Problem, ScenarioError } from './errors.js';
import { inFile, locate, type Source } from './locate.js';
import { didYouMeanHint, errorMap, unsay } from './messages.js';
import { applyOverride, type Override, OverrideError, parseOverride } from './overrides.js';
import { formatPath } from './path.js';
import { type IssueParams, scenarioSchema } from './schema.js';
import { plainValue } from './yaml-values.js';
import { parseYamlDocument } from './yaml-document.js';
import { overrideWarning, renameOldKeys } from './deprecations.js';
import { checkLimits, checkTraceLimits, DEFAULT_LIMITS, LimitError, type Limits } from './limits.js';
import { FileReadError, readRegularFile } from './regular-file.js';
import type { ScenarioSpec } from './spec.js';
import { hasSwarm, resolveSwarm, swarmProblems, swarmStream } from './swarm.js';

export interface LoadedScenario {
  spec: ScenarioSpec;
  /** The scenario file, as given. */
  file: string;
  /** The file's text, before overrides. */
  text: string;
  /** `sha256:` and the hex SHA-256 of `text`. */
  hash: string;
  /** The `--set` overrides applied, as given. */
  overrides: string[];
  /** Old spellings read as new ones (`deprecations.ts`), each at its place; the CLI prints them as warnings. */
  warnings: Problem[];
  /**
   * A swarm scenario (ranges in faults and load: swarm.ts): its plain value with the ranges, from
   * which each seed picks its own values (`swarmFor`); `spec` is then the scenario at the low ends.
   */
  swarm?: { plain: Record<string, unknown>; limits: Limits };
}

/**
 * The scenario a seed runs: for a swarm scenario, every range replaced by a value drawn from the
 * seed's `swarm` stream, with what was picked by path; any other scenario as it is.
 */
export function swarmFor(scenario: LoadedScenario, seed: number): { scenario: LoadedScenario; picked: Record<string, number | string> } {
  if (scenario.swarm === undefined) return { scenario, picked: {} };
  const { plain, limits } = scenario.swarm;
  const { value, picked } = resolveSwarm(plain, swarmStream(seed));
  const result = schemaFor(dirname(scenario.file), limits['file-size']).safeParse(value, { error: errorMap, reportInput: true });
  if (!result.success) {
    const picks = Object.entries(picked).map(([k, v]) => `${k}=${v}`).join(', ');
    throw new ScenarioError(
      scenario.file,
      flatten(result.error.issues).map((issue) => {
        const p = problemInScenario(scenario, issue.path, `${unsay(issue.message).message} (with seed ${seed}, the swarm picked ${picks})`);
        return p;
      }),
    );
  }
  checkLimits(result.data, limits);
  const { swarm: _swarm, ...rest } = scenario;
  return { scenario: { ...rest, spec: result.data }, picked };
}

export interface LoadOptions {
  /** Size limits (default: DEFAULT_LIMITS; the CLI's --limit flags change them). */
  limits?: Limits;
  /** The run writes a trace (`--trace`): a chain's requests are checked against the `trace-requests` limit too. */
  traced?: boolean;
}

/** Reads and validates a scenario file. Throws ScenarioError. */
export function loadScenario(file: string, overrides: string[] = [], options: LoadOptions = {}): LoadedScenario {
  let text: string;
  try {
    text = readRegularFile(file, (options.limits ?? DEFAULT_LIMITS)['file-size']);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new ScenarioError(file, [unreadable(file, e)]);
  }
  return parseScenario(text, file, overrides, options);
}

/**
 * Validates scenario text; `file` names it in messages, and relative paths in it (CSV files) are
 * relative to `file`'s folder. Throws ScenarioError.
 */
export function parseScenario(text: string, file: string, overrides: string[] = [], options: LoadOptions = {}): LoadedScenario {
  const problems: Problem[] = [];
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, lineCounter);
  const source: Source = { doc, text, lineCounter };
  for (const error of doc.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message = `invalid YAML: ${lowerFirst(error.message)}`;
    problems.push(hinted({ file, line, col, path: '', message }, YAML_HINTS[error.code]));
  }

  const warnings = doc.errors.length === 0 ? renameOldKeys(doc, lineCounter, file) : [];
  const applied: Override[] = [];
  for (const text of overrides) {
    try {
      const override = parseOverride(text);
      const renamed = overrideWarning(file, text, override.path);
      override.path = renamed.path;
      if (renamed.warning !== undefined) warnings.push(renamed.warning);
      if (doc.errors.length === 0) applyOverride(doc, override);
      applied.push(override);
    } catch (e) {
      if (!(e instanceof OverrideError)) throw e;
      const path = formatPath(e.path ?? []);
      problems.push(hinted({ file, line: 0, col: 0, path, message: e.message, override: text }, e.hint));
    }
  }

  if (doc.errors.length === 0) {
    const plain = plainValue(doc);
    if (!plain.ok) {
      const { line, col } = lineCounter.linePos(plain.offset);
      problems.push(hinted({ file, line, col, path: '', message: plain.message }, plain.hint));
      throw new ScenarioError(file, sorted(problems, overrides));
    }
    const limits = options.limits ?? DEFAULT_LIMITS;
    const schema = schemaFor(dirname(file), limits['file-size']);
    // A swarm scenario (ranges in faults and load, swarm.ts) is validated at both ends of every range.
    const swarmed = hasSwarm(plain.value);
    if (swarmed) {
      for (const p of swarmProblems(plain.value)) problems.push(problemAtPath(file, source, applied, p.path, p.message, undefined));
      if (problems.length > 0) throw new ScenarioError(file, sorted(problems, overrides));
    }
    const values = swarmed ? (['low', 'high'] as const).map((end) => resolveSwarm(plain.value as Record<string, unknown>, end).value) : [plain.value];
    let spec: ScenarioSpec | undefined;
    const seen = new Set<string>();
    for (const value of values) {
      const result = schema.safeParse(value, { error: errorMap, reportInput: true });
      if (result.success && problems.length === 0) {
        try {
          checkLimits(result.data, limits);
          if (options.traced === true) checkTraceLimits(result.data, limits);
        } catch (e) {
          if (!(e instanceof LimitError)) throw e;
          throw new ScenarioError(file, [problemAtPath(file, source, applied, e.path, e.message, e.hint)]);
        }
        spec ??= result.data;
      }
      for (const issue of result.error ? flatten(result.error.issues) : []) {
        const problem = problemAt(file, source, applied, issue);
        const key = JSON.stringify(problem);
        if (!seen.has(key)) problems.push(problem);
        seen.add(key);
      }
    }
    if (spec !== undefined && problems.length === 0) {
      return {
        spec,
        file,
        text,
        hash: `sha256:${createHash('sha256').update(text).digest('hex')}`,
        overrides,
        warnings,
        ...(swarmed && { swarm: { plain: plain.value as Record<string, unknown>, limits } }),
      };
    }
  }
  throw new ScenarioError(file, sorted(problems, overrides));
}

/**
 * The scenario schema for scenarios in `baseDir` (with CSV files of at most `maxFileBytes`), built
 * once: building it takes longer than checking a small scenario with it, and compare and sweep
 * check one scenario per variant.
 */
const schemas = new Map<string, ReturnType<typeof scenarioSchema>>();
const MAX_SCHEMAS = 16;

function schemaFor(baseDir: string, maxFileBytes: number): ReturnType<typeof scenarioSchema> {
  const key = `${maxFileBytes}\0${baseDir}`;
  let schema = schemas.get(key);
  if (schema === undefined) {
    if (schemas.size >= MAX_SCHEMAS) schemas.delete(schemas.keys().next().value as string);
    schema = scenarioSchema({ baseDir, maxFileBytes });
    schemas.set(key, schema);
  }
  return schema;
}

type Issue = z.core.$ZodIssue;

/**
 * A union that fails reports the failure of each of its forms. The form that matched the type of
 * the value (its problems go deeper than "expected a string") is the one the user meant; when none
 * did, the union's own "expected ...; found ..." stands.
 */
function flatten(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const meant = issue.errors.find((errors) => !errors.every((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (meant !== undefined) return flatten(meant, path);
    }
    return [{ ...issue, path }];
  });
}

function problemAt(file: string, source: Source, applied: readonly Override[], issue: Issue): Problem {
  const { message, hint } = unsay(issue.message);
  const params = (issue.code === 'custom' ? issue.params : undefined) as IssueParams | undefined;
  const at = params?.at ?? (issue.code === 'invalid_key' ? 'key' : undefined);
  return problemAtPath(file, source, applied, issue.path, message, hint, { at, offset: params?.offset });
}

/**
 * A problem about the value at `path` of a scenario already loaded (one found later, when its
 * system is built): at its place in the file, or at the --set override that gave it, as
 * `parseScenario` places its own.
 */
export function problemInScenario(scenario: LoadedScenario, path: readonly PropertyKey[], message: string, hint?: string): Problem {
  const lineCounter = new LineCounter();
  const source: Source = { doc: parseYamlDocument(scenario.text, lineCounter), text: scenario.text, lineCounter };
  const applied = scenario.overrides.flatMap((text) => {
    try {
      return [parseOverride(text)];
    } catch {
      return [];
    }
  });
  return problemAtPath(scenario.file, source, applied, path, message, hint);
}

/** A problem about the value at `issuePath`: at its place in the file, or at the --set override that gave it. */
function problemAtPath(
  file: string,
  source: Source,
  applied: readonly Override[],
  issuePath: readonly PropertyKey[],
  message: string,
  hint: string | undefined,
  where: { at?: 'key'; offset?: number } = {},
): Problem {
  const path = formatPath(issuePath);
  // A problem inside a value set by --set belongs to that override, not to the file; so does one
  // about a map that --set made on its way to the value (--set __proto__.x=1).
  const within = (outer: readonly PropertyKey[], inner: readonly PropertyKey[]) => outer.every((seg, i) => String(seg) === String(inner[i]));
  const latest = [...applied].reverse();
  const override =
    latest.find((o) => within(o.path, issuePath)) ??
    (issuePath.length === 0 || inFile(source, issuePath) ? undefined : latest.find((o) => within(issuePath, o.path)));
  if (override !== undefined) return hinted({ file, line: 0, col: 0, path, message, override: override.text }, hint);
  const { line, col } = locate(source, issuePath as PropertyKey[], where);
  return hinted({ file, line, col, path, message }, hint);
}

/** The problem with its hint, if there is one (no `hint: undefined`). */
function hinted(problem: Problem, hint: string | undefined): Problem {
  return hint === undefined ? problem : { ...problem, hint };
}

/** Overrides first, in the order given; then the file's problems in reading order. */
function sorted(problems: Problem[], overrides: readonly string[]): Problem[] {
  const rank = (p: Problem) => (p.override === undefined ? overrides.length : overrides.indexOf(p.override));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i)
    .map(({ p }) => p);
}

function unreadable(file: string, e: FileReadError): Problem {
  const where = resolve(file);
  if (e.code === 'missing') {
    let hint: string | undefined;
    try {
      const dir = dirname(where);
      const candidates = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f));
      hint = didYouMeanHint(basename(where), candidates);
    } catch {
      hint = undefined;
    }
    const message = `expected a scenario file at ${where}; found no such file`;
    return hinted({ file, line: 0, col: 0, path: '', message }, hint);
  }
  return hinted({ file, line: 0, col: 0, path: '', message: `expected a scenario file at ${where}; found ${e.message}` }, e.hint);
}

const YAML_HINTS: Record<string, string | undefined> = {
  DUPLICATE_KEY: 'each key may appear only once in a map',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'the items of a map or list must line up',
};

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

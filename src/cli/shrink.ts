/**
 * `lightcone shrink <scenario> --seed S`: a smaller scenario whose run with seed S fails the same
 * way (run/shrink.ts); prints what it started from and what it reached, and writes shrunk.yaml,
 * which `lightcone run shrunk.yaml --seed S` reproduces. `hunt` calls the same code on the lowest
 * failing seed. Exit code 1 (the shrunk scenario fails), 2 when the seed does not fail.
 */
import { checkBuild } from '../run/check-build.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { DEFAULT_MAX_RUNS, describeShrink, shrink, ShrinkError, type ShrinkOptions, type ShrinkResult } from '../run/shrink.js';
import { OutputSet } from '../report/output.js';
import { commandArgument } from '../scenario/bundled.js';
import { shellQuote } from '../report/reproduce.js';
import { resolveScenario } from './scenario-path.js';
import { chooseSeed } from './seed.js';
import { cliLimits } from './limits.js';
import { defaultOutputDir, guardOutput } from './output.js';
import { EXIT_CHECK_FAILED, UsageError } from './exit-codes.js';
import { positiveInt } from './numbers.js';
import { cachedProgram } from '../run/program.js';
import { documentWithOverrides, editedText, plainOf } from '../scenario/edit.js';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export interface ShrinkFlags {
  seed?: string;
  maxRuns?: string;
  set: string[];
  json?: boolean;
  out?: string;
  limit?: string[];
}

export async function shrinkCommand(scenarioArg: string, flags: ShrinkFlags): Promise<number> {
  const file = resolveScenario(scenarioArg);
  const limits = cliLimits(flags.limit);
  const scenario = loadScenario(file, flags.set, { limits });
  const { seed, drawn } = chooseSeed(flags.seed, scenario.spec.seed);
  const maxRuns = flags.maxRuns !== undefined ? positiveInt(flags.maxRuns, '--max-runs') : DEFAULT_MAX_RUNS;
  checkBuild(scenario, seed);
  const program = await cachedProgram(scenario);
  const out = flags.out ?? defaultOutputDir(scenario.spec.name, `shrink-${seed}`, flags.set);
  const output = OutputSet.open(out);
  const unguard = guardOutput(output, `shrink of ${file}`);
  let shrunk: ReturnType<typeof shrinkInto>;
  let written: string[];
  try {
    shrunk = shrinkInto(output, '', scenario, seed, { maxRuns, limits, ...(program !== undefined && { program }) });
    output.write('shrink.json', JSON.stringify(shrunk.report, null, 2) + '\n');
    written = output.commit();
  } finally {
    output.abort();
    unguard();
  }
  if (flags.json) process.stdout.write(JSON.stringify(shrunk.report, null, 2) + '\n');
  else process.stdout.write(`${shrunk.lines.join('\n')}\nwrote ${written.join(', ')}\n`);
  process.stderr.write(`${drawn ? `seed ${seed} (drawn at random)\n` : ''}Reproduce: ${shrunk.report.reproduce}\n`);
  return EXIT_CHECK_FAILED;
}

/** What shrink.json (and hunt.json's `shrunk`) says. */
export interface ShrinkReport {
  seed: number;
  failure: ShrinkResult['failure'];
  file: string;
  from: ShrinkResult['from'];
  to: ShrinkResult['to'];
  runs: number;
  exhausted: boolean;
  steps: string[];
  summary: string;
  reproduce: string;
}

/**
 * Shrinks (scenario, seed) and stages `<folder>shrunk.yaml` in `output`, with a header saying where
 * it comes from. Throws UsageError when the seed does not fail.
 */
export function shrinkInto(output: OutputSet, folder: string, scenario: LoadedScenario, seed: number, options: Partial<Pick<ShrinkOptions, 'maxRuns' | 'limits' | 'program' | 'original'>> = {}): { report: ShrinkReport; lines: string[] } {
  let r: ShrinkResult;
  try {
    r = shrink({ scenario, seed, ...options });
  } catch (e) {
    if (e instanceof ShrinkError) throw new UsageError(e.message);
    throw e;
  }
  const name = `${folder}shrunk.yaml`;
  const path = output.finalPath(name);
  const reproduce = `lightcone run ${shellQuote(path)} --seed ${seed}`;
  const summary = describeShrink(r);
  const header = [
    `# Shrunk by lightcone from ${commandArgument(scenario.file)}${scenario.overrides.length > 0 ? ` with ${scenario.overrides.map((o) => `--set ${o}`).join(' ')}` : ''}, seed ${seed}:`,
    `# ${summary}${r.exhausted ? ' (the run budget ran out: it may shrink further)' : ''}; it still fails ${r.failure.kind} ${r.failure.property}.`,
    `#   ${reproduce}`,
    '',
  ].join('\n');
  output.write(name, header + withProgramFrom(r.text, scenario, path));
  const report: ShrinkReport = { seed, failure: r.failure, file: path, from: r.from, to: r.to, runs: r.runs, exhausted: r.exhausted, steps: r.steps, summary, reproduce };
  const lines = [
    `shrunk: ${summary}${r.exhausted ? ' (run budget spent)' : ''}`,
    `  still fails: ${r.failure.kind} ${r.failure.property}`,
    ...collapsed(r.steps).map((s) => `  ${s}`),
    `  Reproduce: ${reproduce}`,
  ];
  return { report, lines };
}

/** The steps, each run of one step taken again and again (the 9th of a list removed, then the next 9th...) said once, with its count; shrink.json keeps them all. */
export function collapsed(steps: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < steps.length; ) {
    let j = i + 1;
    while (j < steps.length && steps[j] === steps[i]) j++;
    out.push(j - i > 1 ? `${steps[i]} (${j - i} times in a row)` : steps[i]);
    i = j;
  }
  return out;
}

/**
 * The shrunk text with its `program:` (relative to the original scenario's folder) made relative
 * to the folder the shrunk file is written to, so that `lightcone run shrunk.yaml` finds it.
 */
function withProgramFrom(text: string, scenario: LoadedScenario, shrunkPath: string): string {
  const program = scenario.spec.processes?.program;
  const doc = documentWithOverrides(text, []);
  const here = (path: string) => {
    const rel = relative(dirname(resolve(shrunkPath)), path).split(sep).join('/');
    return rel.startsWith('.') || isAbsolute(rel) ? rel : `./${rel}`;
  };
  const edited = program === undefined || typeof (plainOf(doc) as Record<string, unknown>).program !== 'string' ? text : editedText(doc, [{ path: ['program'], value: here(program) }]);
  // an editor's schema line (`# yaml-language-server: $schema=../schema/...`) is relative to the file too
  return edited.replace(/^(# yaml-language-server: \$schema=)(\S+)$/m, (line, head: string, schema: string) =>
    /^[a-z][a-z0-9+.-]*:/i.test(schema) || isAbsolute(schema) ? line : head + here(resolve(dirname(scenario.file), schema)),
  );
}


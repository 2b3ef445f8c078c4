/**
 * `lightcone hunt <scenario> --seeds 1..100000`: runs the scenario on every seed of a range, on
 * worker threads, looking for a run that breaks one of its properties (`checks:`, invariants,
 * history checkers: whatever reaches `summary.failures`). Prints the lowest failing seed (the same
 * whatever --jobs), its failures and the command that reproduces it; writes hunt.json and the
 * failing run's summary.json (and, unless --no-shrink, the shrunk scenario). Exit code 1 when a seed
 * failed, 0 when none did.
 */
import { checkBuild } from '../run/check-build.js';
import { stampOf } from '../run/stamp.js';
import { availableParallelism } from 'node:os';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { simulate } from '../run/simulate.js';
import { summaryJson, type Stamp, type Summary } from '../run/summary.js';
import { hunt, type HuntResult, type SeedResult } from '../experiments/hunt.js';
import { shrinkInto, type ShrinkReport } from './shrink.js';
import { OutputSet } from '../report/output.js';
import { commandLine, reproduceRun } from '../report/reproduce.js';
import { checkRuns, checkTraceLimits, LimitError } from '../scenario/limits.js';
import { resolveScenario } from './scenario-path.js';
import { defaultOutputDir, guardOutput } from './output.js';
import { cliLimits } from './limits.js';
import { showProgress } from './progress.js';
import { EXIT_CHECK_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError } from './exit-codes.js';
import { positiveDuration, positiveInt } from './numbers.js';
import { parseSeed } from './seed.js';
import { writeTracedRun } from './traced-run.js';
import { cachedProgram } from '../run/program.js';
import type { LoadedProgram } from '../process/runtime.js';
import type { Limits } from '../scenario/limits.js';
import { describeFailure } from '../run/failure.js';

export interface HuntFlags {
  seeds?: string;
  jobs?: string;
  all?: boolean;
  timeLimit?: string;
  double?: boolean;
  /** Commander's --no-shrink: false when given. */
  shrink?: boolean;
  set: string[];
  json?: boolean;
  out?: string;
  limit?: string[];
}

/** Seeds when --seeds is not given. */
export const DEFAULT_SEEDS = '1..1000';

export async function huntCommand(scenarioArg: string, flags: HuntFlags): Promise<number> {
  const file = resolveScenario(scenarioArg);
  const limits = cliLimits(flags.limit);
  const seeds = parseSeedRange(flags.seeds ?? DEFAULT_SEEDS);
  const jobs = flags.jobs !== undefined ? positiveInt(flags.jobs, '--jobs') : availableParallelism();
  const timeLimitMs = flags.timeLimit !== undefined ? positiveDuration(flags.timeLimit, '--time-limit') : Infinity;
  const scenario = loadScenario(file, flags.set, { limits });
  if (flags.all === true) {
    try {
      checkRuns(seeds.last - seeds.first + 1, limits); // --all lists every failing seed: its memory grows with the range
    } catch (e) {
      if (e instanceof LimitError) throw new UsageError(`hunt --all: ${e.message}; ${e.hint}`);
      throw e;
    }
  }
  // what only a built system can tell (fault, clock and check targets), before anything runs
  checkBuild(scenario, seeds.first);

  const program = await cachedProgram(scenario);
  if (!hasProperties(scenario, program)) {
    process.stderr.write(`warning: ${file} has no checks: block; no invariants in its program and no history: model, so no seed can fail (add checks such as "p99 < 500ms")\n`);
  }
  const total = seeds.last - seeds.first + 1;
  const threads = Math.min(jobs, total);
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.on('SIGINT', onSigint);
  process.stderr.write(
    `hunt: seeds ${seeds.first}..${seeds.last} of ${file}${flags.double ? ', each run twice (determinism check)' : ''}, on ${threads} ${threads === 1 ? 'thread' : 'threads'}` +
      `${timeLimitMs < Infinity ? `, for at most ${flags.timeLimit}` : ''}; ${flags.all ? 'every failing seed' : 'stops at the first failure'} (Ctrl-C stops)\n`,
  );
  const started = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
  const progress = await huntProgress(total, flags.json === true);
  let timedOut = false;
  let result: HuntResult;
  try {
    result = await hunt({
      file,
      set: flags.set,
      limits,
      scenario,
      ...(program !== undefined && { program }),
      seeds,
      jobs,
      all: flags.all === true,
      double: flags.double === true,
      stop: () => interrupted || (timedOut = elapsedMs() >= timeLimitMs),
      onProgress: (done, failures) => progress.update(done, failures, elapsedMs()),
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
  const wallS = elapsedMs() / 1000;

  const bad = result.nondeterministic ?? result.failing[0];
  const out = flags.out ?? defaultOutputDir(scenario.spec.name, `hunt-${seeds.first}-${seeds.last}`, flags.set);
  const output = OutputSet.open(out);
  const unguard = guardOutput(output, `hunt of ${file}`);
  let written: string[];
  let report: HuntReport;
  let shrinkLine: string | undefined;
  let traceLine: string | undefined;
  try {
    const failingRun = bad !== undefined ? writeFailingRun(output, scenario, bad.seed, program, limits) : undefined;
    traceLine = failingRun?.line;
    let shrunk: HuntReport['shrunk'];
    if (result.failing.length > 0 && flags.shrink !== false && result.nondeterministic === undefined) {
      const seed = result.failing[0].seed;
      // the failing run just written is the shrink's first run
      const s = shrinkInto(output, `seed-${seed}/`, scenario, seed, { limits, ...(program !== undefined && { program }), ...(failingRun !== undefined && { original: failingRun.summary }) });
      shrunk = s.report;
      shrinkLine = s.lines.join('\n');
    }
    report = huntReport(scenario, result, flags, shrunk);
    output.write('hunt.json', JSON.stringify(report, null, 2) + '\n');
    written = output.commit();
  } finally {
    output.abort();
    unguard();
  }

  if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    process.stdout.write(renderHunt(report) + '\n');
    if (shrinkLine !== undefined) process.stdout.write(shrinkLine + '\n');
    if (traceLine !== undefined) process.stdout.write(traceLine + '\n');
    process.stdout.write(`wrote ${written.join(', ')}\n`);
  }
  const ran = result.checked?.count ?? 0;
  process.stderr.write(`${ran} ${ran === 1 ? 'seed' : 'seeds'} in ${wallS.toFixed(2)} s of wall time (${wallS > 0 ? (ran / wallS).toFixed(1) : '-'} seeds/s)\n`);
  if (result.ended === 'stopped') {
    const how = interrupted ? 'interrupted' : timedOut ? `time limit ${flags.timeLimit} reached` : 'stopped';
    process.stderr.write(`${how}: every seed from ${seeds.first} to ${result.checked?.last ?? seeds.first - 1} ran; ${seeds.last - (result.checked?.last ?? seeds.first - 1)} of the range did not\n`);
    if (interrupted && bad === undefined) return EXIT_INTERRUPTED;
  }
  return bad !== undefined ? EXIT_CHECK_FAILED : EXIT_OK;
}

/**
 * Runs the failing seed again in this process and writes what it has to show under seed-<S>/: its
 * summary.json and, for a scenario with processes, its trace.jsonl, messages.svg (the window
 * around the violation) and diagram.html. Returns its summary, and a line saying what the diagram shows.
 */
function writeFailingRun(output: OutputSet, scenario: LoadedScenario, seed: number, program: LoadedProgram | undefined, limits: Limits): { summary: Summary; line?: string } {
  const dir = `seed-${seed}/`;
  if (program === undefined) {
    // a chain: its trace when its requests are within the trace-requests limit
    try {
      checkTraceLimits(scenario.spec, limits);
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      const summary = simulate(scenario, { seed }).summary;
      output.write(`${dir}summary.json`, summaryJson(summary));
      return { summary, line: `no trace of seed ${seed}: ${e.message} (lift the limit with --limit trace-requests=N, or replay it with fewer requests)` };
    }
  }
  const run = writeTracedRun(output, dir, scenario, seed, program, { limits });
  output.write(`${dir}summary.json`, summaryJson(run.result.summary));
  const drawn = run.diagram === undefined ? '' : `; messages.svg draws ${run.diagram.delivered} delivered and ${run.diagram.lost} lost messages`;
  return { summary: run.result.summary, line: `trace: ${run.events.toLocaleString('en-US')} events of seed ${seed}${drawn}${run.note !== '' ? ` (${run.note})` : ''}` };
}

/**
 * Whether a run of `scenario` can fail: a `checks:` block, or processes whose program exports
 * invariants (or end-of-run properties), or a `history:` model to check their clients' history against.
 */
export function hasProperties(scenario: LoadedScenario, program: LoadedProgram | undefined): boolean {
  if ((scenario.spec.checks ?? []).length > 0) return true;
  if (scenario.spec.processes?.historyModel !== undefined) return true;
  return (program?.invariants.length ?? 0) + (program?.atEnd?.length ?? 0) > 0;
}

/** What hunt.json holds: nothing that depends on the number of threads. */
export interface HuntReport {
  /** A run's stamp without its seed (a hunt runs many), and the command. */
  stamp: Omit<Stamp, 'seed'> & { command: 'hunt' };
  seeds: { first: number; last: number };
  /** Every seed from seeds.first to checked.last ran. */
  checked: { first: number; last: number; count: number } | null;
  ended: HuntResult['ended'];
  double: boolean;
  all: boolean;
  failing: { seed: number; failures: SeedResult['failures']; swarm?: SeedResult['swarm']; reproduce: string }[];
  nondeterministic?: { seed: number; event: number; description: string; reproduce: string };
  shrunk?: ShrinkReport;
}

function huntReport(scenario: LoadedScenario, r: HuntResult, flags: HuntFlags, shrunk: HuntReport['shrunk']): HuntReport {
  const file = scenario.file;
  return {
    stamp: stampOf({ spec: scenario.spec, file, hash: scenario.hash }, scenario.overrides, { command: 'hunt' as const }),
    seeds: r.seeds,
    checked: r.checked ?? null,
    ended: r.ended,
    double: flags.double === true,
    all: flags.all === true,
    failing: r.failing.map((f) => ({ seed: f.seed, failures: f.failures, ...(f.swarm !== undefined && { swarm: f.swarm }), reproduce: reproduceRun(file, f.seed, scenario.overrides) })),
    ...(r.nondeterministic?.divergence !== undefined && {
      nondeterministic: {
        seed: r.nondeterministic.seed,
        event: r.nondeterministic.divergence.event,
        description: r.nondeterministic.divergence.description,
        reproduce: commandLine('replay', file, ['--seed', String(r.nondeterministic.seed), '--double'], [], scenario.overrides),
      },
    }),
    ...(shrunk !== undefined && { shrunk }),
  };
}

export function renderHunt(r: HuntReport): string {
  const lines: string[] = [];
  const range = `${r.seeds.first}..${r.seeds.last}`;
  const checked = r.checked === null ? 'no seed ran' : `seeds ${r.checked.first}..${r.checked.last} ran (${r.checked.count})`;
  lines.push(`${r.stamp.scenario}  (${r.stamp.file}, hunt over seeds ${range}): ${checked}`);
  if (r.nondeterministic !== undefined) {
    const n = r.nondeterministic;
    lines.push('', `NONDETERMINISTIC: seed ${n.seed} ran twice and the runs differ at ${n.description}`, `Reproduce: ${n.reproduce}`);
  }
  if (r.failing.length === 0 && r.nondeterministic === undefined) {
    lines.push('', r.ended === 'range' ? `no failure: every seed of ${range} passed${r.double ? ', each run twice with identical events' : ''}` : `no failure in the seeds that ran`);
  }
  for (const f of r.failing) {
    lines.push('', `FAILED seed ${f.seed}${!r.all ? (f.seed === r.seeds.first ? ' (the first seed)' : ` (the lowest failing seed: ${f.seed - r.seeds.first} seeds before it passed)`) : ''}`);
    if (f.swarm !== undefined) lines.push(`  swarm picked: ${Object.entries(f.swarm).map(([k, v]) => `${k} = ${v}`).join(', ')}`);
    for (const x of f.failures) lines.push(`  ${describeFailure(x)}`);
    lines.push(`  Reproduce: ${f.reproduce}`);
  }
  return lines.join('\n');
}

/** `A..B` (inclusive), or one seed `A`. */
export function parseSeedRange(text: string): { first: number; last: number } {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(text);
  if (m === null) throw new UsageError(`--seeds: expected a range of seeds FIRST..LAST such as 1..10000, or one seed; found "${text}"`);
  const first = parseSeed(m[1], '--seeds');
  const last = m[2] !== undefined ? parseSeed(m[2], '--seeds') : first;
  if (last < first) throw new UsageError(`--seeds: the range ${text} is empty: the last seed must be at least the first`);
  return { first, last };
}

/** A wall-clock duration for --time-limit: 30s, 10m, 2h, 1500ms. */


interface HuntProgress {
  update(done: number, failures: number, elapsedMs: number): void;
  stop(): void;
}

/** A bar on stderr (a TTY, no --json, not in CI, as compare's): seeds done, seeds per second, failures so far. */
async function huntProgress(total: number, json: boolean): Promise<HuntProgress> {
  if (!showProgress(json)) return { update: () => undefined, stop: () => undefined };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    {
      format: 'hunt [{bar}] {value}/{total} seeds | {rate} seeds/s | {failures} failing | {eta_formatted} left',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '-', failures: 0 });
  let stopped = false;
  return {
    update: (done, failures, elapsedMs) => bar.update(done, { rate: elapsedMs > 0 ? ((done * 1000) / elapsedMs).toFixed(0) : '-', failures }),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}

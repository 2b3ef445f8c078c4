/**
 * `hunt`: runs a scenario on a range of seeds, looking for runs whose summary has failures (a
 * `checks:` entry that does not hold; invariants and history checkers reach it the same way,
 * through `summary.failures`). The library behind `lightcone hunt`; usable alone:
 *
 *     const result = await hunt({ file: 'bugs/lease.yaml', seeds: { first: 1, last: 10_000 }, jobs: 4 });
 *     result.failing[0]?.seed   // the lowest failing seed, whatever the number of threads
 *
 * Seeds are handed out in increasing order, a few per thread at a time (as compare's replications).
 * By default the hunt stops at the first failure, but reports the lowest failing seed of the
 * range: once a seed fails, no higher seed is handed out, and the seeds below it that are still
 * running are waited for (one of them may fail too, and is then the answer). So the seed reported
 * is the same with 1 thread or 16. With `all`, every seed runs and every failing seed is listed.
 *
 * `stop()` (a time limit, given by the caller, which owns the wall clock) or an abort stops handing
 * out seeds; the seeds running finish, and the result says how far the hunt got: every seed from
 * the first to `checked.last` ran.
 *
 * With `double`, every seed runs twice and the two runs' event streams are compared (the
 * determinism check, engine/fingerprint.ts; for a scenario with processes, their traces too, event
 * by event, trace/compare.ts); a seed whose runs differ stops the hunt, with the first event where
 * they went apart.
 */
import { join } from 'node:path';
import { simulate, type SimulateOptions } from '../run/simulate.js';
import { summaryJson, type Summary } from '../run/summary.js';
import type { RunFailure } from '../run/failure.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Limits } from '../scenario/limits.js';
import { Fingerprint, divergence, describeDivergence, type Divergence } from '../engine/fingerprint.js';
import { PACKAGE_ROOT } from '../version.js';
import { cachedProgram } from '../run/program.js';
import { TraceComparison, describeTraceDifference } from '../trace/compare.js';
import { TraceWriter, type TraceSink } from '../trace/writer.js';
import { openPool, revive, type WorkerFailure } from './thread.js';
import type { LoadedProgram } from '../process/runtime.js';

/** One seed of a hunt, as a worker thread gets it (plain data). */
export interface HuntTask {
  file: string;
  overrides: string[];
  limits?: Limits;
  seed: number;
  double: boolean;
}

/** What one seed gave. */
export interface SeedResult {
  seed: number;
  /** The run's failures (empty: it passed). */
  failures: RunFailure[];
  /** Events the run fired. */
  events: number;
  /** A swarm scenario's picks for this seed (absent: none). */
  swarm?: Record<string, number | string>;
  /** With `double`: where the two runs of the seed first differ (absent: they agree). */
  divergence?: Divergence & { description: string };
}

/** Runs one seed (twice with `double`). `steps`, `program`: as `simulate`'s options (tests inject a step kind). */
export function runSeed(scenario: LoadedScenario, seed: number, double: boolean, options: Pick<SimulateOptions, 'steps' | 'program'> = {}): SeedResult {
  if (!double) {
    const s = simulate(scenario, { ...options, seed }).summary;
    return { seed, failures: s.failures ?? [], events: s.run.events, ...(s.swarm !== undefined && { swarm: s.swarm }) };
  }
  const a = new Fingerprint();
  const b = new Fingerprint();
  // a scenario with processes: the traces too, event by event (what each event carries, not only when and where it fires)
  const traces = options.program !== undefined ? new TraceComparison() : null;
  const run = (fingerprint: Fingerprint, sink: TraceSink | undefined) => {
    const trace = sink !== undefined ? new TraceWriter(sink) : undefined;
    try {
      return simulate(scenario, { ...options, seed, fingerprint, ...(trace !== undefined && { trace }) }).summary;
    } finally {
      trace?.close();
    }
  };
  const first = run(a, traces?.first);
  const second = run(b, traces?.second);
  const result: SeedResult = { seed, failures: first.failures ?? [], events: first.run.events, ...(first.swarm !== undefined && { swarm: first.swarm }) };
  const t = traces?.difference() ?? null;
  const d = divergence(a, b) ?? (t !== null ? { event: t.seq, first: null, second: null, events: t.events } : null) ?? summariesDiffer(first, second, a.length);
  if (d !== null) {
    const description = t !== null ? describeTraceDifference(t) : d.event > a.length && d.event > b.length ? `the two runs fired the same ${a.length} events but their summaries differ` : describeDivergence(d);
    result.divergence = { ...d, description };
  }
  return result;
}

function summariesDiffer(a: Summary, b: Summary, events: number): Divergence | null {
  if (summaryJson(a) === summaryJson(b)) return null;
  return { event: events + 1, first: null, second: null, events: [events, events] };
}

export interface HuntOptions {
  /** The scenario file (it names the scenario in stamps, and worker threads load it). */
  file: string;
  set?: string[];
  limits?: Limits;
  /** The scenario as loaded with `set` (for the in-process path; default: loaded from `file`). */
  scenario?: LoadedScenario;
  /** The scenario's program, loaded (for the in-process path; default: loaded from the scenario's `program:`; worker threads load it once each). */
  program?: LoadedProgram;
  seeds: { first: number; last: number };
  /** Worker threads (default 1: in-process). The result does not depend on it. */
  jobs?: number;
  /** List every failing seed (default: stop at the first failure, report the lowest). */
  all?: boolean;
  /** Run each seed twice and compare the runs event by event. */
  double?: boolean;
  /** Asked between seeds: true stops handing out seeds (a time limit, Ctrl-C). */
  stop?: () => boolean;
  /** Called as seeds finish (completion order: for progress only). */
  onProgress?: (done: number, failures: number) => void;
}

export interface HuntResult {
  seeds: { first: number; last: number };
  /** Every seed from `seeds.first` to `checked.last` ran (absent: none did). */
  checked?: { first: number; last: number; count: number };
  /** Why the hunt ended: every seed ran, a failure (the lowest is known), a nondeterministic seed, or `stop()`. */
  ended: 'range' | 'failure' | 'nondeterminism' | 'stopped';
  /** The failing seeds, in increasing order: the lowest only, unless `all`. */
  failing: SeedResult[];
  /** With `double`: the lowest seed whose two runs differ. */
  nondeterministic?: SeedResult;
}

/**
 * The compiled hunt worker (`npm run build` makes it): code run from src/, as under vitest, still
 * uses this compiled copy for jobs > 1.
 */
const HUNT_WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'experiments', 'hunt-worker.js');

export async function hunt(options: HuntOptions): Promise<HuntResult> {
  const { first, last } = options.seeds;
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && first >= 0 && last >= first)) {
    throw new RangeError(`a seed range must be whole numbers FIRST..LAST with 0 <= FIRST <= LAST; found ${first}..${last}`);
  }
  const total = last - first + 1;
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, total));
  const double = options.double === true;
  const all = options.all === true;
  const set = options.set ?? [];

  // Results by seed, and the contiguous prefix of seeds finished (`done` = the seeds first..done-1).
  const results = new Map<number, SeedResult>();
  let contiguous = first;
  let finished = 0;
  let failures = 0;
  /** The lowest failing (or nondeterministic) seed seen so far: nothing above it is handed out unless `all`. */
  let lowestBad = Infinity;
  let stopped = false;
  const failing: SeedResult[] = [];
  let nondeterministic: SeedResult | undefined;

  const accept = (r: SeedResult) => {
    finished++;
    results.set(r.seed, r);
    const bad = r.failures.length > 0 || r.divergence !== undefined;
    if (bad) {
      failures++;
      if (!all || r.divergence !== undefined) lowestBad = Math.min(lowestBad, r.seed);
    }
    // advance the prefix, keeping only what the report needs
    while (results.has(contiguous)) {
      const x = results.get(contiguous) as SeedResult;
      results.delete(contiguous);
      if (x.divergence !== undefined) nondeterministic ??= x;
      else if (x.failures.length > 0 && (all || failing.length === 0)) failing.push(x);
      contiguous++;
    }
    options.onProgress?.(finished, failures);
  };
  const mayHandOut = (seed: number) => seed <= last && seed < lowestBad && !stopped && !(stopped = options.stop?.() === true);

  let next = first;
  if (jobs === 1) {
    const scenario = options.scenario ?? (await (await import('../scenario/load.js')).loadScenario(options.file, set, { limits: options.limits }));
    const program = options.program ?? (await cachedProgram(scenario));
    while (mayHandOut(next)) {
      accept(runSeed(scenario, next++, double, program !== undefined ? { program } : {}));
      // let a pending Ctrl-C or timer through between seeds
      if ((next - first) % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const pool = await openPool(HUNT_WORKER_FILE, jobs);
    try {
      // At most a few seeds per thread are in the pool at a time, the next one as each finishes.
      const window = jobs * 4;
      let running = 0;
      await new Promise<void>((resolve, reject) => {
        const submit = (): void => {
          while (running < window && mayHandOut(next)) {
            const task: HuntTask = { file: options.file, overrides: set, seed: next++, double, ...(options.limits !== undefined && { limits: options.limits }) };
            running++;
            (pool.run(task) as Promise<SeedResult | WorkerFailure>).then((out) => {
              running--;
              try {
                if ('failure' in out) throw revive(out.failure);
                accept(out);
                submit();
                if (running === 0) resolve();
              } catch (e) {
                reject(e);
              }
            }, reject);
          }
          if (running === 0) resolve();
        };
        submit();
      });
    } finally {
      await pool.destroy();
    }
  }

  // Seeds above the lowest failing one may have run on other threads: they are not reported, so
  // the result is the same whatever the number of threads.
  const upTo = nondeterministic?.seed ?? (!all && failing.length > 0 ? failing[0].seed : contiguous - 1);
  if (nondeterministic !== undefined) failing.splice(0, failing.length, ...failing.filter((f) => f.seed < nondeterministic!.seed));
  const ran = upTo - first + 1;
  const ended: HuntResult['ended'] =
    nondeterministic !== undefined ? 'nondeterminism' : !all && failing.length > 0 ? 'failure' : contiguous > last ? 'range' : 'stopped';
  return {
    seeds: { first, last },
    ...(ran > 0 && { checked: { first, last: upTo, count: ran } }),
    ended,
    failing,
    ...(nondeterministic !== undefined && { nondeterministic }),
  };
}

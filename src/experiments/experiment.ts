/**
 * An experiment: the variants of a scenario (combinations of axis values), each validated before
 * anything runs, and their replications run on worker threads or in-process.
 *
 * Replication i of every variant runs with seed S + i ("common random numbers": every variant sees
 * the same arrivals and, where the shape of the system is the same, the same service draws), so
 * differences between variants are paired. Results are handed on in (variant, replication) order,
 * whatever order the threads finish in, so the number of threads cannot change an output.
 */
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { parseScenario, type LoadedScenario } from '../scenario/load.js';
import { DEFAULT_LIMITS, type Limits } from '../scenario/limits.js';
import { readRegularFile } from '../scenario/regular-file.js';
import { ScenarioError, type Problem } from '../scenario/errors.js';
import { locate } from '../scenario/locate.js';
import { PACKAGE_ROOT } from '../version.js';
import { expandAxes, variantsOf, type Axis, type Variant, type WrittenAxis } from './vary.js';
import { cachedProgram } from '../run/program.js';
import { runLoaded, type ReplicationOutput, type ReplicationTask } from './worker.js';
import { openPool, revive, type WorkerFailure } from './thread.js';

export interface ExperimentInput {
  /** The scenario file (as given: it names the scenario in stamps and messages). */
  file: string;
  /** The file's text (default: read from `file`). */
  text?: string;
  /** Overrides applied to every variant, before the variant's own (as --set). */
  set?: string[];
  /** What to vary. */
  vary: readonly WrittenAxis[];
  /** Size limits (default: DEFAULT_LIMITS; the CLI's --limit flags). */
  limits?: Limits;
  /** Which block of the file the axes come from when they were not given by --vary (for error positions). */
  block?: 'compare' | 'sweep';
}

export interface PreparedVariant extends Variant {
  /** The scenario with the command's overrides and this variant's, validated. */
  scenario: LoadedScenario;
}

export interface PreparedExperiment {
  file: string;
  text: string;
  set: string[];
  /** The scenario with the command's overrides only. */
  base: LoadedScenario;
  /** The size limits every variant was validated with; workers load with the same. */
  limits: Limits;
  axes: Axis[];
  variants: PreparedVariant[];
}

/** How many variants the axes make (the product of their sizes), without validating any. Throws VaryError. */
export function countVariants(vary: readonly WrittenAxis[]): number {
  return expandAxes(vary).reduce((n, a) => n * a.values.length, 1);
}

/**
 * Expands the axes and validates every variant's scenario (the file with `set` and the variant's
 * overrides) before anything runs. Throws VaryError, or one ScenarioError with every problem of
 * every variant, each once; a problem in a varied value is placed at the value in the file's
 * `compare:`/`sweep:` block, or names the `--vary` it came from.
 */
export function prepareExperiment(input: ExperimentInput): PreparedExperiment {
  const text = input.text ?? readRegularFile(input.file, (input.limits ?? DEFAULT_LIMITS)['file-size']);
  const set = input.set ?? [];
  const base = parseScenario(text, input.file, set, { limits: input.limits });
  const axes = expandAxes(input.vary);
  const problems = new Map<string, Problem>();
  const variants: PreparedVariant[] = [];
  for (const v of variantsOf(axes)) {
    try {
      variants.push({ ...v, scenario: parseScenario(text, input.file, [...set, ...v.set], { limits: input.limits }) });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      for (const p of e.problems) {
        const placed = placeProblem(p, v, axes, text, input);
        problems.set(JSON.stringify(placed), placed);
      }
    }
  }
  if (problems.size > 0) throw new ScenarioError(input.file, [...problems.values()]);
  return { file: input.file, text, set, base, limits: input.limits ?? DEFAULT_LIMITS, axes, variants };
}

/** A problem in a variant's own override, placed where the user wrote the value. */
function placeProblem(p: Problem, v: Variant, axes: readonly Axis[], text: string, input: ExperimentInput): Problem {
  const k = p.override === undefined ? -1 : v.set.indexOf(p.override);
  if (k < 0) return p;
  const { override: _override, ...rest } = p;
  const axis = axes[k];
  if (axis.flag !== undefined) return { ...rest, file: `--vary ${axis.flag}`, line: 0, col: 0 };
  if (input.block === undefined) return p;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const spelled = input.vary.find((a) => a.path === axis.path);
  const index = spelled !== undefined && Array.isArray(spelled.values) ? spelled.values.indexOf(v.values[k]) : -1;
  const path = [input.block, 'vary', axis.path, ...(index >= 0 ? [index] : [])];
  const { line, col } = locate({ doc, text, lineCounter }, path);
  return { ...rest, file: input.file, line, col };
}

// ---------------------------------------------------------------------------------------------
// Running replications.

/** The run was stopped (Ctrl-C) before every replication finished. */
export class InterruptedError extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`interrupted after ${done} of ${total} replications`);
    this.name = 'InterruptedError';
  }
}

export interface RunOptions {
  /** Worker threads (default 1: in-process). */
  jobs?: number;
  /** Abort to stop: pending replications are dropped, threads terminated; rejects with InterruptedError. */
  signal?: AbortSignal;
  /** Called as replications finish (in completion order: for progress only). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The compiled worker module that tinypool loads on each thread (`npm run build` makes it; code run
 * from src/, as under vitest, still uses this compiled copy for --jobs > 1).
 */
export const WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'experiments', 'worker.js');

/** Tasks by index, made when handed out (an array is one). */
export interface TaskList {
  readonly length: number;
  at(index: number): ReplicationTask | undefined;
}

/**
 * Runs `tasks` and calls `onResult(i, output)` for i = 0, 1, 2, ... in that order, whatever order
 * they finish in. With `jobs` > 1, on a tinypool of that many worker threads.
 */
export async function runTasks(
  tasks: TaskList,
  onResult: (index: number, output: ReplicationOutput) => void,
  options: RunOptions = {},
): Promise<void> {
  const total = tasks.length;
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, total));
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new InterruptedError(0, total);
  if (jobs === 1) {
    for (let i = 0; i < total; i++) {
      const t = tasks.at(i) as ReplicationTask;
      const scenario = t.scenario ?? (await loadForTask(t));
      onResult(i, runLoaded(scenario, t, await cachedProgram(scenario)));
      onProgress?.(i + 1, total);
      // Let a pending Ctrl-C through between replications.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new InterruptedError(i + 1, total);
    }
    return;
  }

  const pool = await openPool(WORKER_FILE, jobs);
  const waiting = new Map<number, ReplicationOutput>();
  let next = 0;
  let done = 0;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new InterruptedError(done, total));
    // Aborted while tinypool was loading: the event has fired already.
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    // At most a few tasks per thread are handed out past the last result handed on, the next one
    // as each is handed on: memory stays flat however many replications there are. (Submitting them
    // all at once kept a promise, a closure and a queued task per replication alive until the end;
    // counting finished rather than handed-on results let outputs pile up behind one slow replication.)
    const window = jobs * 4;
    let submitted = 0;
    const all = new Promise<void>((resolve, reject) => {
      const submit = (): void => {
        while (submitted < total && submitted - next < window) {
          const i = submitted++;
          (pool.run(tasks.at(i)) as Promise<ReplicationOutput | WorkerFailure>).then((out) => {
            try {
              if ('failure' in out) throw revive(out.failure);
              done++;
              waiting.set(i, out);
              while (waiting.has(next)) {
                const o = waiting.get(next) as ReplicationOutput;
                waiting.delete(next);
                onResult(next++, o);
              }
              onProgress?.(done, total);
              if (done === total) resolve();
              else if (!signal?.aborted) submit();
            } catch (e) {
              reject(e);
            }
          }, reject);
        }
      };
      submit();
    });
    await Promise.race([all, aborted]);
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
}

async function loadForTask(task: ReplicationTask): Promise<LoadedScenario> {
  const { loadScenario } = await import('../scenario/load.js');
  return loadScenario(task.file, task.overrides, { limits: task.limits });
}

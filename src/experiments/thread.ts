/**
 * What crosses a worker thread's boundary, for every experiment run on threads (compare and sweep
 * replications, hunt seeds): the pool of threads, the scenarios a thread has loaded, and errors,
 * which travel as data (`WorkerFailure`) so that their kind survives: a user's mistake found on a
 * thread is the same exit-2 error as in process.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Tinypool } from 'tinypool';
import type { LoadedScenario } from '../scenario/load.js';
import type { Limits } from '../scenario/limits.js';
import { BuildError } from '../engine/errors.js';
import { WindowError } from '../load/window.js';
import { ProgramError } from '../process/errors.js';

/** What a worker thread returns instead of throwing. */
export interface WorkerFailure {
  failure: { name: string; message: string; stack?: string };
}

/** `e` as data, on the worker thread. */
export function failureOf(e: unknown): WorkerFailure {
  const err = e instanceof Error ? e : new Error(String(e));
  return { failure: { name: err.constructor.name, message: err.message, ...(err.stack !== undefined && { stack: err.stack }) } };
}

/** The error a worker's failure stands for, back on the main thread. */
export function revive(f: WorkerFailure['failure']): Error {
  // a program error placed in the scenario (a kind it does not export) comes as a ScenarioError: the same message, exit 2
  if (f.name === 'ScenarioError') return new BuildError(f.message.replace(/^error: /, ''));
  const e = f.name === 'ProgramError' ? new ProgramError(f.message) : f.name === 'BuildError' ? new BuildError(f.message) : f.name === 'WindowError' ? new WindowError(f.message) : new Error(f.message);
  if (f.stack !== undefined && !(e instanceof BuildError || e instanceof WindowError)) e.stack = f.stack;
  return e;
}

/** `jobs` threads running the worker module `file` (a built file: `npm run build`). */
export async function openPool(file: string, jobs: number): Promise<Tinypool> {
  if (!existsSync(file)) throw new Error(`the worker module ${file} is missing: run npm run build (or use --jobs 1)`);
  const { Tinypool } = await import('tinypool');
  return new Tinypool({ filename: pathToFileURL(file).href, minThreads: jobs, maxThreads: jobs, idleTimeout: 0 });
}

/** Scenarios this thread has loaded, by file, overrides and limits (a few per experiment). */
const loaded = new Map<string, LoadedScenario>();

/** The scenario `file` with `overrides`, loaded once per thread. */
export async function threadScenario(file: string, overrides: readonly string[], limits: Limits | undefined): Promise<LoadedScenario> {
  const key = JSON.stringify([file, overrides, limits ?? null]);
  let s = loaded.get(key);
  if (s === undefined) {
    const { loadScenario } = await import('../scenario/load.js');
    s = loadScenario(file, [...overrides], { limits });
    if (loaded.size >= 64) loaded.clear();
    loaded.set(key, s);
  }
  return s;
}

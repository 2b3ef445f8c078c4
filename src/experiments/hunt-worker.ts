/**
 * One seed of a hunt on a worker thread (tinypool calls the default export): loads the scenario
 * once per thread (by file and overrides) and its program once per thread (by file), runs the seed, returns plain data (hunt.ts `SeedResult`),
 * or the error as data so that its message survives the thread boundary.
 */
import type { LoadedScenario } from '../scenario/load.js';
import { runSeed, type HuntTask, type SeedResult } from './hunt.js';

const loaded = new Map<string, LoadedScenario>();

export default async function seedOnThread(task: HuntTask): Promise<SeedResult | { failure: { name: string; message: string; stack?: string } }> {
  try {
    const key = JSON.stringify([task.file, task.overrides, task.limits ?? null]);
    let scenario = loaded.get(key);
    if (scenario === undefined) {
      const { loadScenario } = await import('../scenario/load.js');
      scenario = loadScenario(task.file, task.overrides, { limits: task.limits });
      if (loaded.size >= 16) loaded.clear();
      loaded.set(key, scenario);
    }
    const { cachedProgram } = await import('../run/program.js');
    const program = await cachedProgram(scenario); // once per thread for each program file
    return runSeed(scenario, task.seed, task.double, program !== undefined ? { program } : {});
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { failure: { name: err.constructor.name, message: err.message, ...(err.stack !== undefined && { stack: err.stack }) } };
  }
}

/**
 * One seed of a hunt on a worker thread (tinypool calls the default export): loads the scenario
 * once per thread (by file and overrides) and its program once per thread (by file), runs the seed, returns plain data (hunt.ts `SeedResult`),
 * or the error as data so that its message survives the thread boundary.
 */
import { runSeed, type HuntTask, type SeedResult } from './hunt.js';
import { failureOf, threadScenario, type WorkerFailure } from './thread.js';

export default async function seedOnThread(task: HuntTask): Promise<SeedResult | WorkerFailure> {
  try {
    const scenario = await threadScenario(task.file, task.overrides, task.limits);
    const { cachedProgram } = await import('../run/program.js');
    const program = await cachedProgram(scenario); // once per thread for each program file
    return runSeed(scenario, task.seed, task.double, program !== undefined ? { program } : {});
  } catch (e) {
    return failureOf(e);
  }
}

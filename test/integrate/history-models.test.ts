/** `history: { model }` of a scenario with processes takes every model of HISTORY_MODELS, checked by check/check.ts's checkHistory. */
import { describe, expect, test } from 'vitest';
import { HISTORY_MODELS, MODEL_FUNCTIONS } from '../../src/check/check.js';
import { simulate } from '../../src/run/simulate.js';
import { scenarioProgram } from '../../src/run/program.js';
import { loadScenario } from '../../src/scenario/load.js';
import { BuildError } from '../../src/engine/errors.js';
import { ScenarioError } from '../../src/scenario/errors.js';

async function run(file: string, set: string[] = []) {
  const scenario = loadScenario(file, set);
  const program = (await scenarioProgram(scenario))!;
  return simulate(scenario, { program }).summary.failures ?? [];
}

describe('history: { model } with processes', () => {
  test('lock: two holders at once fail "history: lock"; a mutex passes', async () => {
    const failures = await run('test/integrate/fixtures/lock.yaml');
    expect(failures.map((f) => [f.kind, f.property])).toEqual([['history', 'history: lock']]);
    expect(failures[0].message).toMatch(/^the history of 100 operations breaks at most one lock holder at a time: \d+ overlaps/);
    expect(await run('test/integrate/fixtures/lock.yaml', ['processes[0].kind=Mutex'])).toEqual([]);
  });

  test('set: acknowledged adds lost fail "history: set"; a set that keeps them passes', async () => {
    const failures = await run('test/integrate/fixtures/set.yaml');
    expect(failures.map((f) => [f.kind, f.property])).toEqual([['history', 'history: set']]);
    expect(failures[0].message).toContain('acknowledged elements lost');
    expect(await run('test/integrate/fixtures/set.yaml', ['processes[0].kind=SafeSet'])).toEqual([]);
  });

  test('every model of HISTORY_MODELS is accepted by the scenario schema; another name is refused with a hint', () => {
    // (the fixture's mix is add and read, so each model is given a mix of its own operations)
    for (const m of HISTORY_MODELS) expect(loadScenario('test/integrate/fixtures/set.yaml', [`history.model=${m}`, `workload.mix={ ${MODEL_FUNCTIONS[m][0]}: 1 }`]).spec.processes?.historyModel).toBe(m);
    expect(() => loadScenario('test/integrate/fixtures/set.yaml', ['history.model=sets'])).toThrow(ScenarioError);
  });

  test('operations the model has no meaning for: a clear error (exit 2) when the scenario loads, at its place', () => {
    expect(() => loadScenario('test/integrate/fixtures/set.yaml', ['history.model=queue'])).toThrow(ScenarioError);
    expect(() => loadScenario('test/integrate/fixtures/set.yaml', ['history.model=queue'])).toThrow(/workload\.mix\.add[\s\S]*expected an operation of the history model queue \(enqueue, dequeue, process, drain\); found "add"/);
  });

  test('values the model has no meaning for (a key with one register): a clear error after the run (exit 2), not an internal one', async () => {
    await expect(run('test/integrate/fixtures/set.yaml', ['history.model=cas-register', 'workload.mix={ read: 1, write: 1 }', 'workload.keys=2'])).rejects.toThrow(BuildError);
    await expect(run('test/integrate/fixtures/set.yaml', ['history.model=cas-register', 'workload.mix={ read: 1, write: 1 }', 'workload.keys=2'])).rejects.toThrow(/the workload's operations do not fit the model .*expected no key in a cas-register history/);
  });
});

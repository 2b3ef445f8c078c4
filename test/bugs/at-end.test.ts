/**
 * End-of-run properties (a program's `atEnd`) and the liveness phase (`settle:`): the run goes on
 * `settle` after the workload's last operation, timers and all, then the properties are checked
 * once, and the first that fails is a failure of kind invariant at the run's last instant. The
 * mistakes (atEnd not a map, an entry not a function, a property that throws, settle: without a
 * workload) are clear errors.
 */
import { describe, expect, test } from 'vitest';
import { load } from '../process/helpers.js';
import { simulate } from '../../src/run/simulate.js';
import { ProgramError } from '../../src/process/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const FIXTURE = 'test/bugs/fixtures/counter.yaml';

describe('atEnd and settle:', { timeout: 60_000 }, () => {
  test('without settle: the run ends with the workload, and a property that fails there is a failure at the last instant', async () => {
    const { scenario, program } = await load(FIXTURE);
    const r = simulate(scenario, { program });
    // 10 operations, each 10 ms after the last: the workload is done at 100 ms, 1 tick: longEnough fails
    expect(r.summary.failures).toEqual([{ kind: 'invariant', property: 'longEnough', message: 'only 1 ticks', atMs: 100, event: expect.any(Number) }]);
    expect(r.summary.failures![0].event).toBe(r.summary.processes!.events - 2); // the last event before the violation's own
  });

  test('settle: 3s: the run goes on 3 s after the last operation, its timers firing, then the properties hold', async () => {
    const { scenario, program } = await load(FIXTURE, ['settle=3s']);
    const r = simulate(scenario, { program });
    expect(r.summary.failures).toBeUndefined();
    expect(r.summary.processes!.operations).toMatchObject({ invoked: 10, ok: 10 });
    expect(r.summary.processes!.timers).toBe(30); // a tick every 100 ms until the end, 3 s after the last operation (at 100 ms)
  });

  test('until: cuts the liveness phase short, and the properties are still checked at the end', async () => {
    const { scenario, program } = await load(FIXTURE, ['settle=3s', 'until=1s']);
    const f = simulate(scenario, { program }).summary.failures;
    expect(f).toMatchObject([{ kind: 'invariant', property: 'longEnough', message: 'only 10 ticks', atMs: 1000 }]);
  });

  test('a run an invariant stopped does not check atEnd', async () => {
    const { scenario, program } = await load('scenarios/bugs/sqs-visibility/buggy.yaml');
    const f = simulate(scenario, { program, seed: 3 }).summary.failures!;
    expect(f.map((x) => x.property)).toEqual(['appliedAtMostOnce']);
  });

  test('mistakes: atEnd not a map, an entry not a function, a property that throws, settle: without a workload', async () => {
    await expect(load(FIXTURE, ['program=not-a-map.ts'])).rejects.toThrow(/exports atEnd as a list; expected a map from names to functions, such as export const atEnd = \{ converged: \(world\) => \.\.\. \}/);
    await expect(load(FIXTURE, ['program=not-a-function.ts'])).rejects.toThrow(/atEnd\.converged is a string \("yes"\); expected a function of the world/);
    const { scenario, program } = await load(FIXTURE, ['program=throws.ts']);
    let error: unknown;
    try {
      simulate(scenario, { program });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProgramError);
    expect((error as Error).message).toMatch(/throws\.ts:5:\d+: the end-of-run property converged threw: Cannot read properties of undefined/);
    expect(() => loadScenario('test/bugs/fixtures/settle-without-workload.yaml')).toThrow(ScenarioError);
    try {
      loadScenario('test/bugs/fixtures/settle-without-workload.yaml');
    } catch (e) {
      expect((e as Error).message).toContain('settle-without-workload.yaml:6:9  settle');
      expect((e as Error).message).toContain('expected a workload: with settle:');
    }
  });
});

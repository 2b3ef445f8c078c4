/** --double on a scenario with processes: the two runs' traces compared event by event. */
import { describe, expect, test } from 'vitest';
import { runSeed } from '../../src/experiments/hunt.js';
import { scenarioProgram } from '../../src/run/program.js';
import { loadScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/cli/scenario-path.js';
import { TraceComparison, describeTraceDifference } from '../../src/trace/compare.js';

describe('TraceComparison', () => {
  const feed = (cmp: TraceComparison, a: string[], b: string[]) => {
    cmp.first.write(a.join('\n') + '\n');
    cmp.first.close();
    // the second run's lines arrive in other chunks
    for (const line of b) cmp.second.write(line + '\n');
    cmp.second.close();
  };
  test('the same lines: no difference; the first differing line named with both texts', () => {
    const same = new TraceComparison();
    feed(same, ['h', 'e0', 'e1'], ['h', 'e0', 'e1']);
    expect(same.difference()).toBeNull();
    const differ = new TraceComparison();
    feed(differ, ['h', 'e0', 'e1', 'e2'], ['h', 'e0', 'x1', 'e2']);
    expect(differ.difference()).toEqual({ seq: 1, first: 'e1', second: 'x1', events: [3, 3] });
    const shorter = new TraceComparison();
    feed(shorter, ['h', 'e0', 'e1'], ['h', 'e0']);
    expect(describeTraceDifference(shorter.difference()!)).toBe('trace event 1: e1 in the first run, no event (the run had ended) in the second (2 and 1 events in all)');
  });
});

describe('runSeed with double on a scenario with processes', () => {
  test('a program with a module-level counter (same timing, different payloads) is caught at its first differing event', async () => {
    const scenario = loadScenario('test/integrate/fixtures/leaky.yaml');
    const program = (await scenarioProgram(scenario))!;
    const r = runSeed(scenario, 1, true, { program });
    expect(r.divergence).toBeDefined();
    expect(r.divergence!.description).toMatch(/^trace event 1: .*"kind":"send".*"run":(\d+).* in the first run, .*"run":(\d+).* in the second/);
  });

  test('the bundled lock-lease program runs the same twice', async () => {
    const scenario = loadScenario(resolveScenario('bugs/lock-lease/buggy'));
    const program = (await scenarioProgram(scenario))!;
    for (const seed of [1, 5]) expect(runSeed(scenario, seed, true, { program }).divergence).toBeUndefined();
  });
});

/** hunt's "no checks" warning: only when nothing in the scenario or its program can fail a run. */
import { describe, expect, test } from 'vitest';
import { hasProperties } from '../../src/cli/hunt.js';
import { scenarioProgram } from '../../src/run/program.js';
import { loadScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/cli/scenario-path.js';

describe('hasProperties', () => {
  test('invariants in the program, a history model, or checks: count; a process scenario with none does not', async () => {
    const lock = loadScenario(resolveScenario('bugs/lock-lease/buggy'));
    expect(hasProperties(lock, await scenarioProgram(lock))).toBe(true); // invariants
    const history = loadScenario('test/integrate/fixtures/lock.yaml');
    expect(hasProperties(history, await scenarioProgram(history))).toBe(true); // history: { model: lock }
    const leaky = loadScenario('test/integrate/fixtures/leaky.yaml');
    expect(hasProperties(leaky, await scenarioProgram(leaky))).toBe(false);
    const checks = loadScenario('test/integrate/fixtures/leaky.yaml', ['checks=["p99 < 500ms"]']);
    expect(hasProperties(checks, await scenarioProgram(checks))).toBe(true);
  });
});

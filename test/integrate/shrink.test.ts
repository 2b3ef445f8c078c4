/** Shrinking a scenario with processes: bugs/lock-lease/buggy, seed 5. */
import { collapsed } from '../../src/cli/shrink.js';
import { describe, expect, test } from 'vitest';
import { describeShrink, shrink } from '../../src/run/shrink.js';
import { simulate } from '../../src/run/simulate.js';
import { scenarioProgram } from '../../src/run/program.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/cli/scenario-path.js';

describe('shrink on a scenario with processes', () => {
  test('fewer operations and a shorter pause; the shrunk file fails the same way with the same seed and is no larger', async () => {
    const scenario = loadScenario(resolveScenario('bugs/lock-lease/buggy'));
    const program = (await scenarioProgram(scenario))!;
    const r = shrink({ scenario, seed: 5, program });
    expect(r.failure).toMatchObject({ kind: 'invariant', property: 'oneWriterAtATime' });
    expect(r.from).toMatchObject({ operations: 60, faults: 1, processes: 5 });
    expect(r.to.operations).toBeLessThan(10);
    for (const k of ['operations', 'faults', 'processes', 'requests', 'clocks', 'members'] as const) expect(r.to[k]!, k).toBeLessThanOrEqual(r.from[k]!);
    // the operations the seed drew are written out (the run stops at the violation, after 48), then removed one by one
    expect(r.steps[0]).toBe('workload.operations written out: the 48 the seed drew');
    expect(r.steps.some((s) => /^workload\.operations\[\d+\] removed$/.test(s))).toBe(true);
    // the pauses the seed picked before the violation are written out (one, on worker[2]), then shortened
    expect(r.steps[1]).toBe('faults written out: the 1 window the seed picked');
    expect(r.steps.some((s) => /^faults\[0\]\.pause\.for \d+ms -> \d+ms$/.test(s))).toBe(true);
    expect(describeShrink(r)).toMatch(new RegExp(`^60 operations and 1 fault -> ${r.to.operations} operations and 1 fault, in ${r.runs} runs$`));
    const shrunk = parseScenario(r.text, scenario.file, []);
    expect(shrunk.spec.processes?.workload?.operations).toBe(r.to.operations);
    expect(shrunk.spec.processes?.workload?.script?.length).toBe(r.to.operations);
    const failures = simulate(shrunk, { seed: 5, program }).summary.failures ?? [];
    expect(failures.map((f) => [f.kind, f.property])).toEqual([['invariant', 'oneWriterAtATime']]);
    // the same input shrinks to the same file
    expect(shrink({ scenario, seed: 5, program }).text).toBe(r.text);
  });

  test('a group with count shrinks to fewer processes, not below 1; a shorter until', async () => {
    // seed 5 with one worker more: the extra worker and the later operations are not needed to fail
    const scenario = loadScenario(resolveScenario('bugs/lock-lease/buggy'), ['processes[2].count=6', 'until=5s']);
    const program = (await scenarioProgram(scenario))!;
    const seed = [...Array(40).keys()].map((i) => i + 1).find((s) => (simulate(scenario, { seed: s, program }).summary.failures ?? []).length > 0)!;
    const r = shrink({ scenario, seed, program });
    const shrunk = parseScenario(r.text, scenario.file, []);
    expect(r.from.processes).toBe(8);
    expect(shrunk.spec.processes!.groups[2].count).toBeGreaterThanOrEqual(1);
    expect(shrunk.spec.processes!.groups[2].count).toBeLessThan(6);
    expect(r.to.processes!).toBeLessThan(8);
    expect(r.steps.some((s) => s.startsWith('processes[2].count 6 -> '))).toBe(true);
    expect(shrunk.spec.processes!.untilMs!).toBeLessThan(1000);
    expect((simulate(shrunk, { seed, program }).summary.failures ?? [])[0]).toMatchObject({ kind: 'invariant', property: 'oneWriterAtATime' });
  });
});

describe('a workload too large to write out', () => {
  test('over the write-out limit, the count goes down first and the file keeps operations: as a number', async () => {
    const scenario = loadScenario(resolveScenario('bugs/lock-lease/buggy'));
    const program = (await scenarioProgram(scenario))!;
    const r = shrink({ scenario, seed: 5, program, writeOutLimit: 10 });
    expect(r.steps.some((s) => s.startsWith('workload.operations written out'))).toBe(false);
    expect(r.steps.some((s) => s.startsWith('workload.operations 60 -> '))).toBe(true);
    const shrunk = parseScenario(r.text, scenario.file, []);
    expect(shrunk.spec.processes!.workload!.script).toBeUndefined();
    expect(r.to.operations).toBeLessThan(60);
    expect((simulate(shrunk, { seed: 5, program }).summary.failures ?? [])[0]).toMatchObject({ kind: 'invariant', property: 'oneWriterAtATime' });
  });
});

describe('random faults written out', () => {
  test('a failure that needs two of the pauses a periodic pause picked: written out, cut to two, undone (never more faults than the original)', async () => {
    // lock-lease with a pause every exp(150ms): seed 3 fails, and needs two pause windows
    const scenario = loadScenario(resolveScenario('bugs/lock-lease/buggy'), ['faults[0].pause.every=exp(150ms)']);
    const program = (await scenarioProgram(scenario))!;
    const r = shrink({ scenario, seed: 3, program });
    expect(r.steps).toContain("faults written out, undone: 2 entries were left, more than the original's 1");
    expect(r.to.faults).toBe(1);
    const shrunk = parseScenario(r.text, scenario.file, []);
    expect(shrunk.spec.faults).toEqual([expect.objectContaining({ kind: 'pause', target: 'worker[*]', every: expect.anything() })]);
    expect((simulate(shrunk, { seed: 3, program }).summary.failures ?? [])[0]).toMatchObject({ kind: 'invariant', property: 'oneWriterAtATime' });
    // the run budget spent right after the windows were written out: undone too
    const cut = shrink({ scenario, seed: 3, program, maxRuns: 3 });
    expect(cut.exhausted).toBe(true);
    expect(cut.to.faults).toBe(1);
    expect(cut.steps).toEqual(['workload.operations written out: the 9 the seed drew', "faults written out, undone: 2 entries were left, more than the original's 1"]);
  });
});

describe('the shrink lines on the terminal', () => {
  test('a step taken several times in a row is said once with its count (shrink.json keeps every step)', () => {
    expect(collapsed(['a[8] removed', 'a[8] removed', 'a[8] removed', 'a[0] removed', 'b 2 -> 1', 'a[0] removed'])).toEqual([
      'a[8] removed (3 times in a row)',
      'a[0] removed',
      'b 2 -> 1',
      'a[0] removed',
    ]);
    expect(collapsed([])).toEqual([]);
  });
});

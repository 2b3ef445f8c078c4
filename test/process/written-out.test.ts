/**
 * A written-out workload (`workload.operations` as a list): what it becomes, each misuse at its
 * place, and the property the shrinker stands on: writing out the operations a seed drew gives
 * the same run, and removing one operation leaves every other one as it was.
 */
import { describe, expect, test } from 'vitest';
import { parseScenario, loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/run/simulate.js';
import { scenarioProgram } from '../../src/run/program.js';
import { resolveScenario } from '../../src/cli/scenario-path.js';
import { faultsWrittenOut, writtenOut } from '../../src/run/shrink.js';
import { documentWithOverrides, editedText } from '../../src/scenario/edit.js';

const problems = (text: string) => {
  try {
    parseScenario(text, 'dir/s.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}${p.hint !== undefined ? ` (${p.hint})` : ''}`);
    throw e;
  }
  return [];
};

const BASE = ['name: s', 'program: p.ts', 'processes:', '  - { name: n, kind: K, count: 2 }', 'workload:', '  clients: 2', '  timeout: 1s'];

describe('workload.operations as a list', () => {
  test('becomes the script: each operation with its time, client, process, f, key and value', () => {
    const s = parseScenario([...BASE, '  operations:', '    - { at: 1.5ms, client: 1, to: "n[1]", f: cas, key: 2, value: [1, 3] }', '    - { at: 0ms, client: 0, to: "n[0]", f: read }'].join('\n'), 'dir/s.yaml').spec;
    expect(s.processes!.workload).toMatchObject({
      clients: 2,
      operations: 2,
      timeoutMs: 1000,
      script: [
        { atMs: 1.5, client: 1, to: 'n[1]', f: 'cas', key: 2, value: [1, 3] },
        { atMs: 0, client: 0, to: 'n[0]', f: 'read' },
      ],
    });
  });

  test('each misuse at its place', () => {
    expect(problems([...BASE, '  operations:', '    - { at: 1ms, client: 2, to: "n[0]", f: write, value: 1 }'].join('\n'))).toEqual([
      '9:26 workload.operations[0].client: expected a client from 0 to 1 (clients: 2); found 2',
    ]);
    expect(problems([...BASE, '  operations:', '    - { at: 1ms, client: 0, to: "n[2]", f: write, value: 1 }'].join('\n'))).toEqual([
      '9:33 workload.operations[0].to: expected the address of a process, such as n[0]; found "n[2]" (did you mean "n[0]"?)',
    ]);
    expect(problems([...BASE, '  mix: { write: 1 }', '  operations:', '    - { at: 1ms, client: 0, to: "n[0]", f: write, value: 1 }'].join('\n'))).toEqual([
      '8:8 workload.mix: expected no mix with a list of operations (each operation says its client, process, f and value); found mix',
    ]);
    expect(problems([...BASE, '  operations:', '    - { at: 1, client: 0, to: "n[0]", f: write }'].join('\n'))[0]).toMatch(/^9:13 workload\.operations\[0\]\.at: /);
    expect(problems([...BASE, '  operations:', '    - { at: 1ms, client: 0, to: "n[0]", f: write, valu: 1 }'].join('\n'))).toEqual([
      '9:51 workload.operations[0].valu: unknown key "valu"; expected one of: at, client, to, f, key, value (did you mean "value"?)',
    ]);
  });
});

describe('the operations a seed drew, written out', () => {
  test.each([
    ['lock-lease', 5],
    ['primary-backup', 3],
  ] as const)('bugs/%s seed %i: the same run (the same history and failure) from the list as from the draws', async (bug, seed) => {
    const scenario = loadScenario(resolveScenario(`bugs/${bug}/buggy`));
    const program = (await scenarioProgram(scenario))!;
    const drawn = simulate(scenario, { seed, program });
    const doc = documentWithOverrides(scenario.text, []);
    const text = editedText(doc, writtenOut(doc, drawn.processes!.issuedOps));
    const listed = simulate(parseScenario(text, scenario.file), { seed, program });
    expect(listed.processes!.history).toEqual(drawn.processes!.history);
    expect(listed.summary.failures).toEqual(drawn.summary.failures);
    expect(listed.summary.processes).toEqual(drawn.summary.processes);
    // and it has a history to write (run writes history.jsonl when it does: the failure names it)
    expect(listed.processes!.hasWorkload).toBe(true);
  });

  test.each([1, 2, 5])('an open loop (lock-lease at 200/s, so clients are often all busy), seed %i: the same run from the list', async (seed) => {
    const base = loadScenario(resolveScenario('bugs/lock-lease/buggy'));
    const text = base.text.replace('think: exp(20ms)', 'rate: 200/s');
    expect(text).not.toBe(base.text);
    const scenario = parseScenario(text, base.file);
    const program = (await scenarioProgram(scenario))!;
    const drawn = simulate(scenario, { seed, program });
    const doc = documentWithOverrides(text, []);
    const listed = simulate(parseScenario(editedText(doc, writtenOut(doc, drawn.processes!.issuedOps)), base.file), { seed, program });
    expect(listed.processes!.history).toEqual(drawn.processes!.history);
    expect(listed.summary.failures).toEqual(drawn.summary.failures);
  });

  test('removing an operation leaves every other one as it was (its client, process, f, value and time)', async () => {
    const scenario = loadScenario(resolveScenario('bugs/primary-backup/buggy'));
    const program = (await scenarioProgram(scenario))!;
    const ops = simulate(scenario, { seed: 3, program }).processes!.issuedOps;
    const doc = documentWithOverrides(scenario.text, []);
    // client 2's operations go: the others are issued as they were (client 2's never delayed them: one operation at a time per client)
    const kept = ops.filter((op) => op.client !== 2);
    const text = editedText(doc, writtenOut(doc, kept));
    const again = simulate(parseScenario(text, scenario.file), { seed: 3, program }).processes!.issuedOps;
    expect(again).toEqual(kept);
  });
});

describe('the fault windows a seed picked, written out', () => {
  test.each([1, 5, 7])('lock-lease with periodic pauses and random crashes, seed %i: the same run from the single pauses and crashes', async (seed) => {
    const base = loadScenario(resolveScenario('bugs/lock-lease/buggy'));
    // faults is the file's last key: a random crash of the workers joins the periodic pauses
    const text = `${base.text.trimEnd()}\n  - crash: { target: "worker[*]", mtbf: 400ms, mttr: 30ms }\n`;
    const scenario = parseScenario(text, base.file);
    const program = (await scenarioProgram(scenario))!;
    const drawn = simulate(scenario, { seed, program });
    const doc = documentWithOverrides(text, []);
    const out = faultsWrittenOut(doc, scenario, seed, drawn.summary.run.simulatedMs)!;
    const written = parseScenario(editedText(doc, out.edits), base.file);
    expect(written.spec.faults.length).toBe(out.windows);
    expect(written.spec.faults.every((f) => (f.kind === 'pause' && f.every === undefined) || (f.kind === 'crash' && 'atMs' in f))).toBe(true);
    expect(written.spec.faults.some((f) => f.kind === 'crash')).toBe(true);
    const listed = simulate(written, { seed, program });
    expect(listed.processes!.history).toEqual(drawn.processes!.history);
    expect(listed.summary.failures).toEqual(drawn.summary.failures);
    expect(listed.summary.processes).toEqual(drawn.summary.processes);
    expect(listed.summary.run.simulatedMs).toBe(drawn.summary.run.simulatedMs);
  });

  test('a scenario without random node faults has none to write out', async () => {
    const scenario = loadScenario(resolveScenario('bugs/primary-backup/buggy'));
    expect(faultsWrittenOut(documentWithOverrides(scenario.text, []), scenario, 3, 1000)).toBeUndefined();
  });
});

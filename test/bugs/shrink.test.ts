/**
 * Shrinking every bundled bug at its lowest failing seed: the workload is written out (the
 * operations the seed drew) and cut down operation by operation; the shrunk file, run on its own
 * with the same seed, fails the same way (same kind and property) and is no larger than the original
 * on any measure. The figures are pinned: a change to the shrinker that makes them worse shows here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeShrink, shrink } from '../../src/run/shrink.js';
import { simulate } from '../../src/run/simulate.js';
import { scenarioProgram } from '../../src/run/program.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/cli/scenario-path.js';

// bug, its lowest failing seed, the failure, and what `lightcone shrink bugs/<bug>/buggy --seed S` prints
const BUGS: [string, number, [string, string], string][] = [
  ['lock-lease', 5, ['invariant', 'oneWriterAtATime'], '60 operations and 1 fault -> 5 operations and 1 fault, in 233 runs'],
  ['primary-backup', 3, ['history', 'history: cas-register'], '60 operations and 1 fault -> 2 operations and 1 fault, in 62 runs'],
  ['sqs-visibility', 3, ['invariant', 'appliedAtMostOnce'], '40 operations, 1 fault and 4 processes -> 1 operation, 1 fault and 3 processes, in 53 runs'],
  ['gossip', 3, ['invariant', 'converged'], '40 operations, 1 fault and 5 processes -> 1 operation, 1 fault and 3 processes, in 37 runs'],
];

describe.each(BUGS)('shrink bugs/%s', (bug, seed, [kind, property], line) => {
  test(`seed ${seed}: ${line}; the shrunk file fails the same way on its own and is no larger`, { timeout: 120_000 }, async () => {
    const scenario = loadScenario(resolveScenario(`bugs/${bug}/buggy`));
    const program = (await scenarioProgram(scenario))!;
    const r = shrink({ scenario, seed, program });
    expect(r.failure).toMatchObject({ kind, property });
    expect(describeShrink(r)).toBe(line);
    expect(r.exhausted).toBe(false);
    expect(r.steps[0]).toMatch(/^workload\.operations written out: the \d+ the seed drew$/);
    for (const k of ['operations', 'faults', 'processes', 'requests', 'clocks', 'members'] as const) expect(r.to[k]!, k).toBeLessThanOrEqual(r.from[k]!);
    // on its own: the text parses, its operations are the list written, and its run fails the same way
    const shrunk = parseScenario(r.text, scenario.file, []);
    expect(shrunk.spec.processes!.workload!.script!.length).toBe(r.to.operations);
    const failures = simulate(shrunk, { seed, program }).summary.failures ?? [];
    expect(failures.some((f) => f.kind === kind && f.property === property)).toBe(true);
  });
});

test('shrinking is deterministic: the same scenario and seed give the same file in the same number of runs', { timeout: 120_000 }, async () => {
  const scenario = loadScenario(resolveScenario('bugs/primary-backup/buggy'));
  const program = (await scenarioProgram(scenario))!;
  const a = shrink({ scenario, seed: 3, program });
  const b = shrink({ scenario, seed: 3, program });
  expect(b.text).toBe(a.text);
  expect(b.runs).toBe(a.runs);
  expect(b.steps).toEqual(a.steps);
});

test('from the command line: shrink prints the line and writes shrunk.yaml, which `run` alone fails the same way (exit 1)', { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'bug-shrink-'));
  const env = { ...process.env, LIGHTCONE_SEED: '', CI: '1' };
  const shrunk = spawnSync('node', ['bin/lightcone', 'shrink', 'bugs/lock-lease/buggy', '--seed', '5', '--out', out], { encoding: 'utf8', env });
  expect(shrunk.status, shrunk.stderr).toBe(1);
  expect(shrunk.stdout.split('\n').slice(0, 4)).toEqual([
    'shrunk: 60 operations and 1 fault -> 5 operations and 1 fault, in 233 runs',
    '  still fails: invariant oneWriterAtATime',
    '  workload.operations written out: the 48 the seed drew',
    '  faults written out: the 1 window the seed picked',
  ]);
  const text = readFileSync(join(out, 'shrunk.yaml'), 'utf8');
  expect(text).toContain('- { pause: { target: "worker[2]", at: 840.35ms, for: 110ms } }');
  // the editor's schema line still finds the schema from the shrunk file's folder
  const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)![1];
  expect(existsSync(resolve(out, schema)), schema).toBe(true);
  const run = spawnSync('node', ['bin/lightcone', 'run', join(out, 'shrunk.yaml'), '--seed', '5', '--out', join(out, 'run')], { encoding: 'utf8', env });
  expect(run.status, run.stderr).toBe(1);
  expect(run.stdout + run.stderr).toContain('FAILED invariant oneWriterAtATime');
});

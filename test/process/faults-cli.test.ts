/**
 * The process faults of this part from a scenario file, through the command line: random
 * partitions, slow and flaky on processes, end drops in the trace; a random partition whose
 * `among` names no process is an error at its place in the file.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const lightcone = (...args: string[]) => spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8' });
const PROGRAM = resolve('test/process/fixtures/register.ts');

function scenario(faults: string[]): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lightcone-pfaults-'));
  const file = join(dir, 's.yaml');
  writeFileSync(file, ['name: s', 'seed: 4', `program: ${PROGRAM}`, 'processes:', '  - { name: p, kind: Pinger, count: 5 }', 'network: { latency: "uniform(1ms, 5ms)" }', 'until: 300ms', 'faults:', ...faults, ''].join('\n'));
  return { dir, file };
}

describe('process faults from a scenario file', { timeout: 60_000 }, () => {
  test('run --trace: random partitions, slow and flaky processes; the summary and the trace say what happened', () => {
    const { dir, file } = scenario([
      '  - partition: { among: "p[*]", split: majorities-ring, every: exp(60ms), for: exp(20ms) }',
      '  - slow: { target: "p[0]", at: 50ms, for: 100ms, factor: 4 }',
      '  - flaky: { target: "p[4]", at: 0ms, for: 100ms, loss: 50% }',
    ]);
    const out = join(dir, 'out');
    const r = lightcone('run', file, '--trace', '--out', out, '--json');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    const m = summary.processes.messages;
    expect(m.dropped.partition).toBeGreaterThan(0);
    expect(m.dropped.loss).toBeGreaterThan(0);
    expect(m.dropped.end).toBeGreaterThan(0);
    expect(m.slowed).toBeGreaterThan(0);
    expect(summary.processes.slowdowns).toBe(1);
    const events = readFileSync(join(out, 'trace.jsonl'), 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l));
    const count = (reason: string) => events.filter((e) => e.kind === 'drop' && e.reason === reason).length;
    expect([count('partition'), count('loss'), count('end')]).toEqual([m.dropped.partition, m.dropped.loss, m.dropped.end]);
    // the text report says so too
    const text = lightcone('run', file, '--out', join(dir, 'text'));
    expect(text.stdout).toContain(`${m.dropped.end} still on their way at the end`);
    // the same seed, the same bytes
    const again = join(dir, 'again');
    expect(lightcone('run', file, '--trace', '--out', again, '--json').status).toBe(0);
    expect(readFileSync(join(again, 'trace.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'trace.jsonl'), 'utf8'));
  });

  test('validate: a random partition among no process is an error at its place, with did you mean; exit 2', () => {
    const { file } = scenario(['  - partition: { among: "q[*]", every: 50ms, for: 10ms }']);
    const r = lightcone('validate', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:9:25  faults[0].partition.among\n    "q[*]" names no process address; random partitions split the addresses of processes, such as p[0], p[1], p[2]`);
    expect(r.stderr).toContain('hint: did you mean "p[*]"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

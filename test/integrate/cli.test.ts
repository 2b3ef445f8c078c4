/**
 * The parts of issue 9 working together, through bin/lightcone: hunt, replay, shrink and validate
 * on a scenario with processes (bugs/lock-lease/buggy: seed 5 is its lowest failing seed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

function lightcone(...args: string[]) {
  const r = spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8', env: { ...process.env, LIGHTCONE_SEED: '', CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'integrate-'));
const BUGGY = 'bugs/lock-lease/buggy';

describe('hunt on a scenario with processes', () => {
  test.each(['1', '2'])('finds seed 5, the invariant failure, at --jobs %s; no "no checks" warning', (jobs) => {
    const out = tmp();
    const r = lightcone('hunt', BUGGY, '--seeds', '1..50', '--jobs', jobs, '--no-shrink', '--out', out);
    expect(r.stderr).not.toContain('warning');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED seed 5 (the lowest failing seed: 4 seeds before it passed)');
    // the failure line run and replay print, without the seed (the line above has it)
    expect(r.stdout).toContain('\n  invariant oneWriterAtATime (at 970.88 ms of simulated time, event 1089): storage took a write from worker[2] with token 44');
    const report = JSON.parse(readFileSync(join(out, 'hunt.json'), 'utf8'));
    expect(report).toMatchObject({ checked: { first: 1, last: 5, count: 5 }, ended: 'failure', failing: [{ seed: 5, failures: [{ kind: 'invariant', property: 'oneWriterAtATime' }] }] });
  });

  test('hunt.json and the failing run\'s trace are the same at --jobs 1 and 2', () => {
    const [a, b] = ['1', '2'].map((jobs) => {
      const out = tmp();
      expect(lightcone('hunt', BUGGY, '--seeds', '1..50', '--jobs', jobs, '--no-shrink', '--out', out).code).toBe(1);
      return out;
    });
    for (const f of ['hunt.json', 'seed-5/trace.jsonl', 'seed-5/messages.svg']) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
  });

  test('writes the failing run\'s trace (ending at the violation), messages.svg with arrows and diagram.html', () => {
    const out = tmp();
    expect(lightcone('hunt', BUGGY, '--seeds', '1..50', '--jobs', '1', '--no-shrink', '--out', out).code).toBe(1);
    const dir = join(out, 'seed-5');
    for (const f of ['trace.jsonl', 'messages.svg', 'diagram.html', 'summary.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    const lines = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]);
    expect(last).toMatchObject({ kind: 'violation', node: 'storage' });
    expect(last.text).toContain('oneWriterAtATime');
    const svg = readFileSync(join(dir, 'messages.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect((svg.match(/<line class="msg delivered"/g) ?? []).length).toBeGreaterThan(10);
  });

  test('a program error is exit 2 with a clear message, in hunt, replay, shrink and validate', () => {
    for (const cmd of [['hunt', '--seeds', '1..3', '--jobs', '2'], ['replay', '--seed', '1'], ['shrink', '--seed', '1', '--out', tmp()], ['validate']]) {
      const missing = lightcone(cmd[0], 'test/integrate/fixtures/missing-kind.yaml', ...cmd.slice(1));
      expect(missing.code, cmd[0]).toBe(2);
      expect(missing.stderr).toContain('does not export the process kind "Registr"');
      expect(missing.stderr).toContain('did you mean "Register"?');
      expect(missing.stderr).not.toContain('    at ');
      const broken = lightcone(cmd[0], 'test/integrate/fixtures/broken.yaml', ...cmd.slice(1));
      expect(broken.code, cmd[0]).toBe(2);
      expect(broken.stderr).toMatch(/broken\.ts:2:\d+: Expected "\)"/);
    }
    expect(lightcone('validate', BUGGY).stdout).toMatch(/is a valid scenario "lock-lease-buggy" \(60 operations, seed 1; program .*lock\.ts: 3 process groups, 1 invariant\)/);
  });
});

describe('hunt shrinks the failing run of a scenario with processes', () => {
  test('prints "N operations and K faults -> n operations and k faults, in R runs" and writes a shrunk.yaml that fails with the same seed', () => {
    const out = tmp();
    const r = lightcone('hunt', BUGGY, '--seeds', '1..50', '--jobs', '1', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/shrunk: 60 operations and 1 fault -> \d+ operations and 1 fault, in \d+ runs/);
    const again = lightcone('run', join(out, 'seed-5', 'shrunk.yaml'), '--seed', '5', '--out', tmp());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('FAILED invariant oneWriterAtATime');
  });
});

describe('replay on a scenario with processes', () => {
  test('runs the program: seed 5 fails its invariant (exit 1); --trace writes the trace and the diagram', () => {
    const out = tmp();
    const r = lightcone('replay', BUGGY, '--seed', '5', '--trace', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FAILED invariant oneWriterAtATime');
    for (const f of ['trace.jsonl', 'messages.svg', 'diagram.html']) expect(existsSync(join(out, f)), f).toBe(true);
    const lines = readFileSync(join(out, 'trace.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]).kind).toBe('violation');
  });
});

describe('replay --until on a scenario with processes', () => {
  test('prints every process\'s state and the messages in flight as JSON', () => {
    const r = lightcone('replay', BUGGY, '--seed', '5', '--until', '300');
    expect(r.code).toBe(0);
    const state = JSON.parse(r.stdout);
    expect(state).toMatchObject({ seed: 5, event: 300, nodes: { storage: { kind: 'Storage', down: false, paused: false } } });
    expect(Object.keys(state.nodes)).toEqual(['locks', 'storage', 'worker[0]', 'worker[1]', 'worker[2]']);
    expect(state.messages.length).toBeGreaterThan(0);
  });
});

describe('the failing run of a hunt has what its failure names', () => {
  test('a history failure: seed-3/history.jsonl, which check-history finds not linearizable', () => {
    const out = tmp();
    const r = lightcone('hunt', 'bugs/primary-backup/buggy', '--seeds', '1..5', '--no-shrink', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('check it with lightcone check-history history.jsonl --model cas-register');
    const check = lightcone('check-history', join(out, 'seed-3', 'history.jsonl'), '--model', 'cas-register');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('not linearizable');
  });
});

describe('replay --until takes the event numbers a failure names', () => {
  test('seed 5 fails after event 1089 (trace.jsonl numbering): --until 1087 stops just before, with the stale write in flight; --until 1089 fails', () => {
    const failing = lightcone('run', BUGGY, '--seed', '5', '--out', tmp());
    expect(failing.stderr).toContain('event 1089)');
    const before = lightcone('replay', BUGGY, '--seed', '5', '--until', '1087');
    expect(before.code).toBe(0);
    const state = JSON.parse(before.stdout);
    expect(state).toMatchObject({ event: 1087, nodes: { storage: { object: { lastToken: 46 } } } });
    expect(state.messages).toContainEqual(expect.objectContaining({ from: 'worker[2]', to: 'storage', type: 'write', body: expect.objectContaining({ token: 44 }) }));
    expect(lightcone('replay', BUGGY, '--seed', '5', '--until', '1089').code).toBe(1);
  });
});

describe('--double on a scenario with processes', () => {
  const LEAKY = 'test/integrate/fixtures/leaky.yaml';
  test.each(['1', '2'])('hunt --jobs %s catches a program that keeps a counter across runs, naming the first differing event', (jobs) => {
    const r = lightcone('hunt', LEAKY, '--seeds', '1..5', '--double', '--jobs', jobs, '--out', tmp());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NONDETERMINISTIC: seed 1 ran twice and the runs differ at trace event 1:');
    expect(r.stdout).toMatch(/"run":\d+\}\} in the first run, .*"run":\d+\}\} in the second/);
  });

  test('replay --double too; the bundled lock-lease program passes', () => {
    const r = lightcone('replay', LEAKY, '--seed', '1', '--double');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NONDETERMINISTIC: the two runs of seed 1 differ at trace event 1:');
    const ok = lightcone('replay', BUGGY, '--seed', '3', '--double');
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/deterministic: two runs of seed 3, \d+ identical events/);
  });

  test.each([[['--until', '20']], [['--trace', '--out', tmp()]], [['--trace', '--until', '20', '--out', tmp()]]])('replay --double %j runs the seed twice: the run it prints is the first of the two compared', (flags) => {
    // the leaky program counts its runs in a payload: the first run compared is run 1, the second run 2
    const r = lightcone('replay', LEAKY, '--seed', '1', '--double', ...flags);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"run":1\}\} in the first run, .*"run":2\}\} in the second/);
  });
});

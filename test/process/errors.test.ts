/**
 * Every mistake in a program is a clear error with a location, exit code 2, and nothing written:
 * a missing file, a syntax error, a kind the program does not export, a handler that throws, an
 * invariant that is not a function; and the determinism guard names the line that read the wall
 * clock or Math.random.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from './helpers.js';
import { simulate } from '../../src/run/simulate.js';
import { ProgramError } from '../../src/process/errors.js';

const BASE = 'test/process/fixtures/errors/base.yaml';
const FIXTURES = resolve('test/process/fixtures/errors');

function run(args: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), 'lightcone-process-')), 'out');
  const r = spawnSync('node', ['bin/lightcone', 'run', BASE, '--out', out, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, wrote: existsSync(out) && existsSync(join(out, 'summary.json')) };
}

describe('program errors, through the CLI', { timeout: 60_000 }, () => {
  test('the base scenario runs (exit 0) and writes its history', () => {
    const r = run([]);
    expect(r.stderr).not.toMatch(/^error/m);
    expect([r.code, r.wrote]).toEqual([0, true]);
  });

  test('a missing program file: its path, did you mean, exit 2, nothing written', () => {
    const r = run(['--set', 'program=ok.tss']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--set program=ok.tss  program`);
    expect(r.stderr).toContain(`expected a program file (TypeScript or JavaScript) at ${join(FIXTURES, 'ok.tss')}; found no such file; did you mean "ok.ts"?`);
    expect(r.wrote).toBe(false);
  });

  test('--program names a missing file: the same, about --program', () => {
    const r = run(['--program', 'nowhere.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--program: expected a program file (TypeScript or JavaScript) at ${resolve('nowhere.ts')}; found no such file`);
  });

  test("a syntax error: esbuild's message at the user's file:line:col, with the line", () => {
    const r = run(['--program', 'test/process/fixtures/errors/syntax.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: the program ${resolve('test/process/fixtures/errors/syntax.ts')} does not compile (1 error):`);
    expect(r.stderr).toContain(`${join(FIXTURES, 'syntax.ts')}:3:17: Expected ")" but found ";"`);
    expect(r.stderr).toContain('    ctx.reply(op;');
    expect(r.wrote).toBe(false);
  });

  test('a kind the program does not export: at the scenario line of the kind, with did you mean', () => {
    const r = run(['--set', 'program=typo.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('base.yaml:5:22  processes[0].kind');
    expect(r.stderr).toContain(`does not export the process kind "Node"; it exports Nodes, Other; did you mean "Nodes"?`);
  });

  test("a handler that throws: the user's file:line:col, the handler, the process, the time and event; nothing written", () => {
    const r = run(['--set', 'program=throws.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${join(FIXTURES, 'throws.ts').replace(/[.[\]]/g, '\\$&')}:4:28: the operation handler of n\\[0\\] \\(kind Node\\) threw: boom\\n  at [0-9.]+ ms of simulated time, event \\d+; nothing was written\\n$`));
    expect(r.wrote).toBe(false);
  });

  test('an invariant that is not a function: its name and what it is', () => {
    const r = run(['--set', 'program=bad-invariant.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invariants.notAFunction is a number (42); expected a function of the world');
    expect(r.stderr).toContain('--set program=bad-invariant.ts  program');
  });

  test('--program on a scenario without processes is a usage error; --trace on a chain over the trace-requests limit is refused with its place', () => {
    const a = spawnSync('node', ['bin/lightcone', 'run', 'mm1', '--program', 'x.ts'], { encoding: 'utf8' });
    expect([a.status, a.stderr]).toEqual([2, expect.stringContaining('--program: the scenario') as unknown as string]);
    const b = spawnSync('node', ['bin/lightcone', 'run', 'mm1', '--trace'], { encoding: 'utf8' });
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('scenarios/mm1.yaml:10:45  load.requests\n    expected at most 100,000 requests in a run of a chain with --trace');
    expect(b.stderr).toContain('hint: lift the limit with --limit trace-requests=1100000');
  });
});

describe('the determinism guard', { timeout: 60_000 }, () => {
  for (const [kind, what, line] of [
    ['DateNow', 'Date.now()', 8],
    ['NewDate', 'new Date()', 9],
    ['Performance', 'performance.now()', 10],
    ['MathRandom', 'Math.random()', 11],
  ] as const) {
    test(`${what} in a handler throws, naming the user's line`, async () => {
      const { scenario, program } = await load(BASE, [`processes[0].kind=${kind}`, 'program=clock.ts']);
      let error: unknown;
      try {
        simulate(scenario, { program });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProgramError);
      const message = (error as Error).message;
      expect(message).toContain(`${join(FIXTURES, 'clock.ts')}:${line}:`);
      expect(message).toContain(`${what} is not available to a process: processes read time through ctx.now()`);
      // restored after the run
      expect(typeof Date.now()).toBe('number');
      expect(new Date().getTime()).toBeGreaterThan(0);
      expect(Math.random()).toBeLessThan(1);
      expect(performance.now()).toBeGreaterThan(0);
    });
  }

  test('new Date(ms) from the local clock, and ctx.random(), are fine', async () => {
    const { scenario, program } = await load(BASE, ['processes[0].kind=Fine', 'program=clock.ts']);
    const r = simulate(scenario, { program });
    expect(r.summary.processes!.operations.ok).toBe(3);
    expect(globalThis.Date.name).toBe('Date');
  });
});

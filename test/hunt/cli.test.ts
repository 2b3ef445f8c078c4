/** hunt, replay and shrink through bin/lightcone: exit codes, what they print and write. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

function lightcone(...args: string[]) {
  const r = spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8', env: { ...process.env, LIGHTCONE_SEED: '', CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FIXTURE = 'test/hunt/fixtures/tight-p99.yaml';

describe('lightcone hunt', () => {
  test('finds the lowest failing seed, prints the reproduce command, writes hunt.json and the failing run; exit 1', () => {
    const out = mkdtempSync(join(tmpdir(), 'hunt-'));
    const r = lightcone('hunt', FIXTURE, '--seeds', '1..300', '--jobs', '2', '--no-shrink', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED seed 31 (the lowest failing seed: 30 seeds before it passed)');
    expect(r.stdout).toContain(`Reproduce: lightcone run ${FIXTURE} --seed 31`);
    const report = JSON.parse(readFileSync(join(out, 'hunt.json'), 'utf8'));
    expect(report).toMatchObject({ seeds: { first: 1, last: 300 }, checked: { first: 1, last: 31, count: 31 }, ended: 'failure', failing: [{ seed: 31 }] });
    expect(existsSync(join(out, 'seed-31', 'summary.json'))).toBe(true);
    // hunt.json does not depend on the number of threads
    const out1 = mkdtempSync(join(tmpdir(), 'hunt-'));
    expect(lightcone('hunt', FIXTURE, '--seeds', '1..300', '--jobs', '1', '--no-shrink', '--out', out1).code).toBe(1);
    expect(readFileSync(join(out1, 'hunt.json'), 'utf8')).toBe(readFileSync(join(out, 'hunt.json'), 'utf8'));
  });

  test('no failure: exit 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'hunt-'));
    const r = lightcone('hunt', FIXTURE, '--seeds', '1..20', '--jobs', '1', '--double', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no failure: every seed of 1..20 passed, each run twice with identical events');
  });

  test('a scenario error found while a seed runs is exit 2 with its message, on worker threads as in process', () => {
    for (const jobs of ['1', '2']) {
      const r = lightcone('hunt', 'test/hunt/fixtures/nack-loop.yaml', '--seeds', '1..4', '--jobs', jobs, '--out', mkdtempSync(join(tmpdir(), 'hunt-')));
      expect(r.code, `--jobs ${jobs}`).toBe(2);
      expect(r.stderr).toContain('error: broker "broker": message 0 was nacked and received again 1000 times');
      expect(r.stderr).not.toContain('internal error');
    }
  });

  test('bad flags are usage errors (exit 2), and nothing runs', () => {
    expect(lightcone('hunt', FIXTURE, '--seeds', '10..1').code).toBe(2);
    expect(lightcone('hunt', FIXTURE, '--seeds', 'many').stderr).toContain('--seeds: expected a range of seeds FIRST..LAST');
    expect(lightcone('hunt', FIXTURE, '--time-limit', '10 parsecs').stderr).toContain('--time-limit: expected a duration such as 30s');
  });
});

describe('lightcone replay', () => {
  test('reruns a failing seed: its checks, exit 1; --until N dumps the state as JSON', () => {
    const r = lightcone('replay', FIXTURE, '--seed', '31');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  p99 < 140ms');
    expect(r.stderr).toContain('FAILED check p99 < 140ms');
    const u = lightcone('replay', FIXTURE, '--seed', '31', '--until', '40', '--double');
    const state = JSON.parse(u.stdout);
    expect(state).toMatchObject({ seed: 31, event: 40, nodes: { server: { down: false } } });
    expect(u.stderr).toContain('deterministic: two runs of seed 31, 40 identical events');
    expect(lightcone('replay', FIXTURE, '--seed', '1').code).toBe(0);
    expect(lightcone('replay', FIXTURE, '--seed', '1', '--until', '0').code).toBe(2);
  });
});

describe('lightcone shrink', () => {
  test('writes shrunk.yaml, which run reproduces with the same seed; exit 1. A passing seed: exit 2', () => {
    const out = mkdtempSync(join(tmpdir(), 'shrink-'));
    const r = lightcone('shrink', FIXTURE, '--seed', '31', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('shrunk: 60 requests and 2 faults -> 27 requests and 0 faults, in 23 runs');
    const shrunk = join(out, 'shrunk.yaml');
    expect(r.stderr).toContain(`Reproduce: lightcone run ${shrunk} --seed 31`);
    const again = lightcone('run', shrunk, '--seed', '31', '--out', join(out, 'run'));
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('FAIL  p99 < 140ms');
    const passing = lightcone('shrink', FIXTURE, '--seed', '1', '--out', join(out, 'x'));
    expect(passing.code).toBe(2);
    expect(passing.stderr).toContain('seed 1 does not fail');
  });

  test('hunt shrinks the lowest failing seed by default', () => {
    const out = mkdtempSync(join(tmpdir(), 'hunt-'));
    const r = lightcone('hunt', FIXTURE, '--seeds', '1..100', '--jobs', '1', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('shrunk: 60 requests and 2 faults -> 27 requests and 0 faults, in 23 runs');
    expect(existsSync(join(out, 'seed-31', 'shrunk.yaml'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'hunt.json'), 'utf8')).shrunk).toMatchObject({ seed: 31, runs: 23 });
  });
});

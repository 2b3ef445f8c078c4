/**
 * The bundled bug scenarios/bugs/lock-lease: the buggy lock (no fencing) fails its invariant under
 * a GC pause, first at seed 5 of 1..20; the fixed one (fencing tokens checked by the storage)
 * holds over seeds 1..200. `lightcone run` on the failing seed exits 1 and says what, when, and how
 * to reproduce it.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from './helpers.js';
import { simulate } from '../../src/run/simulate.js';

async function failingSeeds(file: string, from: number, to: number): Promise<number[]> {
  const { scenario, program } = await load(file);
  const failing: number[] = [];
  for (let seed = from; seed <= to; seed++) if (simulate(scenario, { program, seed }).summary.failures !== undefined) failing.push(seed);
  return failing;
}

describe('scenarios/bugs/lock-lease', { timeout: 120_000 }, () => {
  test('buggy: seeds 1..20 hold one failing run, seed 5', async () => {
    expect(await failingSeeds('scenarios/bugs/lock-lease/buggy.yaml', 1, 20)).toEqual([5]);
  });

  test('fixed: no failing seed in 1..200', async () => {
    expect(await failingSeeds('scenarios/bugs/lock-lease/fixed.yaml', 1, 200)).toEqual([]);
  });

  test('the failure names the invariant, the time and the event, and the trace ends with the violation', async () => {
    const { scenario, program } = await load('scenarios/bugs/lock-lease/buggy.yaml');
    const [f] = simulate(scenario, { program, seed: 5 }).summary.failures!;
    expect(f).toMatchObject({ kind: 'invariant', property: 'oneWriterAtATime', event: 1089 });
    expect(f.message).toBe('storage took a write from worker[2] with token 44 after a write with token 46: two workers held the lock at once');
    expect(f.atMs).toBeCloseTo(970.88, 2);
  });

  test('lightcone run --seed 5 exits 1, prints seed, time, event, message and the command that reproduces it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lightcone-lock-')), 'out');
    const r = spawnSync('node', ['bin/lightcone', 'run', 'bugs/lock-lease/buggy', '--seed', '5', '--trace', '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('FAILED invariant oneWriterAtATime (seed 5 at 970.88 ms of simulated time, event 1089): storage took a write from worker[2] with token 44 after a write with token 46: two workers held the lock at once');
    expect(r.stderr).toContain('Reproduce: lightcone run bugs/lock-lease/buggy --seed 5');
    const last = readFileSync(join(out, 'trace.jsonl'), 'utf8').trimEnd().split('\n').pop()!;
    expect(JSON.parse(last)).toMatchObject({ seq: 1090, node: 'storage', kind: 'violation' });
    const fixed = spawnSync('node', ['bin/lightcone', 'run', 'bugs/lock-lease/fixed', '--seed', '5', '--out', out], { encoding: 'utf8' });
    expect(fixed.status).toBe(0);
  });
});

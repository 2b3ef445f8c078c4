/**
 * scenarios/bugs/primary-backup: under a partition the backup promotes itself while the primary
 * still acknowledges writes; the history of client operations is not linearizable (the scenario's
 * `history: { model: cas-register }`). The buggy version fails first at seed 3 (seeds 1..30 hold
 * two failing runs, 3 and 19); the fixed one (three replicas, a majority quorum with terms) holds
 * over seeds 1..200. The figures are in the scenario's README.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { body, failingSeeds, traced } from './seeds.js';

const BUGGY = 'scenarios/bugs/primary-backup/buggy.yaml';
const FIXED = 'scenarios/bugs/primary-backup/fixed.yaml';

describe('scenarios/bugs/primary-backup', { timeout: 120_000 }, () => {
  test('buggy: seeds 1..30 hold two failing runs, 3 and 19, each a history that is not linearizable', async () => {
    const failing = await failingSeeds(BUGGY, 1, 30);
    expect(failing.map((f) => f.seed)).toEqual([3, 19]);
    for (const { failure } of failing) expect(failure).toMatchObject({ kind: 'history', property: 'history: cas-register', message: expect.stringContaining('is not linearizable as a cas-register') });
  });

  test('fixed: no failing seed in 1..200', async () => {
    expect(await failingSeeds(FIXED, 1, 200)).toEqual([]);
  });

  test('fixed: leaders are elected, step down and are re-elected across the partitions, and most operations succeed', async () => {
    const { summary, events } = await traced(FIXED, 2);
    const logs = events.filter((e) => e.kind === 'log').map((e) => `${e.node} ${e.text}`);
    expect(logs).toEqual([
      'replica[0] term 1: leading with value null',
      'replica[2] term 2: leading with value 2',
      'replica[0] term 2: stepping down',
      'replica[2] term 3: stepping down',
      'replica[1] term 4: leading with value 2',
    ]);
    expect(summary.processes!.operations).toMatchObject({ invoked: 60, ok: 35, info: 2 });
  });

  test('seed 3, in the trace and the history: two primaries, a write acknowledged by the one that loses it', async () => {
    const { summary, events, history } = await traced(BUGGY, 3);
    expect(summary.failures![0].message).toBe('the history of 60 operations is not linearizable as a cas-register; no order explains process 1 read 5 (lines 61-62 of history.jsonl) (check it with lightcone check-history history.jsonl --model cas-register)');
    const logs = events.filter((e) => e.kind === 'log').map((e) => [e.node, e.text]);
    expect(logs).toEqual([
      ['replica[1]', 'no heartbeat: promoting myself to primary'],
      ['replica[1]', 'two primaries: stepping down, taking replica[0] value'],
    ]);
    const [promoted, stepped] = events.filter((e) => e.kind === 'log');
    expect(promoted.t).toBeGreaterThan(200); // during the partition, 200 .. 260 ms
    expect(promoted.t).toBeLessThan(260);
    // replica[1], primary now, acknowledges client 1's write of 4; its replicate to replica[0] is lost in the partition
    const write = events.find((e) => e.kind === 'deliver' && e.node === 'replica[1]' && e.type === 'write' && e.t > promoted.t)!;
    expect(body(write).value).toBe(4);
    expect(events.find((e) => e.kind === 'drop' && e.type === 'replicate' && e.from === 'replica[1]' && e.t === write.t)).toMatchObject({ reason: 'partition' });
    expect(events.find((e) => e.kind === 'send' && e.node === 'replica[1]' && e.type === 'ok' && e.t === write.t)).toBeDefined();
    // the partition heals; replica[1] steps down and takes replica[0]'s 5: client 1 then reads 5, its acknowledged 4 lost
    expect(stepped.t).toBeGreaterThan(260);
    const client1 = history.filter((h) => h.process === 1 && h.time >= write.t && h.type !== 'invoke').slice(0, 2);
    expect(client1.map((h) => [h.f, h.type, h.value ?? null])).toEqual([
      ['write', 'ok', 4],
      ['read', 'ok', 5],
    ]);
  });

  test('lightcone run: buggy seed 3 exits 1 and writes the history it could not linearize; fixed seed 3 exits 0', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lightcone-pb-')), 'out');
    const r = spawnSync('node', ['bin/lightcone', 'run', 'bugs/primary-backup/buggy', '--seed', '3', '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('FAILED history history: cas-register (seed 3): the history of 60 operations is not linearizable');
    expect(r.stderr).toContain('Reproduce: lightcone run bugs/primary-backup/buggy --seed 3');
    const check = spawnSync('node', ['bin/lightcone', 'check-history', join(out, 'history.jsonl'), '--model', 'cas-register'], { encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(spawnSync('node', ['bin/lightcone', 'run', 'bugs/primary-backup/fixed', '--seed', '3', '--out', out], { encoding: 'utf8' }).status).toBe(0);
  });
});

/** 1,000-operation histories of 5 clients: the generator's linearizable ones pass, its corrupted ones fail at the stale read. */
import { describe, expect, test } from 'vitest';
import { generateRegisterHistory, toJsonLines } from '../../src/check/generate.js';
import { parseHistory } from '../../src/check/history.js';
import { checkLinearizability as checkHistory } from '../../src/check/linearizability.js';

const OPTIONS = { operations: 1000, processes: 5 };

describe('generated register histories', () => {
  test('deterministic in the seed; overlapping; with timeouts and failed cas', () => {
    const a = generateRegisterHistory({ ...OPTIONS, seed: 1 });
    expect(generateRegisterHistory({ ...OPTIONS, seed: 1 })).toEqual(a);
    expect(generateRegisterHistory({ ...OPTIONS, seed: 2 })).not.toEqual(a);
    expect(a.filter((e) => e.type === 'invoke').length).toBe(1000);
    let open = 0;
    let most = 0;
    for (const e of a) {
      open += e.type === 'invoke' ? 1 : -1;
      most = Math.max(most, open);
    }
    expect(most).toBe(5);
    expect(a.filter((e) => e.type === 'info').length).toBeGreaterThan(0);
    expect(a.filter((e) => e.type === 'fail').length).toBeGreaterThan(0);
    expect(new Set(a.map((e) => e.process)).size).toBeGreaterThan(5); // a client that timed out continues as a new process
  });

  for (const keys of [0, 3]) {
    const model = keys === 0 ? 'cas-register' : 'kv';
    test(`${model}: linearizable as generated, not after the stale read`, { timeout: 60_000 }, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const good = checkHistory(parseHistory(toJsonLines(generateRegisterHistory({ ...OPTIONS, seed, keys })), 'json'), model);
        expect(good.linearizable).toBe(true);
        expect(good.counts.operations).toBe(1000);
        const bad = checkHistory(parseHistory(toJsonLines(generateRegisterHistory({ ...OPTIONS, seed, keys, corrupt: true })), 'json'), model);
        expect(bad.linearizable).toBe(false);
        const failed = bad.partitions.filter((p) => p.linearizable === false);
        expect(failed.length).toBe(1);
        // The stale read: a read of 5, the value its client wrote before writing 0.
        const stuck = failed[0].failure?.stuck;
        expect([stuck?.f, stuck?.a]).toEqual(['read', 5]);
        expect(failed[0].failure?.linearized.length).toBeGreaterThan(50 / (keys || 1));
      }
    });
  }
});

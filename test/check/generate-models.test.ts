/** The generated set, lock and queue histories (bench/check-history.ts uses them) are valid, and invalid once corrupted. */
import { describe, expect, test } from 'vitest';
import { generateLockHistory, generateQueueHistory, generateSetHistory } from '../../src/check/generate-models.js';
import { toJsonLines } from '../../src/check/generate.js';
import { parseHistory } from '../../src/check/history.js';
import { checkHistory, type HistoryModel } from '../../src/check/check.js';

const generators = { set: generateSetHistory, lock: generateLockHistory, queue: generateQueueHistory } as const;

describe('generated histories', () => {
  for (const model of ['set', 'lock', 'queue'] as const) {
    test(`${model}: valid as generated, invalid with the one fault, over seeds`, { timeout: 60_000 }, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const check = (corrupt: boolean) => checkHistory(parseHistory(toJsonLines(generators[model]({ operations: 600, processes: 4, seed, corrupt, info: 0.05 })), 'json'), model as HistoryModel, { drained: true });
        const good = check(false);
        expect(good.violations).toEqual([]);
        expect(good.valid).toBe(true);
        const bad = check(true);
        expect(bad.valid).toBe(false);
        expect(bad.violations).toHaveLength(1);
      }
    });
  }

  test('deterministic in the seed', () => {
    expect(generateQueueHistory({ operations: 50, processes: 3, seed: 7 })).toEqual(generateQueueHistory({ operations: 50, processes: 3, seed: 7 }));
  });
});

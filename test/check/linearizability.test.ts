/** The linearizability checker on hand-built histories, with both verdicts, and what it reports when it fails. */
import { describe, expect, test } from 'vitest';
import { describeVerdict } from '../../src/check/describe.js';
import { showValue, type Value } from '../../src/check/values.js';
import { parseHistory } from '../../src/check/history.js';
import { checkLinearizability as checkHistory, type PartitionFailure, type Verdict } from '../../src/check/linearizability.js';
import type { RegisterOp } from '../../src/check/models.js';
import { bruteForceLinearizable } from './brute-force.js';
import { check, events, jsonl, type Row } from './helpers.js';

const W = (p: number, v: unknown, key?: string): Row[] => [
  [p, 'invoke', 'write', v, key],
  [p, 'ok', 'write', v, key],
];
const R = (p: number, v: unknown, key?: string): Row[] => [
  [p, 'invoke', 'read', null, key],
  [p, 'ok', 'read', v, key],
];

/** Checks `rows` and asks the brute force too: they must agree, and the verdict must be `expected`. */
function verdict(rows: Row[], expected: boolean, model: 'cas-register' | 'kv' = 'cas-register'): Verdict {
  const v = check(rows, model);
  expect(v.linearizable).toBe(expected);
  expect(bruteForceLinearizable(events(rows))).toBe(expected);
  return v;
}

const describeKey = (k: Value | undefined) => (k === undefined ? undefined : showValue(k, 'edn'));
const failure = (v: Verdict): PartitionFailure => v.partitions.find((p) => p.failure !== undefined)?.failure as PartitionFailure;
const brief = (op: RegisterOp) => `${op.source.process} ${op.f} ${JSON.stringify(op.f === 'cas' ? [op.a, op.b] : op.a)} @${op.source.invoke.line}`;

describe('a cas register', () => {
  test('an empty history is linearizable', () => {
    expect(checkHistory(parseHistory('', 'json'), 'cas-register').linearizable).toBe(true);
  });

  test('a stale read after a completed write is not linearizable', () => {
    const v = verdict([...W(0, 1), ...R(1, null)], false);
    const f = failure(v);
    expect(f.linearized.map(brief)).toEqual(['0 write 1 @1']);
    expect(f.value).toBe(1);
    expect(brief(f.stuck)).toBe('1 read null @3');
    expect(f.candidates.map(brief)).toEqual(['1 read null @3']);
  });

  test('a read concurrent with a write may see either value', () => {
    const concurrent = (seen: unknown): Row[] => [
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', seen],
      [0, 'ok', 'write', 1],
    ];
    verdict(concurrent(1), true);
    verdict(concurrent(null), true);
    verdict(concurrent(2), false);
  });

  test('a read that overlaps nothing sees the last write, not an older one', () => {
    verdict([...W(0, 1), ...W(1, 2), ...R(2, 2)], true);
    verdict([...W(0, 1), ...W(1, 2), ...R(2, 1)], false);
  });

  test('two reads may not see two concurrent writes in opposite orders', () => {
    const rows: Row[] = [
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'write', 2],
      [0, 'ok', 'write', 1],
      [1, 'ok', 'write', 2],
      ...R(2, 1),
      ...R(3, 2),
      ...R(2, 1),
    ];
    verdict(rows, false);
    verdict(rows.slice(0, -4), true);
    verdict([...rows.slice(0, -4), ...R(3, 2)], false);
    verdict([...rows.slice(0, 4), ...R(3, 2), ...R(2, 2)], true);
  });

  test('a cas that succeeds on a wrong old value is not linearizable; on the right one it is', () => {
    const cas = (p: number, from: number, to: number, type: 'ok' | 'fail' = 'ok'): Row[] => [
      [p, 'invoke', 'cas', [from, to]],
      [p, type, 'cas', [from, to]],
    ];
    const wrong = verdict([...W(0, 1), ...cas(1, 2, 3), ...R(0, 3)], false);
    expect(failure(wrong).candidates.map(brief)).toEqual(['1 cas [2,3] @3']);
    verdict([...W(0, 1), ...cas(1, 1, 3), ...R(0, 3)], true);
    // A failed cas did not happen: the register keeps its value.
    verdict([...W(0, 1), ...cas(1, 2, 3, 'fail'), ...R(0, 1)], true);
    verdict([...W(0, 1), ...cas(1, 1, 3, 'fail'), ...R(0, 3)], false);
  });

  test('a cas on the initial value compares with null', () => {
    verdict([...[[0, 'invoke', 'cas', [null, 5]], [0, 'ok', 'cas', [null, 5]]] as Row[], ...R(1, 5)], true);
    verdict([...[[0, 'invoke', 'cas', [0, 5]], [0, 'ok', 'cas', [0, 5]]] as Row[], ...R(1, 5)], false);
  });

  test('a failed write did not happen', () => {
    const failed: Row[] = [
      [0, 'invoke', 'write', 1],
      [0, 'fail', 'write', 1],
    ];
    verdict([...failed, ...R(1, null)], true);
    verdict([...failed, ...R(1, 1)], false);
  });
});

describe('an indeterminate write (info) may or may not have happened', () => {
  const info: Row[] = [
    [0, 'invoke', 'write', 1],
    [0, 'info', 'write', 1],
  ];

  test('a later read may see it or not', () => {
    verdict([...info, ...R(1, 1)], true);
    verdict([...info, ...R(1, null)], true);
  });

  test('it never took effect: reads after it see the old value, all the way', () => {
    verdict([...W(2, 7), ...info, ...R(1, 7), ...R(1, 7), ...W(2, 8), ...R(1, 8)], true);
  });

  test('once seen, it cannot be unseen', () => {
    verdict([...info, ...R(1, 1), ...R(2, null)], false);
  });

  test('it takes effect after its invocation, not before', () => {
    verdict([...R(1, 1), ...info], false);
  });

  test('an operation that never completed counts as info', () => {
    const open: Row[] = [[0, 'invoke', 'write', 1]];
    verdict([...open, ...R(1, 1)], true);
    verdict([...open, ...R(1, null)], true);
    verdict([...open, ...R(1, 1), ...R(2, null)], false);
    expect(check([...open, ...R(1, 1)]).counts).toEqual({ operations: 2, ok: 1, fail: 0, info: 1 });
  });

  test('an indeterminate cas takes effect only if it found its old value', () => {
    const icas: Row[] = [
      [0, 'invoke', 'cas', [1, 2]],
      [0, 'info', 'cas', [1, 2]],
    ];
    verdict([...W(1, 1), ...icas, ...R(1, 2)], true);
    verdict([...W(1, 1), ...icas, ...R(1, 1)], true);
    verdict([...W(1, 3), ...icas, ...R(1, 2)], false);
  });

  test('an indeterminate read constrains nothing', () => {
    verdict([...W(0, 1), [1, 'invoke', 'read', null], [1, 'info', 'read', null], ...R(2, 1)], true);
  });
});

describe('a key-value map: each key on its own', () => {
  test('keys do not interfere', () => {
    verdict([...W(0, 1, 'x'), ...R(1, null, 'y'), ...R(1, 1, 'x'), ...W(0, 2, 'y'), ...R(1, 2, 'y')], true, 'kv');
  });

  test('a stale read on one key is reported under that key', () => {
    const v = verdict([...W(0, 1, 'x'), ...W(0, 5, 'y'), ...R(1, 5, 'y'), ...R(1, null, 'x')], false, 'kv');
    expect(v.partitions.map((p) => [p.key, p.linearizable])).toEqual([
      ['x', false],
      ['y', true],
    ]);
    expect(brief(failure(v).stuck)).toBe('1 read null @7');
  });

  test("Jepsen's [k v] tuples name the key", () => {
    const history = (read: number) =>
      [
        '{:process 0, :type :invoke, :f :write, :value [:x 1]}',
        '{:process 0, :type :ok, :f :write, :value [:x 1]}',
        '{:process 1, :type :invoke, :f :cas, :value [:y [nil 2]]}',
        '{:process 1, :type :ok, :f :cas, :value [:y [nil 2]]}',
        '{:process 1, :type :invoke, :f :read, :value [:x nil]}',
        `{:process 1, :type :ok, :f :read, :value [:x ${read}]}`,
      ].join('\n');
    const v = checkHistory(parseHistory(history(1)), 'kv');
    expect(v.linearizable).toBe(true);
    expect(v.partitions.map((p) => [describeKey(p.key), p.operations])).toEqual([
      [':x', 2],
      [':y', 1],
    ]);
    expect(checkHistory(parseHistory(history(2)), 'kv').linearizable).toBe(false);
  });
});

describe('the report of a failure', () => {
  const rows: Row[] = [...W(0, 1), ...R(1, 1), ...W(0, 2), ...R(1, 1), ...W(0, 3), ...R(1, 3)];

  test('the longest linearizable prefix, the value after it, the first operation that could not be placed', () => {
    const f = failure(verdict(rows, false));
    expect(f.linearized.map(brief)).toEqual(['0 write 1 @1', '1 read 1 @3', '0 write 2 @5']);
    expect(f.value).toBe(2);
    expect(brief(f.stuck)).toBe('1 read 1 @7');
  });

  test('in words: lines, processes, operations and values', () => {
    const text = describeVerdict(check(rows), 'h.jsonl', 'json');
    expect(text.split('\n')).toEqual([
      'not linearizable: h.jsonl (cas-register; 6 operations: 6 ok)',
      '',
      '  The longest linearizable prefix has 3 operations; after it the register holds 2.',
      '  The first operation that could not be placed (it completed before any order could fit it in):',
      '    lines 7-8  process 1 read 1',
      '  The operations that could have gone next, and why none could:',
      '    lines 7-8  process 1 read 1  reads 1, but the register holds 2',
      '  The prefix:',
      '    lines 1-2  process 0 write 1',
      '    lines 3-4  process 1 read 1',
      '    lines 5-6  process 0 write 2',
      '',
    ]);
  });

  test('every operation that could have gone next is named, with what it expected', () => {
    // After write 1, a cas 1->2 and a read of 3 overlap; the cas fits, the read of 3 never can.
    const v = verdict(
      [
        ...W(0, 1),
        [1, 'invoke', 'cas', [1, 2]],
        [2, 'invoke', 'read', null],
        [3, 'invoke', 'cas', [3, 4]],
        [2, 'ok', 'read', 3],
        [1, 'ok', 'cas', [1, 2]],
        [3, 'ok', 'cas', [3, 4]],
      ],
      false,
    );
    const f = failure(v);
    expect(f.linearized.map(brief)).toEqual(['0 write 1 @1', '1 cas [1,2] @3']);
    expect(f.candidates.map(brief)).toEqual(['2 read 3 @4', '3 cas [3,4] @5']);
    const text = describeVerdict(v, 'h', 'json');
    expect(text).toContain('lines 4-6  process 2 read 3      reads 3, but the register holds 2');
    expect(text).toContain('lines 5-8  process 3 cas 3 -> 4  expects 3, but the register holds 2');
  });

  test('an indeterminate operation is marked so, with its lines', () => {
    const v = check([[0, 'invoke', 'write', 1], ...R(1, 1), ...R(2, null)]);
    const text = describeVerdict(v, 'h', 'json');
    expect(text).toContain('line 1 (never completed)  process 0 write 1');
  });

  test('the example in the README: an indeterminate write in the prefix, marked (info)', () => {
    const v = check([
      ...W(0, 1),
      [1, 'invoke', 'cas', [1, 2]],
      [2, 'invoke', 'write', 3],
      [1, 'ok', 'cas', [1, 2]],
      [2, 'info', 'write', 3],
      ...R(0, 3),
      ...R(0, 1),
    ]);
    expect(describeVerdict(v, 'history.jsonl', 'json').split('\n')).toEqual([
      'not linearizable: history.jsonl (cas-register; 5 operations: 4 ok, 1 indeterminate)',
      '',
      '  The longest linearizable prefix has 4 operations; after it the register holds 3.',
      '  The first operation that could not be placed (it completed before any order could fit it in):',
      '    lines 9-10  process 0 read 1',
      '  The operations that could have gone next, and why none could:',
      '    lines 9-10  process 0 read 1  reads 1, but the register holds 3',
      '  The prefix:',
      '    lines 1-2         process 0 write 1',
      '    lines 3-5         process 1 cas 1 -> 2',
      '    lines 4-6 (info)  process 2 write 3',
      '    lines 7-8         process 0 read 3',
      '',
    ]);
  });

  test('indeterminate operations at the end of the prefix are left out of it', () => {
    const v = verdict([...W(0, 1), [2, 'invoke', 'write', 3], [2, 'info', 'write', 3], ...R(0, 1), ...R(0, 2)], false);
    expect(failure(v).linearized.map(brief)).toEqual(['0 write 1 @1', '0 read 1 @5']);
    expect(failure(v).value).toBe(1);
  });

  test('the search gives up at maxStates, with no verdict', () => {
    const v = checkHistory(parseHistory(jsonl([...W(0, 1), ...W(1, 2), ...R(2, 2)]), 'json'), 'cas-register', { maxStates: 1 });
    expect(v.linearizable).toBeUndefined();
    expect(describeVerdict(v, 'h', 'json')).toContain('gave up after exploring');
  });
});

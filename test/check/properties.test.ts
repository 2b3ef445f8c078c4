/**
 * The set, lock and queue checkers on hand-built histories: both verdicts, what each reports (the
 * operations and their lines), the EDN form, the text and JSON forms, and every mistake a history
 * can make under these models, with its line and column.
 */
import { describe, expect, test } from 'vitest';
import { parseHistory } from '../../src/check/history.js';
import { HistoryError } from '../../src/check/history-error.js';
import { checkHistory, describeHistoryVerdict, historyVerdictJson, type HistoryModel, type HistoryVerdict, type HistoryCheckOptions } from '../../src/check/check.js';
import type { Notation } from '../../src/check/values.js';

/** `[process, type, f, value?, key?]`: one event. */
type E = [number | string, 'invoke' | 'ok' | 'fail' | 'info', string, unknown?, unknown?];
const text = (rows: E[]) => rows.map(([process, type, f, value, key]) => JSON.stringify({ process, type, f, ...(value === undefined ? {} : { value }), ...(key === undefined ? {} : { key }) })).join('\n') + '\n';
const run = (rows: E[], model: HistoryModel, options: HistoryCheckOptions = {}) => checkHistory(parseHistory(text(rows), 'json'), model, options);
const op = (p: number, f: string, v?: unknown, result?: unknown, type: 'ok' | 'fail' | 'info' = 'ok', key?: unknown): E[] => [
  [p, 'invoke', f, v, key],
  [p, type, f, result === undefined ? v : result, key],
];
const lines = (v: HistoryVerdict) => v.violations.map((x) => x.operations.map((o) => `${o.process}:${o.f}@${o.invoke.line}`));

function problem(src: string, model: HistoryModel, notation: Notation = 'json'): string {
  try {
    checkHistory(parseHistory(src, notation), model);
  } catch (e) {
    if (e instanceof HistoryError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('set: no acknowledged write lost', () => {
  const add = (p: number, v: unknown, type: 'ok' | 'fail' | 'info' = 'ok') => op(p, 'add', v, undefined, type);
  const read = (p: number, seen: unknown[]) => op(p, 'read', null, seen);

  test('every element added before a read is in it: valid', () => {
    const v = run([...add(0, 1), ...add(1, 2), ...read(2, [1, 2]), ...read(0, [2, 1])], 'set');
    expect(v).toMatchObject({ model: 'set', valid: true, summary: '', violations: [] });
    if (v.model === 'set') expect(v.set).toMatchObject({ elements: 2, reads: 2, neverRead: 0, recovered: 0 });
  });

  test('a read concurrent with an add may see it or not', () => {
    const concurrent = (seen: unknown[]): E[] => [
      [0, 'invoke', 'add', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', seen],
      [0, 'ok', 'add', 1],
    ];
    expect(run(concurrent([1]), 'set').valid).toBe(true);
    expect(run(concurrent([]), 'set').valid).toBe(true);
  });

  test('an acknowledged add missing from every later read is lost: the add and the first read that missed it', () => {
    const v = run([...add(0, 1), ...add(1, 2), ...read(2, [2]), ...read(0, [2])], 'set');
    expect(v.valid).toBe(false);
    expect(lines(v)).toEqual([['0:add@1', '2:read@5']]);
    expect(v.summary).toBe(
      '1 acknowledged element lost; first: lost: process 0\'s add 1 (lines 1-2) completed, yet process 2\'s read (lines 5-6), invoked after that, does not contain 1 (nor does 1 later read), and no read sees it again',
    );
    if (v.model === 'set') expect(v.set.lost.map((m) => [m.value, m.outcome, m.missedBy.length])).toEqual([[1, 'lost', 2]]);
  });

  test('missing from one read and seen again later: stale, an error too', () => {
    const v = run([...add(0, 1), ...read(2, []), ...read(0, [1])], 'set');
    expect(v.valid).toBe(false);
    if (v.model === 'set') {
      expect(v.set.stale.map((m) => [m.value, m.outcome, m.lastSeen?.invoke.line])).toEqual([[1, 'stale', 5]]);
      expect(v.set.lost).toEqual([]);
    }
  });

  test('once a read saw an element, every read invoked after it must see it, even with the add still pending', () => {
    const rows: E[] = [[0, 'invoke', 'add', 1], ...read(1, [1]), ...read(2, []), [0, 'info', 'add', 1]];
    const v = run(rows, 'set');
    expect(v.valid).toBe(false);
    expect(lines(v)).toEqual([['1:read@2', '2:read@4']]);
    expect(v.violations[0].message).toBe("lost: 1 was seen by process 1's read (lines 2-3), yet process 2's read (lines 4-5), invoked after that, does not contain 1, and no read sees it again");
  });

  test('an indeterminate add may be read or not; read, it is recovered', () => {
    const maybe = add(0, 1, 'info');
    expect(run([...maybe, ...read(1, [])], 'set').valid).toBe(true);
    const v = run([...maybe, ...read(1, [1])], 'set');
    expect(v.valid).toBe(true);
    if (v.model === 'set') expect(v.set.recovered).toBe(1);
  });

  test('an element from nowhere, or from a failed add, or from an add not yet invoked: unexpected', () => {
    const v = run([...add(0, 1, 'fail'), ...read(1, [1, 7]), ...add(0, 8), ...read(1, [8])], 'set');
    expect(v.valid).toBe(false);
    expect(v.violations.map((x) => x.message)).toEqual([
      "unexpected: process 1's read (lines 3-4) returned 1, which no add put there: its only add, process 0's add 1 (lines 1-2 (fail)), failed",
      "unexpected: process 1's read (lines 3-4) returned 7, which no add put there: no add of it appears in the history",
    ]);
    const later = run([...read(1, [5]), ...add(0, 5)], 'set');
    expect(later.violations[0].message).toContain("its first add, process 0's add 5 (lines 3-4), was invoked after the read completed");
  });

  test('the text names the operations and their lines', () => {
    const v = run([...add(0, 1), ...add(1, 2), ...read(2, [2])], 'set');
    expect(describeHistoryVerdict(v, 'h.jsonl', 'json')).toBe(
      [
        'invalid: h.jsonl (set; 3 operations: 3 ok; 2 elements, 1 read)',
        '  1 acknowledged element lost',
        '',
        '  Lost: 1 element known to be in the set, missing from a read invoked after that and from every read after it:',
        '    lines 1-2  process 0 add 1  completed ok: the element is known',
        '    lines 5-6  process 2 read   invoked after that, misses 1; no read sees it again',
        '',
      ].join('\n'),
    );
    expect(describeHistoryVerdict(run(add(0, 1), 'set'), 'h.jsonl', 'json')).toBe('valid: h.jsonl (set; 1 operation: 1 ok; 1 element, 0 reads, 1 never read)\n  no acknowledged write lost: holds\n');
  });

  test('JSON: the verdict, the counts and every problem with its operations', () => {
    const j = historyVerdictJson(run([...add(0, 1), ...read(2, [9])], 'set'), 'h.jsonl');
    expect(j).toMatchObject({ file: 'h.jsonl', model: 'set', valid: false, operations: { operations: 2, ok: 2, fail: 0, info: 0 }, elements: 1, reads: 1 });
    expect(j.lost).toEqual([
      {
        value: 1,
        known: { process: 0, f: 'add', value: 1, type: 'ok', invokeLine: 1, completeLine: 2 },
        missedBy: [{ process: 2, f: 'read', type: 'ok', invokeLine: 3, completeLine: 4 }],
        lastSeen: null,
      },
    ]);
    expect(j.unexpected).toEqual([{ value: 9, read: { process: 2, f: 'read', type: 'ok', invokeLine: 3, completeLine: 4 }, failedAdd: null, laterAdd: null }]);
  });

  test("a Jepsen history.edn: keywords, and the set read as #{...}", () => {
    const edn = [
      '{:type :invoke, :f :add, :value 0, :process 0, :time 1, :index 0}',
      '{:type :ok, :f :add, :value 0, :process 0, :time 2, :index 1}',
      '{:type :invoke, :f :add, :value 1, :process 1, :time 3, :index 2}',
      '{:type :ok, :f :add, :value 1, :process 1, :time 4, :index 3}',
      '{:type :invoke, :f :read, :value nil, :process 2, :time 5, :index 4}',
      '{:type :ok, :f :read, :value #{1}, :process 2, :time 6, :index 5}',
    ].join('\n');
    const v = checkHistory(parseHistory(edn), 'set');
    expect(v.valid).toBe(false);
    expect(lines(v)).toEqual([['0:add@1', '2:read@5']]);
    expect(checkHistory(parseHistory(edn.replace('#{1}', '#{0 1}')), 'set').valid).toBe(true);
    expect(checkHistory(parseHistory(edn.replace('#{1}', '[1 0]')), 'set').valid).toBe(true);
  });

  test('mistakes: an operation the set has no meaning for, an add without its element, a read that is not a list', () => {
    expect(problem(text(op(0, 'write', 1)), 'set')).toBe('1:34: expected f add or read (the operations of the set model); found "write"');
    expect(problem(text([[0, 'invoke', 'add']]), 'set')).toBe('1:1: expected the element added by process 0 add; found no value');
    expect(problem(text(op(0, 'read', null, 3)), 'set')).toBe('2:45: expected the set read, a list such as [1, 2, 3]; found the number 3');
    expect(problem('{:type :invoke, :f :read, :process 0}\n{:type :ok, :f :read, :value {:a 1}, :process 0}', 'set', 'edn')).toBe(
      '2:30: expected the set read, a list such as [1 2 3] or #{1 2 3}; found a map',
    );
  });
});

describe('lock: at most one holder at a time', () => {
  const acquire = (p: number, type: 'ok' | 'fail' | 'info' = 'ok', key?: string) => op(p, 'acquire', undefined, undefined, type, key);
  const release = (p: number, type: 'ok' | 'fail' | 'info' = 'ok', key?: string) => op(p, 'release', undefined, undefined, type, key);

  test('holds one after another: valid', () => {
    const v = run([...acquire(0), ...release(0), ...acquire(1), ...release(1), ...acquire(0)], 'lock');
    expect(v).toMatchObject({ valid: true, violations: [] });
    if (v.model === 'lock') expect(v.lock).toMatchObject({ locks: 1, holds: 3 });
  });

  test('an acquire that completes while another process holds the lock: two holders, with the lines where both held it', () => {
    const v = run([...acquire(0), ...acquire(1), ...release(0), ...release(1)], 'lock');
    expect(v.valid).toBe(false);
    expect(lines(v)).toEqual([['0:acquire@1', '0:release@5', '1:acquire@3']]);
    expect(v.violations[0].message).toBe("two holders at once: process 0's acquire (lines 1-2) and process 1's acquire (lines 3-4) both hold the lock from line 4 to line 5");
    expect(describeHistoryVerdict(v, 'l.jsonl', 'json')).toBe(
      [
        'invalid: l.jsonl (lock; 4 operations: 4 ok; 1 lock, 2 holds)',
        '  1 overlap: two processes held a lock at the same time',
        '',
        '  Two holders of the lock at once, from line 4 to line 5:',
        '    lines 1-2  process 0 acquire  completed ok at line 2: holds it from there',
        '    lines 5-6  process 0 release  invoked at line 5: holds it until there',
        '    lines 3-4  process 1 acquire  completed ok at line 4: holds it too',
        '',
      ].join('\n'),
    );
  });

  test('a release concurrent with the next acquire may have come first: not reported', () => {
    const rows: E[] = [...acquire(0), [0, 'invoke', 'release'], [1, 'invoke', 'acquire'], [1, 'ok', 'acquire'], [0, 'ok', 'release']];
    expect(run(rows, 'lock').valid).toBe(true);
    // The acquire completed before the release was invoked: certain.
    const certain: E[] = [...acquire(0), [1, 'invoke', 'acquire'], [1, 'ok', 'acquire'], [0, 'invoke', 'release'], [0, 'ok', 'release']];
    expect(run(certain, 'lock').valid).toBe(false);
  });

  test('an indeterminate acquire may not hold the lock: never reported; a failed one did not happen', () => {
    expect(run([...acquire(0, 'info'), ...acquire(1), ...release(1)], 'lock').valid).toBe(true);
    expect(run([[0, 'invoke', 'acquire'], ...acquire(1)], 'lock').valid).toBe(true);
    expect(run([...acquire(0), ...acquire(1, 'fail'), ...release(0)], 'lock').valid).toBe(true);
  });

  test('a failed release did not release; an indeterminate one may have, from its invocation', () => {
    expect(run([...acquire(0), ...release(0, 'fail'), ...acquire(1)], 'lock').valid).toBe(false);
    expect(run([...acquire(0), ...release(0, 'info'), ...acquire(1)], 'lock').valid).toBe(true);
  });

  test('a holder that never releases holds to the end', () => {
    const v = run([...acquire(0), ...acquire(1)], 'lock');
    expect(v.violations[0].message).toBe("two holders at once: process 0's acquire (lines 1-2) and process 1's acquire (lines 3-4) both hold the lock from line 4 to the end of the history (the first never releases it)");
  });

  test('locks named by key are checked apart', () => {
    expect(run([...acquire(0, 'ok', 'a'), ...acquire(1, 'ok', 'b')], 'lock').valid).toBe(true);
    const v = run([...acquire(0, 'ok', 'a'), ...acquire(1, 'ok', 'b'), ...acquire(2, 'ok', 'a')], 'lock');
    expect(v.violations.map((x) => x.message)).toEqual([
      'two holders at once: process 0\'s acquire (lines 1-2) and process 2\'s acquire (lines 5-6) both hold the lock "a" from line 6 to the end of the history (the first never releases it)',
    ]);
  });

  test('an acquire by the holder itself is reentrant: one holder', () => {
    expect(run([...acquire(0), ...acquire(0), ...release(0), ...acquire(1)], 'lock').valid).toBe(true);
  });

  test('EDN, and JSON output', () => {
    const edn = ['{:process 0, :type :invoke, :f :acquire}', '{:process 0, :type :ok, :f :acquire}', '{:process 1, :type :invoke, :f :acquire, :key :x}', '{:process 1, :type :ok, :f :acquire, :key :x}'];
    expect(checkHistory(parseHistory(edn.join('\n')), 'lock').valid).toBe(true);
    const v = checkHistory(parseHistory(edn.map((l) => l.replace(', :key :x', '')).join('\n')), 'lock');
    expect(historyVerdictJson(v, 'h.edn')).toMatchObject({
      model: 'lock',
      valid: false,
      locks: 1,
      holds: 2,
      overlaps: [{ fromLine: 4, untilLine: null, first: { acquire: { process: 0, f: 'acquire', invokeLine: 1, completeLine: 2 }, release: null }, second: { acquire: { process: 1, invokeLine: 3 } } }],
    });
  });

  test('mistakes: an operation the lock has no meaning for', () => {
    expect(problem(text(op(0, 'lock')), 'lock')).toBe('1:34: expected f acquire or release (the operations of the lock model); found "lock"');
    expect(problem('{:process 0, :type :invoke, :f :read}', 'lock', 'edn')).toBe('1:32: expected f acquire or release (the operations of the lock model); found :read');
  });
});

describe('queue: every message processed exactly once', () => {
  const enq = (p: number, v: unknown, type: 'ok' | 'fail' | 'info' = 'ok') => op(p, 'enqueue', v, undefined, type);
  const deq = (p: number, v: unknown, type: 'ok' | 'fail' | 'info' = 'ok') => op(p, 'dequeue', null, type === 'ok' ? v : null, type);

  test('each message taken out once: valid, drained or not', () => {
    const rows = [...enq(0, 1), ...enq(0, 2), ...deq(1, 2), ...deq(1, 1), ...deq(1, null)];
    expect(run(rows, 'queue').valid).toBe(true);
    expect(run(rows, 'queue', { drained: true }).valid).toBe(true);
  });

  test('a message taken out twice: duplicated, with its enqueue and the two takes', () => {
    const v = run([...enq(0, 1), ...deq(1, 1), ...op(2, 'process', 1)], 'queue');
    expect(v.valid).toBe(false);
    expect(lines(v)).toEqual([['0:enqueue@1', '1:dequeue@3', '2:process@5']]);
    expect(v.violations[0].message).toBe("duplicated: 1, enqueued once (process 0's enqueue 1 (lines 1-2)), was taken out by process 1's dequeue 1 (lines 3-4) and again by process 2's process 1 (lines 5-6)");
    // Enqueued twice, taken twice: fine.
    expect(run([...enq(0, 1), ...enq(0, 1), ...deq(1, 1), ...deq(1, 1)], 'queue').valid).toBe(true);
  });

  test('lost only with --drained, and only beyond what indeterminate takes could have taken', () => {
    const rows = [...enq(0, 1), ...enq(0, 2), ...deq(1, 2)];
    expect(run(rows, 'queue').valid).toBe(true);
    const v = run(rows, 'queue', { drained: true });
    expect(v.valid).toBe(false);
    expect(v.violations.map((x) => x.message)).toEqual(["lost: process 0's enqueue 1 (lines 1-2) completed ok, and no operation took 1 out before the end of the drained history"]);
    expect(run([...rows, ...deq(2, null, 'info')], 'queue', { drained: true }).valid).toBe(true);
    expect(run([...rows, ...op(2, 'process', 1, undefined, 'info')], 'queue', { drained: true }).valid).toBe(true);
    // A drain in the history says the queue was drained.
    expect(run([...rows, ...op(3, 'drain', null, [])], 'queue').valid).toBe(false);
    expect(run([...rows, ...op(3, 'drain', null, [1])], 'queue').valid).toBe(true);
  });

  test('an indeterminate enqueue may be taken out or not', () => {
    expect(run([...enq(0, 1, 'info')], 'queue', { drained: true }).valid).toBe(true);
    const v = run([...enq(0, 1, 'info'), ...deq(1, 1)], 'queue', { drained: true });
    expect(v.valid).toBe(true);
    if (v.model === 'queue') expect(v.queue.recovered).toBe(1);
  });

  test('a message no one enqueued: unexpected', () => {
    const v = run([...enq(0, 1, 'fail'), ...deq(1, 1), ...deq(1, 5), ...deq(1, 6), ...enq(0, 6)], 'queue');
    expect(v.violations.map((x) => x.message)).toEqual([
      "unexpected: process 1's dequeue 1 (lines 3-4) took out 1, which no one enqueued: its only enqueue, process 0's enqueue 1 (lines 1-2 (fail)), failed",
      "unexpected: process 1's dequeue 5 (lines 5-6) took out 5, which no one enqueued: no enqueue of it appears in the history",
      "unexpected: process 1's dequeue 6 (lines 7-8) took out 6, which no one enqueued: its first enqueue, process 0's enqueue 6 (lines 9-10), was invoked after that",
    ]);
  });

  test('the text, and a Jepsen history with a drain', () => {
    const edn = [
      '{:type :invoke, :f :enqueue, :value 1, :process 0}',
      '{:type :ok, :f :enqueue, :value 1, :process 0}',
      '{:type :invoke, :f :enqueue, :value 2, :process 0}',
      '{:type :ok, :f :enqueue, :value 2, :process 0}',
      '{:type :invoke, :f :dequeue, :value nil, :process 1}',
      '{:type :ok, :f :dequeue, :value 1, :process 1}',
      '{:type :invoke, :f :drain, :value nil, :process 1}',
      '{:type :ok, :f :drain, :value [1], :process 1}',
    ].join('\n');
    const v = checkHistory(parseHistory(edn), 'queue');
    expect(describeHistoryVerdict(v, 'q.edn', 'edn')).toBe(
      [
        'invalid: q.edn (queue; 4 operations: 4 ok; 2 enqueued, 2 taken out)',
        '  1 message taken out twice (duplicated), 1 acknowledged message never taken out (lost)',
        '',
        '  Duplicated: 1 message taken out more often than it was enqueued:',
        '    lines 1-2  process 0 enqueue 1  enqueued',
        '    lines 5-6  process 1 dequeue 1  taken out',
        '    lines 7-8  process 1 drain      drained 1, taken out again',
        '',
        '  Lost: 1 message enqueued ok and never taken out of the drained queue:',
        '    lines 3-4  process 0 enqueue 2',
        '',
      ].join('\n'),
    );
    expect(historyVerdictJson(v, 'q.edn')).toMatchObject({ model: 'queue', valid: false, drained: true, enqueued: 2, taken: 2, lost: [{ value: 2, enqueue: { invokeLine: 3 } }] });
  });

  test('mistakes: an operation the queue has no meaning for, an enqueue without its message, an ok dequeue without one', () => {
    expect(problem(text(op(0, 'add', 1)), 'queue')).toBe('1:34: expected f enqueue, dequeue, process or drain (the operations of the queue model); found "add"');
    expect(problem(text([[0, 'invoke', 'enqueue']]), 'queue')).toBe('1:1: expected the message enqueued by process 0 enqueue; found no value');
    expect(problem(text([[0, 'invoke', 'dequeue'], [0, 'ok', 'dequeue']]), 'queue')).toBe('2:1: expected the message dequeued by process 0 dequeue (null for an empty queue); found no value');
    expect(problem(text(op(0, 'drain', null, 4)), 'queue')).toBe('2:46: expected the messages drained, a list such as [1, 2, 3]; found the number 4');
  });
});

describe('the entry point for every model', () => {
  test('the register models give valid, a summary and the operations too', () => {
    const rows: E[] = [...op(0, 'write', 1), ...op(1, 'read', null, null)];
    const v = run(rows, 'cas-register');
    expect(v).toMatchObject({ model: 'cas-register', valid: false });
    expect(v.summary).toBe('not linearizable as a cas-register: no order of the operations explains process 1 read null (lines 3-4)');
    expect(lines(v)).toEqual([['1:read@3']]);
    expect(run(rows.slice(0, 2), 'cas-register')).toMatchObject({ valid: true, summary: '', violations: [] });
    const kv = run([...op(0, 'write', 1, undefined, 'ok', 'x'), ...op(1, 'read', null, null, 'ok', 'x')], 'kv');
    expect(kv.summary).toBe('not linearizable as a kv: key "x": no order of the operations explains process 1 read null (lines 3-4)');
    expect(historyVerdictJson(kv, 'h.jsonl')).toMatchObject({ file: 'h.jsonl', model: 'kv', valid: false, linearizable: false, keys: 1 });
  });
});

/** Reading histories: the EDN and JSON Lines readers, the events they give, and every kind of mistake with its line and column. */
import { describe, expect, test } from 'vitest';
import { readEdn } from '../../src/check/edn.js';
import { readJsonLines } from '../../src/check/json-lines.js';
import { detectNotation, parseHistory } from '../../src/check/history.js';
import { HistoryError } from '../../src/check/history-error.js';
import { checkLinearizability as checkHistory } from '../../src/check/linearizability.js';
import type { ModelName } from '../../src/check/models.js';
import { DataMap, Keyword, Sym, showValue, valueKey, type Notation } from '../../src/check/values.js';

/** The error reading `text` gives, as "line:col: message". */
function problem(text: string, notation: Notation, model: ModelName = 'cas-register'): string {
  try {
    checkHistory(parseHistory(text, notation), model);
  } catch (e) {
    if (e instanceof HistoryError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('EDN', () => {
  test('every kind of value a history uses', () => {
    const [form] = readEdn(
      '{:int -12, :big 123456789012345678901N, :float 1.5M, :inf ##Inf, :s "a\\n\\"b\\u0041", :kw :ns/name, :sym java.net.SocketTimeoutException,\n' +
        ' :nil nil, :t true, :f false, :vec [1 [2 3]], :list (1 2), :set #{1}, :inst #inst "2024-01-01", :map {"k" :v}} ; a comment',
    );
    const m = form.value as DataMap;
    expect(m.entries.map((e) => [showValue(e.key, 'edn'), showValue(e.value, 'edn')])).toEqual([
      [':int', '-12'],
      [':big', '123456789012345678901'],
      [':float', '1.5'],
      [':inf', 'Infinity'],
      [':s', '"a\\n\\"bA"'],
      [':kw', ':ns/name'],
      [':sym', 'java.net.SocketTimeoutException'],
      [':nil', 'nil'],
      [':t', 'true'],
      [':f', 'false'],
      [':vec', '[1 [2 3]]'],
      [':list', '[1 2]'],
      [':set', '[1]'],
      [':inst', '"2024-01-01"'],
      [':map', '{"k" :v}'],
    ]);
    expect(m.get('big')?.value).toBe(123456789012345678901n);
    expect(m.get('kw')?.value).toBeInstanceOf(Keyword);
    expect(m.get('sym')?.value).toBeInstanceOf(Sym);
    const before = ' :nil nil, :t true, :f false, :vec [1 [2 3]], :list (1 2), :set #{1}, :inst #inst "2024-01-01", :map ';
    expect(m.get('map')).toMatchObject({ line: 2, col: before.length + 1 });
  });

  test('forms one per line, commas as whitespace, #_ discards, and where each starts', () => {
    const forms = readEdn(';; history\n{:a 1},\n  #_{:skipped 1} {:b 2}\n');
    expect(forms.map((f) => [f.line, f.col, valueKey(f.value)])).toEqual([
      [2, 1, '{:a 1}'],
      [3, 18, '{:b 2}'],
    ]);
    const m = forms[1].value as DataMap;
    expect(m.get('b')).toMatchObject({ line: 3, col: 22 });
  });

  test('values compare by content: maps regardless of order, keywords apart from strings', () => {
    const [a, b, c] = readEdn('{:x 1 :y [1 2]} {:y [1 2] :x 1} {"x" 1 "y" [1 2]}').map((f) => valueKey(f.value));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe('JSON Lines', () => {
  test('one value per line; blank lines and CRLF endings are fine', () => {
    const forms = readJsonLines('{"a": [1, -2.5e3, true, null, "x\\u00e9"]}\r\n\r\n  {"b": {"c": 12345678901234567890}}\n');
    expect(forms.map((f) => [f.line, f.col, valueKey(f.value)])).toEqual([
      [1, 1, '{"a" [1 -2500 true nil "xé"]}'],
      [3, 3, '{"b" {"c" 12345678901234567890}}'],
    ]);
  });
});

describe('histories', () => {
  const edn = [
    '{:type :invoke, :f :start, :value nil, :process :nemesis, :time 5}',
    '#jepsen.history.Op{:index 0, :time 10, :type :invoke, :process 0, :f :write, :value 3}',
    '{:index 1, :time 12, :type :invoke, :process 1, :f :read, :value nil}',
    '{:index 2, :time 20, :type :ok, :process 0, :f :write, :value 3}',
    '{:index 3, :time 25, :type :info, :process 1, :f :read, :value nil, :error [:timeout "took too long"]}',
    '{:index 4, :time 30, :type :invoke, :process 6, :f :cas, :value [3 4]}',
  ].join('\n');

  test("a Jepsen history.edn: records, the nemesis skipped, a crashed read, an operation left open", () => {
    const h = parseHistory(edn);
    expect(h.notation).toBe('edn');
    expect(h.skipped).toBe(1);
    expect(h.operations.map((o) => [o.process, o.f, o.status, o.invoke.line, o.complete?.line, o.invoke.index, o.invoke.time])).toEqual([
      [0, 'write', 'ok', 2, 4, 0, 10],
      [1, 'read', 'info', 3, 5, 1, 12],
      [6, 'cas', 'info', 6, undefined, 4, 30],
    ]);
    const v = checkHistory(h, 'cas-register');
    expect(v.linearizable).toBe(true);
    expect(v.counts).toEqual({ operations: 3, ok: 1, fail: 0, info: 2 });
  });

  test('the same history as one vector of maps', () => {
    const h = parseHistory('[\n' + edn + '\n]');
    expect(h.operations.map((o) => [o.f, o.invoke.line])).toEqual([
      ['write', 3],
      ['read', 4],
      ['cas', 7],
    ]);
  });

  test('JSON Lines, with string processes and keys', () => {
    const text = [
      '{"process": "clients[0]", "type": "invoke", "f": "write", "key": "x", "value": 1, "time": 0.5}',
      '{"process": "clients[0]", "type": "ok", "f": "write", "key": "x", "value": 1, "time": 1.5}',
      '{"process": "nemesis", "type": "info", "f": "partition"}',
    ].join('\n');
    const h = parseHistory(text);
    expect(h.notation).toBe('json');
    expect(h.skipped).toBe(1);
    expect(h.operations[0]).toMatchObject({ process: 'clients[0]', f: 'write', status: 'ok' });
    expect(checkHistory(h, 'kv').linearizable).toBe(true);
  });

  test('which notation a text is in', () => {
    expect(detectNotation('{"process": 0}')).toBe('json');
    expect(detectNotation('  {}')).toBe('json');
    expect(detectNotation('')).toBe('json');
    expect(detectNotation('{:process 0}')).toBe('edn');
    expect(detectNotation('; Jepsen\n{:process 0}')).toBe('edn');
    expect(detectNotation('[{:process 0}]')).toBe('edn');
    expect(detectNotation('#jepsen.history.Op{}')).toBe('edn');
  });
});

describe('mistakes, each with its line and column, what was expected and what was found', () => {
  test.each([
    ['{:a 1', "1:6: expected a key or the closing '}' of the map opened at 1:1; found the end of the file"],
    ['{:a}', "1:4: expected a value for the key :a (a map holds key-value pairs); found '}'"],
    ['@foo', "1:1: expected a value (a map, vector, list, keyword, string, number, nil, true or false); found '@foo'"],
    ['{:v \\a}', '1:5: expected a value (a map, vector, list, keyword, string, number, nil, true or false); found a character literal (\\...), which histories do not use'],
    ['{:v 1/2}', "1:5: expected an integer or a decimal number; found the ratio '1/2'"],
    ['{:v "abc', `1:9: expected the closing '"' of the string opened at 1:5; found the end of the file`],
    ['{:v #foo}', "1:9: expected the value tagged #foo; found '}'"],
    ['{:a 1 :a 2}', '1:7: expected each key once in a map; found the key :a a second time'],
    ['[1 2)', "1:5: expected a value or the closing ']' of the vector opened at 1:1; found ')'"],
    [')', "1:1: expected a value (a map, vector, list, keyword, string, number, nil, true or false); found ')' with nothing open before it"],
    ['{:v 12x}', "1:5: expected a number such as 12, -3 or 1.5; found '12x'"],
    ['{:v "a\\qb"}', "1:8: expected an escape such as \\n, \\t, \\\", \\\\ or \\u0041 in a string; found '\\q'"],
    ['{: 1}', "1:3: expected a keyword's name after ':'; found a space"],
    ['# foo', "1:1: expected a tagged value such as #jepsen.history.Op{...}, a set #{...} or a discard #_; found '#' followed by a space"],
    ['{:v ^:meta x}', "1:5: expected a value (a map, vector, list, keyword, string, number, nil, true or false); found '^:meta'"],
    ['\n\n  [1 2 3]', '3:3: expected an event, a map such as {:process 0, :type :invoke, :f :write, :value 3}; found the number 1'],
    ['{:type :invoke :f :write :value 1}', '1:1: expected the key :process (the client, an integer) in every event; found a map without it'],
    ['{:process 0 :type :start :f :write}', '1:19: expected the type, one of :invoke, :ok, :fail or :info; found the keyword :start'],
    ['{:process 0.5 :type :invoke :f :write}', '1:11: expected the process, an integer or a name; found the number 0.5'],
    ['{:process 0 :type :invoke :f 3}', '1:30: expected the operation f, a keyword such as :read; found the number 3'],
    [
      '{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :invoke :f :write :value 2}',
      "2:1: expected an ok, fail or info for process 0's write invoked at line 1 before its next invoke; found an invoke (a process runs one operation at a time; Jepsen gives a process a new number after an info)",
    ],
    ['{:process 0 :type :ok :f :write :value 1}', '1:1: expected an invoke from process 0 before its ok; found an ok with no operation of process 0 pending'],
    ['{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :read :value 1}', "2:26: expected the completion of process 0's write invoked at line 1, with f :write; found f :read"],
    ['{:process 0 :type :invoke :f :write :value 1 :time "x"}', '1:52: expected the time, a number; found the string "x"'],
    ['{:process 0 :type :invoke :f :add :value 1}', '1:30: expected f read, write or cas (the operations of the cas-register model); found :add'],
  ])('EDN %j', (text, expected) => {
    expect(problem(text, 'edn')).toBe(expected);
  });

  test('nesting too deep to read is refused, not a crash', () => {
    expect(problem('['.repeat(100_000), 'edn')).toBe('1:502: expected values nested at most 500 deep; found deeper nesting');
    expect(problem('{"a": ' + '['.repeat(100_000), 'json')).toBe('1:507: expected values nested at most 500 deep; found deeper nesting');
  });

  test.each([
    ['{"type": "invoke",}', "1:19: expected a key in double quotes; found '}'"],
    ["{'a': 1}", "1:2: expected a key in double quotes or the closing '}'; found '''"],
    ['{"a": 1} x', "1:10: expected the end of the line (one JSON value per line); found 'x'"],
    ['[1,2]', '1:1: expected an event, a map such as {"process": 0, "type": "invoke", "f": "write", "value": 3}; found an array of 2 items'],
    ['{"a": 01}', "1:7: expected a number without leading zeros, such as 12; found '0' followed by a digit"],
    ['{"a": "x\ty"}', `1:9: expected the closing '"' of the string opened at 1:7; found a tab`],
    ['{"a" 1}', `1:6: expected ':' after the key "a"; found '1'`],
    ['{"a": tru}', "1:7: expected a JSON value (an object, array, string, number, true, false or null); found 't'"],
    ['{"a": 1, "a": 2}', '1:10: expected each key once in an object; found "a" a second time'],
    ['{"a": [1 2]}', "1:10: expected ',' or the closing ']' of the array opened at 1:7; found '2'"],
    ['\n\n  {"process": 0, "type": "invoke", "f": "add", "value": 1}', '3:41: expected f read, write or cas (the operations of the cas-register model); found "add"'],
    ['{"process": 0, "type": "invoke", "f": "cas", "value": 1}', '1:55: expected [old new] as the value of a cas; found the number 1'],
    ['{"process": 0, "type": "invoke", "f": "write"}', "1:1: expected the value written by process 0's write; found no value"],
    ['{"process": 0, "type": "invoke", "f": "read"}\n{"process": 0, "type": "ok", "f": "read"}', '2:1: expected the value read (null for the initial value) in an ok read; found no value'],
    ['{"process": 0, "type": "invoke", "f": "write", "key": "x", "value": 1}', '1:55: expected no key in a cas-register history (for a map of registers, use --model kv); found the key "x"'],
  ])('JSON %j', (text, expected) => {
    expect(problem(text, 'json')).toBe(expected);
  });

  test.each([
    ['json', '{"process": 0, "type": "invoke", "f": "write", "value": 1}', '1:57: expected the key of a kv operation: a "key" field, or [k v] as its value; found the number 1'],
    ['edn', '{:process 0 :type :invoke :f :write :value 1}', '1:44: expected the key of a kv operation: [k v] as its value, such as [:x 3]; found the number 1'],
    ['edn', '{:process 0 :type :invoke :f :read :value [:x nil]}\n{:process 0 :type :ok :f :read :value [:y 1]}', '2:39: expected the key :x of the read invoked at line 1; found the keyword :y'],
  ] as const)('kv, %s %j', (notation, text, expected) => {
    expect(problem(text, notation, 'kv')).toBe(expected);
  });
});

/** `lightcone check-history`, end to end through the built bin/lightcone (npm test builds it first). */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonl, type Row } from './helpers.js';

const lightcone = (args: string[]) => {
  const r = spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'lightcone-check-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const good: Row[] = [
  [0, 'invoke', 'write', 1],
  [1, 'invoke', 'read', null],
  [1, 'ok', 'read', 1],
  [0, 'ok', 'write', 1],
];
const stale: Row[] = [
  [0, 'invoke', 'write', 1],
  [0, 'ok', 'write', 1],
  [1, 'invoke', 'read', null],
  [1, 'ok', 'read', null],
];

describe('lightcone check-history', { timeout: 30_000 }, () => {
  test('exit 0 and one line when the history is linearizable', () => {
    const f = file('good.jsonl', jsonl(good));
    const r = lightcone(['check-history', f, '--model', 'cas-register']);
    expect(r).toEqual({ code: 0, stdout: `linearizable: ${f} (cas-register; 2 operations: 2 ok)\n`, stderr: '' });
  });

  test('exit 1 and the operations that could not be linearized, with their lines', () => {
    const f = file('stale.jsonl', jsonl(stale));
    const r = lightcone(['check-history', f, '--model', 'cas-register']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`not linearizable: ${f} (cas-register; 2 operations: 2 ok)`);
    expect(r.stdout).toContain('    lines 3-4  process 1 read null  reads null, but the register holds 1');
  });

  test('--json: one document with the verdict and the failing operations', () => {
    const f = file('stale2.jsonl', jsonl(stale));
    const r = lightcone(['check-history', f, '--model', 'cas-register', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ file: f, model: 'cas-register', linearizable: false, operations: { operations: 2, ok: 2, fail: 0, info: 0 } });
    expect(j.failures).toEqual([
      {
        linearizable: false,
        states: 1,
        linearized: 1,
        value: 1,
        stuck: { process: 1, f: 'read', value: null, type: 'ok', invokeLine: 3, completeLine: 4 },
        candidates: [{ process: 1, f: 'read', value: null, type: 'ok', invokeLine: 3, completeLine: 4 }],
        prefix: [{ process: 0, f: 'write', value: 1, type: 'ok', invokeLine: 1, completeLine: 2 }],
      },
    ]);
  });

  test('a Jepsen history.edn, key by key', () => {
    const f = file(
      'history.edn',
      [
        '{:type :invoke, :f :write, :value [:x 1], :process 0, :time 10, :index 0}',
        '{:type :ok, :f :write, :value [:x 1], :process 0, :time 20, :index 1}',
        '{:type :info, :f :start, :value nil, :process :nemesis, :time 25, :index 2}',
        '{:type :invoke, :f :read, :value [:x nil], :process 1, :time 30, :index 3}',
        '{:type :ok, :f :read, :value [:x nil], :process 1, :time 40, :index 4}',
      ].join('\n'),
    );
    const r = lightcone(['check-history', f, '--model', 'kv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('(kv, 1 key; 2 operations: 2 ok)');
    expect(r.stdout).toContain('Key :x: The longest linearizable prefix has 1 operation; after it the key holds 1.');
    expect(r.stdout).toContain('    lines 4-5  process 1 read nil  reads nil, but the key holds 1');
  });

  test('exit 2 for a malformed file: file:line:col, what was expected, what was found; no stack trace', () => {
    const f = file('bad.jsonl', jsonl(good) + '{"process": 2, "type": "invoke", "f": "cas", "value": 3}\n');
    const r = lightcone(['check-history', f, '--model', 'cas-register']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${f} is not a valid history\n  ${f}:5:55  expected [old new] as the value of a cas; found the number 3\n`,
    });
  });

  test('exit 2 for what is not a regular file, or is over the size limit', () => {
    const r = lightcone(['check-history', dir, '--model', 'kv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: expected a history file at ${dir}; found a folder\n`);
    const missing = lightcone(['check-history', join(dir, 'nope.jsonl'), '--model', 'kv']);
    expect(missing.stderr).toBe(`error: expected a history file at ${join(dir, 'nope.jsonl')}; found no such file\n`);
    const big = lightcone(['check-history', file('big.jsonl', jsonl(good)), '--model', 'kv', '--limit', 'file-size=10']);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/over the limit of 10\n  hint: lift the limit with --limit file-size=\d+/);
  });

  test('exit 2 for a missing or unknown model', () => {
    const f = file('good2.jsonl', jsonl(good));
    const none = lightcone(['check-history', f]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("required option '--model <model>' not specified");
    const wrong = lightcone(['check-history', f, '--model', 'register']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Allowed choices are cas-register, kv, set, lock, queue.');
  });

  test('exit 2 when the search gives up (--max-states), with the verdict undecided', () => {
    const f = file('good3.jsonl', jsonl([...good, [2, 'invoke', 'write', 2], [2, 'ok', 'write', 2], [1, 'invoke', 'read', null], [1, 'ok', 'read', 2]]));
    const r = lightcone(['check-history', f, '--model', 'cas-register', '--max-states', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('undecided: ');
    expect(r.stderr).toContain('error: gave up after exploring 1 states of one register, before a verdict');
  });
  test('--model set: exit 1 with the lost add and the read that missed it; exit 0 when nothing is lost', () => {
    const rows = [
      '{"process": 0, "type": "invoke", "f": "add", "value": 1}',
      '{"process": 0, "type": "ok", "f": "add", "value": 1}',
      '{"process": 1, "type": "invoke", "f": "read", "value": null}',
      '{"process": 1, "type": "ok", "f": "read", "value": []}',
    ];
    const f = file('set.jsonl', rows.join('\n'));
    const r = lightcone(['check-history', f, '--model', 'set']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`invalid: ${f} (set; 2 operations: 2 ok; 1 element, 1 read)`);
    expect(r.stdout).toContain('    lines 3-4  process 1 read   invoked after that, misses 1; no read sees it again');
    const good = lightcone(['check-history', file('set-ok.jsonl', rows.join('\n').replace('"value": []', '"value": [1]')), '--model', 'set', '--json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ model: 'set', valid: true, summary: '', lost: [], stale: [], unexpected: [] });
  });

  test('--model lock: exit 1 with the two holders', () => {
    const f = file(
      'lock.edn',
      ['{:process 0, :type :invoke, :f :acquire}', '{:process 0, :type :ok, :f :acquire}', '{:process 1, :type :invoke, :f :acquire}', '{:process 1, :type :ok, :f :acquire}'].join('\n'),
    );
    const r = lightcone(['check-history', f, '--model', 'lock']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  Two holders of the lock at once, from line 4 to the end of the history:');
  });

  test('--model queue --drained: exit 1 for a message never taken out; without --drained it is not checked', () => {
    const f = file('queue.jsonl', ['{"process": 0, "type": "invoke", "f": "enqueue", "value": 1}', '{"process": 0, "type": "ok", "f": "enqueue", "value": 1}'].join('\n'));
    const drained = lightcone(['check-history', f, '--model', 'queue', '--drained']);
    expect(drained.code).toBe(1);
    expect(drained.stdout).toContain('  Lost: 1 message enqueued ok and never taken out of the drained queue:');
    const open = lightcone(['check-history', f, '--model', 'queue']);
    expect(open).toEqual({ code: 0, stdout: `valid: ${f} (queue; 1 operation: 1 ok; 1 enqueued, 0 taken out, 1 not taken out (not drained: not checked))\n  every message processed exactly once: holds\n`, stderr: '' });
  });

  test('exit 2 for --drained with another model', () => {
    const r = lightcone(['check-history', file('good4.jsonl', jsonl(good)), '--model', 'set', '--drained']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: --drained: expected --model queue (a drained queue); found --model set\n' });
  });

  test('exit 2 for an operation the model has no meaning for, with its place', () => {
    const f = file('wrong.jsonl', jsonl(good));
    const r = lightcone(['check-history', f, '--model', 'queue']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: ${f} is not a valid history\n  ${f}:1:34  expected f enqueue, dequeue, process or drain (the operations of the queue model); found "write"\n` });
  });
});

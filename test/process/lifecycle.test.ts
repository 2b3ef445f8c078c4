/** A crash loses a process's fields and timers and keeps its durable storage; its restart handler runs on a fresh object. */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import { CHUNK_CHARS, TraceWriter } from '../../src/trace/writer.js';

describe('crash and restart', { timeout: 60_000 }, () => {
  test('fields and timers are lost, durable storage is kept, restart(ctx) runs', async () => {
    const { scenario, program } = await load('test/process/fixtures/counter.yaml');
    const { events } = parseTrace(runTraced(scenario, program).text);
    const story = events.filter((e) => e.kind === 'log' || e.kind === 'crash' || e.kind === 'restart').map((e) => [e.t, e.kind, e.text ?? '']);
    expect(story).toEqual([
      [10, 'log', 'ticks 1 durable 1 restarted false'],
      [20, 'log', 'ticks 2 durable 2 restarted false'],
      [30, 'log', 'ticks 3 durable 3 restarted false'],
      [35, 'crash', ''],
      [55, 'restart', ''],
      [55, 'log', 'restarted with durable 3'],
      [65, 'log', 'ticks 1 durable 4 restarted true'],
      [75, 'log', 'ticks 2 durable 5 restarted true'],
      [85, 'log', 'ticks 3 durable 6 restarted true'],
      [95, 'log', 'ticks 4 durable 7 restarted true'],
    ]);
  });

  test('a kv workload against one register is not linearizable: the run fails with a history failure', async () => {
    const { scenario, program } = await load('test/process/fixtures/register.yaml', ['workload.keys=3', 'history.model=kv']);
    const { result } = runTraced(scenario, program);
    const failures = result.summary.failures ?? [];
    expect(failures.map((f) => [f.kind, f.property])).toEqual([['history', 'history: kv']]);
    expect(failures[0].message).toMatch(/^the history of 200 operations is not linearizable as a kv; no order explains process \d+ /);
  });
});

describe('the trace writer', () => {
  test('writes in chunks of about CHUNK_CHARS characters, never holding the whole trace', () => {
    const writes: number[] = [];
    const w = new TraceWriter({ write: (t) => void writes.push(t.length), close: () => {} });
    w.header({ trace: 1, scenario: 's', seed: 1, nodes: ['a'] });
    for (let i = 0; i < 10_000; i++) w.event({ t: i, seq: i, node: 'a', kind: 'log', text: 'x'.repeat(50) });
    w.close();
    expect(writes.length).toBeGreaterThan(5);
    expect(Math.max(...writes)).toBeLessThan(CHUNK_CHARS + 200);
  });

  test('keeps the key order of TraceEvent whatever order the fields were given in', () => {
    let text = '';
    const w = new TraceWriter({ write: (t) => void (text += t), close: () => {} });
    w.event({ kind: 'drop', reason: 'loss', node: 'a', seq: 0, t: 1, msg: 3 } as never);
    w.close();
    expect(text).toBe('{"t":1,"seq":0,"node":"a","kind":"drop","msg":3,"reason":"loss"}\n');
  });
});

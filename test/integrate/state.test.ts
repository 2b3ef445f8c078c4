/** `replay --until N`: every process's state (the hosts' `state()`) and the messages in flight. */
import { describe, expect, test } from 'vitest';
import { jsonState } from '../../src/process/json-state.js';
import { messagesInFlight, runState } from '../../src/run/state.js';
import { simulate } from '../../src/run/simulate.js';
import { parseTrace } from '../../src/trace/read.js';
import { stringSink, TraceWriter } from '../../src/trace/writer.js';
import { scenarioProgram } from '../../src/run/program.js';
import { loadScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/cli/scenario-path.js';
import type { TraceEvent } from '../../src/trace/event.js';

describe('jsonState', () => {
  test('own enumerable fields as JSON; what JSON cannot hold becomes a string', () => {
    class Node {
      n = 1;
      inf = Infinity;
      none: undefined = undefined;
      big = 10n;
      f = function named() {};
      m = new Map<string, unknown>([['a', { x: [1, 2] }]]);
      s = new Set([3]);
      self: unknown = null;
      method() {}
    }
    const node = new Node();
    node.self = node;
    expect(jsonState(node)).toEqual({ n: 1, inf: 'Infinity', none: 'undefined', big: '10n', f: '[function named]', m: [['a', { x: [1, 2] }]], s: [3], self: '[circular]' });
    expect(JSON.parse(JSON.stringify(jsonState(node)))).toEqual(jsonState(node));
  });
});

describe('messagesInFlight', () => {
  test('sent or duplicated, and neither delivered nor dropped', () => {
    const ev = (e: Partial<TraceEvent>): TraceEvent => ({ t: 0, seq: 0, node: 'a', kind: 'send', ...e });
    const events = [
      ev({ kind: 'send', msg: 1, from: 'a', to: 'b', type: 'x', body: { type: 'x' } }),
      ev({ kind: 'send', msg: 2, from: 'a', to: 'c', t: 1 }),
      ev({ kind: 'duplicate', msg: 1, copy: 1, from: 'a', to: 'b' }),
      ev({ kind: 'deliver', node: 'b', msg: 1 }),
      ev({ kind: 'drop', node: 'c', msg: 2, reason: 'loss' }),
    ];
    expect(messagesInFlight(events)).toEqual([{ msg: 1, copy: 1, from: 'a', to: 'b', sentMs: 0, type: 'x', body: { type: 'x' } }]);
  });
});

describe('the state of bugs/lock-lease/buggy, seed 5, stopped at an event', () => {
  test('every process: kind, down, paused, its object, durable storage, timers; and the messages in flight', async () => {
    const scenario = loadScenario(resolveScenario('bugs/lock-lease/buggy'));
    const program = (await scenarioProgram(scenario))!;
    const at = (n: number) => {
      const sink = stringSink();
      const trace = new TraceWriter(sink);
      const r = simulate(scenario, { seed: 5, program, trace, untilEvent: n });
      trace.close();
      return runState(r.sim, parseTrace(sink.text()).events, r.processes?.lastEvent);
    };
    // events as trace.jsonl and failures number them: at event 357 worker[2] is asking for the lock
    const s = at(357);
    expect(s.event).toBe(357);
    expect(Object.keys(s.nodes)).toEqual(['locks', 'storage', 'worker[0]', 'worker[1]', 'worker[2]']);
    expect(s.nodes.locks).toMatchObject({ kind: 'LockService', down: false, paused: false, durable: { token: expect.any(Number) }, timers: [], held: 0 });
    expect(Object.keys(s.nodes.locks.object as object)).toEqual(['holder', 'until']);
    expect(s.nodes.storage.object).toMatchObject({ lastToken: expect.any(Number), lastWriter: expect.stringMatching(/^worker\[\d\]$/) });
    expect(s.messages).toEqual([expect.objectContaining({ from: 'worker[2]', to: 'locks', type: 'acquire' })]);
    // the worker's pause (the GC) shows in some state before the violation
    let paused = false;
    for (let n = 600; n <= 1089 && !paused; n += 4) paused = Object.values(at(n).nodes).some((x) => x.paused === true);
    expect(paused).toBe(true);
  });
});

/**
 * The process runtime through a scenario with every kind of fault: the trace is a pure function of
 * the seed, every message is accounted for, the clocks of causality are consistent, and the
 * history is what the register did.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import type { LoadedScenario } from '../../src/scenario/load.js';
import type { LoadedProgram } from '../../src/process/runtime.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { TRACE_KINDS } from '../../src/trace/event.js';
import { parseHistory } from '../../src/check/history.js';
import { checkLinearizability as checkHistory } from '../../src/check/linearizability.js';
import { historyText } from '../../src/run/process-failures.js';

const FILE = 'test/process/fixtures/register.yaml';
let scenario: LoadedScenario;
let program: LoadedProgram;
let text: string;
let events: TraceEvent[];

beforeAll(async () => {
  ({ scenario, program } = await load(FILE));
  text = runTraced(scenario, program).text;
  events = parseTrace(text).events;
});

const dominates = (a: Record<string, number>, b: Record<string, number>) => Object.entries(b).every(([k, v]) => (a[k] ?? 0) >= v);

describe('a process run', { timeout: 60_000 }, () => {
  test('gives a byte-identical trace for the same seed, and another for another seed', () => {
    expect(runTraced(scenario, program).text).toBe(text);
    expect(runTraced(scenario, program, 2).text).not.toBe(text);
  });

  test('the trace starts with its header, numbers its events from 0 and never goes back in time', () => {
    const { header } = parseTrace(text);
    expect(header).toEqual({ trace: 1, scenario: 'register', seed: 1, nodes: ['reg', 'p[0]', 'p[1]', 'p[2]', 'client[0]', 'client[1]', 'client[2]'] });
    events.forEach((e, i) => {
      expect(e.seq).toBe(i);
      expect(TRACE_KINDS).toContain(e.kind);
      if (i > 0) expect(e.t).toBeGreaterThanOrEqual(events[i - 1].t);
    });
  });

  test('has every fault in it: loss, partition, a down receiver, duplicates, crash, restart, pause, resume, a clock step', () => {
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['send', 'deliver', 'drop', 'duplicate', 'timer', 'crash', 'restart', 'pause', 'resume', 'clock-step', 'invoke', 'complete']) expect(kinds).toContain(k);
    const reasons = new Set(events.filter((e) => e.kind === 'drop').map((e) => e.reason));
    expect([...reasons].sort()).toEqual(['down', 'loss', 'partition']);
    const crash = events.find((e) => e.kind === 'crash')!;
    expect(crash).toMatchObject({ node: 'p[1]', t: 100 });
    expect(events.find((e) => e.kind === 'restart')).toMatchObject({ node: 'p[1]', t: 150 });
    expect(events.find((e) => e.kind === 'pause')).toMatchObject({ node: 'p[2]', t: 200 });
    expect(events.find((e) => e.kind === 'resume')).toMatchObject({ node: 'p[2]', t: 280 });
    expect(events.find((e) => e.kind === 'clock-step')).toMatchObject({ node: 'p[0]', t: 150, stepMs: 5 });
  });

  test('every send is delivered, dropped, or still in flight at the end; a copy is delivered only when it was made', () => {
    const sends = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg!, e]));
    const delivered = new Map<number, number>();
    const dropped = new Set<number>();
    const copies = new Set(events.filter((e) => e.kind === 'duplicate').map((e) => e.msg!));
    for (const e of events) {
      if (e.kind === 'deliver') {
        expect(sends.has(e.msg!)).toBe(true);
        delivered.set(e.msg!, (delivered.get(e.msg!) ?? 0) + 1);
        if (e.copy === 1) expect(copies.has(e.msg!)).toBe(true);
      }
      if (e.kind === 'drop') dropped.add(e.msg!);
    }
    const end = events[events.length - 1].t;
    let inFlight = 0;
    for (const [msg, send] of sends) {
      const n = (delivered.get(msg) ?? 0) + (dropped.has(msg) ? 1 : 0);
      if (n === 0) {
        inFlight++;
        expect(send.t).toBeGreaterThan(end - 10); // only messages sent near the end are still on their way
      } else expect(n).toBeLessThanOrEqual(copies.has(msg) ? 2 : 1);
    }
    expect(inFlight).toBeLessThan(10);
    const figures = runTraced(scenario, program).result.summary.processes!;
    expect(figures.messages.sent).toBe(sends.size);
  });

  test('a delivery dominates its send (vector clocks) and its Lamport clock is greater; a node\'s clocks only grow', () => {
    const sends = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg!, e]));
    const last = new Map<string, TraceEvent>();
    for (const e of events) {
      if (e.kind === 'deliver') {
        const s = sends.get(e.msg!)!;
        expect(dominates(e.vc!, s.vc!)).toBe(true);
        expect(e.lamport!).toBeGreaterThan(s.lamport!);
        expect(e.vc![e.node]).toBeGreaterThan(s.vc![e.node] ?? 0);
      }
      if (e.kind === 'drop' || e.kind === 'duplicate') continue; // they carry the message's clocks and tick nothing
      const prev = last.get(e.node);
      if (prev !== undefined) {
        expect(e.lamport!).toBeGreaterThan(prev.lamport!);
        expect(dominates(e.vc!, prev.vc!)).toBe(true);
        expect(e.vc![e.node]).toBe(prev.vc![e.node] + 1);
      }
      last.set(e.node, e);
    }
  });

  test('a process reads its local clock: the drifting, stepped p[0] is ahead of true time after its step', () => {
    const p0 = events.filter((e) => e.node === 'p[0]' && e.t > 150);
    expect(p0.length).toBeGreaterThan(0);
    for (const e of p0) expect(e.local! - e.t).toBeCloseTo(5 + e.t * 200e-6, 9);
    for (const e of events.filter((x) => x.node === 'reg')) expect(e.local).toBe(e.t);
  });

  test('the history pairs every invoke with its completion and is linearizable (one register, no faults on it)', () => {
    const { result } = runTraced(scenario, program);
    const history = parseHistory(historyText(result.processes!), 'json');
    expect(history.operations.length).toBe(200);
    expect(checkHistory(history, 'cas-register').linearizable).toBe(true);
    const ops = result.summary.processes!.operations;
    expect(ops.ok + ops.fail + ops.info).toBe(200);
    expect(result.summary.failures).toBeUndefined();
    const invokes = events.filter((e) => e.kind === 'invoke').length;
    const completes = events.filter((e) => e.kind === 'complete').length;
    expect([invokes, completes]).toEqual([200, 200]);
  });
});

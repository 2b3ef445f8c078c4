/** The trace of a chain's requests (trace/chain.ts) and the request history as its view (trace/history.ts). */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { limitsFrom } from '../../src/scenario/limits.js';
import { simulate } from '../../src/run/simulate.js';
import { stringSink, TraceWriter } from '../../src/trace/writer.js';
import { parseTrace } from '../../src/trace/read.js';
import { historyLines } from '../../src/trace/history.js';
import type { TraceEvent } from '../../src/trace/event.js';
import type { ClientRequest } from '../../src/load/request.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'chain.yaml');

/** A run without a trace file. */
function untraced(overrides: string[] = []) {
  const requests: ClientRequest[] = [];
  const result = simulate(loadScenario(FIXTURE, overrides), { onRequest: (r) => void requests.push(r) });
  return { result, requests: requests.sort((a, b) => a.id - b.id) };
}

function closedText(overrides: string[] = []) {
  const scenario = loadScenario(FIXTURE, overrides);
  const sink = stringSink();
  const writer = new TraceWriter(sink);
  const requests: ClientRequest[] = [];
  const result = simulate(scenario, { trace: writer, onRequest: (r) => void requests.push(r) });
  writer.close();
  return { result, text: sink.text(), requests: requests.sort((a, b) => a.id - b.id) };
}

describe('the trace of a chain', { timeout: 60_000 }, () => {
  const run = closedText();
  const trace = parseTrace(run.text);
  const events = trace.events;
  const of = (kind: string) => events.filter((e) => e.kind === kind);

  test('is a valid trace: the header names the client and every node of the chain', () => {
    expect(trace.header).toEqual({ trace: 1, scenario: 'chain-trace', seed: 3, nodes: ['client', 'timeout', 'link', 'server'] });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  });

  test('the same seed gives the same bytes; another seed another trace', () => {
    expect(closedText().text).toBe(run.text);
    expect(closedText(['seed=4']).text).not.toBe(run.text);
  });

  test('every request: invoke, then complete with the engine\'s outcome, at the client', () => {
    const invokes = of('invoke');
    const completes = of('complete');
    expect(invokes.length).toBe(300);
    expect(completes.length).toBe(300);
    expect(new Set([...invokes, ...completes].map((e) => e.node))).toEqual(new Set(['client']));
    expect(invokes[0].op).toEqual({ process: 0, f: 'request' });
    const byOutcome = new Map<string, number>();
    for (const e of completes) byOutcome.set(e.op!.outcome!, (byOutcome.get(e.op!.outcome!) ?? 0) + 1);
    const s = run.result.summary.requests;
    expect(Object.fromEntries(byOutcome)).toEqual({ ok: s.ok, timeout: s.timeout });
    for (const e of completes) expect(e.op!.type).toBe(e.op!.outcome === 'ok' ? 'ok' : 'info');
  });

  test('a call is a message from caller to callee; an answer is one back, typed by its outcome', () => {
    const sends = new Map(of('send').map((e) => [e.msg, e]));
    for (const e of of('deliver')) {
      const s = sends.get(e.msg)!;
      expect([e.from, e.to, e.type, e.body, e.t]).toEqual([s.from, s.to, s.type, s.body, s.t]);
      expect(e.node).toBe(e.to);
      expect(s.node).toBe(e.from);
    }
    const types = new Set(of('deliver').map((e) => `${e.from}->${e.to} ${e.type}`));
    expect([...types].sort()).toEqual(['client->timeout call', 'link->server call', 'link->timeout ok', 'server->link ok', 'timeout->client ok', 'timeout->client timeout', 'timeout->link call']);
  });

  test('lost calls are drops with their reason: the link loses (loss), the full queue (queue), the crashed server (down)', () => {
    const drops = of('drop');
    const reasons = new Map<string, number>();
    for (const e of drops) reasons.set(`${e.type} ${e.reason} at ${e.node}`, (reasons.get(`${e.type} ${e.reason} at ${e.node}`) ?? 0) + 1);
    const server = run.result.summary.nodes.find((n) => n.id === 'server')!.extra as Record<string, number>;
    const link = run.result.summary.nodes.find((n) => n.id === 'link')!.extra as Record<string, number>;
    // lost on arrival: the call's own message; lost while held: the answer that never comes
    expect((reasons.get('call queue at server') ?? 0)).toBe(server.dropped);
    expect((reasons.get('call down at server') ?? 0)).toBe(server.lostWhileDown);
    expect((reasons.get('dropped down at server') ?? 0)).toBe(server.lostInCrash);
    expect((reasons.get('call loss at link') ?? 0) + (reasons.get('dropped loss at link') ?? 0)).toBe(link.lost);
    expect([...reasons.keys()].sort()).toEqual(['call down at server', 'call loss at link', 'call queue at server', 'dropped down at server', 'dropped loss at link']);
    // a lost answer is sent, then dropped, at once
    const sends = new Map(of('send').map((e) => [e.msg, e]));
    for (const e of drops.filter((d) => d.type === 'dropped')) expect(sends.get(e.msg)?.seq).toBe(e.seq - 1);
  });

  test('the server\'s crash, restart, pause and resume are events at the server, when they happen', () => {
    expect(events.filter((e) => ['crash', 'restart', 'pause', 'resume'].includes(e.kind)).map((e) => [e.kind, e.node, e.t])).toEqual([
      ['crash', 'server', 100],
      ['restart', 'server', 130],
      ['pause', 'server', 200],
      ['resume', 'server', 210],
    ]);
  });

  test('Lamport and vector clocks: an event ticks its node; a deliver merges its send; a drop carries its send\'s', () => {
    const last = new Map<string, TraceEvent>();
    const sends = new Map<number, TraceEvent>();
    const dominates = (a: Record<string, number>, b: Record<string, number>) => Object.entries(b).every(([k, v]) => (a[k] ?? 0) >= v);
    for (const e of events) {
      if (e.kind === 'drop') {
        const s = sends.get(e.msg!)!;
        expect([e.lamport, e.vc]).toEqual([s.lamport, s.vc]);
        continue;
      }
      const prev = last.get(e.node);
      expect(e.vc![e.node]).toBe((prev?.vc![e.node] ?? 0) + 1);
      if (prev !== undefined) expect(e.lamport!).toBeGreaterThan(prev.lamport!);
      if (e.kind === 'send') sends.set(e.msg!, e);
      if (e.kind === 'deliver') {
        const s = sends.get(e.msg!)!;
        expect(e.lamport!).toBe(Math.max(s.lamport!, prev?.lamport ?? 0) + 1);
        expect(dominates(e.vc!, s.vc!)).toBe(true);
      }
      last.set(e.node, e);
    }
  });

  test('history.jsonl is a view of the trace: historyLines(trace) is what the run keeps, and each request\'s history is its lines', () => {
    const view = historyLines(events);
    expect(run.result.requestHistory!.text()).toBe(view);
    const lines = view.trim().split('\n').map((l) => JSON.parse(l) as { id: number; outcome: string; history: unknown[] });
    expect(lines.map((l) => l.id)).toEqual(run.requests.map((r) => r.id));
    for (const [i, l] of lines.entries()) {
      expect(l.history).toEqual(run.requests[i].history);
      expect(l.outcome).toBe(['ok', 'error', 'timeout', 'dropped', 'rejected'][run.requests[i].outcome]);
    }
    // a request lost at the link: the link got the call; the timeout answered the client; nothing after
    const lost = events.find((e) => e.kind === 'drop' && e.reason === 'loss' && e.type === 'call')!;
    const id = (lost.body as { request: number }).request;
    expect(lines[id].history.map((h) => (h as { node: string; event: string }).node + ' ' + (h as { event: string }).event)).toEqual(['timeout call', 'link call', 'client timeout']);
  });

  test('the same history with or without a trace file; no tracer at all without history or trace', () => {
    const without = untraced();
    expect(without.result.requestHistory!.text()).toBe(run.result.requestHistory!.text());
    expect(without.result.sim.tracer).not.toBeNull();
    const off = untraced(['history=false']);
    expect(off.result.sim.tracer).toBeNull();
    expect(off.requests.every((r) => r.tracer === null && r.history === null)).toBe(true);
    expect(off.result.summary.requests).toEqual(run.result.summary.requests);
  });
});

describe('the trace-requests limit', () => {
  const MM1 = join(import.meta.dirname, '..', '..', 'scenarios', 'mm1.yaml');

  test('a traced chain over it is refused at load, at the place of its requests, with the flag that lifts it', () => {
    expect(() => loadScenario(MM1, [], { traced: true })).toThrow(/mm1\.yaml:10:45 {2}load\.requests\n {4}expected at most 100,000 requests in a run of a chain with --trace .*; found 1,100,000\n {4}hint: lift the limit with --limit trace-requests=1100000/);
    expect(() => loadScenario(MM1, [], { traced: true, limits: limitsFrom(['trace-requests=2e6']) })).not.toThrow();
    expect(() => loadScenario(MM1, ['load.requests=100000', 'warmup=0'], { traced: true })).not.toThrow();
    // untraced: no such limit
    expect(() => loadScenario(MM1)).not.toThrow();
  });

  test('a scenario with processes is not held to it (its trace is its processes\')', () => {
    const gossip = join(import.meta.dirname, '..', '..', 'scenarios', 'bugs', 'gossip', 'buggy.yaml');
    expect(() => loadScenario(gossip, [], { traced: true, limits: limitsFrom(['trace-requests=0']) })).not.toThrow();
  });
});

describe('a lease\'s grant requests', { timeout: 60_000 }, () => {
  test('are traced: from the lease step over its grantor-link to the grantor, and back', () => {
    const file = join(import.meta.dirname, '..', '..', 'scenarios', 'faults', 'lease-pause.yaml');
    const sink = stringSink();
    const writer = new TraceWriter(sink);
    simulate(loadScenario(file, ['load.duration=1s', 'warmup=0']), { trace: writer });
    writer.close();
    const t = parseTrace(sink.text());
    expect(t.header.nodes).toContain('grantor/primary');
    const grants = t.events.filter((e) => e.kind === 'deliver' && (e.body as { grant?: boolean }).grant === true);
    const hops = new Set(grants.map((e) => `${e.from} -> ${e.to} ${e.type}`));
    expect(hops).toContain('leaders[0]/lease -> leaders[0]/lease/grantor-link call');
    expect(hops).toContain('leaders[0]/lease/grantor-link -> grantor/primary call');
    expect(hops).toContain('grantor/primary -> leaders[0]/lease/grantor-link ok');
    expect(hops).toContain('leaders[0]/lease/grantor-link -> leaders[0]/lease ok');
  });
});

describe('the header\'s nodes', { timeout: 60_000 }, () => {
  function headerOf(yaml: string): string[] {
    const sink = stringSink();
    const writer = new TraceWriter(sink);
    simulate(parseScenario(yaml, 'order.yaml'), { trace: writer });
    writer.close();
    return parseTrace(sink.text()).header.nodes;
  }

  test('come as a call meets them: a pool\'s members by ascending index, each member\'s steps in chain order', () => {
    const yaml = [
      'name: order',
      'seed: 1',
      'load: { poisson: { rate: 1/ms }, requests: 20 }',
      'services:',
      '  dyno:',
      '    - cable: { latency: 1ms }',
      '    - server: { concurrency: 1, service-time: 1ms }',
      'topology:',
      '  - timeout: { after: 50ms }',
      '  - balancer: { strategy: random, backends: { service: dyno, count: 3 } }',
    ].join('\n');
    expect(headerOf(yaml)).toEqual([
      'client',
      'timeout',
      'balancer',
      'balancer/dyno[0]/cable',
      'balancer/dyno[0]/server',
      'balancer/dyno[1]/cable',
      'balancer/dyno[1]/server',
      'balancer/dyno[2]/cable',
      'balancer/dyno[2]/server',
    ]);
  });

  test('a named pool behind least-conn: each member\'s load counter, then its steps', () => {
    const yaml = [
      'name: order',
      'seed: 1',
      'load: { poisson: { rate: 1/ms }, requests: 20 }',
      'services:',
      '  dyno:',
      '    - cable: { latency: 1ms }',
      '    - server: { concurrency: 1, service-time: 1ms }',
      'pools:',
      '  dynos: { service: dyno, count: 2 }',
      'topology:',
      '  - balancer: { strategy: least-conn, backends: dynos, info: { source: backend, refresh: 1ms } }',
    ].join('\n');
    expect(headerOf(yaml)).toEqual(['client', 'balancer', 'dynos[0]', 'dynos[0]/cable', 'dynos[0]/server', 'dynos[1]', 'dynos[1]/cable', 'dynos[1]/server']);
  });
});

describe('a link\'s duplicate copies', { timeout: 60_000 }, () => {
  const yaml = [
    'name: dup',
    'seed: 1',
    'history: true',
    'load: { poisson: { rate: 1/s }, requests: 1 }',
    'topology:',
    '  - link: { latency: "uniform(1ms, 3ms)", duplicate: 1 }',
    '  - server: { concurrency: 1, service-time: 1ms }',
  ].join('\n');
  function traced(seed: number) {
    const sink = stringSink();
    const writer = new TraceWriter(sink);
    const result = simulate(parseScenario(yaml, 'dup.yaml', [`seed=${seed}`]), { trace: writer });
    writer.close();
    return { result, events: parseTrace(sink.text()).events };
  }
  const shape = (events: TraceEvent[]) => events.map((e) => [e.kind, e.node, e.msg ?? null, e.copy ?? 0, e.type ?? null]);
  const head = [
    ['invoke', 'client', null, 0, null],
    ['send', 'client', 0, 0, 'call'],
    ['deliver', 'link', 0, 0, 'call'],
    // the request's message leaves the link, and its copy is made
    ['send', 'link', 1, 0, 'call'],
    ['duplicate', 'link', 1, 1, 'call'],
  ];
  const tail = [
    // the answer crosses the link back and is duplicated: the copy reaches a client that has its answer, only counted
    ['send', 'link', 4, 0, 'ok'],
    ['duplicate', 'link', 4, 1, 'ok'],
    ['deliver', 'client', 4, 0, 'ok'],
    ['complete', 'client', null, 0, null],
  ];

  test('a duplicated request: a duplicate event as its message leaves the link, then each copy\'s deliver (the copy with copy: 1 and the same id); the copy\'s answer is a message back that the link keeps', () => {
    const { result, events } = traced(1);
    expect(shape(events)).toEqual([
      ...head,
      ['deliver', 'server', 1, 0, 'call'],
      ['send', 'server', 2, 0, 'ok'],
      ['deliver', 'link', 2, 0, 'ok'],
      ['deliver', 'server', 1, 1, 'call'],
      ['send', 'server', 3, 0, 'ok'],
      ['deliver', 'link', 3, 0, 'ok'],
      ...tail,
    ]);
    // the send, its duplicate and the first deliver at one instant; the copy later
    expect(events[3].t).toBe(events[5].t);
    expect(events[4].t).toBe(events[3].t);
    expect(events[8].t).toBeGreaterThan(events[5].t);
    // a duplicate ticks no clock: it carries its send's; each deliver merges the send's
    expect([events[4].lamport, events[4].vc]).toEqual([events[3].lamport, events[3].vc]);
    expect(events[8].vc!.link).toBe(events[3].vc!.link);
    expect([events[12].lamport, events[12].vc]).toEqual([events[11].lamport, events[11].vc]);
    // the link's figures count both copies; the history still shows both calls at the server
    const link = result.summary.nodes.find((n) => n.id === 'link')!.extra as Record<string, number>;
    expect(link.duplicated).toBe(2);
    expect(events.filter((e) => e.kind === 'duplicate').length).toBe(link.duplicated);
    expect(historyLines(events)).toBe(result.requestHistory!.text());
    expect((JSON.parse(result.requestHistory!.text()) as { history: { node: string; event: string }[] }).history.map((h) => `${h.node} ${h.event}`)).toEqual([
      'link call', 'server call', 'link ok', 'server call', 'link ok', 'client ok',
    ]);
  });

  test('a copy that leaves the link first is delivered first, with copy: 1; its original after, with no second send', () => {
    const { events } = traced(2);
    expect(shape(events)).toEqual([
      ...head,
      ['deliver', 'server', 1, 1, 'call'],
      ['send', 'server', 2, 0, 'ok'],
      ['deliver', 'link', 2, 0, 'ok'],
      ['deliver', 'server', 1, 0, 'call'],
      ['send', 'server', 3, 0, 'ok'],
      ['deliver', 'link', 3, 0, 'ok'],
      ...tail,
    ]);
    expect(events[5].t).toBe(events[3].t);
    expect(events[8].t).toBeGreaterThan(events[3].t);
  });

  test('a copy lost as it arrives (a full queue) is the drop of its message, with copy: 1', () => {
    const sink = stringSink();
    const writer = new TraceWriter(sink);
    simulate(parseScenario(yaml.replace('service-time: 1ms }', 'service-time: 5ms, queue: { capacity: 0, overflow: drop-tail } }'), 'dup.yaml'), { trace: writer });
    writer.close();
    const events = parseTrace(sink.text()).events;
    expect(events.filter((e) => e.msg === 1).map((e) => [e.kind, e.node, e.copy ?? 0, e.reason ?? null])).toEqual([
      ['send', 'link', 0, null],
      ['duplicate', 'link', 1, null],
      ['deliver', 'server', 0, null],
      ['drop', 'server', 1, 'queue'],
    ]);
  });
});

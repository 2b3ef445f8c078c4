/**
 * Synthetic traces for the diagram's tests, in the format of src/trace/event.ts, from a small
 * deterministic simulation of its own (a seeded generator, not the runtime): processes that gossip on
 * timers and answer clients, clients that invoke operations and time out, links that lose and
 * duplicate messages, crashes (messages to a down node are dropped), pauses (messages wait), clock
 * steps, logs, and a violation at the end. Clocks are stamped as event.ts says: every event at a node
 * ticks its Lamport clock and its own vector entry; a deliver merges the message's clocks first; a
 * drop and a duplicate carry the message's clocks at its send and tick nothing.
 */
import type { TraceEvent, TraceHeader } from '../../src/trace/event.js';
import { boundedPayload } from '../../src/trace/event.js';
import { mulberry32 as rng } from '../mulberry32.js';

export interface GenerateOptions {
  seed?: number;
  processes?: number;
  clients?: number;
  /** Stop after about this many events (the violation comes last). */
  events?: number;
  loss?: number;
  duplication?: number;
  /** Hostile strings in payloads, logs, the violation text and one address. */
  hostile?: boolean;
  violation?: boolean;
}

export const HOSTILE = '</script><img src=x onerror=alert(1)>]]><!-- \u2028\u2029 "\' & \u0007';


interface Pending {
  t: number;
  order: number;
  run: () => void;
}

export function generateTrace(options: GenerateOptions = {}): { header: TraceHeader; events: TraceEvent[] } {
  const o = { seed: 1, processes: 3, clients: 2, events: 300, loss: 0.1, duplication: 0.05, hostile: false, violation: true, ...options };
  const random = rng(o.seed);
  const procs = Array.from({ length: o.processes }, (_, i) => (o.hostile && i === o.processes - 1 ? `n${i + 1}<b>"&'` : `n${i + 1}`));
  const clients = Array.from({ length: o.clients }, (_, i) => `c${i}`);
  const nodes = [...procs, ...clients];
  const header: TraceHeader = { trace: 1, scenario: o.hostile ? `hostile ${HOSTILE}` : 'synthetic', seed: o.seed, nodes };
  const events: TraceEvent[] = [];
  const lamport = new Map(nodes.map((n) => [n, 0]));
  const vc = new Map(nodes.map((n) => [n, {} as Record<string, number>]));
  const offset = new Map(nodes.map((n) => [n, Math.round(random() * 20 - 10)]));
  const down = new Set<string>();
  const paused = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const queue: Pending[] = [];
  let order = 0;
  let now = 0;
  let msgId = 0;
  let opsInFlight = new Map<string, { process: number; f: string; value: unknown; msg: number; done: boolean }>();

  const schedule = (t: number, run: () => void) => {
    const p = { t, order: order++, run };
    let i = queue.length;
    while (i > 0 && (queue[i - 1].t > t || (queue[i - 1].t === t && queue[i - 1].order > p.order))) i--;
    queue.splice(i, 0, p);
  };
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const emit = (node: string, kind: TraceEvent['kind'], fields: Partial<TraceEvent> = {}, tick = true): TraceEvent => {
    const e: TraceEvent = { t: round(now), seq: events.length, node, kind };
    if (tick) {
      lamport.set(node, (lamport.get(node) ?? 0) + 1);
      const v = vc.get(node)!;
      v[node] = (v[node] ?? 0) + 1;
    }
    e.local = round(now + (offset.get(node) ?? 0));
    e.lamport = lamport.get(node);
    e.vc = sortedVc(vc.get(node)!, nodes);
    Object.assign(e, fields);
    events.push(e);
    return e;
  };
  const merge = (node: string, l: number, v: Record<string, number>) => {
    lamport.set(node, Math.max(lamport.get(node) ?? 0, l));
    const mine = vc.get(node)!;
    for (const [k, x] of Object.entries(v)) mine[k] = Math.max(mine[k] ?? 0, x);
  };
  /** Runs `fn` at `node` now, or when it resumes if it is paused. */
  const atNode = (node: string, fn: () => void) => {
    if (paused.has(node)) waiting.get(node)!.push(fn);
    else fn();
  };

  const send = (from: string, to: string, body: Record<string, unknown>) => {
    const msg = msgId++;
    const type = typeof body.type === 'string' ? body.type : undefined;
    const s = emit(from, 'send', { msg, from, to, type, body: boundedPayload(body) });
    const clocks = { l: s.lamport!, v: { ...s.vc! } };
    const latency = 1 + random() * 9;
    const copies = random() < o.duplication ? 2 : 1;
    if (copies === 2) {
      const e: TraceEvent = { t: round(now), seq: events.length, node: from, kind: 'duplicate', lamport: clocks.l, vc: clocks.v, msg, copy: 1, from, to, type };
      events.push(e);
    }
    for (let copy = 0; copy < copies; copy++) {
      const lost = random() < o.loss;
      schedule(now + latency + copy * random() * 5, () => {
        const base = { msg, from, to, type, ...(copy > 0 ? { copy } : {}) };
        if (lost || down.has(to)) {
          events.push({ t: round(now), seq: events.length, node: to, kind: 'drop', lamport: clocks.l, vc: clocks.v, ...base, reason: lost ? 'loss' : 'down' });
          return;
        }
        atNode(to, () => {
          if (down.has(to)) {
            events.push({ t: round(now), seq: events.length, node: to, kind: 'drop', lamport: clocks.l, vc: clocks.v, ...base, reason: 'down' });
            return;
          }
          merge(to, clocks.l, clocks.v);
          emit(to, 'deliver', { ...base, body: boundedPayload(body) });
          onMessage(to, from, body);
        });
      });
    }
  };

  const onMessage = (node: string, from: string, body: Record<string, unknown>) => {
    if (body.type === 'write' || body.type === 'read') {
      send(node, from, { type: 'ack', of: body.op, value: o.hostile ? HOSTILE : body.value });
      if (random() < 0.5) {
        const peer = procs[Math.floor(random() * procs.length)];
        if (peer !== node) send(node, peer, { type: 'replicate', value: body.value });
      }
    } else if (body.type === 'ack') {
      const op = opsInFlight.get(node);
      if (op !== undefined && !op.done && op.process === body.of) {
        op.done = true;
        emit(node, 'complete', { op: { process: op.process, f: op.f, value: op.value, type: 'ok' } });
      }
    }
  };

  // processes: a gossip timer each
  const gossip = (node: string) => {
    schedule(now + 5 + random() * 20, () => {
      if (down.has(node)) return;
      atNode(node, () => {
        if (down.has(node)) return;
        emit(node, 'timer', { timer: 'gossip' });
        const peer = procs[Math.floor(random() * procs.length)];
        if (peer !== node) send(node, peer, { type: 'gossip', known: Math.floor(random() * 100) });
        if (random() < 0.1) emit(node, 'log', { text: o.hostile ? `log ${HOSTILE}` : `state size ${Math.floor(random() * 50)}` });
        gossip(node);
      });
    });
  };
  for (const p of procs) {
    now = 0;
    emit(p, 'log', { text: 'started' });
    gossip(p);
  }
  // clients: closed loop with a timeout
  clients.forEach((c, i) => {
    const next = () => {
      schedule(now + 2 + random() * 15, () => {
        const f = random() < 0.5 ? 'write' : 'read';
        const value = f === 'write' ? Math.floor(random() * 10) : null;
        const op = { process: i, f, value, msg: msgId, done: false };
        opsInFlight.set(c, op);
        emit(c, 'invoke', { op: { process: i, f, value } });
        const to = procs[Math.floor(random() * procs.length)];
        send(c, to, { type: f, op: i, value: o.hostile ? HOSTILE : value });
        schedule(now + 30, () => {
          if (!op.done) {
            op.done = true;
            emit(c, 'complete', { op: { process: i, f, value, type: 'info' } });
          }
          next();
        });
      });
    };
    next();
  });
  // faults: a crash, a pause, a clock step
  if (procs.length >= 2) {
    const crashed = procs[1];
    schedule(40 + random() * 20, () => {
      emit(crashed, 'crash');
      down.add(crashed);
      schedule(now + 30 + random() * 20, () => {
        down.delete(crashed);
        emit(crashed, 'restart');
        gossip(crashed);
      });
    });
  }
  const pausedNode = procs[0];
  waiting.set(pausedNode, []);
  for (const n of nodes) if (!waiting.has(n)) waiting.set(n, []);
  schedule(20 + random() * 20, () => {
    emit(pausedNode, 'pause');
    paused.add(pausedNode);
    schedule(now + 15 + random() * 10, () => {
      paused.delete(pausedNode);
      emit(pausedNode, 'resume');
      const w = waiting.get(pausedNode)!.splice(0);
      for (const fn of w) fn();
    });
  });
  schedule(50 + random() * 10, () => {
    const node = procs[procs.length - 1];
    const step = Math.round(random() * 200 - 100) || 50;
    offset.set(node, (offset.get(node) ?? 0) + step);
    emit(node, 'clock-step', { stepMs: step });
  });

  while (queue.length > 0 && events.length < o.events) {
    const p = queue.shift()!;
    now = p.t;
    p.run();
  }
  if (o.violation) emit(procs[0], 'violation', { text: o.hostile ? `two leaders ${HOSTILE}` : 'two leaders: n1 and n2 both lead term 3' });
  opsInFlight = new Map();
  return { header, events };
}

function sortedVc(v: Record<string, number>, nodes: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of nodes) if ((v[n] ?? 0) > 0) out[n] = v[n];
  return out;
}

/** The trace as trace.jsonl text. */
export function traceText(t: { header: TraceHeader; events: readonly TraceEvent[] }): string {
  return [t.header, ...t.events].map((x) => JSON.stringify(x)).join('\n') + '\n';
}

/**
 * Register histories for tests and benchmarks: clients run read, write and cas operations against
 * a simulated register (or map of registers) that is linearizable by construction (each operation
 * takes effect at one random instant between its invocation and its completion), with overlapping
 * operations, some that time out (info; such a client continues under a new process number, as in
 * Jepsen) and failed cas operations. The corrupted variant adds a stale read that no order can
 * explain: a client writes a value no one else writes, then another value, then reads the first.
 */
import { rngStream } from '../engine/rng.js';

/** One event of a generated history, as written to JSON Lines (by default a register history's). */
export interface GeneratedEvent<F extends string = 'read' | 'write' | 'cas', V = number | null | [number, number]> {
  process: number;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  f: F;
  key?: string;
  value: V;
  /** Virtual milliseconds. */
  time: number;
}

export interface RegisterHistoryOptions {
  /** Operations in all. */
  operations: number;
  /** Concurrent clients. */
  processes: number;
  seed: number | string;
  /** Writes and cas draw from 0 .. values-1 (default 5: many equal values, as in Jepsen's tutorial). */
  values?: number;
  /** 0 (default): one register (model cas-register); otherwise a map with this many keys "k0", "k1", ... (model kv). */
  keys?: number;
  /** The chance that an operation times out (info), default 0.01. Half of those took effect. */
  info?: number;
  /** Add a stale read, so that the history is not linearizable (default false). */
  corrupt?: boolean;
}

interface SimOp {
  client: number;
  process: number;
  f: 'read' | 'write' | 'cas';
  key: string | undefined;
  a: number | null;
  b: number;
  start: number;
  effect: number;
  end: number;
  info: boolean;
  /** For an info operation: whether it took effect. */
  applied: boolean;
  result: 'ok' | 'fail';
  read: number | null;
}

/** A history of `operations` operations by `processes` clients; deterministic in `seed`. */
export function generateRegisterHistory(options: RegisterHistoryOptions): GeneratedEvent[] {
  const rng = rngStream(options.seed, 'check/generate');
  const values = options.values ?? 5;
  const infoRate = options.info ?? 0.01;
  const keys = options.keys ?? 0;
  const marker = values; // a value the clients never write otherwise
  const ops: SimOp[] = [];
  const perClient = (c: number) => clientShare(options.operations, options.processes, c);
  const stale = options.corrupt ? Math.floor(perClient(0) / 2) : -1;
  for (let c = 0; c < options.processes; c++) {
    let t = rng() * 2;
    let process = c;
    for (let k = 0; k < perClient(c); k++) {
      const r = rng();
      let f: SimOp['f'] = r < 0.5 ? 'read' : r < 0.8 ? 'write' : 'cas';
      let a: number | null = f === 'read' ? null : Math.floor(rng() * values);
      const b = Math.floor(rng() * values);
      const key = keys > 0 ? `k${Math.floor(rng() * keys)}` : undefined;
      const duration = 0.2 + rng() * 4;
      const end = t + duration;
      let info = rng() < infoRate;
      if (c === 0 && k >= stale && k < stale + 3) {
        // The stale read: write the marker, then another value, then read (made stale below).
        f = k === stale + 2 ? 'read' : 'write';
        a = k === stale ? marker : k === stale + 1 ? 0 : null;
        info = false;
      }
      const staleKey = c === 0 && stale >= 0 && k >= stale && k < stale + 3 && keys > 0 ? 'k0' : key;
      ops.push({ client: c, process, f, key: staleKey, a, b, start: t, effect: t + rng() * duration, end, info, applied: info ? rng() < 0.5 : true, result: 'ok', read: null });
      if (info) process += options.processes; // a crashed client continues as a new process
      t = end + -Math.log(1 - rng()) * 1;
    }
  }
  // Apply each operation at its instant of effect.
  const register = new Map<string | undefined, number | null>();
  for (const op of [...ops].sort((x, y) => x.effect - y.effect)) {
    if (!op.applied) continue;
    const cur = register.get(op.key) ?? null;
    if (op.f === 'read') op.read = cur;
    else if (op.f === 'write') register.set(op.key, op.a);
    else if (cur === op.a) register.set(op.key, op.b);
    else op.result = 'fail';
  }
  if (stale >= 0) {
    const read = ops.filter((o) => o.client === 0)[stale + 2];
    read.read = marker;
  }
  return operationEvents(ops, (op, invoke, time): GeneratedEvent => {
    const value = (read: boolean): GeneratedEvent['value'] => (op.f === 'read' ? (read ? op.read : null) : op.f === 'write' ? op.a : [op.a as number, op.b]);
    const base = { process: op.process, f: op.f, ...(op.key !== undefined ? { key: op.key } : {}) };
    if (invoke) return { ...base, type: 'invoke', value: value(false), time };
    const type = op.info ? 'info' : op.result;
    return { ...base, type, value: value(type === 'ok'), time };
  });
}

/** Virtual milliseconds as written to a history: to the microsecond. */
export const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** How many of `operations` client `c` of `processes` runs: an equal share, one more for the first `operations % processes`. */
export const clientShare = (operations: number, processes: number, c: number) => Math.floor(operations / processes) + (c < operations % processes ? 1 : 0);

/**
 * Simulated operations as a history: each one's invocation (at `start`) and completion (at `end`)
 * as `event` writes them, their times rounded, in real-time order (at one instant: invocations
 * first, then in the order of `ops`).
 */
export function operationEvents<O extends { start: number; end: number }, E>(ops: readonly O[], event: (op: O, invoke: boolean, time: number) => E): E[] {
  const events: { event: E; at: number; order: number }[] = [];
  for (const op of ops) {
    events.push({ event: event(op, true, round(op.start)), at: op.start, order: 0 });
    events.push({ event: event(op, false, round(op.end)), at: op.end, order: 1 });
  }
  events.sort((x, y) => x.at - y.at || x.order - y.order);
  return events.map((e) => e.event);
}

/** Events as JSON Lines text. */
export function toJsonLines(events: readonly object[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

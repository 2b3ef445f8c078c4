/**
 * Set, lock and queue histories for benchmarks and tests, in the manner of generate.ts: clients run
 * operations one after another against a true set, lock or queue; each operation takes effect at
 * one random instant between its invocation and its completion, so the history is valid by
 * construction. A few operations time out (info; half of those took effect). The corrupted variant
 * adds one violation: an element dropped from the last read (set), a stranger's acquire while the
 * lock is held (lock), a message taken out a second time (queue).
 */
import { rngStream } from '../engine/rng.js';
import { clientShare, operationEvents, type GeneratedEvent } from './generate.js';

export interface ModelHistoryOptions {
  /** Operations in all (the queue adds one final drain). */
  operations: number;
  processes: number;
  seed: number | string;
  /** The chance that an operation times out (info), default 0.01. */
  info?: number;
  corrupt?: boolean;
}

export type ModelEvent = GeneratedEvent<string, unknown>;

interface SimOp {
  process: number;
  f: string;
  value: unknown;
  start: number;
  effect: number;
  end: number;
  info: boolean;
  applied: boolean;
  result: 'ok' | 'fail';
  read: unknown;
}

type Kind = 'set' | 'lock' | 'queue';

function simulate(kind: Kind, o: ModelHistoryOptions): ModelEvent[] {
  const rng = rngStream(o.seed, `check/generate/${kind}`);
  const infoRate = o.info ?? 0.01;
  const ops: SimOp[] = [];
  let nextValue = 0;
  for (let c = 0; c < o.processes; c++) {
    let t = rng() * 2;
    let process = c;
    const count = clientShare(o.operations, o.processes, c);
    for (let k = 0; k < count; k++) {
      let f: string;
      if (kind === 'set') f = rng() < 0.05 ? 'read' : 'add';
      else if (kind === 'lock') f = k % 2 === 0 ? 'acquire' : 'release';
      else f = rng() < 0.5 ? 'enqueue' : 'dequeue';
      const value = f === 'add' || f === 'enqueue' ? nextValue++ : null;
      const duration = 0.2 + rng() * 4;
      // A lock client's acquire does not time out (an indeterminate grant would hold the lock forever).
      const info = f !== 'acquire' && rng() < infoRate;
      ops.push({ process, f, value, start: t, effect: t + rng() * duration, end: t + duration, info, applied: info ? f === 'release' || rng() < 0.5 : true, result: 'ok', read: null });
      if (info) process += o.processes;
      t += duration + -Math.log(1 - rng()) * (kind === 'lock' ? o.processes : 1);
    }
  }
  const set: number[] = [];
  let holder: number | null = null;
  const queue: number[] = [];
  for (const op of [...ops].sort((x, y) => x.effect - y.effect)) {
    if (!op.applied) continue;
    if (op.f === 'add') set.push(op.value as number);
    else if (op.f === 'read') op.read = [...set];
    else if (op.f === 'acquire') {
      if (holder === null) holder = op.process;
      else op.result = 'fail';
    } else if (op.f === 'release') {
      if (holder === op.process) holder = null;
      else op.result = 'fail';
    } else if (op.f === 'enqueue') queue.push(op.value as number);
    else op.read = queue.shift() ?? null;
  }
  const out = operationEvents(ops, (op, invoke, time): ModelEvent => {
    if (invoke) return { process: op.process, type: 'invoke', f: op.f, value: op.value, time };
    const type = op.info ? 'info' : op.result;
    const done = op.f === 'read' || op.f === 'dequeue' ? (type === 'ok' ? op.read : null) : op.value;
    return { process: op.process, type, f: op.f, value: done, time };
  });
  const last = out.length === 0 ? 0 : out[out.length - 1].time;
  if (kind === 'queue') out.push({ process: o.processes * 1000, type: 'invoke', f: 'drain', value: null, time: last + 1 }, { process: o.processes * 1000, type: 'ok', f: 'drain', value: [...queue], time: last + 2 });
  if (o.corrupt) corrupt(kind, out);
  return out;
}

function corrupt(kind: Kind, events: ModelEvent[]): void {
  if (kind === 'set') {
    // Drop from the last read an element whose add completed before the read was invoked.
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e.f !== 'read' || e.type !== 'ok') continue;
      let invoked = i - 1;
      while (invoked >= 0 && !(events[invoked].process === e.process && events[invoked].type === 'invoke')) invoked--;
      const known = events.slice(0, invoked).find((x) => x.f === 'add' && x.type === 'ok');
      if (known === undefined) continue;
      e.value = (e.value as number[]).filter((v) => v !== known.value);
      return;
    }
  } else if (kind === 'lock') {
    // A stranger acquires the lock just after the middle grant, and releases it at once.
    const grants = events.flatMap((e, i) => (e.f === 'acquire' && e.type === 'ok' ? [i] : []));
    const at = grants[Math.floor(grants.length / 2)] + 1;
    const time = events[at - 1].time;
    const stranger = (type: ModelEvent['type'], f: string): ModelEvent => ({ process: -1, type, f, value: null, time });
    events.splice(at, 0, stranger('invoke', 'acquire'), stranger('ok', 'acquire'), stranger('invoke', 'release'), stranger('ok', 'release'));
  } else {
    // A message taken out a second time, at the end.
    const taken = events.filter((e) => e.f === 'dequeue' && e.type === 'ok' && e.value !== null);
    const again = taken[Math.floor(taken.length / 2)];
    const time = events[events.length - 1].time;
    events.push({ process: -1, type: 'invoke', f: 'dequeue', value: null, time }, { process: -1, type: 'ok', f: 'dequeue', value: again.value, time });
  }
}

/** A set history (95% adds, 5% reads of the whole set). */
export const generateSetHistory = (o: ModelHistoryOptions) => simulate('set', o);
/** A lock history: each client acquires and releases in turn; an acquire of a held lock fails. */
export const generateLockHistory = (o: ModelHistoryOptions) => simulate('lock', o);
/** A queue history: enqueues and dequeues half and half, then one drain. */
export const generateQueueHistory = (o: ModelHistoryOptions) => simulate('queue', o);

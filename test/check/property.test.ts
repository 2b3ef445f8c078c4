/**
 * The Wing-Gong-Lowe checker agrees with the brute force on random small histories: 2-4 clients,
 * up to 8 operations (10 with many indeterminate ones), values 0-2, on one register or on two keys, some operations indeterminate or
 * failed, some results made up. And what it returns holds up: a linearization it finds respects
 * real time and the model; a prefix it reports as linearizable is one; every operation it names as
 * unable to go next is refused by the model.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkLinearizability as checkHistory } from '../../src/check/linearizability.js';
import { parseHistory } from '../../src/check/history.js';
import { modelInput, type RegisterOp } from '../../src/check/models.js';
import { valueKey, type Value } from '../../src/check/values.js';
import { bruteForceLinearizable, type PlainEvent } from './brute-force.js';
import { jsonl } from './helpers.js';

interface Step {
  p: number;
  f: 'read' | 'write' | 'cas';
  v: number;
  v2: number;
  key: string;
  /** When the operation takes effect on the true register: at its invocation or at its completion. */
  when: 'invoke' | 'complete';
  end: 'ok' | 'info' | 'fail';
  /** Report a made-up result (a read of another value, a cas that claims the other outcome). */
  lie: boolean;
  /** An indeterminate operation's coin: did it take effect? */
  applied: boolean;
}

const stepWith = (ends: Step['end'][]) => fc.record({
  p: fc.nat(3),
  f: fc.constantFrom<Step['f']>('read', 'write', 'cas'),
  v: fc.integer({ min: 0, max: 2 }),
  v2: fc.integer({ min: 0, max: 2 }),
  key: fc.constantFrom('x', 'y'),
  when: fc.constantFrom<Step['when']>('invoke', 'complete'),
  end: fc.constantFrom<Step['end']>(...ends),
  lie: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
  applied: fc.boolean(),
});

/** A history: clients run operations on a true register, which they report truthfully unless told to lie. */
function history(processes: number, steps: Step[], keyed: boolean, most: number): PlainEvent[] {
  const out: PlainEvent[] = [];
  const truth = new Map<string, number | null>();
  const busy = new Map<number, { s: Step; done: boolean; read: number | null; casOk: boolean }>();
  let started = 0;
  const effect = (o: { s: Step; done: boolean; read: number | null; casOk: boolean }) => {
    const key = keyed ? o.s.key : '';
    const cur = truth.get(key) ?? null;
    o.done = true;
    if (o.s.f === 'read') o.read = cur;
    else if (o.s.f === 'write') truth.set(key, o.s.v);
    else if (cur === o.s.v) {
      truth.set(key, o.s.v2);
      o.casOk = true;
    }
  };
  const takesEffect = (s: Step) => s.end === 'ok' || (s.end === 'info' && s.applied);
  const value = (s: Step) => (s.f === 'read' ? null : s.f === 'write' ? s.v : [s.v, s.v2]);
  for (const s of steps) {
    const p = s.p % processes;
    const key = keyed ? { key: s.key } : {};
    const o = busy.get(p);
    if (o === undefined) {
      if (started === most) continue;
      started++;
      const op = { s, done: false, read: null, casOk: false };
      busy.set(p, op);
      out.push({ process: p, type: 'invoke', f: s.f, value: value(s), ...key });
      if (s.when === 'invoke' && takesEffect(s)) effect(op);
      continue;
    }
    busy.delete(p);
    const k = keyed ? { key: o.s.key } : {};
    if (!o.done && takesEffect(o.s)) effect(o);
    let type: PlainEvent['type'] = o.s.end;
    if (o.s.f === 'cas' && type === 'ok' && !o.casOk) type = 'fail';
    if (o.s.f === 'cas' && o.s.lie && type !== 'info') type = type === 'ok' ? 'fail' : 'ok';
    if (o.s.f === 'read' && type === 'ok') {
      const read = o.s.lie ? (o.read === null ? s.v : o.read === s.v ? null : s.v) : o.read;
      out.push({ process: p, type, f: 'read', value: read, ...k });
    } else {
      out.push({ process: p, type, f: o.s.f, value: value(o.s), ...k });
    }
  }
  return out;
}

/** Whether `order` (a linearization, or a prefix of one) respects real time and the register's rules. */
function legal(order: RegisterOp[], all: RegisterOp[], complete: boolean): boolean {
  const at = new Map(order.map((op, i) => [op.source.id, i]));
  for (const a of all) {
    const ia = at.get(a.source.id);
    for (const b of all) {
      // a completed before b was invoked: a comes first, and if b is placed, a must be too.
      const ib = at.get(b.source.id);
      if (a.ret < b.call && ib !== undefined && !(ia !== undefined && ia < ib)) return false;
    }
    if (complete && a.known && ia === undefined) return false;
  }
  let state = 'nil';
  for (const op of order) {
    if (op.f === 'read' && valueKey(op.a) !== state) return false;
    if (op.f === 'write') state = valueKey(op.a);
    if (op.f === 'cas') {
      if (valueKey(op.a) === state) state = valueKey(op.b);
      else if (op.known) return false;
    }
  }
  return true;
}

const refuses = (op: RegisterOp, value: Value) => (op.f === 'read' || (op.f === 'cas' && op.known)) && valueKey(op.a) !== valueKey(value);

describe('the checker against the brute force', () => {
  const cases = [
    { name: 'one cas register', keyed: false, ends: ['ok', 'ok', 'ok', 'ok', 'info', 'fail'], most: 8, length: 18 },
    { name: 'kv with two keys', keyed: true, ends: ['ok', 'ok', 'ok', 'ok', 'info', 'fail'], most: 8, length: 18 },
    { name: 'one cas register, many indeterminate operations', keyed: false, ends: ['ok', 'ok', 'info', 'info', 'fail'], most: 10, length: 22 },
  ] as const;
  for (const { name, keyed, ends, most, length } of cases) {
    test(`random small histories, ${name}: the same verdict, and the evidence holds`, { timeout: 60_000 }, () => {
      const seen = { true: 0, false: 0 };
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 4 }), fc.array(stepWith([...ends]), { minLength: 4, maxLength: length }), (processes, steps) => {
          const events = history(processes, steps, keyed, most);
          const parsed = parseHistory(jsonl(events), 'json');
          const model = keyed ? 'kv' : 'cas-register';
          const verdict = checkHistory(parsed, model);
          const input = modelInput(parsed, model);
          const expected = bruteForceLinearizable(events);
          expect(verdict.linearizable).toBe(expected);
          seen[`${expected}`]++;
          verdict.partitions.forEach((p, i) => {
            const all = input.partitions[i].ops;
            if (p.linearizable) expect(legal(p.order as RegisterOp[], all, true)).toBe(true);
            if (p.failure !== undefined) {
              expect(legal(p.failure.linearized, all, false)).toBe(true);
              expect(p.failure.candidates.map((c) => c.source.id)).toContain(p.failure.stuck.source.id);
              for (const c of p.failure.candidates) expect(refuses(c, p.failure.value)).toBe(true);
            }
          });
        }),
        { seed: 9, numRuns: 1500 },
      );
      // Both verdicts, often: the property is not decided by one side alone.
      expect(seen.true).toBeGreaterThan(300);
      expect(seen.false).toBeGreaterThan(300);
    });
  }
});

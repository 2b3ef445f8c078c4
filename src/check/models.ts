/**
 * The models a history is checked against, and how a history's operations become theirs.
 *
 * - `cas-register`: one register, initially nil (null). `read` returns its value (an ok read of
 *   nil is a read of the initial value); `write v` sets it; `cas [old new]` sets it to `new` if it
 *   holds `old`, else fails (a cas that completes `ok` must have found `old`).
 * - `kv`: a map of such registers, one per key, checked key by key (Porcupine's partitioning: a
 *   history is linearizable if and only if the history of every key is). A key-value event names
 *   its key with a `key` field (`{"f": "write", "key": "x", "value": 3}`) or with Jepsen's `[k v]`
 *   tuple as its value (`{:f :write, :value [x 3]}`, `{:f :cas, :value [x [1 2]]}`).
 *
 * Failed operations did not happen and are left out. An indeterminate (`info`, or never completed)
 * operation may take effect at any time after its invocation or never: its return is at +infinity.
 * An indeterminate read constrains nothing and is left out.
 */
import { showProcess, type History, type HistoryEvent, type Operation } from './history.js';
import { expectFunction, fieldError } from './operations.js';
import { describeValue, showValue, valueKey, type Notation, type Value } from './values.js';

/** The models checked for linearizability. (check.ts lists every history model.) */
export const REGISTER_MODELS = ['cas-register', 'kv'] as const;
export type RegisterModelName = (typeof REGISTER_MODELS)[number];
export type ModelName = RegisterModelName;

export const REGISTER_FUNCTIONS = ['read', 'write', 'cas'] as const;
export type RegisterFunction = (typeof REGISTER_FUNCTIONS)[number];

/** One operation on one register, as the checker sees it. */
export interface RegisterOp {
  /** The operation of the history it comes from. */
  source: Operation;
  f: RegisterFunction;
  /** read: the value read; write: the value written; cas: the old value. */
  a: Value;
  /** cas: the new value; otherwise null. */
  b: Value;
  /** True when the operation completed ok; false when it is indeterminate. */
  known: boolean;
  /** The place of its invocation and of its completion in real-time order (+Infinity: never, or info). */
  call: number;
  ret: number;
}

/** The operations on one register: the whole history (cas-register) or one key (kv). */
export interface Partition {
  /** The key (kv); undefined for cas-register. */
  key: Value | undefined;
  ops: RegisterOp[];
}

export interface ModelInput {
  partitions: Partition[];
  /** Operations that completed ok, failed (left out), or are indeterminate. */
  counts: { operations: number; ok: number; fail: number; info: number };
}

/** The register operations of `history` under `model`, by partition. Throws HistoryError for an operation the model has no meaning for. */
export function modelInput(history: History, model: ModelName): ModelInput {
  const n = history.notation;
  const counts = { operations: history.operations.length, ok: 0, fail: 0, info: 0 };
  const byKey = new Map<string, Partition>();
  const single: Partition = { key: undefined, ops: [] };
  for (const op of history.operations) {
    counts[op.status]++;
    expectFunction(op, REGISTER_FUNCTIONS, model, n);
    const f = op.f as RegisterFunction;
    const inv = op.invoke;
    let key: Value | undefined;
    let payload: Value | undefined;
    let donePayload: Value | undefined;
    if (model === 'cas-register') {
      if (inv.key !== undefined) {
        throw fieldError(inv, 'key', `expected no key in a cas-register history (for a map of registers, use --model kv); found the key ${showValue(inv.key, n)}`);
      }
      payload = inv.value;
      donePayload = op.complete?.value;
    } else {
      [key, payload] = keyed(inv, n);
      if (op.complete !== undefined && op.status === 'ok' && f === 'read') {
        const [k2, v2] = keyed(op.complete, n);
        if (valueKey(k2) !== valueKey(key)) {
          throw fieldError(op.complete, op.complete.key !== undefined ? 'key' : 'value', `expected the key ${showValue(key as Value, n)} of the read invoked at line ${inv.line}; found ${describeValue(k2, n)}`);
        }
        donePayload = v2;
      }
    }
    if (op.status === 'fail') continue;
    const known = op.status === 'ok';
    let a: Value = null;
    let b: Value = null;
    if (f === 'read') {
      if (!known) continue;
      const done = op.complete as HistoryEvent;
      if (donePayload === undefined) throw fieldError(done, 'value', `expected the value read (${n === 'edn' ? 'nil' : 'null'} for the initial value) in an ok read; found no value`);
      a = donePayload;
    } else if (f === 'write') {
      if (payload === undefined) throw fieldError(inv, 'value', `expected the value written by ${showProcess(op.process)}'s write; found no value`);
      a = payload;
    } else {
      if (!Array.isArray(payload) || payload.length !== 2) {
        throw fieldError(inv, 'value', `expected [old new] as the value of a cas; found ${describeValue(payload, n)}`);
      }
      [a, b] = payload;
    }
    const rop: RegisterOp = { source: op, f, a, b, known, call: inv.position, ret: known ? (op.complete as HistoryEvent).position : Infinity };
    if (model === 'cas-register') single.ops.push(rop);
    else {
      const k = valueKey(key as Value);
      let part = byKey.get(k);
      if (part === undefined) byKey.set(k, (part = { key, ops: [] }));
      part.ops.push(rop);
    }
  }
  return { partitions: model === 'cas-register' ? [single] : [...byKey.values()], counts };
}

/** A key-value event's key and value: its `key` field and `value`, or Jepsen's `[k v]` tuple. */
function keyed(e: HistoryEvent, n: Notation): [Value, Value | undefined] {
  if (e.key !== undefined) return [e.key, e.value];
  if (Array.isArray(e.value) && e.value.length === 2) return [e.value[0], e.value[1]];
  const example = n === 'edn' ? '[k v] as its value, such as [:x 3]' : 'a "key" field, or [k v] as its value';
  throw fieldError(e, 'value', `expected the key of a kv operation: ${example}; found ${e.value === undefined ? 'no key and no value' : describeValue(e.value, n)}`);
}

/**
 * Linearizability of a register history: Wing and Gong's search with Lowe's memoization, as
 * Porcupine does it.
 *
 * The invocations and completions form one list in real-time order. The search walks it: at an
 * invocation it tries to linearize that operation next (the model must accept it in the current
 * state); if it can, it takes the operation's invocation and completion out of the list and starts
 * again from the front; at a completion it has met an operation that had to take effect before
 * this point and did not, so it undoes the last choice and tries the next candidate. Lowe's cache
 * of (set of operations linearized, register value) skips any configuration already explored,
 * which keeps the search small when few operations overlap at any time. A history is
 * linearizable when the list empties.
 *
 * An indeterminate operation's completion is at +infinity: it may take effect at any point after
 * its invocation. Left for last it changes nothing that anyone observed, so "at the end" is "never".
 * Indeterminate operations are what makes the search grow (each may be in or out of every set),
 * so four rules, each of which keeps some linearization whenever there is one, prune it:
 * - once every ok operation is linearized, the history is: the indeterminate ones left never happened;
 * - a configuration that has applied more indeterminate operations than one already explored, with
 *   the same ok operations linearized and the same value, is dominated by it (whatever can follow
 *   it can follow the other) and is skipped; each configuration tries its ok operations before its
 *   indeterminate ones, so that the configurations with fewer of them come first;
 * - an indeterminate operation that would change nothing now (a write of the value the register
 *   holds, a cas that finds another value) is not tried there: "now, with no effect" is "never";
 * - indeterminate operations with the same effect (the same write, the same cas) are
 *   interchangeable, so they are tried in the order they were invoked: the earliest first.
 * The checker still grows with the number of indeterminate operations pending at once (bench/
 * check-history.ts measures 1% and 5% of them); Knossos and Porcupine share that limit.
 */
import type { ModelName, Partition, RegisterOp } from './models.js';
import { modelInput } from './models.js';
import type { History } from './history.js';
import { valueKey, type Value } from './values.js';

/** A register (or one key) that could not be linearized. */
export interface PartitionFailure {
  /** The key (kv); undefined for cas-register. */
  key: Value | undefined;
  /** The longest linearizable prefix the search found (longest in ok operations), in linearization order. */
  linearized: RegisterOp[];
  /** The register's value after it. */
  value: Value;
  /** The first operation that could not be placed: its completion came before any order could fit it in. */
  stuck: RegisterOp;
  /**
   * The ok operations that could have gone next: invoked, not linearized, invoked before the stuck
   * one completed (the stuck one among them). The model refuses each in that state (a read of
   * another value, a cas that expects another): had it accepted one, the search would have gone
   * deeper. (Indeterminate operations pending there would change nothing, or the search would have
   * gone deeper with them too; they are not listed.)
   */
  candidates: RegisterOp[];
}

export interface PartitionResult {
  key: Value | undefined;
  /** Operations checked (failed ones and indeterminate reads are left out). */
  operations: number;
  /** true, false, or undefined when the search gave up (maxStates). */
  linearizable: boolean | undefined;
  /** A linearization, when there is one: every ok operation, and the indeterminate ones that took effect in it. */
  order: RegisterOp[] | undefined;
  failure: PartitionFailure | undefined;
  /** Configurations explored (entries in Lowe's cache). */
  states: number;
}

export interface CheckOptions {
  /** Give up on a register (or key) after exploring this many configurations: the verdict is then undefined. Default: no limit. */
  maxStates?: number;
}

export interface Verdict {
  model: ModelName;
  /** true if every partition is linearizable; false if one is not; undefined if the search gave up before either. */
  linearizable: boolean | undefined;
  counts: { operations: number; ok: number; fail: number; info: number };
  partitions: PartitionResult[];
}

/**
 * Checks that `history` is linearizable as `model`. Throws HistoryError for an operation the model
 * has no meaning for. (check.ts's checkHistory is the entry point for every model.)
 */
export function checkLinearizability(history: History, model: ModelName, options: CheckOptions = {}): Verdict {
  const input = modelInput(history, model);
  const partitions = input.partitions.map((p) => checkPartition(p, options));
  const linearizable = partitions.some((p) => p.linearizable === false) ? false : partitions.every((p) => p.linearizable === true) ? true : undefined;
  return { model, linearizable, counts: input.counts, partitions };
}

const READ = 0;
const WRITE = 1;
const CAS = 2;

/** A 32-bit mix of an integer (Murmur3's finalizer), for Zobrist hashing of the linearized set. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The configurations explored with one set of ok operations linearized and one state: the sets of indeterminate operations applied, none a subset of another. */
interface CacheGroup {
  known: Uint32Array;
  state: number;
  infos: Uint32Array[];
}

/** Checks the operations of one register. */
export function checkPartition(partition: Partition, options: CheckOptions = {}): PartitionResult {
  const maxStates = options.maxStates ?? Infinity;
  const ops = partition.ops;
  const n = ops.length;

  // Values as small integers: nil is 0, the register starts there.
  const ids = new Map<string, number>([['nil', 0]]);
  const values: Value[] = [null];
  const intern = (v: Value) => {
    const k = valueKey(v);
    let id = ids.get(k);
    if (id === undefined) {
      ids.set(k, (id = values.length));
      values.push(v);
    }
    return id;
  };
  const kind = new Uint8Array(n);
  const argA = new Int32Array(n);
  const argB = new Int32Array(n);
  const known = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i];
    kind[i] = op.f === 'read' ? READ : op.f === 'write' ? WRITE : CAS;
    argA[i] = intern(op.a);
    argB[i] = intern(op.b);
    known[i] = op.known ? 1 : 0;
  }
  // Indeterminate operations with the same effect, in order of invocation: each may go only after those before it.
  const effectClass = new Int32Array(n).fill(-1);
  const rank = new Int32Array(n);
  const classes = new Map<string, number>();
  const classSize: number[] = [];
  let knownLeft = 0;
  for (let i = 0; i < n; i++) {
    if (known[i]) {
      knownLeft++;
      continue;
    }
    const k = `${kind[i]} ${argA[i]} ${argB[i]}`;
    let c = classes.get(k);
    if (c === undefined) {
      classes.set(k, (c = classSize.length));
      classSize.push(0);
    }
    effectClass[i] = c;
    rank[i] = classSize[c]++;
  }
  const placedInClass = new Int32Array(classSize.length);
  const knownTotal = knownLeft;

  /** The register's value after op i from `state`, or -1 if the model refuses it. */
  const step = (state: number, i: number): number => {
    switch (kind[i]) {
      case READ:
        return argA[i] === state ? state : -1;
      case WRITE:
        return argA[i];
      default:
        if (argA[i] === state) return argB[i];
        return known[i] ? -1 : state; // an indeterminate cas that found another value did nothing
    }
  };

  // The list: node 0 is its head; node 1 + 2k is an entry, in real-time order.
  const entries: { op: number; call: boolean; at: number }[] = [];
  for (let i = 0; i < n; i++) {
    entries.push({ op: i, call: true, at: ops[i].call });
    entries.push({ op: i, call: false, at: ops[i].ret });
  }
  entries.sort((x, y) => (x.at !== y.at ? x.at - y.at : x.call === y.call ? x.op - y.op : x.call ? -1 : 1));
  const size = 2 * n + 1;
  const next = new Int32Array(size).fill(-1);
  const prev = new Int32Array(size).fill(-1);
  const nodeOp = new Int32Array(size).fill(-1);
  const isCall = new Uint8Array(size);
  const match = new Int32Array(size).fill(-1); // a call's completion node
  const callNode = new Int32Array(n);
  const retNode = new Int32Array(n);
  for (let k = 0; k < entries.length; k++) {
    const node = k + 1;
    prev[node] = node - 1;
    next[node - 1] = node;
    nodeOp[node] = entries[k].op;
    isCall[node] = entries[k].call ? 1 : 0;
    if (entries[k].call) callNode[entries[k].op] = node;
    else retNode[entries[k].op] = node;
  }
  for (let i = 0; i < n; i++) match[callNode[i]] = retNode[i];

  const lift = (call: number) => {
    next[prev[call]] = next[call];
    if (next[call] >= 0) prev[next[call]] = prev[call];
    const ret = match[call];
    next[prev[ret]] = next[ret];
    if (next[ret] >= 0) prev[next[ret]] = prev[ret];
  };
  const unlift = (call: number) => {
    const ret = match[call];
    next[prev[ret]] = ret;
    if (next[ret] >= 0) prev[next[ret]] = ret;
    next[prev[call]] = call;
    if (next[call] >= 0) prev[next[call]] = call;
  };

  // The linearized set, as two bitsets: ok operations by op index, indeterminate ones by their own index.
  const words = (n + 31) >>> 5;
  const bits = new Uint32Array(words);
  const infoIndex = new Int32Array(n).fill(-1);
  let infoCount = 0;
  for (let i = 0; i < n; i++) if (!known[i]) infoIndex[i] = infoCount++;
  const infoWords = (infoCount + 31) >>> 5;
  const infoBits = new Uint32Array(infoWords);
  const zobrist = new Uint32Array(n);
  for (let i = 0; i < n; i++) zobrist[i] = known[i] ? mix(i + 1) : 0; // the hash covers the ok operations only
  let setHash = 0;
  const cache = new Map<number, CacheGroup[]>();
  let states = 0;
  const sameKnown = (x: Uint32Array) => {
    for (let w = 0; w < words; w++) if (x[w] !== bits[w]) return false;
    return true;
  };
  /**
   * Adds the configuration (linearized set, state) to the cache; false if it is there already or is
   * dominated by one there: the same ok operations linearized and the same state, with a subset of
   * the indeterminate ones applied. (Whatever can follow a configuration can follow one that has
   * applied fewer indeterminate operations: those are never required to happen.)
   */
  const remember = (hash: number, state: number): boolean => {
    const key = (hash ^ mix(state + 0x9e3779b9)) >>> 0;
    let groups = cache.get(key);
    if (groups === undefined) cache.set(key, (groups = []));
    let group: CacheGroup | undefined;
    for (const g of groups) {
      if (g.state === state && sameKnown(g.known)) {
        group = g;
        break;
      }
    }
    states++;
    if (group === undefined) {
      groups.push({ known: bits.slice(), state, infos: [infoBits.slice()] });
      return true;
    }
    const infos = group.infos;
    let kept = 0;
    for (let k = 0; k < infos.length; k++) {
      const x = infos[k];
      let subset = true; // x is a subset of ours: ours is dominated
      let superset = true; // x is a superset of ours: ours dominates it
      for (let w = 0; w < infoWords; w++) {
        if ((x[w] & ~infoBits[w]) !== 0) subset = false;
        if ((infoBits[w] & ~x[w]) !== 0) superset = false;
      }
      if (subset) {
        states--;
        return false;
      }
      if (!superset) infos[kept++] = x;
    }
    infos.length = kept;
    infos.push(infoBits.slice());
    return true;
  };

  const stackOp: number[] = [];
  const stackState: number[] = [];
  let state = 0;
  let best: { ops: number[]; depth: number; state: number; stuck: number; pending: number[] } | undefined;
  let entry = next[0];
  let gaveUp = false;
  let done = knownLeft === 0;
  // Each configuration tries its ok operations first, then its indeterminate ones: a configuration
  // that has applied fewer indeterminate operations is then explored first, and those that apply
  // more and reach the same place are pruned as dominated.
  let infoPass = false;
  while (!done) {
    if (isCall[entry]) {
      const i = nodeOp[entry];
      if (known[i] === (infoPass ? 1 : 0)) {
        entry = next[entry];
        continue;
      }
      const s = step(state, i);
      const c = effectClass[i];
      if (s >= 0 && (c < 0 || (s !== state && placedInClass[c] === rank[i]))) {
        if (c < 0) bits[i >>> 5] |= 1 << (i & 31);
        else infoBits[infoIndex[i] >>> 5] |= 1 << (infoIndex[i] & 31);
        const h = (setHash ^ zobrist[i]) >>> 0;
        if (remember(h, s)) {
          stackOp.push(i);
          stackState.push(state);
          state = s;
          setHash = h;
          if (c < 0) knownLeft--;
          else placedInClass[c]++;
          lift(entry);
          entry = next[0];
          infoPass = false;
          if (knownLeft === 0) {
            done = true;
            break;
          }
          if (states > maxStates) {
            gaveUp = true;
            break;
          }
          continue;
        }
        if (c < 0) bits[i >>> 5] &= ~(1 << (i & 31));
        else infoBits[infoIndex[i] >>> 5] &= ~(1 << (infoIndex[i] & 31));
      }
      entry = next[entry];
    } else if (!infoPass) {
      // The ok operations that could go next are tried; now the indeterminate ones.
      infoPass = true;
      entry = next[0];
    } else {
      // A completion: its operation had to be linearized by now.
      // The deepest point counts ok operations: indeterminate ones can be left out of any prefix.
      if (best === undefined || knownTotal - knownLeft > best.depth) {
        const pending: number[] = [];
        for (let e = next[0]; e !== entry; e = next[e]) if (isCall[e] && known[nodeOp[e]]) pending.push(nodeOp[e]);
        // Indeterminate operations at the end of the prefix are not needed by it: leave them out.
        let end = stackOp.length;
        while (end > 0 && !known[stackOp[end - 1]]) end--;
        best = { ops: stackOp.slice(0, end), depth: knownTotal - knownLeft, state: end === stackOp.length ? state : stackState[end], stuck: nodeOp[entry], pending };
      }
      if (stackOp.length === 0) break;
      const i = stackOp.pop() as number;
      state = stackState.pop() as number;
      if (effectClass[i] < 0) knownLeft++;
      else placedInClass[effectClass[i]]--;
      if (known[i]) bits[i >>> 5] &= ~(1 << (i & 31));
      else infoBits[infoIndex[i] >>> 5] &= ~(1 << (infoIndex[i] & 31));
      setHash = (setHash ^ zobrist[i]) >>> 0;
      const call = callNode[i];
      unlift(call);
      entry = next[call];
      infoPass = !known[i];
    }
  }
  const key = partition.key;
  if (done) return { key, operations: n, linearizable: true, order: stackOp.map((i) => ops[i]), failure: undefined, states };
  if (gaveUp) return { key, operations: n, linearizable: undefined, order: undefined, failure: undefined, states };
  const b = best as NonNullable<typeof best>;
  return {
    key,
    operations: n,
    linearizable: false,
    order: undefined,
    states,
    failure: {
      key,
      linearized: b.ops.map((i) => ops[i]),
      value: values[b.state],
      stuck: ops[b.stuck],
      candidates: b.pending.map((i) => ops[i]),
    },
  };
}

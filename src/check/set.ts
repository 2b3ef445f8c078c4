/**
 * The `set` model: "no acknowledged write lost". Clients `add v` to a set that only grows and
 * `read` it (the `ok` of a read carries the whole set, a list: `[1, 2]`, EDN `#{1 2}`).
 *
 * An element is *known* from the moment its add completed ok, or a read that saw it completed,
 * whichever comes first. Every read invoked after that must contain it; a read that does not is
 * a violation, of one of two kinds, in Jepsen's words (jepsen.checker/set-full, with
 * `:linearizable? true`):
 * - lost: the element is missing from a read invoked after it was known, and no read invoked
 *   after that one sees it again;
 * - stale: the element is missing from such a read, but a later read sees it again.
 * And a read may contain only elements some add put there: an element read with no `ok` or
 * indeterminate add of it invoked before the read completed is *unexpected* (from nowhere, or
 * from an add that failed).
 *
 * Counted and not errors: *recovered* elements (their only adds were indeterminate, and a read saw
 * them) and *never read* ones (known, but no read was invoked after that). Failed and
 * indeterminate reads tell nothing and are left out. An element listed twice in one read counts once.
 */
import type { History, Operation } from './history.js';
import { countOperations, elementsOf, expectFunction, fieldError, jsonOperation, nameOperation, operationAt, plural, problemSection, showOperation, type OperationCounts, type OperationRow, type Violation } from './operations.js';
import { jsonValue, showValue, valueKey, type Notation, type Value } from './values.js';

export const SET_FUNCTIONS = ['add', 'read'] as const;

/** An element missing from reads invoked after it was known. */
export interface MissingElement {
  value: Value;
  outcome: 'lost' | 'stale';
  /** What made it known: its first ok add, or the first read that saw it (whichever completed first). */
  known: Operation;
  /** Its first add that did not fail, if any (the add that made it known, when one did). */
  add: Operation | undefined;
  /** The reads invoked after it was known that miss it, in order of invocation. */
  missedBy: Operation[];
  /** The last read (by invocation) that saw it, if any. */
  lastSeen: Operation | undefined;
}

/** An element a read returned that no add put there. */
export interface UnexpectedElement {
  value: Value;
  read: Operation;
  /** An add of it that failed, if any. */
  failedAdd: Operation | undefined;
  /** An add of it invoked only after the read completed, if any. */
  laterAdd: Operation | undefined;
}

export interface SetResult {
  valid: boolean;
  counts: OperationCounts;
  /** Distinct elements some add (ok or indeterminate) tried to add; reads that completed ok. */
  elements: number;
  reads: number;
  lost: MissingElement[];
  stale: MissingElement[];
  unexpected: UnexpectedElement[];
  /** Elements whose adds were all indeterminate, seen by a read. */
  recovered: number;
  /** Known elements no read was invoked after. */
  neverRead: number;
}

interface Element {
  value: Value;
  key: Key;
  /** Adds that did not fail, in order of invocation, as far as the walk has reached. */
  adds: Operation[];
  failedAdd: Operation | undefined;
  laterAdd: Operation | undefined;
  known: Operation | undefined;
  missedBy: Operation[];
  /** The last read (by invocation) that saw it, as far as the walk has reached; undefined while none has. */
  lastSeen: Operation | undefined;
  readAfterKnown: boolean;
}

/** A value's identity, as valueKey gives it, but numbers stay numbers: reads of large sets hash millions of them. */
type Key = number | string;
const keyOf = (v: Value): Key => (typeof v === 'number' ? (Object.is(v, -0) ? 0 : v) : valueKey(v));

/** Checks a set history. Throws HistoryError for an operation the model has no meaning for. */
export function checkSet(history: History): SetResult {
  const n = history.notation;
  // Every operation first, so that a mistake is reported before any verdict.
  const reads = new Map<Operation, Value[]>();
  for (const op of history.operations) {
    expectFunction(op, SET_FUNCTIONS, 'set', n);
    if (op.f === 'add' && op.invoke.value === undefined) throw fieldError(op.invoke, 'value', `expected the element added by ${showOperation(op, undefined, n)}; found no value`);
    if (op.f === 'read' && op.status === 'ok') reads.set(op, elementsOf(op.complete!, 'the set read', n));
  }
  const elements = new Map<Key, Element>();
  const element = (value: Value, k = keyOf(value)) => {
    let e = elements.get(k);
    if (e === undefined) {
      e = { value, key: k, adds: [], failedAdd: undefined, laterAdd: undefined, known: undefined, missedBy: [], lastSeen: undefined, readAfterKnown: false };
      elements.set(k, e);
    }
    return e;
  };
  /** Elements in the order they became known: those known when a read is invoked are a prefix. */
  const known: Element[] = [];
  const prefixAt = new Map<Operation, number>();
  const unexpected: UnexpectedElement[] = [];
  const opAt = operationAt(history);
  for (const ev of history.events) {
    const op = opAt[ev.position];
    const invoke = ev === op.invoke;
    if (op.f === 'add') {
      const e = element(op.invoke.value as Value);
      if (invoke) {
        if (op.status === 'fail') e.failedAdd ??= op;
        else e.adds.push(op);
      } else if (op.status === 'ok') {
        if (e.known === undefined) {
          e.known = op;
          known.push(e);
        }
      }
      continue;
    }
    const read = reads.get(op);
    if (read === undefined) continue;
    if (invoke) {
      prefixAt.set(op, known.length);
      continue;
    }
    const inRead = new Set<Key>();
    for (const v of read) {
      const k = keyOf(v);
      if (inRead.has(k)) continue;
      inRead.add(k);
      const e = element(v, k);
      if (e.adds.length === 0) {
        unexpected.push({ value: v, read: op, failedAdd: e.failedAdd, laterAdd: undefined });
        continue;
      }
      if (e.lastSeen === undefined || e.lastSeen.invoke.position < op.invoke.position) e.lastSeen = op;
      if (e.known === undefined) {
        e.known = op;
        known.push(e);
      }
    }
    const prefix = prefixAt.get(op) as number;
    for (let i = 0; i < prefix; i++) {
      const e = known[i];
      e.readAfterKnown = true;
      if (!inRead.has(e.key)) e.missedBy.push(op);
    }
  }
  // An add invoked after the read that returned its element completed: say so in the message.
  for (const u of unexpected) {
    const e = elements.get(keyOf(u.value)) as Element;
    u.laterAdd = e.adds.find((a) => a.invoke.position > (u.read.complete as { position: number }).position);
  }
  const lost: MissingElement[] = [];
  const stale: MissingElement[] = [];
  let recovered = 0;
  let neverRead = 0;
  let attempted = 0;
  for (const e of elements.values()) {
    if (e.adds.length > 0) attempted++;
    if (e.lastSeen !== undefined && e.adds.length > 0 && !e.adds.some((a) => a.status === 'ok')) recovered++;
    if (e.known !== undefined && !e.readAfterKnown) neverRead++;
    if (e.missedBy.length === 0) continue;
    const missedBy = [...e.missedBy].sort((a, b) => a.invoke.position - b.invoke.position);
    const lastMiss = missedBy[missedBy.length - 1];
    const outcome = e.lastSeen !== undefined && e.lastSeen.invoke.position > lastMiss.invoke.position ? 'stale' : 'lost';
    const m: MissingElement = { value: e.value, outcome, known: e.known as Operation, add: e.adds[0], missedBy, lastSeen: e.lastSeen };
    (outcome === 'lost' ? lost : stale).push(m);
  }
  const byKnown = (a: MissingElement, b: MissingElement) => (a.known.complete?.position ?? 0) - (b.known.complete?.position ?? 0);
  lost.sort(byKnown);
  stale.sort(byKnown);
  return {
    valid: lost.length === 0 && stale.length === 0 && unexpected.length === 0,
    counts: countOperations(history),
    elements: attempted,
    reads: reads.size,
    lost,
    stale,
    unexpected,
    recovered,
    neverRead,
  };
}

function knownBy(m: MissingElement, n: Notation): string {
  const v = showValue(m.value, n);
  if (m.known.f === 'add') return `${nameOperation(m.known, m.value, n)} completed`;
  return `${v} was seen by ${nameOperation(m.known, undefined, n)}`;
}

/** One sentence per problem, naming the operations. */
export function setViolations(r: SetResult, n: Notation): Violation[] {
  const out: Violation[] = [];
  const more = (k: number) => (k === 0 ? '' : k === 1 ? ' (nor does 1 later read)' : ` (nor do ${k.toLocaleString('en-US')} later reads)`);
  for (const m of r.lost) {
    const v = showValue(m.value, n);
    const first = m.missedBy[0];
    out.push({
      message: `lost: ${knownBy(m, n)}, yet ${nameOperation(first, undefined, n)}, invoked after that, does not contain ${v}${more(m.missedBy.length - 1)}, and no read sees it again`,
      operations: [m.known, first],
    });
  }
  for (const m of r.stale) {
    const v = showValue(m.value, n);
    const first = m.missedBy[0];
    out.push({
      message: `stale read: ${knownBy(m, n)}, yet ${nameOperation(first, undefined, n)}, invoked after that, does not contain ${v}${more(m.missedBy.length - 1)}; ${nameOperation(m.lastSeen as Operation, undefined, n)} sees it again`,
      operations: [m.known, first],
    });
  }
  for (const u of r.unexpected) {
    const v = showValue(u.value, n);
    const why = u.laterAdd !== undefined ? `its first add, ${nameOperation(u.laterAdd, u.value, n)}, was invoked after the read completed` : u.failedAdd !== undefined ? `its only add, ${nameOperation(u.failedAdd, u.value, n)}, failed` : 'no add of it appears in the history';
    out.push({ message: `unexpected: ${nameOperation(u.read, undefined, n)} returned ${v}, which no add put there: ${why}`, operations: [u.read, ...(u.laterAdd ?? u.failedAdd ? [(u.laterAdd ?? u.failedAdd) as Operation] : [])] });
  }
  return out;
}

/** `2 lost, 1 stale read, 1 unexpected`; `` when valid. */
export function setProblems(r: SetResult): string {
  const parts: string[] = [];
  if (r.lost.length > 0) parts.push(`${plural(r.lost.length, 'acknowledged element')} lost`);
  if (r.stale.length > 0) parts.push(`${plural(r.stale.length, 'element')} missing from a read, then seen again (stale)`);
  if (r.unexpected.length > 0) parts.push(`${plural(r.unexpected.length, 'element')} read that no add put there (unexpected)`);
  return parts.join(', ');
}

/** The verdict's lines after its first: each problem with its operations and lines. */
export function describeSet(r: SetResult, n: Notation): string[] {
  const missing = (m: MissingElement, last: string) => {
    const v = showValue(m.value, n);
    const rows: OperationRow[] = [
      { op: m.known, value: m.known.f === 'add' ? m.value : undefined, note: m.known.f === 'add' ? 'completed ok: the element is known' : `saw ${v}: the element is known` },
    ];
    const k = m.missedBy.length - 1;
    rows.push({ op: m.missedBy[0], value: undefined, note: `invoked after that, misses ${v}${k === 0 ? '' : ` (as ${plural(k, 'later read')} ${k === 1 ? 'does' : 'do'})`}${last}` });
    if (m.outcome === 'stale') rows.push({ op: m.lastSeen as Operation, value: undefined, note: `sees ${v} again` });
    return rows;
  };
  return [
    ...problemSection(r.lost, `Lost: ${plural(r.lost.length, 'element')} known to be in the set, missing from a read invoked after that and from every read after it:`, (m) => missing(m, '; no read sees it again'), n),
    ...problemSection(r.stale, `Stale: ${plural(r.stale.length, 'element')} known to be in the set, missing from a read invoked after that, seen again later:`, (m) => missing(m, ''), n),
    ...problemSection(
      r.unexpected,
      `Unexpected: ${plural(r.unexpected.length, 'element')} read that no add put there:`,
      (u) => {
        const v = showValue(u.value, n);
        const rows: OperationRow[] = [{ op: u.read, value: undefined, note: `returned ${v}` }];
        if (u.laterAdd !== undefined) rows.push({ op: u.laterAdd, value: u.value, note: 'invoked only after the read completed' });
        else if (u.failedAdd !== undefined) rows.push({ op: u.failedAdd, value: u.value, note: 'failed: it did not happen' });
        else rows[0].note += `; no add of ${v} in the history`;
        return rows;
      },
      n,
    ),
  ];
}

/** The counts after the model's name: `3 elements, 2 reads, 1 recovered`. */
export function setCounts(r: SetResult): string {
  const parts = [plural(r.elements, 'element'), plural(r.reads, 'read')];
  if (r.recovered > 0) parts.push(`${r.recovered.toLocaleString('en-US')} recovered (added by an indeterminate add, then read)`);
  if (r.neverRead > 0) parts.push(`${r.neverRead.toLocaleString('en-US')} never read`);
  return parts.join(', ');
}

/** The result as plain JSON: every problem with its operations. */
export function setJson(r: SetResult): Record<string, unknown> {
  const missing = (m: MissingElement) => ({
    value: jsonValue(m.value),
    known: jsonOperation(m.known, m.known.f === 'add' ? m.value : undefined),
    missedBy: m.missedBy.map((o) => jsonOperation(o, undefined)),
    lastSeen: m.lastSeen === undefined ? null : jsonOperation(m.lastSeen, undefined),
  });
  return {
    elements: r.elements,
    reads: r.reads,
    recovered: r.recovered,
    neverRead: r.neverRead,
    lost: r.lost.map(missing),
    stale: r.stale.map(missing),
    unexpected: r.unexpected.map((u) => ({
      value: jsonValue(u.value),
      read: jsonOperation(u.read, undefined),
      failedAdd: u.failedAdd === undefined ? null : jsonOperation(u.failedAdd, u.value),
      laterAdd: u.laterAdd === undefined ? null : jsonOperation(u.laterAdd, u.value),
    })),
  };
}

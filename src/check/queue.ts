/**
 * The `queue` model: "every message processed exactly once". Clients `enqueue v`, and take
 * messages out with `dequeue` (its `ok` carries the message; `null`/`nil`: the queue was empty),
 * `process v` (the message named by the invocation was processed) or Jepsen's `drain` (its `ok`
 * carries every message left, a list). The order of the messages is not checked. Each ok
 * dequeue, process, and element of a drain is one take: a history that both dequeues a message and
 * then processes it should record one of the two.
 *
 * - Duplicated: a message taken out more often than it was enqueued (ok or indeterminate enqueues),
 *   named with the first take and the extra one.
 * - Unexpected: a message taken out with no enqueue of it (ok or indeterminate) invoked before the
 *   take completed: from nowhere, or from an enqueue that failed.
 * - Lost, only when the history ends after the queue was drained (`--drained`, or an `ok` drain in
 *   the history): a message enqueued ok and never taken out. An indeterminate take (a dequeue or a
 *   drain that timed out) may have taken a message no one saw, so lost messages are reported only
 *   when there are more of them than such takes could explain: the verdict is certain. An
 *   indeterminate `process v` may have processed `v`, and covers it.
 *
 * Indeterminate enqueues may be taken out or not; failed operations did not happen. Jepsen's
 * total-queue reports the same lost, unexpected and duplicated messages, and "recovered" ones
 * (taken out, though their enqueue was indeterminate), counted here too.
 */
import type { History, Operation } from './history.js';
import { countOperations, elementsOf, expectFunction, fieldError, jsonOperation, nameOperation, operationAt, plural, problemSection, showOperation, type OperationCounts, type OperationRow, type Violation } from './operations.js';
import { jsonValue, showValue, valueKey, type Notation, type Value } from './values.js';

export const QUEUE_FUNCTIONS = ['enqueue', 'dequeue', 'process', 'drain'] as const;

export interface QueueOptions {
  /** The history ends after the queue was drained: every ok enqueue must have been taken out. Default false (also true when the history holds an ok drain). */
  drained?: boolean;
}

/** A take: an ok dequeue, process or drain, and the message it took. */
export interface Take {
  op: Operation;
  value: Value;
}

export interface DuplicatedMessage {
  value: Value;
  /** The enqueues of it (ok or indeterminate), in order of invocation. */
  enqueues: Operation[];
  /** The first take, and the one beyond the number of enqueues. */
  first: Take;
  extra: Take;
}

export interface UnexpectedMessage {
  take: Take;
  failedEnqueue: Operation | undefined;
  laterEnqueue: Operation | undefined;
}

export interface LostMessage {
  value: Value;
  enqueue: Operation;
}

export interface QueueResult {
  valid: boolean;
  counts: OperationCounts;
  drained: boolean;
  /** Messages enqueued ok; taken out by ok operations; recovered (taken out, their enqueues indeterminate). */
  enqueued: number;
  taken: number;
  recovered: number;
  duplicated: DuplicatedMessage[];
  unexpected: UnexpectedMessage[];
  /** Messages enqueued ok, never taken out (lost only when there are more than `indeterminateTakes`; always empty when not drained). */
  lost: LostMessage[];
  /** Acknowledged messages not taken out, when the history is not drained (not an error). */
  notTaken: number;
  /** Dequeues and drains that are indeterminate: each may have taken messages no one saw. */
  indeterminateTakes: Operation[];
}

interface Message {
  value: Value;
  enqueues: Operation[];
  okEnqueues: Operation[];
  failedEnqueue: Operation | undefined;
  takes: Take[];
  /** Indeterminate `process v` operations of this message. */
  maybe: number;
}

/** Checks a queue history. Throws HistoryError for an operation the model has no meaning for. */
export function checkQueue(history: History, options: QueueOptions = {}): QueueResult {
  const n = history.notation;
  const taken = new Map<Operation, Value[]>();
  const indeterminateTakes: Operation[] = [];
  let drainSeen = false;
  for (const op of history.operations) {
    expectFunction(op, QUEUE_FUNCTIONS, 'queue', n);
    if ((op.f === 'enqueue' || op.f === 'process') && op.invoke.value === undefined) {
      throw fieldError(op.invoke, 'value', `expected the message ${op.f === 'enqueue' ? 'enqueued' : 'processed'} by ${showOperation(op, undefined, n)}; found no value`);
    }
    if (op.status === 'info' && (op.f === 'dequeue' || op.f === 'drain')) indeterminateTakes.push(op);
    if (op.status !== 'ok') continue;
    if (op.f === 'dequeue') {
      const done = op.complete!;
      if (done.value === undefined) throw fieldError(done, 'value', `expected the message dequeued by ${showOperation(op, undefined, n)} (${n === 'edn' ? 'nil' : 'null'} for an empty queue); found no value`);
      taken.set(op, done.value === null ? [] : [done.value]);
    } else if (op.f === 'process') taken.set(op, [op.invoke.value as Value]);
    else if (op.f === 'drain') {
      drainSeen = true;
      taken.set(op, elementsOf(op.complete!, 'the messages drained', n));
    }
  }
  const drained = options.drained === true || drainSeen;
  const messages = new Map<string, Message>();
  const message = (value: Value) => {
    const k = valueKey(value);
    let m = messages.get(k);
    if (m === undefined) messages.set(k, (m = { value, enqueues: [], okEnqueues: [], failedEnqueue: undefined, takes: [], maybe: 0 }));
    return m;
  };
  const opAt = operationAt(history);
  const unexpected: UnexpectedMessage[] = [];
  const duplicated: DuplicatedMessage[] = [];
  for (const ev of history.events) {
    const op = opAt[ev.position];
    if (op.f === 'enqueue') {
      if (ev !== op.invoke) continue;
      const m = message(op.invoke.value as Value);
      if (op.status === 'fail') m.failedEnqueue ??= op;
      else {
        m.enqueues.push(op);
        if (op.status === 'ok') m.okEnqueues.push(op);
      }
      continue;
    }
    if (op.f === 'process' && op.status === 'info' && ev === op.invoke) message(op.invoke.value as Value).maybe++;
    const values = taken.get(op);
    if (values === undefined || ev !== op.complete) continue;
    for (const value of values) {
      const m = message(value);
      const take = { op, value };
      if (m.enqueues.length === 0) {
        unexpected.push({ take, failedEnqueue: m.failedEnqueue, laterEnqueue: undefined });
        continue;
      }
      m.takes.push(take);
    }
  }
  let enqueued = 0;
  let takenCount = 0;
  let recovered = 0;
  let notTaken = 0;
  const lostCandidates: LostMessage[] = [];
  for (const m of messages.values()) {
    enqueued += m.okEnqueues.length;
    takenCount += m.takes.length;
    if (m.okEnqueues.length === 0 && m.takes.length > 0) recovered++;
    // Enqueues counted after the walk: a message enqueued twice may be taken twice.
    for (let i = m.enqueues.length; i < m.takes.length; i++) duplicated.push({ value: m.value, enqueues: m.enqueues, first: m.takes[0], extra: m.takes[i] });
    const missing = m.okEnqueues.length - m.takes.length - m.maybe;
    for (let i = 0; i < missing; i++) lostCandidates.push({ value: m.value, enqueue: m.okEnqueues[m.okEnqueues.length - missing + i] });
  }
  for (const u of unexpected) {
    const m = messages.get(valueKey(u.take.value)) as Message;
    u.laterEnqueue = m.enqueues.find((e) => e.invoke.position > (u.take.op.complete as { position: number }).position);
  }
  // Lost only beyond what the indeterminate takes could have taken (an indeterminate drain: any number).
  const infoDrain = indeterminateTakes.some((o) => o.f === 'drain');
  let lost: LostMessage[] = [];
  if (drained && !infoDrain && lostCandidates.length > indeterminateTakes.length) lost = lostCandidates.sort((a, b) => a.enqueue.invoke.position - b.enqueue.invoke.position);
  if (!drained) notTaken = lostCandidates.length;
  duplicated.sort((a, b) => (a.extra.op.complete?.position ?? 0) - (b.extra.op.complete?.position ?? 0));
  return {
    valid: duplicated.length === 0 && unexpected.length === 0 && lost.length === 0,
    counts: countOperations(history),
    drained,
    enqueued,
    taken: takenCount,
    recovered,
    duplicated,
    unexpected,
    lost,
    notTaken,
    indeterminateTakes,
  };
}

const takeValue = (t: Take) => (t.op.f === 'drain' ? undefined : t.value);

export function queueViolations(r: QueueResult, n: Notation): Violation[] {
  const out: Violation[] = [];
  for (const d of r.duplicated) {
    const times = d.enqueues.length === 1 ? 'once' : `${d.enqueues.length} times`;
    out.push({
      message: `duplicated: ${showValue(d.value, n)}, enqueued ${times} (${nameOperation(d.enqueues[0], d.value, n)}), was taken out by ${nameOperation(d.first.op, takeValue(d.first), n)} and again by ${nameOperation(d.extra.op, takeValue(d.extra), n)}`,
      operations: [d.enqueues[0], d.first.op, d.extra.op],
    });
  }
  for (const u of r.unexpected) {
    const v = showValue(u.take.value, n);
    const why = u.laterEnqueue !== undefined ? `its first enqueue, ${nameOperation(u.laterEnqueue, u.take.value, n)}, was invoked after that` : u.failedEnqueue !== undefined ? `its only enqueue, ${nameOperation(u.failedEnqueue, u.take.value, n)}, failed` : 'no enqueue of it appears in the history';
    out.push({ message: `unexpected: ${nameOperation(u.take.op, takeValue(u.take), n)} took out ${v}, which no one enqueued: ${why}`, operations: [u.take.op] });
  }
  for (const l of r.lost) {
    out.push({ message: `lost: ${nameOperation(l.enqueue, l.value, n)} completed ok, and no operation took ${showValue(l.value, n)} out before the end of the drained history`, operations: [l.enqueue] });
  }
  return out;
}

export function queueProblems(r: QueueResult): string {
  const parts: string[] = [];
  if (r.duplicated.length > 0) parts.push(`${plural(r.duplicated.length, 'message')} taken out twice (duplicated)`);
  if (r.unexpected.length > 0) parts.push(`${plural(r.unexpected.length, 'message')} no one enqueued (unexpected)`);
  if (r.lost.length > 0) parts.push(`${plural(r.lost.length, 'acknowledged message')} never taken out (lost)`);
  return parts.join(', ');
}

export function describeQueue(r: QueueResult, n: Notation): string[] {
  const taking = (t: Take, note: string): OperationRow => ({ op: t.op, value: takeValue(t), note: t.op.f === 'drain' ? `drained ${showValue(t.value, n)}${note === '' ? '' : ', ' + note}` : note });
  const maybe = r.indeterminateTakes.length;
  return [
    ...problemSection(
      r.duplicated,
      `Duplicated: ${plural(r.duplicated.length, 'message')} taken out more often than ${r.duplicated.length === 1 ? 'it was' : 'they were'} enqueued:`,
      (d) => [...d.enqueues.map((e) => ({ op: e, value: d.value, note: e.status === 'ok' ? 'enqueued' : 'enqueued (indeterminate)' })), taking(d.first, 'taken out'), taking(d.extra, 'taken out again')],
      n,
    ),
    ...problemSection(
      r.unexpected,
      `Unexpected: ${plural(r.unexpected.length, 'message')} taken out that no one enqueued:`,
      (u) => {
        const v = showValue(u.take.value, n);
        const rows: OperationRow[] = [taking(u.take, '')];
        if (u.laterEnqueue !== undefined) rows.push({ op: u.laterEnqueue, value: u.take.value, note: 'invoked only after that' });
        else if (u.failedEnqueue !== undefined) rows.push({ op: u.failedEnqueue, value: u.take.value, note: 'failed: it did not happen' });
        else rows[0].note = `${rows[0].note === '' ? '' : rows[0].note + '; '}no enqueue of ${v} in the history`;
        if (rows[0].note === '') delete rows[0].note;
        return rows;
      },
      n,
    ),
    ...problemSection(
      r.lost,
      `Lost: ${plural(r.lost.length, 'message')} enqueued ok and never taken out of the drained queue${maybe > 0 ? ` (${plural(maybe, 'indeterminate take')} may account for ${maybe} of them, not ${r.lost.length})` : ''}:`,
      (l) => [{ op: l.enqueue, value: l.value }],
      n,
      false,
    ),
  ];
}

export function queueCounts(r: QueueResult): string {
  const parts = [`${r.enqueued.toLocaleString('en-US')} enqueued`, `${r.taken.toLocaleString('en-US')} taken out`];
  if (r.recovered > 0) parts.push(`${r.recovered.toLocaleString('en-US')} recovered`);
  if (!r.drained && r.notTaken > 0) parts.push(`${r.notTaken.toLocaleString('en-US')} not taken out (not drained: not checked)`);
  return parts.join(', ');
}

export function queueJson(r: QueueResult): Record<string, unknown> {
  const take = (t: Take) => ({ ...jsonOperation(t.op, takeValue(t)), message: jsonValue(t.value) });
  return {
    drained: r.drained,
    enqueued: r.enqueued,
    taken: r.taken,
    recovered: r.recovered,
    notTaken: r.notTaken,
    indeterminateTakes: r.indeterminateTakes.length,
    duplicated: r.duplicated.map((d) => ({ value: jsonValue(d.value), enqueues: d.enqueues.map((e) => jsonOperation(e, d.value)), first: take(d.first), extra: take(d.extra) })),
    unexpected: r.unexpected.map((u) => ({
      value: jsonValue(u.take.value),
      take: take(u.take),
      failedEnqueue: u.failedEnqueue === undefined ? null : jsonOperation(u.failedEnqueue, u.take.value),
      laterEnqueue: u.laterEnqueue === undefined ? null : jsonOperation(u.laterEnqueue, u.take.value),
    })),
    lost: r.lost.map((l) => ({ value: jsonValue(l.value), enqueue: jsonOperation(l.enqueue, l.value) })),
  };
}

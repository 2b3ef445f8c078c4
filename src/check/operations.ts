/**
 * What the set, lock and queue models share: reading a history's operations under a model (the
 * functions it knows, where a field is wrong), counting them, and naming one in a message
 * (`process 0 add 3`, `lines 3-4`) or in JSON.
 */
import { HistoryError } from './history-error.js';
import { showProcess, type History, type HistoryEvent, type Operation, type Place } from './history.js';
import { describeValue, jsonValue, oneOf, showF, showValue, type Notation, type Value } from './values.js';

/** How many operations completed ok, failed, or are indeterminate (info, or never completed). */
export interface OperationCounts {
  operations: number;
  ok: number;
  fail: number;
  info: number;
}

export function countOperations(history: History): OperationCounts {
  const counts = { operations: history.operations.length, ok: 0, fail: 0, info: 0 };
  for (const op of history.operations) counts[op.status]++;
  return counts;
}

/** The operation each event belongs to, by the event's position in real-time order. */
export function operationAt(history: History): Operation[] {
  const at: Operation[] = [];
  for (const op of history.operations) {
    at[op.invoke.position] = op;
    if (op.complete !== undefined) at[op.complete.position] = op;
  }
  return at;
}

/** Throws unless `op.f` is one of `functions`: `expected f add or read (the operations of the set model); found :write`. */
export function expectFunction(op: Operation, functions: readonly string[], model: string, n: Notation): void {
  if (functions.includes(op.f)) return;
  throw new HistoryError(`expected f ${oneOf(functions)} (the operations of the ${model} model); found ${showF(op.f, n)}`, op.invoke.at.f.line, op.invoke.at.f.col);
}

/** An error at the place of a field of `e` (the event itself when the field is absent). */
export function fieldError(e: HistoryEvent, field: 'value' | 'key', problem: string): HistoryError {
  const at: Place = e.at[field] ?? e;
  return new HistoryError(problem, at.line, at.col);
}

/** The elements of a collection value (a JSON array, an EDN vector, list or set); throws when `v` is not one. */
export function elementsOf(e: HistoryEvent, what: string, n: Notation): Value[] {
  const v = e.value;
  if (Array.isArray(v)) return v;
  const example = n === 'edn' ? '[1 2 3] or #{1 2 3}' : '[1, 2, 3]';
  throw fieldError(e, 'value', `expected ${what}, a list such as ${example}; found ${v === undefined ? 'no value' : describeValue(v, n)}`);
}

/** `lines 12-15`, `lines 12-40 (info)`, `line 12 (never completed)`. */
export function whereOperation(op: Operation): string {
  const done = op.complete;
  if (done === undefined) return `line ${op.invoke.line} (never completed)`;
  return `lines ${op.invoke.line}-${done.line}${op.status === 'ok' ? '' : ` (${op.status})`}`;
}

/** `process 0 add 3`, `process 1 read [1, 2]`, `process 2 acquire`: the operation with `value` (none: no value shown). */
export function showOperation(op: Operation, value: Value | undefined, n: Notation): string {
  return `${showProcess(op.process)} ${op.f}${value === undefined ? '' : ' ' + showValue(value, n)}`;
}

/** `process 0's add 3 (lines 1-2)`: an operation inside a sentence. */
export function nameOperation(op: Operation, value: Value | undefined, n: Notation): string {
  return `${showProcess(op.process)}'s ${op.f}${value === undefined ? '' : ' ' + showValue(value, n)} (${whereOperation(op)})`;
}

/** One row of operationRows: the operation, the value shown for it, and a note after it. */
export interface OperationRow {
  op: Operation;
  value: Value | undefined;
  note?: string;
  /** The operation as shown, when not as showOperation shows it (`process 0 cas 1 -> 2`). */
  shown?: string;
}

/** Rows of operations, their places aligned: `    lines 1-2  process 0 add 1  note`. */
export function operationRows(rows: OperationRow[], n: Notation, indent = '    '): string[] {
  const where = rows.map((r) => whereOperation(r.op));
  const what = rows.map((r) => r.shown ?? showOperation(r.op, r.value, n));
  const w1 = Math.max(0, ...where.map((s) => s.length));
  const w2 = Math.max(0, ...what.map((s) => s.length));
  return rows.map((r, i) => `${indent}${where[i].padEnd(w1)}  ${r.note === undefined ? what[i] : what[i].padEnd(w2) + '  ' + r.note}`);
}

/** How many problems of each kind the text shows (the JSON has them all). */
export const SHOWN = 10;

/**
 * A kind of problem in a verdict's text: a blank line, its heading, the rows of its first SHOWN
 * problems (a blank line after each when `gap`), and how many more there are; none when `problems` is empty.
 */
export function problemSection<T>(problems: readonly T[], heading: string, rows: (x: T) => OperationRow[], n: Notation, gap = true): string[] {
  if (problems.length === 0) return [];
  const out = ['', `  ${heading}`];
  for (const x of problems.slice(0, SHOWN)) {
    out.push(...operationRows(rows(x), n));
    if (gap) out.push('');
  }
  if (problems.length > SHOWN) out.push(`    ... and ${problems.length - SHOWN} more (--json lists them all)`, '');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** A problem the checker found: one sentence naming the operations, and those operations. */
export interface Violation {
  /** What is wrong, naming each operation with its process and lines: `process 0's add 1 (lines 1-2) is missing from ...`. */
  message: string;
  operations: Operation[];
}

/** `3 items`, `1 item`. */
export const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The verdict's opening words and its counts: `FILE (set; 40 operations: 38 ok, 2 indeterminate)`. */
export function verdictSubject(file: string, model: string, counts: OperationCounts, extra = ''): string {
  const c = (x: number) => x.toLocaleString('en-US');
  const parts = [`${plural(counts.operations, 'operation')}: ${c(counts.ok)} ok`];
  if (counts.fail > 0) parts.push(`${c(counts.fail)} failed`);
  if (counts.info > 0) parts.push(`${c(counts.info)} indeterminate`);
  return `${file} (${model}; ${parts.join(', ')}${extra === '' ? '' : '; ' + extra})`;
}

/** An operation as plain JSON: its process, f, the value shown for it, its outcome and its lines. */
export function jsonOperation(op: Operation, value: Value | undefined): Record<string, unknown> {
  return {
    process: op.process,
    f: op.f,
    ...(value !== undefined ? { value: jsonValue(value) } : {}),
    type: op.status,
    invokeLine: op.invoke.line,
    completeLine: op.complete?.line ?? null,
    ...(op.invoke.index !== undefined ? { index: op.invoke.index } : {}),
    ...(op.invoke.time !== undefined ? { time: op.invoke.time } : {}),
  };
}

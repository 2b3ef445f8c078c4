/**
 * A history: the operations clients invoked and how each completed, in real-time order, read from
 * JSON Lines or from a Jepsen `history.edn`.
 *
 * Each event is one map: `{"process": 0, "type": "invoke", "f": "write", "value": 3}` in JSON, or
 * `{:process 0, :type :invoke, :f :write, :value 3}` in EDN (one per line, or all in one vector).
 * `type` is Jepsen's: `invoke` starts an operation; `ok` (it happened), `fail` (it did not happen)
 * or `info` (indeterminate: it may have happened, at any time after its invocation, or never)
 * completes it. An operation with no completion counts as `info`. The order of the events in the
 * file is their real-time order; `time` and `index`, when given, are kept for messages only.
 * Events of the process `nemesis` (faults, not client operations) are skipped, as Jepsen does.
 */
import { readEdn, type Located } from './edn.js';
import { HistoryError } from './history-error.js';
import { readJsonLines } from './json-lines.js';
import { DataMap, describeValue, nameOf, oneOf, showF, showValue, valueKey, type Notation, type Value } from './values.js';

export const EVENT_TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Where a field's value starts in the file (1-based). */
export interface Place {
  line: number;
  col: number;
}

/** One line of a history: an invocation or a completion. */
export interface HistoryEvent extends Place {
  process: number | string;
  type: EventType;
  f: string;
  /** The `value` field; undefined when the event has none. */
  value: Value | undefined;
  /** The `key` field (JSON Lines, key-value histories); undefined when absent. */
  key: Value | undefined;
  time: number | undefined;
  index: number | undefined;
  /** Where the `value`, `key` and `f` fields start, for messages. */
  at: { value?: Place; key?: Place; f: Place };
  /** The event's place in real-time order: 0, 1, 2, ... among client events. */
  position: number;
}

/** An invocation and its completion. */
export interface Operation {
  /** 0, 1, 2, ... in order of invocation. */
  id: number;
  process: number | string;
  f: string;
  /** `info` also for an operation that never completed. */
  status: 'ok' | 'fail' | 'info';
  invoke: HistoryEvent;
  /** Undefined when the history ends before the operation completes. */
  complete: HistoryEvent | undefined;
}

export interface History {
  notation: Notation;
  /** The client events, in real-time order. */
  events: HistoryEvent[];
  /** The operations, in order of invocation. */
  operations: Operation[];
  /** Events of the nemesis, skipped. */
  skipped: number;
}

/**
 * Which notation `text` is in: EDN when it starts with `;`, `[`, `(`, `#` or a map whose first key
 * is not a JSON string; JSON Lines otherwise.
 */
export function detectNotation(text: string): Notation {
  const m = /^[\s,]*(\S)[\s]*(\S?)/.exec(text);
  if (m === null) return 'json';
  if (m[1] === '{') return m[2] === '"' || m[2] === '}' ? 'json' : 'edn';
  return m[1] === ';' || m[1] === '[' || m[1] === '(' || m[1] === '#' ? 'edn' : 'json';
}

/** Reads a history. Throws HistoryError (line, column, what was expected, what was found). */
export function parseHistory(text: string, notation: Notation = detectNotation(text)): History {
  const forms = notation === 'edn' ? readEdn(text) : readJsonLines(text);
  return pairEvents(eventsOf(unwrap(forms, notation), notation), notation);
}

/** A history written as one vector (or list) of maps: its elements. */
function unwrap(forms: Located[], notation: Notation): Located[] {
  if (notation !== 'edn' || forms.length !== 1 || !Array.isArray(forms[0].value)) return forms;
  const top = forms[0];
  return (top.value as Value[]).map((value) => (value instanceof DataMap ? { value, line: value.line, col: value.col } : { value, line: top.line, col: top.col }));
}

function eventsOf(forms: Located[], notation: Notation): { events: HistoryEvent[]; skipped: number } {
  const events: HistoryEvent[] = [];
  let skipped = 0;
  const example = notation === 'edn' ? '{:process 0, :type :invoke, :f :write, :value 3}' : '{"process": 0, "type": "invoke", "f": "write", "value": 3}';
  for (const form of forms) {
    const m = form.value;
    if (!(m instanceof DataMap)) throw new HistoryError(`expected an event, a map such as ${example}; found ${describeValue(m, notation)}`, form.line, form.col);
    const required = (name: string, what: string) => {
      const e = m.get(name);
      if (e === undefined) throw new HistoryError(`expected the key ${showF(name, notation)} (${what}) in every event; found ${notation === 'edn' ? 'a map' : 'an object'} without it`, m.line, m.col);
      return e;
    };
    const proc = required('process', 'the client, an integer');
    const procName = nameOf(proc.value);
    if (procName === 'nemesis') {
      skipped++;
      continue;
    }
    let process: number | string;
    if (typeof proc.value === 'number' && Number.isInteger(proc.value)) process = proc.value;
    else if (procName !== undefined) process = procName;
    else throw new HistoryError(`expected the process, an integer or a name; found ${describeValue(proc.value, notation)}`, proc.line, proc.col);
    const type = required('type', 'invoke, ok, fail or info');
    const typeName = nameOf(type.value);
    if (typeName === undefined || !(EVENT_TYPES as readonly string[]).includes(typeName)) {
      throw new HistoryError(`expected the type, one of ${oneOf(EVENT_TYPES.map((t) => showF(t, notation)))}; found ${describeValue(type.value, notation)}`, type.line, type.col);
    }
    const f = required('f', 'the operation, such as read, write or cas');
    const fName = nameOf(f.value);
    if (fName === undefined) throw new HistoryError(`expected the operation f, a ${notation === 'edn' ? 'keyword such as :read' : 'string such as "read"'}; found ${describeValue(f.value, notation)}`, f.line, f.col);
    const value = m.get('value');
    const key = m.get('key');
    const number = (name: 'time' | 'index', integer: boolean) => {
      const e = m.get(name);
      if (e === undefined || e.value === null) return undefined;
      if (typeof e.value !== 'number' || !Number.isFinite(e.value) || (integer && !Number.isInteger(e.value))) {
        throw new HistoryError(`expected the ${name}, ${integer ? 'an integer' : 'a number'}; found ${describeValue(e.value, notation)}`, e.line, e.col);
      }
      return e.value;
    };
    events.push({
      process,
      type: typeName as EventType,
      f: fName,
      value: value?.value,
      key: key?.value,
      time: number('time', false),
      index: number('index', true),
      line: form.line,
      col: form.col,
      at: { value: value && { line: value.line, col: value.col }, key: key && { line: key.line, col: key.col }, f: { line: f.line, col: f.col } },
      position: events.length,
    });
  }
  return { events, skipped };
}

/** A process for messages: `process 3`, `process "clients[0]"`. */
export const showProcess = (p: number | string) => (typeof p === 'number' ? `process ${p}` : `process ${JSON.stringify(p)}`);

function pairEvents({ events, skipped }: { events: HistoryEvent[]; skipped: number }, notation: Notation): History {
  const operations: Operation[] = [];
  const pending = new Map<string, Operation>();
  for (const e of events) {
    const who = valueKey(e.process);
    const open = pending.get(who);
    if (e.type === 'invoke') {
      if (open !== undefined) {
        throw new HistoryError(
          `expected an ok, fail or info for ${showProcess(e.process)}'s ${open.f} invoked at line ${open.invoke.line} before its next invoke; found an invoke (a process runs one operation at a time; Jepsen gives a process a new number after an info)`,
          e.line,
          e.col,
        );
      }
      const op: Operation = { id: operations.length, process: e.process, f: e.f, status: 'info', invoke: e, complete: undefined };
      operations.push(op);
      pending.set(who, op);
      continue;
    }
    if (open === undefined) {
      throw new HistoryError(`expected an invoke from ${showProcess(e.process)} before its ${e.type}; found ${e.type === 'fail' ? 'a' : 'an'} ${e.type} with no operation of ${showProcess(e.process)} pending`, e.line, e.col);
    }
    if (open.f !== e.f) {
      throw new HistoryError(`expected the completion of ${showProcess(e.process)}'s ${open.f} invoked at line ${open.invoke.line}, with f ${showF(open.f, notation)}; found f ${showF(e.f, notation)}`, e.at.f.line, e.at.f.col);
    }
    open.status = e.type;
    open.complete = e;
    pending.delete(who);
  }
  return { notation, events, operations, skipped };
}

/** An operation's value as written, for messages (`3`, `[1 2]`, `nil`). */
export const show = (v: Value | undefined, notation: Notation) => (v === undefined ? '(no value)' : showValue(v, notation));

/**
 * Reading `trace.jsonl` back (the format is in event.ts): line by line, from a regular file only,
 * each line checked against the format before it is kept. A line that is not what the format says
 * is a TraceError naming the file, the line and what was expected; a trace longer than the caller's
 * limit is refused as soon as the limit is passed, so memory stays bounded whatever the file holds.
 *
 * Fields the format does not know are ignored (a later version may add optional fields); fields it
 * knows must have their type, and a message event must name its message, sender and receiver.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { TRACE_KINDS, type DropReason, type TraceEvent, type TraceHeader, type TraceKind } from './event.js';

/** A trace that cannot be read: where, and `expected ...; found ...`. */
export class TraceError extends Error {
  constructor(
    readonly problem: string,
    /** 1-based; 0 when the problem is the file itself (missing, a folder, a pipe). */
    readonly line: number,
    readonly file = '',
  ) {
    super(`${file === '' ? '' : file + ':'}${line > 0 ? `${line}: ` : ' '}${problem}`);
    this.name = 'TraceError';
  }

  inFile(file: string): TraceError {
    return new TraceError(this.problem, this.line, file);
  }

  /**
   * For the user:
   *
   *     error: run/trace.jsonl is not a valid trace
   *       run/trace.jsonl:3  event field "kind": expected one of send, deliver, ...; found "sned"
   */
  format(): string {
    const name = this.file === '' ? 'the input' : this.file;
    if (this.line === 0) return `error: cannot read the trace ${name}: ${this.problem}`;
    return `error: ${name} is not a valid trace\n  ${this.file === '' ? '' : this.file + ':'}${this.line}  ${this.problem}`;
  }
}

/** More events than the caller allows: thrown as soon as event `limit + 1` is met. */
export class TraceTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** The line of the first event over the limit. */
    readonly line: number,
  ) {
    super(`the trace has more than ${limit} events`);
    this.name = 'TraceTooLargeError';
  }
}

export interface Trace {
  header: TraceHeader;
  events: TraceEvent[];
}

export interface ReadTraceOptions {
  /** The most events to accept (TraceTooLargeError beyond). Default: no limit. */
  maxEvents?: number;
  /** The longest line accepted, in characters (default 1 MiB: a bounded payload is 512). */
  maxLineChars?: number;
}

const DEFAULT_MAX_LINE = 2 ** 20;
const DROP_REASONS: readonly DropReason[] = ['loss', 'partition', 'down', 'end', 'queue'];
const MESSAGE_KINDS: ReadonlySet<TraceKind> = new Set(['send', 'deliver', 'drop', 'duplicate']);
const OUTCOMES = ['ok', 'fail', 'info'];
/** A chain request's outcomes (engine/request.ts OUTCOMES). */
const CHAIN_OUTCOMES = ['ok', 'error', 'timeout', 'dropped', 'rejected'];

/** A JSON value for a message: `"sned"`, `a number (3)`, `an object`. */
function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

/**
 * Checks traces line by line: the header first, then events whose `seq` rises and whose `t` never
 * goes back, at nodes the header names. Feed it every line in order; `finish()` gives the trace.
 */
export class TraceReader {
  private header: TraceHeader | null = null;
  private nodes = new Set<string>();
  readonly events: TraceEvent[] = [];
  private lastSeq = -1;
  private lastT = -Infinity;
  private lastLine = 0;

  constructor(private readonly options: ReadTraceOptions = {}) {}

  /** One line of the file (1-based `line`), without its line break. Blank lines are skipped. */
  line(text: string, line: number): void {
    this.lastLine = line;
    const raw = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new TraceError(`expected one JSON object per line; found text that is not JSON (${(e as Error).message})`, line);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TraceError(`expected one JSON object per line; found ${found(value)}`, line);
    }
    if (this.header === null) this.readHeader(value as Record<string, unknown>, line);
    else {
      const max = this.options.maxEvents ?? Infinity;
      if (this.events.length >= max) throw new TraceTooLargeError(max, line);
      this.events.push(this.readEvent(value as Record<string, unknown>, line));
    }
  }

  finish(): Trace {
    if (this.header === null) throw new TraceError('expected a header line {"trace": 1, "scenario": ..., "seed": ..., "nodes": [...]}; found an empty file', Math.max(this.lastLine, 1));
    return { header: this.header, events: this.events };
  }

  private readHeader(o: Record<string, unknown>, line: number): void {
    const fail = (what: string, expected: string) => new TraceError(`header field "${what}": expected ${expected}; found ${found(o[what])}`, line);
    if (o.trace !== 1) {
      if ('kind' in o && 'seq' in o) throw new TraceError('expected the header line {"trace": 1, "scenario": ..., "seed": ..., "nodes": [...]} first; found an event', line);
      throw fail('trace', 'the format version 1');
    }
    if (typeof o.scenario !== 'string') throw fail('scenario', 'a string');
    if (typeof o.seed !== 'number' || !Number.isFinite(o.seed)) throw fail('seed', 'a number');
    if (!Array.isArray(o.nodes) || o.nodes.length === 0 || !o.nodes.every((n) => typeof n === 'string')) throw fail('nodes', 'a non-empty array of addresses (strings)');
    const nodes = o.nodes as string[];
    const dup = nodes.find((n, i) => nodes.indexOf(n) !== i);
    if (dup !== undefined) throw new TraceError(`header field "nodes": expected each address once; found ${found(dup)} twice`, line);
    this.header = { trace: 1, scenario: o.scenario, seed: o.seed, nodes: [...nodes] };
    this.nodes = new Set(nodes);
  }

  private readEvent(o: Record<string, unknown>, line: number): TraceEvent {
    const fail = (what: string, expected: string) => new TraceError(`event field "${what}": expected ${expected}; found ${found(o[what])}`, line);
    const isInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    const address = (what: string) => {
      const v = o[what];
      if (typeof v !== 'string' || !this.nodes.has(v)) throw fail(what, `an address the header names (${[...this.nodes].slice(0, 8).join(', ')}${this.nodes.size > 8 ? ', ...' : ''})`);
      return v;
    };
    if (!isNum(o.t)) throw fail('t', 'the virtual time in ms (a number)');
    if ((o.t as number) < this.lastT) throw new TraceError(`event field "t": expected a time no earlier than the previous event's (${this.lastT}); found ${o.t}`, line);
    if (!isInt(o.seq)) throw fail('seq', 'the event number (an integer from 0)');
    if ((o.seq as number) <= this.lastSeq) throw new TraceError(`event field "seq": expected a number above the previous event's (${this.lastSeq}); found ${o.seq}`, line);
    const node = address('node');
    if (typeof o.kind !== 'string' || !(TRACE_KINDS as readonly string[]).includes(o.kind)) throw fail('kind', `one of ${TRACE_KINDS.join(', ')}`);
    const kind = o.kind as TraceKind;
    const e: TraceEvent = { t: o.t as number, seq: o.seq as number, node, kind };
    if (o.local !== undefined) {
      if (!isNum(o.local)) throw fail('local', 'the local clock reading in ms (a number)');
      e.local = o.local as number;
    }
    if (o.lamport !== undefined) {
      if (!isInt(o.lamport)) throw fail('lamport', 'a Lamport clock (an integer from 0)');
      e.lamport = o.lamport as number;
    }
    if (o.vc !== undefined) {
      if (o.vc === null || typeof o.vc !== 'object' || Array.isArray(o.vc)) throw fail('vc', 'a vector clock, an object such as {"n1": 3, "n2": 1}');
      const vc: Record<string, number> = {};
      for (const [k, v] of Object.entries(o.vc as Record<string, unknown>)) {
        if (!this.nodes.has(k)) throw new TraceError(`event field "vc": expected addresses the header names as keys; found ${found(k)}`, line);
        if (!isInt(v)) throw new TraceError(`event field "vc": expected an integer from 0 for ${JSON.stringify(k)}; found ${found(v)}`, line);
        vc[k] = v as number;
      }
      e.vc = vc;
    }
    if (MESSAGE_KINDS.has(kind)) {
      if (!isInt(o.msg)) throw fail('msg', `the message id (an integer from 0) on a ${kind}`);
      e.msg = o.msg as number;
      e.from = address('from');
      e.to = address('to');
    } else {
      if (o.msg !== undefined) {
        if (!isInt(o.msg)) throw fail('msg', 'the message id (an integer from 0)');
        e.msg = o.msg as number;
      }
      if (o.from !== undefined) e.from = address('from');
      if (o.to !== undefined) e.to = address('to');
    }
    if (o.copy !== undefined) {
      if (!isInt(o.copy)) throw fail('copy', 'the copy number of a duplicate (an integer)');
      e.copy = o.copy as number;
    }
    if (o.type !== undefined) {
      if (typeof o.type !== 'string') throw fail('type', "the message's type (a string)");
      e.type = o.type;
    }
    if ('body' in o) e.body = o.body;
    if (o.reason !== undefined) {
      if (!(DROP_REASONS as readonly unknown[]).includes(o.reason)) throw fail('reason', `one of ${DROP_REASONS.join(', ')}`);
      e.reason = o.reason as DropReason;
    }
    if (o.timer !== undefined) {
      if (typeof o.timer !== 'string') throw fail('timer', "the timer's name (a string)");
      e.timer = o.timer;
    }
    if (o.stepMs !== undefined || kind === 'clock-step') {
      if (!isNum(o.stepMs)) throw fail('stepMs', 'how far the local clock jumped, in ms (a number)');
      e.stepMs = o.stepMs as number;
    }
    if (o.text !== undefined) {
      if (typeof o.text !== 'string') throw fail('text', 'a string');
      e.text = o.text;
    }
    if (o.op !== undefined || kind === 'invoke' || kind === 'complete') {
      const op = o.op as Record<string, unknown> | undefined;
      if (op === null || typeof op !== 'object' || Array.isArray(op)) throw fail('op', `the client operation, an object such as {"process": 0, "f": "write", "value": 3}, on ${kind === 'invoke' || kind === 'complete' ? `an ${kind}` : 'an event'}`);
      if (!isInt(op.process)) throw new TraceError(`event field "op.process": expected the client process (an integer from 0); found ${found(op.process)}`, line);
      if (typeof op.f !== 'string') throw new TraceError(`event field "op.f": expected the operation's name (a string); found ${found(op.f)}`, line);
      if (op.type !== undefined && !OUTCOMES.includes(op.type as string)) throw new TraceError(`event field "op.type": expected one of ${OUTCOMES.join(', ')}; found ${found(op.type)}`, line);
      e.op = { process: op.process as number, f: op.f };
      if ('value' in op) e.op.value = op.value;
      if (op.type !== undefined) e.op.type = op.type as 'ok' | 'fail' | 'info';
      if (op.outcome !== undefined) {
        if (!(CHAIN_OUTCOMES as readonly unknown[]).includes(op.outcome)) throw new TraceError(`event field "op.outcome": expected one of ${CHAIN_OUTCOMES.join(', ')}; found ${found(op.outcome)}`, line);
        e.op.outcome = op.outcome as string;
      }
    }
    if (o.about !== undefined) {
      const about = o.about;
      if (!Array.isArray(about) || !about.every((x) => isInt(x) && (x as number) < e.seq)) throw fail('about', 'the seqs of earlier events (an array of integers below this event\'s seq)');
      e.about = [...(about as number[])];
    }
    this.lastSeq = e.seq;
    this.lastT = e.t;
    return e;
  }
}

/** Parses a whole trace held in memory (tests, a library caller). Throws TraceError or TraceTooLargeError. */
export function parseTrace(text: string, options: ReadTraceOptions = {}): Trace {
  const reader = new TraceReader(options);
  const lines = text.split('\n');
  const max = options.maxLineChars ?? DEFAULT_MAX_LINE;
  lines.forEach((l, i) => {
    if (l.length > max) throw tooLong(max, i + 1);
    reader.line(l, i + 1);
  });
  return reader.finish();
}

const tooLong = (max: number, line: number) => new TraceError(`expected a line of at most ${max.toLocaleString('en-US')} characters (one event); found a longer one`, line);

/**
 * Reads the trace at `path`, streaming: the file is read in chunks and checked line by line, so a
 * trace over `maxEvents` is refused after reading that many events, whatever its size. Only a
 * regular file is read (a pipe or a device is refused before it is opened). Throws TraceError
 * (naming `path`) or TraceTooLargeError.
 */
export function readTraceFile(path: string, options: ReadTraceOptions = {}): Trace {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TraceError(code === 'ENOENT' || code === 'ENOTDIR' ? 'expected a trace file (trace.jsonl); found no such file' : `the file cannot be read (${(e as Error).message})`, 0, path);
  }
  if (!stat.isFile()) {
    const what = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'a device';
    throw new TraceError(`expected a regular file (trace.jsonl); found ${what}`, 0, path);
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new TraceError(`the file cannot be read (${(e as Error).message})`, 0, path);
  }
  const reader = new TraceReader(options);
  const max = options.maxLineChars ?? DEFAULT_MAX_LINE;
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(1 << 16);
  let pending = '';
  let line = 1;
  try {
    if (!fstatSync(fd).isFile()) throw new TraceError('expected a regular file (trace.jsonl); found something else', 0, path);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      const chunk = n === 0 ? decoder.end() : decoder.write(buffer.subarray(0, n));
      let text = pending + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        if (nl - start > max) throw tooLong(max, line);
        reader.line(text.slice(start, nl), line++);
        start = nl + 1;
      }
      text = text.slice(start);
      if (text.length > max) throw tooLong(max, line);
      pending = text;
      if (n === 0) break;
    }
    if (pending !== '') reader.line(pending, line);
    return reader.finish();
  } catch (e) {
    if (e instanceof TraceError && e.file === '') throw e.inFile(path);
    throw e;
  } finally {
    closeSync(fd);
  }
}

/** The number of line breaks in a file (plus one for a last line without one), read in chunks: how many events a trace too large to read holds, for the message. */
export function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 16);
  let lines = 0;
  let last = 10;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
      last = buffer[n - 1];
    }
  } finally {
    closeSync(fd);
  }
  return last === 10 ? lines : lines + 1;
}

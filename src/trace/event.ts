/**
 * The trace of a run: one event per line of `trace.jsonl`, in the order the events happened. A
 * trace is a pure function of (scenario, seed): the same bytes on every machine, at any `--jobs`.
 *
 * The file's first line is a `TraceHeader`; every line after it is a `TraceEvent`. Each event
 * happens at one node (a process, or a client): `node` is its address. Messages are one-way: a
 * `send` at the sender, then a `deliver` at the receiver (twice when duplicated: the copy has its
 * own `deliver`, and a `duplicate` event marks the copy when it is made), or a `drop` (lost by the
 * link, cut by a partition, or refused because the receiver was down).
 *
 * Two things write traces: the process runtime (process/runtime.ts: processes and their clients),
 * and, for a scenario without processes, the tracer of the chain's requests (`chain.ts`: the
 * client and the chain's nodes, each call and answer a message).
 *
 * Clocks. Every event at a node ticks that node's Lamport clock and its own entry of its vector
 * clock; a message carries its sender's clocks as they were at its `send`, and its `deliver` merges
 * them first (Lamport: max + 1; vector: entry-wise max, then own entry + 1). So event e happened
 * before event f exactly when `vc(e) <= vc(f)` entry by entry and they differ: the past light cone
 * of an event is every event whose vector clock it dominates, its future every event that
 * dominates it. A `drop` happens at no node's clock: it carries the message's clocks at its send and
 * ticks nothing.
 */

/** What happened. */
export type TraceKind =
  | 'send'
  | 'deliver'
  | 'drop'
  | 'duplicate'
  | 'timer'
  | 'crash'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'clock-step'
  | 'log'
  | 'invoke'
  | 'complete'
  | 'violation';

export const TRACE_KINDS: readonly TraceKind[] = [
  'send',
  'deliver',
  'drop',
  'duplicate',
  'timer',
  'crash',
  'restart',
  'pause',
  'resume',
  'clock-step',
  'log',
  'invoke',
  'complete',
  'violation',
];

/** The first line of `trace.jsonl`. */
export interface TraceHeader {
  /** The format's version: 1. */
  trace: 1;
  scenario: string;
  seed: number;
  /** Every address that appears in the trace, in the order a diagram draws them (processes, then clients; for a chain, `client` then its nodes). */
  nodes: string[];
}

/** Why a message was not delivered. `queue` (a chain's queue let the call go: full, pushed out, too old, or an expired broker message) appears only in the traces of chains. */
export type DropReason = 'loss' | 'partition' | 'down' | 'end' | 'queue';

/** A client operation, as in a history (see `check/history.ts`). */
export interface TraceOp {
  /** The client process (a number, as in a history); a chain's request: its id. */
  process: number;
  f: string;
  value?: unknown;
  /** On `complete`: ok, fail or info. */
  type?: 'ok' | 'fail' | 'info';
  /** On a chain request's `complete`: the engine's outcome (ok, error, timeout, dropped, rejected); `type` says ok, fail (error, rejected) or info (timeout, dropped). */
  outcome?: string;
}

/** One event. Fields that do not apply to the kind are absent. */
export interface TraceEvent {
  /** Simulated time, ms. */
  t: number;
  /** The event's number in the run, from 0 (the header is not an event). */
  seq: number;
  /** Where it happened: an address. */
  node: string;
  kind: TraceKind;
  /** The node's local clock reading at the event, ms (its `clocks:` offset, drift and steps applied). */
  local?: number;
  /** The node's Lamport clock after the event (for a drop: the message's, at its send). */
  lamport?: number;
  /** The node's vector clock after the event, by address; entries at 0 are left out. */
  vc?: Record<string, number>;
  /** Message events: the message's id (unique in the run; a duplicate keeps its original's id and has `copy: 1`). */
  msg?: number;
  copy?: number;
  from?: string;
  to?: string;
  /** The message's type: its payload's `type` field when it has a string one. */
  type?: string;
  /** The payload, bounded: the value itself when its JSON has at most `PAYLOAD_LIMIT` characters, else that much of its JSON text followed by `…`. */
  body?: unknown;
  /** drop: why. */
  reason?: DropReason;
  /** timer: the timer's name. */
  timer?: string;
  /** clock-step: by how much the local clock jumped, ms. */
  stepMs?: number;
  /** log and violation: the text. */
  text?: string;
  /** invoke and complete: the client operation. */
  op?: TraceOp;
  /**
   * violation: the earlier events it is about, by `seq`, when it names some. A history failure
   * (`history: { model }`) names the operations its checker could not explain: the `complete` event
   * of each (its `invoke` for one that never completed). (Added in 0.3.0; optional.)
   */
  about?: number[];
}

/** The most characters of a payload's JSON a trace keeps. */
export const PAYLOAD_LIMIT = 512;

/** The bounded form of a payload for a trace (see `TraceEvent.body`). */
export function boundedPayload(body: unknown): unknown {
  const text = JSON.stringify(body);
  if (text === undefined) return null;
  return text.length <= PAYLOAD_LIMIT ? body : text.slice(0, PAYLOAD_LIMIT) + '…';
}

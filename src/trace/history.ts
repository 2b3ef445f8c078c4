/**
 * The per-request history (`history: true`, `history.jsonl`) as a view of the trace: one entry per
 * call a node received and per answer a node got back, each one a function of one trace event
 * (`historyEntry`). The run fills each request's `history` and writes `history.jsonl` through this
 * module only, so the history and the trace cannot disagree.
 *
 * `history.jsonl` has a line per request that ended, by id: `{"id": 7, "outcome": "timeout",
 * "history": [{"time": 0, "node": "cable", "event": "call"}, ...]}`. `outcome` is the engine's
 * name (ok, error, timeout, dropped, rejected); an entry's `event` is `call` (the node received
 * the call: a `deliver` of a call message, or its `drop` where it was lost on arrival) or the
 * outcome of the answer the node got back (a `deliver` of an answer).
 */
import type { TraceEvent } from './event.js';
import { OUTCOMES, type HistoryEntry, type OutcomeName } from '../engine/request.js';

/** The message type of a call in a chain's trace; an answer's type is its outcome's name. */
export const CALL = 'call';

/** The history entry a trace event makes, or null (most events make none). */
export function historyEntry(e: TraceEvent): HistoryEntry | null {
  if (e.kind !== 'deliver' && e.kind !== 'drop') return null;
  if (e.to === undefined) return null;
  if (e.type === CALL) return { time: e.t, node: e.to, event: 'call' };
  if (e.kind === 'deliver' && (OUTCOMES as readonly (string | undefined)[]).includes(e.type)) return { time: e.t, node: e.to, event: e.type as OutcomeName };
  return null;
}

/** The client request a chain's trace event belongs to (its messages' `body.request`, its invoke's and complete's `op.process`), or -1. */
export function requestOf(e: TraceEvent): number {
  if (e.op !== undefined && (e.kind === 'invoke' || e.kind === 'complete') && e.op.f === 'request') return e.op.process;
  const b = e.body as { request?: unknown } | undefined;
  return typeof b === 'object' && b !== null && typeof b.request === 'number' ? b.request : -1;
}

/** The histories of a run's client requests, built event by event. */
export class HistoryView {
  private readonly requests = new Map<number, { entries: HistoryEntry[]; outcome: string | null }>();

  /** Takes one event; returns the history entry it made (null if none). */
  add(e: TraceEvent): HistoryEntry | null {
    const entry = historyEntry(e);
    if (entry === null && e.kind !== 'invoke' && e.kind !== 'complete') return null;
    const id = requestOf(e);
    if (id < 0) return entry;
    let r = this.requests.get(id);
    if (r === undefined) {
      r = { entries: [], outcome: null };
      this.requests.set(id, r);
    }
    if (entry !== null) r.entries.push(entry);
    if (e.kind === 'complete') r.outcome = e.op?.outcome ?? null;
    return entry;
  }

  /** The lines of `history.jsonl`: every request that ended, by id ('' if none). */
  text(): string {
    const ids = [...this.requests.keys()].filter((id) => this.requests.get(id)!.outcome !== null).sort((a, b) => a - b);
    return ids.map((id) => {
      const r = this.requests.get(id)!;
      return JSON.stringify({ id, outcome: r.outcome, history: r.entries }) + '\n';
    }).join('');
  }
}

/** `history.jsonl` from a chain's trace events (the view `run` writes with `history: true`). */
export function historyLines(events: Iterable<TraceEvent>): string {
  const view = new HistoryView();
  for (const e of events) view.add(e);
  return view.text();
}

/**
 * Requests and calls.
 *
 * A `Request` is what a client asked for: it ends exactly once, with an outcome. A `Call` is one
 * message travelling through the chain of nodes on behalf of a request; it carries a stack of
 * return addresses (who to answer, plus a small integer tag the caller wants back), so a node never
 * needs a closure or a map to remember where a reply goes.
 */
import type { Node, Caller } from './node.js';
import type { Scheduler } from './scheduler.js';

/** How a request or an attempt ended. Later outcomes (timeout, dropped, rejected) extend this list. */
export const OK = 0;
export const ERROR = 1;
export type Outcome = typeof OK | typeof ERROR;
export const OUTCOMES = ['ok', 'error'] as const;
export type OutcomeName = (typeof OUTCOMES)[number];

/** One step of a request's history: at `time`, `node` received the call ("call") or a reply. */
export interface HistoryEntry {
  time: number;
  node: string;
  event: 'call' | OutcomeName;
}

export class Request {
  /** Completion time (ms), NaN while in flight. */
  end = NaN;
  outcome = -1;
  /** Total time spent waiting in queues (ms). */
  waitedMs = 0;
  /** Times the request was queued behind others. */
  queued = 0;
  /** Full path through the system, when the scenario asks for history. */
  readonly history: HistoryEntry[] | null;

  constructor(
    readonly id: number,
    readonly arrival: number,
    readonly measured: boolean,
    keepHistory: boolean,
  ) {
    this.history = keepHistory ? [] : null;
  }
}

export class Call {
  private readonly callers: Caller[] = [];
  private readonly tags: number[] = [];

  constructor(
    readonly req: Request,
    private readonly sched: Scheduler,
  ) {}

  /** Sends this call to `node`; `from.onReply(call, outcome, tag)` runs when `node` answers. */
  send(node: Node, from: Caller, tag = 0): void {
    this.callers.push(from);
    this.tags.push(tag);
    const h = this.req.history;
    if (h !== null) h.push({ time: this.sched.now, node: node.id, event: 'call' });
    node.call(this);
  }

  /** Answers the most recent `send`. */
  reply(outcome: Outcome): void {
    const from = this.callers.pop();
    const tag = this.tags.pop();
    if (from === undefined || tag === undefined) throw new Error(`call for request ${this.req.id} replied twice`);
    const h = this.req.history;
    if (h !== null) h.push({ time: this.sched.now, node: from.id, event: OUTCOMES[outcome] });
    from.onReply(this, outcome, tag);
  }

  /** How many nodes are waiting for an answer (0 once the client has it). */
  get depth(): number {
    return this.callers.length;
  }
}

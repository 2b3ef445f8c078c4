/**
 * Requests and calls.
 *
 * A `Request` is what a client asked for: it ends exactly once, with an outcome. A `Call` is one
 * message travelling through the chain of nodes on behalf of a request; it carries a stack of
 * return addresses (who to answer, plus a small integer tag the caller wants back), so a node never
 * needs a closure or a map to remember where a reply goes.
 */
import type { Node, Caller } from './node.js';
import type { EventTarget, Scheduler } from './scheduler.js';

/**
 * How many answers are being delivered, one inside another, on the stack now. Answers given at once
 * call their caller at once, which may call again at once (a retry over a node that fails
 * immediately): past MAX_REPLY_DEPTH nested answers, the next one is delivered as an event at the
 * same instant instead, so the stack stays bounded whatever the chain. No bundled scenario nests
 * anywhere near that deep, so their runs are unchanged.
 */
let replyDepth = 0;
const MAX_REPLY_DEPTH = 1000;
const DEFERRED_REPLY: EventTarget = {
  fire(_kind: number, arg: unknown): void {
    const { call, outcome } = arg as { call: Call; outcome: Outcome };
    call.reply(outcome);
  },
};

/**
 * How a request or an attempt ended: `ok`; `error` (the service answered with an error);
 * `timeout` (a timeout gave up waiting); `dropped` (lost: a lossy link, a full queue that drops it,
 * a crashed node; nobody answered, and nothing was left to time out); `rejected` (refused at once:
 * a full queue that rejects, a rate limit, an open circuit breaker).
 */
export const OK = 0;
export const ERROR = 1;
export const TIMEOUT = 2;
export const DROPPED = 3;
export const REJECTED = 4;
export type Outcome = typeof OK | typeof ERROR | typeof TIMEOUT | typeof DROPPED | typeof REJECTED;
export const OUTCOMES = ['ok', 'error', 'timeout', 'dropped', 'rejected'] as const;
export type OutcomeName = (typeof OUTCOMES)[number];

/**
 * Why a call was lost (`Call.lose`): a lossy link lost it (`LOSS`), a partition cut it
 * (`PARTITION`), the node that held it or that it reached was down (`DOWN`), or a queue let it go
 * (`QUEUE`: full, pushed out by a newer call, too old, or a broker message that expired). The
 * names are `LOSS_REASONS`, as a trace's `drop` events give them.
 */
export const LOSS = 0;
export const PARTITION = 1;
export const DOWN = 2;
export const QUEUE = 3;
export type LossReason = typeof LOSS | typeof PARTITION | typeof DOWN | typeof QUEUE;
export const LOSS_REASONS = ['loss', 'partition', 'down', 'queue'] as const;

/**
 * What records a run's calls as events (trace/chain.ts: a trace's messages): told of every send,
 * reply and loss of a call of a request that has one (`Request.tracer`), and of a request's start
 * and end. Absent (null) unless the run is traced or keeps history, so the cost of a run that is
 * not is one null check per send and per reply.
 */
export interface CallTracer {
  /** The request starts at its client (before its first send). */
  invoke(req: Request, client: Caller): void;
  /** `from` sends `call` to `to`: the tracer must call `to.call(call)`. */
  send(call: Call, from: Caller, to: Node): void;
  /** The answer to `call`'s most recent send goes back to `to` (before `to.onReply`). */
  reply(call: Call, to: Caller, outcome: Outcome): void;
  /** `call` is lost (before the request is told). */
  lose(call: Call, reason: LossReason): void;
  /**
   * The link `call` is crossing duplicated its message (net/link.ts): `copy` is the copy of a
   * request, which the link sends on too (later, as a call of its own); null for an answer's copy,
   * which reaches a caller that already has its answer and is only counted.
   */
  duplicate(call: Call, copy: Call | null): void;
  /** The request ends at its client with `outcome`. */
  complete(req: Request, client: Caller, outcome: Outcome): void;
  /** The node `node` crashes, restarts, pauses or resumes (faults/lifecycle.ts). */
  fault(node: string, kind: 'crash' | 'restart' | 'pause' | 'resume'): void;
}

/** One step of a request's history: at `time`, `node` received the call ("call") or a reply. With a trace, it is a view of the trace's events (trace/history.ts). */
export interface HistoryEntry {
  time: number;
  node: string;
  event: 'call' | OutcomeName;
}

/**
 * One message travelling through the chain on behalf of a request. Its stack holds, for every node
 * that is waiting for the answer, the node and a small integer it wants back (which backend, which
 * attempt), as alternating entries of one array.
 */
export class Call {
  private readonly frames: (Caller | number)[] = [];
  readonly req: Request;
  /**
   * Set by a node that stopped waiting for this call (a timeout, a hedge that got its answer from
   * the other copy): the call goes on, but its answer will be ignored.
   */
  abandoned = false;

  constructor(
    req: Request | null,
    private readonly sched: Scheduler,
  ) {
    this.req = req ?? (this as unknown as Request);
  }

  /** Sends this call to `node`; `from.onReply(call, outcome, tag)` runs when `node` answers. */
  send(node: Node, from: Caller, tag = 0): void {
    this.frames.push(from, tag);
    const t = this.req.tracer;
    if (t === null) node.call(this);
    else t.send(this, from, node);
  }

  /** Answers the most recent `send`. */
  reply(outcome: Outcome): void {
    const frames = this.frames;
    if (frames.length === 0) throw new Error(`call for request ${this.req.id} replied twice`);
    if (replyDepth >= MAX_REPLY_DEPTH) {
      // A chain of immediate answers this deep (a retry of a retry of a retry over a node that
      // fails at once) would overflow the stack: the answer goes on as an event at the same instant.
      this.sched.at(this.sched.now, DEFERRED_REPLY, 0, { call: this, outcome });
      return;
    }
    const tag = frames.pop() as number;
    const from = frames.pop() as Caller;
    const t = this.req.tracer;
    if (t !== null) t.reply(this, from, outcome);
    replyDepth++;
    try {
      from.onReply(this, outcome, tag);
    } finally {
      replyDepth--;
    }
  }

  /**
   * The call is lost here (a dropped message, a crashed node): nobody will answer it. The request
   * remembers, so that if nothing else answers it, it ends as `dropped`.
   */
  lose(reason: LossReason): void {
    const req = this.req;
    if (req.tracer !== null) req.tracer.lose(this, reason);
    req.lost++;
    req.lostAt = this.sched.now;
    if (req.lost === 1) req.owner?.onLost(req);
  }

  /** How many nodes are waiting for an answer (0 once the client has it). */
  get depth(): number {
    return this.frames.length / 2;
  }

  /**
   * The node waiting for the answer of the `back`-th most recent `send` still unanswered (0: the
   * node that sent the call to where it is now), or undefined. Links read it to know which side of a
   * partition a call comes from.
   */
  caller(back = 0): Caller | undefined {
    const i = this.frames.length - 2 - 2 * back;
    return i >= 0 ? (this.frames[i] as Caller) : undefined;
  }
}

/** Who issued a request: told when a call of it is first lost. */
export interface RequestOwner {
  onLost(req: Request): void;
}

/**
 * What a client asked for, as the engine sees it. A request is also the first call made on its
 * behalf (one object, not two, for the common case); retries and copies of later policies are
 * further `Call`s of the same request.
 *
 * The engine only states what every request has; the class that implements it is the load layer's
 * `ClientRequest` (src/load/request.ts), which adds what the workload says about a request (its key,
 * priority class, user, replayed service time). It extends `Call` directly, so that making a request,
 * once per arrival, runs two constructors and not three (a third level cost about 4% of an M/M/1 run).
 */
export interface Request extends Call {
  readonly id: number;
  /** Arrival time (ms). */
  readonly arrival: number;
  /** Whether it counts in the statistics (it arrived in the measured window). */
  readonly measured: boolean;
  /** Completion time (ms), NaN while in flight. */
  end: number;
  /** Its outcome (OK, ERROR, ...), -1 while in flight. */
  outcome: number;
  /** Total time spent waiting in queues (ms). */
  waitedMs: number;
  /** Times the request was queued behind others. */
  queued: number;
  /** Calls made on its behalf that were lost (dropped messages, crashed nodes), and when the last was. */
  lost: number;
  lostAt: number;
  /** Who issued it: told when a call of it is first lost. */
  owner: RequestOwner | null;
  /** Full path through the system, when the scenario asks for history (filled by the tracer, from its trace events). */
  readonly history: HistoryEntry[] | null;
  /** What records its calls (a traced run, or one that keeps history), or null. */
  readonly tracer: CallTracer | null;
  /** How a trace names it: a client's request (absent), a broker's message (numbered by its broker), or a lease's grant request. */
  readonly traceAs?: 'message' | 'grant';
}

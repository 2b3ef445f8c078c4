/**
 * The trace of a chain's requests (a scenario without processes: load -> balancer -> servers,
 * links, retries, timeouts, brokers...), in the format of `event.ts`, the one process runs write.
 *
 * - Nodes: the client (`client`) and every node of the built chain, by its id (`balancer`,
 *   `dynos[3]/server`), as a call meets them (a pool's members by ascending index).
 * - A request: `invoke` at the client, then its calls, then `complete` at the client. Its `op` is
 *   `{ process: <request id>, f: "request" }` (each request is a one-operation client, as in a
 *   Jepsen history); `complete` adds `type` (ok; fail for error and rejected; info for timeout and
 *   dropped, which may or may not have happened) and `outcome`, the engine's name.
 * - A call from one node to the next is a message: `send` at the caller, `deliver` at the callee,
 *   at the same instant (a chain's latencies are nodes: cables and links hold the call). Its type
 *   is `call`, its body `{ type: "call", request: <id> }` (a broker message's calls:
 *   `{ type: "call", message: <id> }`, numbered by its broker; a lease's grant request:
 *   `{ type: "call", grant: true }`, from the lease step to its grantor). An answer is a message back, from
 *   the node that answers to the node that called it, whose type is the outcome: ok, error,
 *   timeout, dropped or rejected.
 * - A lost call (`Call.lose`) is a `drop`, at the node that lost it, with its reason: loss or
 *   partition (a link), down (a crashed node), queue (a queue let it go). A call lost as it arrives
 *   (a lossy link, a full queue, a node that is down) is the drop of the call's own message, in
 *   place of its deliver; a call lost later (a crash while the node held it, a link losing the
 *   answer on its way back, a queue pushing it out) is the answer that will never come: a message
 *   of type `dropped` from the node that held it to the node waiting, sent and dropped at once.
 * - A link's duplicate (net/link.ts): a duplicated request's two calls (the caller's and the copy)
 *   leave the link as one message, sent when the first leaves, with a `duplicate` event (copy 1)
 *   right after its send; each is delivered (or dropped on arrival) when it leaves the link, the
 *   copy with `copy: 1`. The copy's answer is a message back to the link, which keeps it. A
 *   duplicated answer is only counted by the link (the caller has its answer): its `send`, a
 *   `duplicate`, and one `deliver`.
 * - Faults: `crash`, `restart`, `pause`, `resume` at the node (servers and the steps with a lifecycle).
 * - Clocks: Lamport and vector clocks are stamped as for processes (`clocks.ts`), with an entry per
 *   node; `local` is given at the nodes whose `clocks:` entry is not the true time.
 *
 * With `history: true` each event also feeds the request histories (`history.ts`): the view is
 * the trace, whether or not the trace is written. Without a writer no clock is kept.
 */
import type { Call, CallTracer, LossReason, Outcome, Request } from '../engine/request.js';
import { LOSS_REASONS, OUTCOMES, OK, ERROR, REJECTED } from '../engine/request.js';
import type { Caller, Node } from '../engine/node.js';
import type { Clock } from '../engine/clock.js';
import type { TraceEvent, TraceKind, TraceOp } from './event.js';
import type { TraceWriter } from './writer.js';
import { Clocked, merge, tick, vcObject, type Stamp } from './clocks.js';
import { CALL, type HistoryView } from './history.js';

export interface ChainTracerOptions {
  /** Where the trace goes (null: no file, only the history). */
  writer: TraceWriter | null;
  /** The request histories to feed (null: none). */
  history: HistoryView | null;
  scenario: string;
  seed: number;
  /** The trace's nodes, in the order a diagram draws them (the client first). */
  nodes: readonly string[];
  /** The simulated time now. */
  now: () => number;
  /** A node's local clock, or null if it reads the true time. */
  clockOf: (id: string) => Clock | null;
}

/** A node of the trace, with its local clock (null: the true time). */
class TracedNode extends Clocked {
  constructor(
    index: number,
    address: string,
    nodes: number,
    readonly clock: Clock | null,
  ) {
    super(index, address, nodes);
  }
}

/** A call sent and not yet delivered: delivered before anything else happens, unless it is lost on arrival. */
interface Pending {
  call: Call;
  msg: number;
  /** 1: a link's duplicate copy of the message `msg`. */
  copy: number;
  from: TracedNode;
  to: TracedNode;
  body: CallBody;
  stamp: Stamp;
}

type CallBody = { type: string; request?: number; message?: number; grant?: true };

/**
 * A request a link duplicated: the caller's call and its copy leave the link as one message, sent
 * when the first of them leaves (`msg` is -1 until then), each delivered when it leaves.
 */
interface Twin {
  copy: Call;
  msg: number;
  stamp: Stamp;
}

const NO_STAMP: Stamp = { lamport: 0, vc: new Int32Array(0) };

export class ChainTracer implements CallTracer {
  private readonly byId = new Map<string, TracedNode>();
  private readonly addresses: string[];
  private readonly writer: TraceWriter | null;
  private readonly history: HistoryView | null;
  /** Per call, the nodes its unanswered sends went to (the top one holds it now). */
  private readonly held = new WeakMap<Call, TracedNode[]>();
  private pending: Pending | null = null;
  /** The calls of duplicated requests not yet out of their link, and their copies. */
  private readonly twins = new WeakMap<Call, Twin>();
  /** The calls whose answer a link duplicated (the copy is only counted), until the link sends the answer on. */
  private readonly answerCopies = new WeakSet<Call>();
  private seq = 0;
  private msgIds = 0;

  constructor(private readonly options: ChainTracerOptions) {
    this.writer = options.writer;
    this.history = options.history;
    this.addresses = [...new Set(options.nodes)];
    for (const a of this.addresses) this.add(a);
    this.writer?.header({ trace: 1, scenario: options.scenario, seed: options.seed, nodes: this.addresses });
  }

  /** Events so far. */
  get events(): number {
    return this.seq;
  }

  invoke(req: Request, client: Caller): void {
    this.flush();
    const c = this.node(client.id);
    if (this.writer !== null) tick(c);
    this.emit(c, 'invoke', { op: { process: req.id, f: 'request' } }, null, req);
  }

  complete(req: Request, client: Caller, outcome: Outcome): void {
    this.flush();
    const c = this.node(client.id);
    if (this.writer !== null) tick(c);
    const type = outcome === OK ? 'ok' : outcome === ERROR || outcome === REJECTED ? 'fail' : 'info';
    const op: TraceOp = { process: req.id, f: 'request', type, outcome: OUTCOMES[outcome] };
    this.emit(c, 'complete', { op }, null, req);
  }

  send(call: Call, from: Caller, to: Node): void {
    this.flush();
    const a = this.node(from.id);
    const b = this.node(to.id);
    let stack = this.held.get(call);
    if (stack === undefined) this.held.set(call, (stack = []));
    stack.push(b);
    const body = bodyOf(call, CALL);
    const twin = this.twins.get(call);
    let p: Pending;
    if (twin === undefined || twin.msg < 0) {
      const msg = this.msgIds++;
      if (this.writer !== null) tick(a);
      this.emit(a, 'send', { msg, from: a.address, to: b.address, type: CALL, body }, null, call.req);
      p = { call, msg, copy: 0, from: a, to: b, body, stamp: this.writer !== null ? { lamport: a.lamport, vc: a.vc.slice() } : NO_STAMP };
      if (twin !== undefined) {
        // the first of a duplicated request's two calls to leave its link: the message, and its copy made
        twin.msg = msg;
        twin.stamp = p.stamp;
        this.emit(a, 'duplicate', { msg, copy: 1, from: a.address, to: b.address, type: CALL, body }, p.stamp, call.req);
      }
    } else {
      // the second: the message was sent when the first left; this one is delivered now
      p = { call, msg: twin.msg, copy: 0, from: a, to: b, body, stamp: twin.stamp };
    }
    if (twin !== undefined) {
      this.twins.delete(call);
      if (call === twin.copy) p.copy = 1;
    }
    this.pending = p;
    to.call(call);
    if (this.pending === p) this.flush();
  }

  reply(call: Call, to: Caller, outcome: Outcome): void {
    this.flush();
    const c = this.node(to.id);
    const x = this.held.get(call)?.pop() ?? c;
    const msg = this.msgIds++;
    const type = OUTCOMES[outcome];
    const body = bodyOf(call, type);
    const fields = { msg, from: x.address, to: c.address, type, body };
    if (this.writer !== null) tick(x);
    this.emit(x, 'send', fields, null, call.req);
    if (this.answerCopies.has(call)) {
      // a link duplicated this answer: the copy reaches a caller that already has it, and is only counted
      this.answerCopies.delete(call);
      this.emit(x, 'duplicate', { ...fields, copy: 1 }, x, call.req);
    }
    if (this.writer !== null) merge(c, x);
    this.emit(c, 'deliver', fields, null, call.req);
  }

  lose(call: Call, reason: LossReason): void {
    const p = this.pending;
    if (p !== null && p.call === call) {
      // lost as it arrives: its message is dropped where it was going, instead of delivered
      this.pending = null;
      this.emit(p.to, 'drop', { msg: p.msg, copy: p.copy, from: p.from.address, to: p.to.address, type: CALL, body: p.body, reason: LOSS_REASONS[reason] }, p.stamp, call.req);
      return;
    }
    this.flush();
    // lost where it was held: the answer its caller waits for will never come
    const stack = this.held.get(call);
    const x = stack !== undefined && stack.length > 0 ? stack[stack.length - 1] : this.node(call.caller(0)?.id ?? 'client');
    const waiting = call.caller(0);
    const to = waiting !== undefined ? this.node(waiting.id) : x;
    const msg = this.msgIds++;
    const fields = { msg, from: x.address, to: to.address, type: 'dropped', body: bodyOf(call, 'dropped') };
    if (this.writer !== null) tick(x);
    this.emit(x, 'send', fields, null, call.req);
    this.emit(x, 'drop', { ...fields, reason: LOSS_REASONS[reason] }, x, call.req);
  }

  duplicate(call: Call, copy: Call | null): void {
    if (copy === null) {
      this.answerCopies.add(call);
      return;
    }
    const twin: Twin = { copy, msg: -1, stamp: NO_STAMP };
    this.twins.set(call, twin);
    this.twins.set(copy, twin);
  }

  fault(node: string, kind: 'crash' | 'restart' | 'pause' | 'resume'): void {
    this.flush();
    const n = this.node(node);
    if (this.writer !== null) tick(n);
    this.emit(n, kind, {}, null, null);
  }

  /** Delivers the call sent last, if it is still on its way. */
  private flush(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    if (this.writer !== null) merge(p.to, p.stamp);
    this.emit(p.to, 'deliver', { msg: p.msg, copy: p.copy, from: p.from.address, to: p.to.address, type: CALL, body: p.body }, null, p.call.req);
  }

  /** Writes one event at `node` (its clocks, or `stamp`'s for a drop) and feeds the history. */
  private emit(node: TracedNode, kind: TraceKind, fields: Partial<TraceEvent>, stamp: Stamp | null, req: Request | null): void {
    const e: TraceEvent = { t: this.options.now(), seq: this.seq++, node: node.address, kind };
    if (this.writer !== null) {
      if (node.clock !== null) e.local = node.clock.now();
      const s = stamp ?? node;
      e.lamport = s.lamport;
      e.vc = vcObject(s.vc, this.addresses);
    }
    if (fields.msg !== undefined) e.msg = fields.msg;
    if (fields.copy) e.copy = fields.copy;
    if (fields.from !== undefined) e.from = fields.from;
    if (fields.to !== undefined) e.to = fields.to;
    if (fields.type !== undefined) e.type = fields.type;
    if (fields.body !== undefined) e.body = fields.body;
    if (fields.reason !== undefined) e.reason = fields.reason;
    if (fields.op !== undefined) e.op = fields.op;
    this.writer?.event(e);
    if (this.history !== null) {
      const entry = this.history.add(e);
      if (entry !== null && req !== null) req.history?.push(entry);
    }
  }

  private node(id: string): TracedNode {
    return this.byId.get(id) ?? this.unknown(id);
  }

  private unknown(id: string): TracedNode {
    // a node the chain did not register: without a file it joins; a trace's header named every node already
    if (this.writer !== null) throw new Error(`trace: the node ${JSON.stringify(id)} is not in the trace's header (the chain's registered nodes)`);
    this.addresses.push(id);
    return this.add(id);
  }

  private add(id: string): TracedNode {
    const n = new TracedNode(this.byId.size, id, this.writer !== null ? this.addresses.length : 0, this.options.clockOf(id));
    this.byId.set(id, n);
    return n;
  }
}

function bodyOf(call: Call, type: string): CallBody {
  const req = call.req;
  if (req.traceAs === 'grant') return { type, grant: true };
  return req.traceAs === 'message' ? { type, message: req.id } : { type, request: req.id };
}

/**
 * `link`: a network link between the node that calls it and the step after it. Like a `cable`, each
 * one-way message (a request on its way in, a response on its way back) takes a latency drawn once
 * for it; on top of that, a link can lose, duplicate, reorder and queue messages:
 *
 * - `loss`: each message is lost with this probability. A lost request never reaches the next step;
 *   a lost response never reaches the caller. Either way the call is lost (`call.lose(LOSS)`, or `PARTITION` when a partition cut it) and nobody
 *   answers it: the caller learns only by a timeout, never by an instant error.
 * - `duplicate`: each message that is not lost is delivered twice with this probability. A duplicated
 *   request is processed twice downstream (the second delivery is a copy of the call, whose answer
 *   the link discards when it comes back); a duplicated response reaches a caller that already has
 *   its answer and ignores it, so it is only counted.
 * - `reorder`: random latencies reorder messages by themselves; `reorder: { probability, extra }`
 *   forces it by delaying that share of messages by a further `extra`.
 * - `bandwidth`: each message takes size / bandwidth to transmit, one at a time per direction (a
 *   FIFO: a message waits for the previous one to finish), before its latency starts.
 *
 * Partitions and flaky windows (`faults:`) add loss while they last (see `partition.ts`, `flaky.ts`).
 * Whether a message is lost is decided when it enters the link.
 *
 * The per-message mechanics are the `Wire`'s (`wire.ts`), shared with the messages between
 * processes. Randomness: the latency of every delivered message from the link's own stream (`<id>`), losses
 * from `<id>/loss` (one draw per message whenever the loss probability is above 0, whether or not a
 * partition cuts it), duplications and the copies' latencies from `<id>/duplicate`, forced delays
 * from `<id>/reorder`. No other component's draws move when a link's settings change.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { Call, LOSS, PARTITION, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { LinkOptions } from '../spec/scenario.js';
import { LoadCounter } from '../components/load-counter.js';
import { LOST, Wire } from './wire.js';

/** What a link step says (spec/'s). */
export type { LinkOptions };

/** The two directions: requests travel from the caller to the next step, responses back. */
export const REQUEST = 0;
export const RESPONSE = 1;
export type Direction = typeof REQUEST | typeof RESPONSE;

/** Bits of a cut's mask: which directions it cuts for a given caller. */
export const CUT_REQUESTS = 1;
export const CUT_RESPONSES = 2;

/**
 * A cut a fault puts on a link: while active, the messages of the directions `mask(caller)` says
 * are lost. The mask depends on who calls (several balancers share a pool's links), and is
 * computed once per caller.
 */
export class Cut {
  active = false;
  private readonly masks = new Map<Caller, number>();

  constructor(private readonly decide: (callerId: string) => number) {}

  mask(caller: Caller): number {
    let m = this.masks.get(caller);
    if (m === undefined) {
      m = this.decide(caller.id);
      this.masks.set(caller, m);
    }
    return m;
  }
}

// Event kinds: a request (the call itself, or a duplicate copy) reaches the next step; response
// kinds are the outcome codes (>= 0).
const ARRIVE = -1;
const ARRIVE_COPY = -2;
/** Tags of the calls the link sends on: the caller's call, or a duplicate copy. */
const ORIGINAL = 0;
const COPY = 1;

/** A call crossing the link (a request or its response, one way): the call and its place in its direction's sending order. */
class Crossing {
  constructor(
    readonly call: Call,
    readonly seq: number,
  ) {}
}

export class Link implements Node, Caller, EventTarget, Observed {
  readonly kind = 'link';
  /** The per-message mechanics (loss, duplication, reordering, bandwidth, latency): two directions. */
  private readonly wire: Wire;
  private readonly cuts: Cut[] = [];
  private activeCuts = 0;
  private calls = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: LinkOptions,
    /** The step after the link, where requests go. */
    readonly next: Node,
  ) {
    this.wire = new Wire(sim, id, options, 2);
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    this.send(REQUEST, call, ARRIVE);
  }

  /** `tag` says whether this answers the caller's call or a duplicate copy (discarded). */
  onReply(call: Call, outcome: Outcome, tag: number): void {
    if (tag === COPY) return;
    this.send(RESPONSE, call, outcome);
  }

  fire(kind: number, arg: unknown): void {
    const m = arg as Crossing;
    this.wire.arrived(kind < 0 ? REQUEST : RESPONSE, m.seq);
    if (kind === ARRIVE) m.call.send(this.next, this, ORIGINAL);
    else if (kind === ARRIVE_COPY) m.call.send(this.next, this, COPY);
    else m.call.reply(kind as Outcome);
  }

  /** One message enters the link: `kind` is what its delivery does (ARRIVE, or an outcome). */
  private send(dir: Direction, call: Call, kind: number): void {
    const wire = this.wire;
    const size = dir === REQUEST ? this.options.requestBytes : this.options.responseBytes;
    const cut = this.activeCuts > 0 && this.isCut(call, dir);
    // a duplicated response reaches a caller that already has its answer: it is only counted
    const duplicates = wire.duplicates;
    const at = wire.transmit(dir, size, cut, dir === REQUEST);
    if (at === LOST) {
      call.lose(cut ? PARTITION : LOSS);
      return;
    }
    const seq = wire.seq;
    const sched = this.sim.sched;
    sched.at(at, this, kind, new Crossing(call, seq));
    let copy: Call | null = null;
    if (!Number.isNaN(wire.copyAt)) {
      copy = new Call(call.req, sched);
      sched.at(wire.copyAt, this, ARRIVE_COPY, new Crossing(copy, seq));
    }
    if (wire.duplicates !== duplicates) call.req.tracer?.duplicate(call, copy);
  }

  /**
   * Whether an active cut loses this message. The caller is the node waiting on the far side of
   * the call's most recent frame: the node that called the link (a pool member's load counter is skipped:
   * it is bookkeeping, not a hop).
   */
  private isCut(call: Call, dir: Direction): boolean {
    let back = 0;
    let caller = call.caller(0);
    while (caller instanceof LoadCounter) caller = call.caller(++back);
    if (caller === undefined) return false;
    const bit = dir === REQUEST ? CUT_REQUESTS : CUT_RESPONSES;
    for (const cut of this.cuts) if (cut.active && (cut.mask(caller) & bit) !== 0) return true;
    return false;
  }

  /** Adds a cut (inactive until `setCut(cut, true)`). */
  addCut(cut: Cut): void {
    this.cuts.push(cut);
  }

  setCut(cut: Cut, active: boolean): void {
    if (cut.active === active) return;
    cut.active = active;
    this.activeCuts += active ? 1 : -1;
  }

  /** Opens (`on`) or closes a flaky window that loses a further `loss` of the messages. */
  setFlaky(loss: number, on: boolean): void {
    this.wire.setFlaky(loss, on);
  }

  stats(): NodeStats {
    const w = this.wire;
    return plainStats(this, this.calls, {
      messages: w.messages,
      lost: w.lost,
      partitioned: w.partitioned,
      duplicated: w.duplicates,
      reordered: w.reordered,
      bytes: w.bytes,
      ...(w.bytesPerMs !== Infinity && { meanTransmitWaitMs: w.messages > 0 ? w.transmitWaitMs / w.messages : 0 }),
    });
  }
}

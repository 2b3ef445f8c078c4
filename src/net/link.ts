/**
 * `link`: a network link between the node that calls it and the step after it. Like a `cable`, each
 * one-way message (a request on its way in, a response on its way back) takes a latency drawn once
 * for it; on top of that, a link can lose, duplicate, reorder and queue messages:
 *
 * - `loss`: each message is lost with this probability. A lost request never reaches the next step;
 *   a lost response never reaches the caller. Either way the call is lost (`call.lose()`) and nobody
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
 * Randomness: the latency of every delivered message from the link's own stream (`<id>`), losses
 * from `<id>/loss` (one draw per message whenever the loss probability is above 0, whether or not a
 * partition cuts it), duplications and the copies' latencies from `<id>/duplicate`, forced delays
 * from `<id>/reorder`. No other component's draws move when a link's settings change.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';
import { LoadCounter } from '../components/load-counter.js';

/**
 * What a link step says: latency each way, loss and duplication probabilities per one-way message,
 * forced reordering, and optional bandwidth with message sizes in bytes.
 */
export interface LinkOptions {
  latency: DistSpec;
  loss: number;
  duplicate: number;
  reorder?: { probability: number; extra: DistSpec };
  bandwidthBytesPerMs?: number;
  requestBytes: number;
  responseBytes: number;
}

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

/** A message in flight: the call it carries and its place in its direction's sending order. */
class Message {
  constructor(
    readonly call: Call,
    readonly seq: number,
  ) {}
}

export class Link implements Node, Caller, EventTarget, Observed {
  readonly kind = 'link';
  private readonly rng: Rng;
  private readonly lossRng: Rng;
  private readonly duplicateRng: Rng;
  private readonly reorderRng: Rng;
  private readonly latency: Sampler;
  private readonly extra: Sampler | null;
  private readonly reorderProbability: number;
  private readonly bytesPerMs: number;
  /** When each direction finishes transmitting what it has been given. */
  private readonly busyUntil = [0, 0];
  /** Next sending number, and the highest delivered, per direction. */
  private readonly sent = [0, 0];
  private readonly highestDelivered = [-1, -1];
  private readonly cuts: Cut[] = [];
  private activeCuts = 0;
  /** Extra loss probabilities of the flaky windows open now, and the chance to survive them all. */
  private readonly flaky: number[] = [];
  private flakyKeep = 1;
  private calls = 0;
  private messages = 0;
  private lost = 0;
  private partitioned = 0;
  private duplicated = 0;
  private reordered = 0;
  private bytes = 0;
  private transmitWaitMs = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: LinkOptions,
    /** The step after the link, where requests go. */
    readonly next: Node,
  ) {
    for (const [key, p] of [['loss', options.loss], ['duplicate', options.duplicate], ['reorder probability', options.reorder?.probability ?? 0]] as const) {
      if (!(p >= 0 && p <= 1)) throw new Error(`${id}: ${key} must be a probability from 0 to 1; found ${p}`);
    }
    this.rng = sim.rng(id);
    this.lossRng = sim.rng(`${id}/loss`);
    this.duplicateRng = sim.rng(`${id}/duplicate`);
    this.reorderRng = sim.rng(`${id}/reorder`);
    this.latency = sim.distribution(options.latency);
    this.extra = options.reorder !== undefined ? sim.distribution(options.reorder.extra) : null;
    this.reorderProbability = options.reorder?.probability ?? 0;
    this.bytesPerMs = options.bandwidthBytesPerMs ?? Infinity;
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
    const m = arg as Message;
    const dir = kind < 0 ? REQUEST : RESPONSE;
    if (m.seq < this.highestDelivered[dir]) this.reordered++;
    else this.highestDelivered[dir] = m.seq;
    if (kind === ARRIVE) m.call.send(this.next, this, ORIGINAL);
    else if (kind === ARRIVE_COPY) m.call.send(this.next, this, COPY);
    else m.call.reply(kind as Outcome);
  }

  /** One message enters the link: `kind` is what its delivery does (ARRIVE, or an outcome). */
  private send(dir: Direction, call: Call, kind: number): void {
    const sched = this.sim.sched;
    const now = sched.now;
    const size = dir === REQUEST ? this.options.requestBytes : this.options.responseBytes;
    this.messages++;
    this.bytes += size;
    let departs = now;
    if (this.bytesPerMs !== Infinity) {
      const start = Math.max(now, this.busyUntil[dir]);
      departs = start + size / this.bytesPerMs;
      this.busyUntil[dir] = departs;
      this.transmitWaitMs += start - now;
    }
    const seq = this.sent[dir]++;
    const cut = this.activeCuts > 0 && this.isCut(call, dir);
    const p = this.flakyKeep === 1 ? this.options.loss : 1 - (1 - this.options.loss) * this.flakyKeep;
    // the loss draw is made whether or not a partition cuts the message, so a partition moves no draw
    const dropped = p > 0 && this.lossRng() < p;
    if (cut || dropped) {
      this.lost++;
      if (cut) this.partitioned++;
      call.lose();
      return;
    }
    sched.at(departs + this.latency(this.rng) + this.forcedDelay(), this, kind, new Message(call, seq));
    if (this.options.duplicate > 0 && this.duplicateRng() < this.options.duplicate) {
      this.duplicated++;
      // a duplicated response reaches a caller that already has its answer: it is only counted
      if (dir === REQUEST) {
        const copy = new Call(call.req, sched);
        sched.at(departs + this.latency(this.duplicateRng) + this.forcedDelay(), this, ARRIVE_COPY, new Message(copy, seq));
      }
    }
  }

  private forcedDelay(): number {
    if (this.extra === null || !(this.reorderRng() < this.reorderProbability)) return 0;
    return this.extra(this.reorderRng);
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
    if (on) this.flaky.push(loss);
    else this.flaky.splice(this.flaky.indexOf(loss), 1);
    this.flakyKeep = this.flaky.reduce((keep, q) => keep * (1 - q), 1);
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, {
      messages: this.messages,
      lost: this.lost,
      partitioned: this.partitioned,
      duplicated: this.duplicated,
      reordered: this.reordered,
      bytes: this.bytes,
      ...(this.bytesPerMs !== Infinity && { meanTransmitWaitMs: this.messages > 0 ? this.transmitWaitMs / this.messages : 0 }),
    });
  }
}

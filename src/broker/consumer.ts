/**
 * A consumer of a broker, as the Squeedo library runs one: listeners that long-poll the broker,
 * a bounded prefetch buffer, workers, and a cap on the work outstanding at once.
 *
 * - Each of the `listeners` asks the broker for as many messages as the prefetch buffer has room
 *   for, up to `dequeue-limit`, counting the messages other listeners already asked for: so the
 *   buffer never holds more than `prefetch` messages. With no room it waits until a worker takes a
 *   message. A receive crosses the consumer's link to the broker (`broker-link`, or a bare
 *   `latency`), and its answer crosses back; when the answer arrives the listener asks again at
 *   once (an empty answer, after the broker's long-poll wait, included).
 * - A message leaves the buffer (oldest first) when a worker is free and fewer than
 *   `max-concurrent-work` messages are in work. The worker spends `compute` on it (Squeedo's
 *   compute function, on the worker's thread), then sends it into the consumer's chain (the
 *   `service`, e.g. an HTTP call then a CPU step). With asynchronous I/O (`blocking: false`,
 *   Squeedo's http-kit and core.async) the worker is free as soon as the chain starts and the
 *   message holds only its work slot; with `blocking: true` (a synchronous HTTP client) the worker
 *   also waits for the chain's answer.
 * - The chain's answer decides: ok acks the message, anything else (error, timeout, dropped,
 *   rejected) nacks it (visible again after `nack-delay`); a poison message is nacked whatever
 *   the answer. The ack or nack crosses the link once, and frees the work slot at once (as
 *   Squeedo returns the work token before it acks). A chain that never answers (a lost call) holds
 *   its work slot forever: put a `timeout` step in the chain, as Squeedo asks compute functions to
 *   always answer.
 *
 * The consumer does not know how long a message has waited: one that sat in the buffer past its
 * visibility timeout is still processed, and its ack is stale (the broker delivered it again).
 *
 * The link (`broker-link.ts`, the `link` step's options), as SQS's API over HTTP behaves:
 * - a lost receive never reaches the broker; a lost answer never reaches the listener, and the
 *   messages it carried stay in flight at the broker until their visibility timeout, then are
 *   delivered again (duplicates). Either way the listener learns only by its receive timeout
 *   (`receive-timeout`, on the consumer's clock; default the long-poll wait + 10 s, as an SDK's
 *   HTTP timeout is set above the wait): it then polls again. An answer that arrives after the
 *   listener gave up on its receive is discarded (`abandoned`): its messages come back after their
 *   visibility timeout too;
 * - a duplicated receive reaches the broker twice: the copy is a receive of its own, whose answer
 *   the listener discards (its messages come back after their visibility timeout); a duplicated
 *   answer, ack or nack is only counted (the listener has its answer; DeleteMessage and
 *   ChangeMessageVisibility are idempotent);
 * - a lost ack: the message comes back after its visibility timeout and is processed again; a lost
 *   nack: it comes back after its visibility timeout instead of after the nack delay. Acks and nacks
 *   are not retried.
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import type { EventHandle, EventTarget } from '../engine/scheduler.js';
import { OK, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Clock } from '../engine/clock.js';
import type { ConsumersSpec } from '../spec/scenario.js';
import type { Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';
import { Fifo } from '../engine/fifo.js';
import { TimeAverage } from '../stats/time-average.js';
import { LOST, type Wire } from '../net/wire.js';
import type { Broker } from './broker.js';
import type { Delivery } from './message.js';
import { BrokerLinks, TO_BROKER, TO_CONSUMER, type LinkLosses } from './broker-link.js';

/** The receive reaches the broker. */
const AT_BROKER = 0;
/** The broker's answer reaches the consumer. */
const ANSWERED = 1;
/** A worker has spent `compute` on a message. */
const COMPUTED = 2;
/** An ack or nack reaches the broker. */
const ACK = 3;
const NACK = 4;
/** A listener's receive timeout, on the consumer's clock. */
const RECEIVE_TIMEOUT = 5;

/** The receive timeout's margin over the long-poll wait, when the scenario gives none. */
export const RECEIVE_TIMEOUT_MARGIN_MS = 10_000;

/** A consumer's knobs, as the scenario's `consumers` gives them. */
export type ConsumerOptions = Pick<
  ConsumersSpec,
  'listeners' | 'dequeueLimit' | 'prefetch' | 'workers' | 'maxConcurrentWork' | 'blocking' | 'compute' | 'nackDelayMs'
> & {
  /** How long a listener waits for a receive's answer, on the consumer's clock, before it polls again. */
  receiveTimeoutMs: number;
};

/** One listener of a consumer: at most one receive under way at a time. */
export class Listener {
  /** The receive it waits for the answer to; null: none (it is blocked, or between receives). */
  current: Receive | null = null;

  constructor(
    readonly consumer: Consumer,
    readonly index: number,
  ) {}
}

/** One receive request of a listener (or a duplicate copy of one), and its answer. */
export class Receive {
  /** The broker's answer, travelling back. */
  messages: Delivery[] = [];
  /** The long-poll wait at the broker. */
  wait: EventHandle = -1;
  /** The listener's receive timeout. */
  timeout: EventHandle = -1;
  /** Its place in the sending order of its direction, on the way there and on the way back. */
  seq = 0;
  answerSeq = 0;

  constructor(
    readonly listener: Listener,
    /** Messages asked for. */
    readonly asked: number,
  ) {}
}

/** An ack or a nack crossing the link, with its place in the sending order. */
class Trip {
  constructor(
    readonly delivery: Delivery,
    readonly seq: number,
  ) {}
}

export class Consumer implements Caller, EventTarget, Observed {
  readonly kind = 'consumer';
  readonly listeners: readonly Listener[];
  private readonly clock: Clock;
  /** The consumer's link to the broker (its index `index` among the broker's links). */
  private readonly wire: Wire;
  private readonly computeRng: Rng | null;
  private readonly compute: Sampler | null;
  private readonly buffer = new Fifo<Delivery>();
  /** Messages asked for by receives under way (room they hold in the buffer). */
  private reserved = 0;
  /** Listeners waiting for room in the buffer, in the order they started waiting. */
  private readonly blocked: Listener[] = [];
  private busy = 0;
  private inWork = 0;
  private readonly buffered = new TimeAverage();
  private readonly busyWorkers = new TimeAverage();
  private readonly working = new TimeAverage();
  private receives = 0;
  private emptyReceives = 0;
  private received = 0;
  private taken = 0;
  private acks = 0;
  private nacks = 0;
  private bufferWaitMs = 0;
  /** Receives the listeners gave up on after their receive timeout. */
  receiveTimeouts = 0;
  /** Messages delivered in answers the listener no longer waited for (a timed-out receive's, or a copy's). */
  abandoned = 0;
  readonly lost: LinkLosses = { receives: 0, answers: 0, deliveries: 0, acks: 0, nacks: 0 };

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly broker: Broker,
    private readonly options: ConsumerOptions,
    /** The head of the consumer's chain: the work each message gets. */
    private readonly work: Node,
    private readonly links: BrokerLinks,
    private readonly index: number,
  ) {
    const o = options;
    for (const [key, v] of [['listeners', o.listeners], ['dequeue-limit', o.dequeueLimit], ['prefetch', o.prefetch], ['workers', o.workers], ['max-concurrent-work', o.maxConcurrentWork]] as const) {
      if (!(Number.isInteger(v) && v >= 1)) throw new Error(`${id}: ${key} must be a whole number of at least 1; found ${v}`);
    }
    if (!(o.receiveTimeoutMs > 0)) throw new Error(`${id}: the receive timeout must be greater than 0ms; found ${o.receiveTimeoutMs}`);
    this.clock = sim.clockOf(id);
    this.wire = links.wires[index];
    this.computeRng = o.compute !== undefined ? sim.rng(`${id}/compute`) : null;
    this.compute = o.compute !== undefined ? sim.distribution(o.compute) : null;
    this.listeners = Array.from({ length: o.listeners }, (_, i) => new Listener(this, i));
    sim.observe(this);
    sim.nameCaller(id);
    for (const l of this.listeners) this.poll(l);
  }

  /** The broker answers a receive, at once or when its long poll is over: the answer crosses the link back. */
  answer(r: Receive, messages: Delivery[]): void {
    r.messages = messages;
    const n = messages.length;
    const at = this.wire.transmit(TO_CONSUMER, this.links.spec.responseBytes * Math.max(1, n), this.links.consumerCut(this.index, TO_CONSUMER), false);
    if (at === LOST) {
      // its messages stay in flight at the broker until their visibility timeout
      this.lost.answers++;
      this.lost.deliveries += n;
      return;
    }
    r.answerSeq = this.wire.seq;
    // an answer that carries messages keeps the run going; an empty one only while the broker has unfinished messages
    if (n > 0) this.sim.sched.at(at, this, ANSWERED, r);
    else this.sim.sched.atWhile(this.broker.work, at, this, ANSWERED, r);
  }

  fire(kind: number, arg: unknown): void {
    switch (kind) {
      case AT_BROKER: {
        const r = arg as Receive;
        this.wire.arrived(TO_BROKER, r.seq);
        return this.broker.receive(r);
      }
      case ANSWERED:
        return this.answered(arg as Receive);
      case COMPUTED:
        this.start(arg as Delivery);
        this.dispatch();
        return;
      case ACK:
      case NACK: {
        const t = arg as Trip;
        this.wire.arrived(TO_BROKER, t.seq);
        if (kind === ACK) return this.broker.ack(t.delivery);
        return this.broker.nack(t.delivery, this.options.nackDelayMs);
      }
      case RECEIVE_TIMEOUT:
        return this.timedOut(arg as Receive);
    }
  }

  /** The chain answered a message's work: ack or nack it, and free its slot (and worker). */
  onReply(call: Call, outcome: Outcome): void {
    const d = call as Delivery;
    const now = this.sim.sched.now;
    this.inWork--;
    this.working.set(this.inWork, now);
    if (this.options.blocking) {
      this.busy--;
      this.busyWorkers.set(this.busy, now);
    }
    const ok = outcome === OK && !d.message.poison;
    if (ok) {
      this.acks++;
      this.broker.succeeded(d.message);
    } else {
      this.nacks++;
    }
    const at = this.wire.transmit(TO_BROKER, this.links.spec.requestBytes, this.links.consumerCut(this.index, TO_BROKER), false);
    if (at === LOST) {
      // a lost ack or nack: the message comes back after its visibility timeout
      if (ok) this.lost.acks++;
      else this.lost.nacks++;
    } else {
      this.sim.sched.at(at, this, ok ? ACK : NACK, new Trip(d, this.wire.seq));
    }
    this.dispatch();
  }

  /** A listener sends a receive for the room left in the buffer, or waits for room. */
  private poll(l: Listener): void {
    const room = this.options.prefetch - this.buffer.length - this.reserved;
    if (room <= 0) {
      this.blocked.push(l);
      return;
    }
    const r = new Receive(l, Math.min(this.options.dequeueLimit, room));
    this.reserved += r.asked;
    l.current = r;
    const sched = this.sim.sched;
    const work = this.broker.work;
    // a receive's trip, a copy's, and its timeout keep the run going only while the broker has unfinished messages
    const wire = this.wire;
    const at = wire.transmit(TO_BROKER, this.links.spec.requestBytes, this.links.consumerCut(this.index, TO_BROKER), true);
    if (at === LOST) {
      this.lost.receives++;
    } else {
      r.seq = wire.seq;
      sched.atWhile(work, at, this, AT_BROKER, r);
      if (!Number.isNaN(wire.copyAt)) {
        // a duplicated receive: a receive of its own at the broker, whose answer the listener discards
        const copy = new Receive(l, r.asked);
        copy.seq = wire.seq;
        sched.atWhile(work, wire.copyAt, this, AT_BROKER, copy);
      }
    }
    r.timeout = sched.atWhile(work, this.clock.toTrue(this.clock.now() + this.options.receiveTimeoutMs), this, RECEIVE_TIMEOUT, r);
  }

  private answered(r: Receive): void {
    this.wire.arrived(TO_CONSUMER, r.answerSeq);
    const l = r.listener;
    const got = r.messages;
    r.messages = [];
    if (l.current !== r) {
      // the listener gave up on this receive (or it answers a copy): its messages come back after their visibility timeout
      this.abandoned += got.length;
      return;
    }
    this.sim.sched.cancel(r.timeout);
    l.current = null;
    const now = this.sim.sched.now;
    this.reserved -= r.asked;
    this.receives++;
    if (got.length === 0) this.emptyReceives++;
    for (const d of got) this.buffer.push(d, now);
    this.received += got.length;
    this.buffered.set(this.buffer.length, now);
    this.dispatch();
    this.poll(l);
  }

  /** No answer within the receive timeout: the listener gives the receive up and polls again. */
  private timedOut(r: Receive): void {
    const l = r.listener;
    if (l.current !== r) return;
    this.receiveTimeouts++;
    l.current = null;
    this.reserved -= r.asked;
    this.poll(l);
    this.wake();
  }

  /** Starts work on buffered messages while a worker and a work slot are free; then wakes listeners. */
  private dispatch(): void {
    const o = this.options;
    const sched = this.sim.sched;
    while (this.buffer.length > 0 && this.inWork < o.maxConcurrentWork && this.busy < o.workers) {
      const now = sched.now;
      this.bufferWaitMs += now - this.buffer.peekTime();
      const d = this.buffer.shift();
      this.buffered.set(this.buffer.length, now);
      this.taken++;
      this.inWork++;
      this.working.set(this.inWork, now);
      this.busy++;
      this.busyWorkers.set(this.busy, now);
      if (this.compute !== null) sched.after(this.compute(this.computeRng as Rng), this, COMPUTED, d);
      else this.start(d);
    }
    this.wake();
  }

  /** Listeners waiting for room in the buffer poll again while there is room. */
  private wake(): void {
    while (this.blocked.length > 0 && this.buffer.length + this.reserved < this.options.prefetch) this.poll(this.blocked.shift() as Listener);
  }

  /** The worker sends the message into the chain (and, with asynchronous I/O, is free again). */
  private start(d: Delivery): void {
    if (!this.options.blocking) {
      this.busy--;
      this.busyWorkers.set(this.busy, this.sim.sched.now);
    }
    d.send(this.work, this);
  }

  stats(now: number): NodeStats {
    const extra: Record<string, unknown> = {
      receives: this.receives,
      emptyReceives: this.emptyReceives,
      received: this.received,
      acks: this.acks,
      nacks: this.nacks,
      inWork: { mean: this.working.mean(now), max: this.working.max },
      busyWorkers: { max: this.busyWorkers.max },
    };
    if (this.links.reported) {
      Object.assign(extra, {
        receiveTimeouts: this.receiveTimeouts,
        abandoned: this.abandoned,
        lostOnLink: { ...this.lost },
        link: BrokerLinks.figures(this.wire),
      });
    }
    return {
      id: this.id,
      kind: this.kind,
      utilization: now > 0 ? this.busyWorkers.integral(now) / (this.options.workers * now) : 0,
      queue: {
        mean: this.buffered.mean(now),
        max: this.buffered.max,
        meanWait: this.taken > 0 ? this.bufferWaitMs / this.taken : 0,
      },
      calls: this.taken,
      extra,
    };
  }
}

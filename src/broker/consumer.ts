/**
 * A consumer of a broker, as the Squeedo library runs one: listeners that long-poll the broker,
 * a bounded prefetch buffer, workers, and a cap on the work outstanding at once.
 *
 * - Each of the `listeners` asks the broker for as many messages as the prefetch buffer has room
 *   for, up to `dequeue-limit`, counting the messages other listeners already asked for: so the
 *   buffer never holds more than `prefetch` messages. With no room it waits until a worker takes a
 *   message. A receive pays the link `latency` each way; when its reply arrives the listener asks
 *   again at once (an empty reply, after the broker's long-poll wait, included).
 * - A message leaves the buffer (oldest first) when a worker is free and fewer than
 *   `max-concurrent-work` messages are in work. The worker spends `compute` on it (Squeedo's
 *   compute function, on the worker's thread), then sends it into the consumer's chain (the
 *   `service`, e.g. an HTTP call then a CPU step). With asynchronous I/O (`blocking: false`,
 *   Squeedo's http-kit and core.async) the worker is free as soon as the chain starts and the
 *   message holds only its work slot; with `blocking: true` (a synchronous HTTP client) the worker
 *   also waits for the chain's answer.
 * - The chain's answer decides: ok acks the message, anything else (error, timeout, dropped,
 *   rejected) nacks it (visible again after `nack-delay`); a poison message is nacked whatever
 *   the answer. The ack or nack pays the link latency once, and frees the work slot at once (as
 *   Squeedo returns the work token before it acks). A chain that never answers (a lost call) holds
 *   its work slot forever: put a `timeout` step in the chain, as Squeedo asks compute functions to
 *   always answer.
 *
 * The consumer does not know how long a message has waited: one that sat in the buffer past its
 * visibility timeout is still processed, and its ack is stale (the broker delivered it again).
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import type { EventHandle, EventTarget } from '../engine/scheduler.js';
import { OK, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { ConsumersSpec } from '../spec/scenario.js';
import type { Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';
import { Fifo } from '../engine/fifo.js';
import { TimeAverage } from '../stats/time-average.js';
import type { Broker } from './broker.js';
import type { Delivery } from './message.js';

/** The receive reaches the broker. */
const AT_BROKER = 0;
/** The broker's answer reaches the consumer. */
const ANSWERED = 1;
/** A worker has spent `compute` on a message. */
const COMPUTED = 2;
/** An ack or nack reaches the broker. */
const ACK = 3;
const NACK = 4;

/** A consumer's knobs, as the scenario's `consumers` gives them. */
export type ConsumerOptions = Pick<
  ConsumersSpec,
  'listeners' | 'dequeueLimit' | 'prefetch' | 'workers' | 'maxConcurrentWork' | 'blocking' | 'compute' | 'latency' | 'nackDelayMs'
>;

/** One listener of a consumer: at most one receive under way at a time. */
export class Listener {
  /** Messages asked for by the receive under way. */
  asked = 0;
  /** The broker's answer, travelling back. */
  messages: Delivery[] = [];
  /** The long-poll wait at the broker. */
  wait: EventHandle = -1;

  constructor(
    readonly consumer: Consumer,
    readonly index: number,
  ) {}
}

export class Consumer implements Caller, EventTarget, Observed {
  readonly kind = 'consumer';
  readonly listeners: readonly Listener[];
  private readonly rng: Rng;
  private readonly latency: Sampler;
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

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly broker: Broker,
    private readonly options: ConsumerOptions,
    /** The head of the consumer's chain: the work each message gets. */
    private readonly work: Node,
  ) {
    const o = options;
    for (const [key, v] of [['listeners', o.listeners], ['dequeue-limit', o.dequeueLimit], ['prefetch', o.prefetch], ['workers', o.workers], ['max-concurrent-work', o.maxConcurrentWork]] as const) {
      if (!(Number.isInteger(v) && v >= 1)) throw new Error(`${id}: ${key} must be a whole number of at least 1; found ${v}`);
    }
    this.rng = sim.rng(id);
    this.latency = sim.distribution(o.latency);
    this.computeRng = o.compute !== undefined ? sim.rng(`${id}/compute`) : null;
    this.compute = o.compute !== undefined ? sim.distribution(o.compute) : null;
    this.listeners = Array.from({ length: o.listeners }, (_, i) => new Listener(this, i));
    sim.observe(this);
    sim.nameCaller(id);
    for (const l of this.listeners) this.poll(l);
  }

  /** The broker answers a listener's receive, at once or when its long poll is over. */
  answer(l: Listener, messages: Delivery[]): void {
    l.messages = messages;
    this.travel(l, ANSWERED, messages.length > 0);
  }

  fire(kind: number, arg: unknown): void {
    switch (kind) {
      case AT_BROKER:
        return this.broker.receive(arg as Listener);
      case ANSWERED:
        return this.answered(arg as Listener);
      case COMPUTED:
        this.start(arg as Delivery);
        this.dispatch();
        return;
      case ACK:
        return this.broker.ack(arg as Delivery);
      case NACK:
        return this.broker.nack(arg as Delivery, this.options.nackDelayMs);
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
    if (ok) this.acks++;
    else this.nacks++;
    this.sim.sched.after(this.latency(this.rng), this, ok ? ACK : NACK, d);
    this.dispatch();
  }

  /** A listener sends a receive for the room left in the buffer, or waits for room. */
  private poll(l: Listener): void {
    const room = this.options.prefetch - this.buffer.length - this.reserved;
    if (room <= 0) {
      this.blocked.push(l);
      return;
    }
    l.asked = Math.min(this.options.dequeueLimit, room);
    this.reserved += l.asked;
    this.travel(l, AT_BROKER, false);
  }

  /**
   * Schedules a receive's trip to the broker or its answer's trip back. An answer that carries
   * messages keeps the run going; any other trip only while the broker has unfinished messages
   * (it is held by the broker's work: an idle poll is a daemon).
   */
  private travel(l: Listener, kind: typeof AT_BROKER | typeof ANSWERED, carries: boolean): void {
    const sched = this.sim.sched;
    const at = sched.now + this.latency(this.rng);
    if (carries) sched.at(at, this, kind, l);
    else sched.atWhile(this.broker.work, at, this, kind, l);
  }

  private answered(l: Listener): void {
    const now = this.sim.sched.now;
    this.reserved -= l.asked;
    this.receives++;
    const got = l.messages;
    l.messages = [];
    if (got.length === 0) this.emptyReceives++;
    for (const d of got) this.buffer.push(d, now);
    this.received += got.length;
    this.buffered.set(this.buffer.length, now);
    this.dispatch();
    this.poll(l);
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
    while (this.blocked.length > 0 && this.buffer.length + this.reserved < o.prefetch) this.poll(this.blocked.shift() as Listener);
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
      extra: {
        receives: this.receives,
        emptyReceives: this.emptyReceives,
        received: this.received,
        acks: this.acks,
        nacks: this.nacks,
        inWork: { mean: this.working.mean(now), max: this.working.max },
        busyWorkers: { max: this.busyWorkers.max },
      },
    };
  }
}

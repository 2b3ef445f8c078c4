/**
 * `broker`: a message queue with at-least-once delivery, as Amazon SQS (standard queue) and the
 * Squeedo consumer library see it.
 *
 * - A call that reaches the broker is a producer sending one message. The broker accepts it at
 *   once and, with `reply: accepted` (the default), answers the producer ok: the producer's
 *   request is the send. With `reply: processed` it answers when the message is finished: ok when
 *   acked, error when dead-lettered; a message deleted by the retention period is lost (the
 *   request ends dropped unless something upstream times out first).
 * - A receive (from a consumer's listener) takes up to its limit of visible messages, oldest
 *   sent first (a message visible again goes ahead of newer ones, as SQS's best-effort order); each becomes invisible (in flight) for the visibility timeout and its receive count goes
 *   up by one. With none visible, the receive waits at the broker (long polling) until a message
 *   becomes visible (it then returns, in the same instant, every message visible up to its limit)
 *   or until its wait is over (it returns empty).
 * - An ack deletes the message if no receive happened since the one it acknowledges (its receipt
 *   is the latest); otherwise it is stale and ignored: a later delivery is under way. A nack makes
 *   the message visible again at once or after a delay. A message not acked before its visibility
 *   timeout becomes visible again and is delivered again (a duplicate: `duplicates` counts the
 *   messages delivered more than once). If the first delivery's work still finishes and acks, the
 *   message was processed twice (`processedTwice` counts the messages whose work succeeded more
 *   than once: counted when a consumer sends the ack, so stale acks and acks lost on the consumer's
 *   link count too): the figure a "processed exactly once" property reads.
 * - The consumers talk to the broker over their links (`broker-link.ts`, `consumer.ts`): a lost
 *   receive or answer, ack or nack leaves the message in flight until its visibility timeout.
 * - A message that would become visible again after `max-receives` receives goes to the
 *   dead-letter queue instead; one older than the retention period is deleted (expired) instead.
 *
 * Time the broker measures (visibility timeouts, nack delays, long-poll waits, message ages) is
 * read on its own clock (`sim.clockOf(id)`); the latency figures are in true time.
 *
 * How a run ends (the rule is `engine/end.ts`'s): every message ends exactly once as processed
 * (acked), dead-lettered or expired, or is still unfinished (visible, delayed or in flight) when the
 * run ends. Each unfinished message is a unit of the broker's `work`, which counts in the run's
 * outstanding work: the run waits for it, after the producers' requests were answered. The events
 * that can still move a message keep the run going: its visibility timeout or nack delay and its
 * work in a consumer (ordinary events), and the travel of receives between consumers and the broker,
 * held by the broker's work (`Scheduler.atWhile`): they keep the run going only while some message
 * is unfinished. A long-poll wait is a daemon: consumers that have nothing left to process never
 * keep a run going. Over the consumers' links (`broker-link.ts`) a receive, an answer, an ack or a
 * nack can be lost: the listeners' receive timeouts are held by the broker's work like the
 * receives, and a message left visible with no receive to take it (every consumer cut off) is
 * expired at its retention period by a daemon event (`watchRetention`), so a partition that never
 * heals cannot keep a run going for ever.
 */
import type { Node, Observed, NodeStats } from '../engine/node.js';
import type { EventHandle, EventTarget } from '../engine/scheduler.js';
import { ERROR, OK, QUEUE, type Call } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Clock } from '../engine/clock.js';
import { Work } from '../engine/work.js';
import type { Rng } from '../engine/rng.js';
import { VisibleQueue } from './visible-queue.js';
import { BuildError } from '../engine/errors.js';
import { TimeAverage } from '../stats/time-average.js';
import { LatencyDistribution } from '../stats/percentiles.js';
import { DEAD_LETTERED, DELAYED, Delivery, EXPIRED, IN_FLIGHT, Message, PROCESSED, VISIBLE } from './message.js';
import type { Consumer, Receive } from './consumer.js';
import { BrokerLinks } from './broker-link.js';

/** Nacks of one message at one instant, without time passing, after which a run is stopped (see `progressing`). */
export const ZERO_TIME_NACKS = 1000;

const VISIBILITY_TIMEOUT = 0;
const DELAY_OVER = 1;
const WAIT_OVER = 2;
const FILL = 3;
const RETENTION = 4;

export interface BrokerOptions {
  visibilityTimeoutMs: number;
  /** Receives after which an unacked message goes to the dead-letter queue (undefined: never). */
  maxReceives?: number;
  retentionMs: number;
  /** Fraction of messages that are poison (fail whatever their work answers). */
  poison: number;
  reply: 'accepted' | 'processed';
  /** How long a receive waits for a message at the broker (long polling). */
  waitMs: number;
}

/** One line of the broker's log (kept with `history: true`): [time, event, message id, consumer]. */
export type BrokerLogEntry = [time: number, event: string, message: number, consumer: string];

export class Broker implements Node, EventTarget, Observed {
  readonly kind = 'broker';
  private readonly clock: Clock;
  private readonly rng: Rng | null;
  private readonly queue = new VisibleQueue();
  /** Receives waiting at the broker for a message (long polling), in arrival order. */
  private readonly waiting: Receive[] = [];
  private fillPending = false;
  /** The pending retention check of the oldest visible message, and when it fires (true time). */
  private retentionEvent: EventHandle = -1;
  private retentionAt = Infinity;
  /** The links to its consumers, and the consumers (set by `connect`), for their figures. */
  private links: BrokerLinks | null = null;
  private consumers: readonly Consumer[] = [];
  /** One unit per unfinished message; counts in the run's outstanding work. */
  readonly work: Work;
  /** With `history: true`, what happened to each message (tests assert it), and every message sent. */
  readonly log: BrokerLogEntry[] | null;
  readonly messages: Message[] | null;

  private visible = 0;
  private delayed = 0;
  private inFlight = 0;
  private readonly visibleOverTime = new TimeAverage();
  private readonly inFlightOverTime = new TimeAverage();
  private sent = 0;
  private processed = 0;
  private deadLettered = 0;
  private expired = 0;
  private receives = 0;
  private emptyReceives = 0;
  private deliveries = 0;
  private duplicates = 0;
  /** Messages whose processing succeeded (was acked) more than once: the work was done twice. */
  private processedTwice = 0;
  /** Deliveries that were a message's first. */
  private firstDeliveries = 0;
  private visibilityTimeouts = 0;
  private nacks = 0;
  private staleAcks = 0;
  private staleNacks = 0;
  /** Time messages spent visible before each delivery. */
  private visibleWaitMs = 0;
  private readonly endToEnd = new LatencyDistribution();
  private firstAck = Infinity;
  private lastAck = -Infinity;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: BrokerOptions,
  ) {
    if (!(options.visibilityTimeoutMs > 0)) throw new Error(`${id}: the visibility timeout must be greater than 0ms`);
    if (!(options.waitMs > 0)) throw new Error(`${id}: the long-poll wait must be greater than 0ms`);
    if (!(options.retentionMs > 0)) throw new Error(`${id}: the retention period must be greater than 0ms`);
    if (options.maxReceives !== undefined && !(options.maxReceives >= 1)) throw new Error(`${id}: max-receives must be at least 1`);
    if (!(options.poison >= 0 && options.poison <= 1)) throw new Error(`${id}: poison must be a fraction from 0 to 1`);
    this.clock = sim.clockOf(id);
    this.rng = options.poison > 0 ? sim.rng(`${id}/poison`) : null;
    this.log = sim.history ? [] : null;
    this.messages = sim.history ? [] : null;
    this.work = new Work(sim.sched, sim.outstanding);
    sim.observe(this);
  }

  /** Messages that can still be processed: visible, delayed or in flight. */
  get unfinished(): number {
    return this.visible + this.delayed + this.inFlight;
  }

  /** What it holds now, for `replay --until` (engine/node.ts `Stateful`). */
  state(): Record<string, unknown> {
    return { visible: this.visible, delayed: this.delayed, inFlight: this.inFlight, processed: this.processed, deadLettered: this.deadLettered };
  }

  /**
   * A consumer's work on a message succeeded (it sends an ack, which may yet be lost or stale): a
   * message that succeeds a second time was processed twice.
   */
  succeeded(m: Message): void {
    if (++m.acks === 2) this.processedTwice++;
  }

  /** A producer sends a message. */
  call(call: Call): void {
    const sched = this.sim.sched;
    const now = sched.now;
    const poison = this.rng !== null && this.rng() < this.options.poison;
    const processed = this.options.reply === 'processed';
    const m = new Message(this.sent++, now, this.clock.now(), call.req.measured, this.sim.history, sched, poison, processed ? call : null, this.sim.tracer);
    this.note('send', m, '');
    this.messages?.push(m);
    this.work.open();
    this.makeVisible(m, now);
    if (!processed) call.reply(OK);
  }

  /** The links to its consumers and the consumers, once built: their figures join the broker's. */
  connect(links: BrokerLinks, consumers: readonly Consumer[]): void {
    this.links = links;
    this.consumers = consumers;
  }

  /** A listener's receive reaches the broker: it takes what is visible, or waits. */
  receive(r: Receive): void {
    this.receives++;
    const consumer = r.listener.consumer;
    const got = this.take(r.asked, consumer.id);
    if (got.length > 0) {
      consumer.answer(r, got);
      return;
    }
    const sched = this.sim.sched;
    r.wait = sched.at(this.clock.toTrue(this.clock.now() + this.options.waitMs), this, WAIT_OVER, r, true);
    this.waiting.push(r);
  }

  /** An ack reaches the broker: deletes the message if the receipt is the latest one. */
  ack(d: Delivery): void {
    const m = d.message;
    if (d.receipt !== m.receives || m.finished) {
      this.staleAcks++;
      this.note('stale-ack', m, d.consumer);
      return;
    }
    const now = this.sim.sched.now;
    if (m.state === IN_FLIGHT) {
      this.sim.sched.cancel(m.timer);
      this.inFlight--;
      this.inFlightOverTime.set(this.inFlight, now);
    } else if (m.state === VISIBLE) {
      // timed out, not received again yet: its receipt still deletes it (it stays in the queue, skipped)
      this.visible--;
      this.visibleOverTime.set(this.visible, now);
    } else if (m.state === DELAYED) {
      this.sim.sched.cancel(m.timer);
      this.delayed--;
    }
    m.state = PROCESSED;
    this.processed++;
    this.note('ack', m, d.consumer);
    if (m.measured) {
      this.endToEnd.record(now - m.arrival);
      if (now < this.firstAck) this.firstAck = now;
      if (now > this.lastAck) this.lastAck = now;
    }
    this.finish(m);
  }

  /** A nack reaches the broker: the message becomes visible again, at once or after `delayMs`. */
  nack(d: Delivery, delayMs: number): void {
    const m = d.message;
    if (d.receipt !== m.receives || m.state !== IN_FLIGHT) {
      this.staleNacks++;
      this.note('stale-nack', m, d.consumer);
      return;
    }
    const sched = this.sim.sched;
    sched.cancel(m.timer);
    this.nacks++;
    this.inFlight--;
    this.inFlightOverTime.set(this.inFlight, sched.now);
    this.note('nack', m, d.consumer);
    if (delayMs === 0) this.progressing(m, sched.now);
    if (delayMs > 0) {
      m.state = DELAYED;
      this.delayed++;
      m.timer = sched.at(this.clock.toTrue(this.clock.now() + delayMs), this, DELAY_OVER, m);
    } else {
      this.release(m);
    }
  }

  /**
   * A message nacked with no delay is received again at once; when its whole round (receive, work,
   * nack) takes no time, because the consumers have no latency and no compute and its work fails at
   * once, it would go round for ever with the clock standing still (the retention period never
   * comes). After ZERO_TIME_NACKS such nacks at one instant, the run stops with a scenario error
   * that says what to change, rather than hang.
   */
  private progressing(m: Message, now: number): void {
    if (m.zeroTimeAt !== now) {
      m.zeroTimeAt = now;
      m.zeroTimeNacks = 0;
    }
    if (++m.zeroTimeNacks < ZERO_TIME_NACKS) return;
    throw new BuildError(
      `broker "${this.id}": message ${m.id} was nacked and received again ${ZERO_TIME_NACKS} times at ${now} ms without simulated time passing ` +
        `(nack-delay 0ms, consumers with no latency and no compute, and work that fails at once), so the run would never end; ` +
        `give the consumers a nack-delay (such as 1s) or a latency (such as 1ms), or the broker max-receives (such as 5)`,
    );
  }

  fire(kind: number, arg: unknown): void {
    switch (kind) {
      case VISIBILITY_TIMEOUT: {
        const m = arg as Message;
        this.visibilityTimeouts++;
        this.inFlight--;
        this.inFlightOverTime.set(this.inFlight, this.sim.sched.now);
        this.note('visibility-timeout', m, '');
        this.release(m);
        return;
      }
      case DELAY_OVER: {
        const m = arg as Message;
        this.delayed--;
        this.release(m);
        return;
      }
      case WAIT_OVER: {
        const r = arg as Receive;
        this.waiting.splice(this.waiting.indexOf(r), 1);
        this.emptyReceives++;
        r.listener.consumer.answer(r, []);
        return;
      }
      case FILL:
        this.fillPending = false;
        this.fill();
        return;
      case RETENTION:
        this.retentionEvent = -1;
        this.retentionAt = Infinity;
        this.expireOldest();
        return;
    }
  }

  /** Answers the waiting receives, in the order they arrived, with the messages now visible. */
  private fill(): void {
    while (this.waiting.length > 0 && this.visible > 0) {
      const r = this.waiting[0];
      const got = this.take(r.asked, r.listener.consumer.id);
      if (got.length === 0) return; // every visible message had expired
      this.waiting.shift();
      this.sim.sched.cancel(r.wait);
      r.listener.consumer.answer(r, got);
    }
  }

  /** Takes up to `n` visible messages, oldest first, and delivers them to `consumer`. */
  private take(n: number, consumer: string): Delivery[] {
    const got: Delivery[] = [];
    const sched = this.sim.sched;
    const now = sched.now;
    while (got.length < n && this.visible > 0) {
      const m = this.queue.shift();
      if (m.state !== VISIBLE) continue; // acked while visible
      this.visible--;
      if (this.tooOld(m)) {
        this.expire(m);
        continue;
      }
      this.visibleWaitMs += now - m.visibleSince;
      m.state = IN_FLIGHT;
      m.receives++;
      this.inFlight++;
      this.deliveries++;
      if (m.receives === 1) this.firstDeliveries++;
      else if (m.receives === 2) this.duplicates++;
      m.timer = sched.at(this.clock.toTrue(this.clock.now() + this.options.visibilityTimeoutMs), this, VISIBILITY_TIMEOUT, m);
      this.note('receive', m, consumer);
      got.push(new Delivery(m, m.receives, consumer, sched));
    }
    this.visibleOverTime.set(this.visible, now);
    this.inFlightOverTime.set(this.inFlight, now);
    return got;
  }

  /** The message would become visible again: unless it goes to the dead-letter queue or expires. */
  private release(m: Message): void {
    const max = this.options.maxReceives;
    if (max !== undefined && m.receives >= max) {
      m.state = DEAD_LETTERED;
      this.deadLettered++;
      this.note('dead-letter', m, '');
      this.finish(m);
    } else if (this.tooOld(m)) {
      this.expire(m);
    } else {
      this.makeVisible(m, this.sim.sched.now);
    }
  }

  private makeVisible(m: Message, now: number): void {
    if (m.receives > 0) this.note('visible', m, '');
    m.state = VISIBLE;
    m.visibleSince = now;
    this.queue.push(m);
    this.visible++;
    this.visibleOverTime.set(this.visible, now);
    this.watchRetention(m);
    if (this.waiting.length > 0 && !this.fillPending) {
      // answered at the end of this instant, so that messages sent together are received together
      this.fillPending = true;
      this.sim.sched.after(0, this, FILL);
    }
  }

  /**
   * Visible messages end at their retention period even when no receive comes to take them (every
   * consumer cut off by a partition, or a link that loses everything): one pending event, at the
   * end of the retention period of the oldest visible message, moved earlier when a message visible
   * again ends sooner. It is a daemon: it fires while something else keeps the run going (listeners
   * polling over a cut link: their receive timeouts), and never keeps a run going by itself, so
   * messages that no consumer can take (every listener waiting for room) are still counted
   * unfinished when the run ends, as before. A message taken before then is expired by `take`.
   */
  private watchRetention(m: Message): void {
    const at = this.clock.toTrue(m.sentLocal + this.options.retentionMs);
    if (at >= this.retentionAt) return;
    const sched = this.sim.sched;
    if (this.retentionEvent !== -1) sched.cancel(this.retentionEvent);
    this.retentionAt = at;
    this.retentionEvent = sched.at(at, this, RETENTION, undefined, true);
  }

  /** Expires the visible messages at the head of the queue that are too old; then watches the next one. */
  private expireOldest(): void {
    const now = this.sim.sched.now;
    while (this.queue.length > 0) {
      const m = this.queue.peek();
      // due by its clock, or at its deadline's true time (which a drifting clock's rounding may put a hair before)
      if (m.state === VISIBLE && !this.tooOld(m) && this.clock.toTrue(m.sentLocal + this.options.retentionMs) > now) {
        this.watchRetention(m);
        return;
      }
      this.queue.shift();
      if (m.state !== VISIBLE) continue; // acked while visible
      this.visible--;
      this.visibleOverTime.set(this.visible, now);
      this.expire(m);
    }
  }

  private tooOld(m: Message): boolean {
    return this.clock.now() - m.sentLocal >= this.options.retentionMs;
  }

  private expire(m: Message): void {
    m.state = EXPIRED;
    this.expired++;
    this.note('expire', m, '');
    this.finish(m);
  }

  /** The message is finished: its unit of work closes, and its producer is answered (with `reply: processed`). */
  private finish(m: Message): void {
    this.work.close();
    const producer = m.producer;
    if (producer === null) return;
    m.producer = null;
    if (m.state === EXPIRED) producer.lose(QUEUE);
    else producer.reply(m.state === PROCESSED ? OK : ERROR);
  }

  private note(event: string, m: Message, consumer: string): void {
    if (this.log !== null) this.log.push([this.sim.sched.now, event, m.id, consumer]);
  }

  stats(now: number): NodeStats {
    const n = this.endToEnd.count;
    return {
      id: this.id,
      kind: this.kind,
      utilization: null,
      queue: {
        mean: this.visibleOverTime.mean(now),
        max: this.visibleOverTime.max,
        meanWait: this.deliveries > 0 ? this.visibleWaitMs / this.deliveries : 0,
      },
      calls: this.sent,
      extra: {
        sent: this.sent,
        processed: this.processed,
        deadLettered: this.deadLettered,
        expired: this.expired,
        remaining: { visible: this.visible, delayed: this.delayed, inFlight: this.inFlight },
        receives: this.receives,
        emptyReceives: this.emptyReceives,
        deliveries: this.deliveries,
        duplicates: this.duplicates,
        processedTwice: this.processedTwice,
        redeliveries: this.deliveries - this.firstDeliveries,
        visibilityTimeouts: this.visibilityTimeouts,
        nacks: this.nacks,
        staleAcks: this.staleAcks,
        staleNacks: this.staleNacks,
        inFlight: { mean: this.inFlightOverTime.mean(now), max: this.inFlightOverTime.max },
        throughput: n > 1 && this.lastAck > this.firstAck ? ((n - 1) * 1000) / (this.lastAck - this.firstAck) : NaN,
        endToEnd: this.endToEnd.summary(),
        ...(this.links?.reported && { consumerLink: this.linkFigures() }),
      },
    };
  }

  /** The consumers' links, summed: what crossed them, what they lost and what the listeners gave up on. */
  private linkFigures(): Record<string, number> {
    const f = { messages: 0, lost: 0, partitioned: 0, duplicated: 0, reordered: 0, lostReceives: 0, lostAnswers: 0, lostDeliveries: 0, lostAcks: 0, lostNacks: 0, receiveTimeouts: 0, abandoned: 0 };
    for (const w of this.links?.wires ?? []) {
      const x = BrokerLinks.figures(w);
      f.messages += x.messages;
      f.lost += x.lost;
      f.partitioned += x.partitioned;
      f.duplicated += x.duplicated;
      f.reordered += x.reordered;
    }
    for (const c of this.consumers) {
      f.lostReceives += c.lost.receives;
      f.lostAnswers += c.lost.answers;
      f.lostDeliveries += c.lost.deliveries;
      f.lostAcks += c.lost.acks;
      f.lostNacks += c.lost.nacks;
      f.receiveTimeouts += c.receiveTimeouts;
      f.abandoned += c.abandoned;
    }
    return f;
  }
}

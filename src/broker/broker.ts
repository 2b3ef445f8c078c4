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
 *   message was processed twice (`processedTwice` counts the messages acked more than once, stale
 *   acks included): the figure a "processed exactly once" property reads.
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
 * keep a run going.
 */
import type { Node, Observed, NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
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
import type { Listener } from './consumer.js';

/** Nacks of one message at one instant, without time passing, after which a run is stopped (see `progressing`). */
export const ZERO_TIME_NACKS = 1000;

const VISIBILITY_TIMEOUT = 0;
const DELAY_OVER = 1;
const WAIT_OVER = 2;
const FILL = 3;

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
  private readonly waiting: Listener[] = [];
  private fillPending = false;
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

  /** A listener's receive reaches the broker: it takes what is visible, or waits. */
  receive(l: Listener): void {
    this.receives++;
    const got = this.take(l.asked, l.consumer.id);
    if (got.length > 0) {
      l.consumer.answer(l, got);
      return;
    }
    const sched = this.sim.sched;
    l.wait = sched.at(this.clock.toTrue(this.clock.now() + this.options.waitMs), this, WAIT_OVER, l, true);
    this.waiting.push(l);
  }

  /** An ack reaches the broker: deletes the message if the receipt is the latest one. */
  ack(d: Delivery): void {
    const m = d.message;
    if (++m.acks === 2) this.processedTwice++;
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
        const l = arg as Listener;
        this.waiting.splice(this.waiting.indexOf(l), 1);
        this.emptyReceives++;
        l.consumer.answer(l, []);
        return;
      }
      case FILL:
        this.fillPending = false;
        this.fill();
        return;
    }
  }

  /** Answers the waiting receives, in the order they arrived, with the messages now visible. */
  private fill(): void {
    while (this.waiting.length > 0 && this.visible > 0) {
      const l = this.waiting[0];
      const got = this.take(l.asked, l.consumer.id);
      if (got.length === 0) return; // every visible message had expired
      this.waiting.shift();
      this.sim.sched.cancel(l.wait);
      l.consumer.answer(l, got);
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
    if (this.waiting.length > 0 && !this.fillPending) {
      // answered at the end of this instant, so that messages sent together are received together
      this.fillPending = true;
      this.sim.sched.after(0, this, FILL);
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
      },
    };
  }
}

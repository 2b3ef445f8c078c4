/**
 * `hedge`: hedged requests ("The Tail at Scale", Dean and Barroso). Each call goes downstream as a
 * first copy; if no answer has come after a delay, a second copy is sent (and, with `max` above 1,
 * a further one after each further delay). The first answer, whatever its outcome, answers the call;
 * the other copies are abandoned: their answers are ignored, but they still occupy the backend (the
 * cost of hedging).
 *
 * The delay is fixed (`after: 20ms`) or a percentile of the latencies of the copies this node has
 * seen answered so far (`at: p95`), measured on the node's clock. A percentile hedge sends no extra
 * copy until it has seen `warmup` answers; its threshold is read from a histogram with buckets
 * about 1% wide (the largest latency seen in the bucket that holds the percentile's rank, so an
 * observed value), and recomputed after every `RECOMPUTE_EVERY` answers.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import type { EventTarget, EventHandle } from '../engine/scheduler.js';
import { Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Clock } from '../engine/clock.js';
import { AttemptLatency } from './attempt-latency.js';

export interface HedgeOptions {
  /** Exactly one of `afterMs` (a fixed delay) and `percentile` (0..1, e.g. 0.95). */
  afterMs?: number;
  percentile?: number;
  /** Extra copies at most (default 1). */
  max: number;
  /** With `percentile`: answers to see before hedging starts. */
  warmup: number;
}

/** A percentile hedge recomputes its threshold after this many new answers. */
export const RECOMPUTE_EVERY = 16;

/** One call being hedged: its copies and the timer of the next one. */
class Hedged {
  copies: Copy[] = [];
  timer: EventHandle = -1;
  done = false;
  constructor(readonly call: Call) {}
}

/** One copy of a hedged call, sent downstream. */
class Copy extends Call {
  constructor(
    readonly hedged: Hedged,
    /** 0 for the first copy, 1 for the first hedge, ... */
    readonly index: number,
    /** True time and node-clock time of the send. */
    readonly sentAt: number,
    readonly sentLocal: number,
    sim: Simulation,
  ) {
    super(hedged.call.req, sim.sched);
  }
}

export class Hedge implements Node, Caller, EventTarget, Observed {
  readonly kind = 'hedge';
  private readonly clock: Clock;
  private readonly sketch = new QuantileSketch();
  private readonly attempts = new AttemptLatency();
  /** The current hedge delay (ms, node clock); NaN while a percentile hedge warms up. */
  private delayMs: number;
  private sinceRecompute = 0;
  private calls = 0;
  private hedges = 0;
  private won = 0;
  private lateAnswers = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: HedgeOptions,
    private readonly downstream: Node,
  ) {
    if ((options.afterMs === undefined) === (options.percentile === undefined)) throw new Error(`${id}: give after or at`);
    if (!(options.max >= 1)) throw new Error(`${id}: max must be at least 1`);
    this.clock = sim.clockOf(id);
    this.delayMs = options.afterMs ?? NaN;
    sim.observe(this);
  }

  /** The current hedge delay in ms (NaN: not hedging yet). */
  get threshold(): number {
    return this.delayMs;
  }

  call(call: Call): void {
    this.calls++;
    const h = new Hedged(call);
    this.send(h);
    this.arm(h);
  }

  /** Schedules the next copy, if any is left to send and the delay is known. */
  private arm(h: Hedged): void {
    if (h.copies.length > this.options.max || Number.isNaN(this.delayMs)) return;
    const clock = this.clock;
    h.timer = this.sim.sched.at(clock.toTrue(clock.now() + this.delayMs), this, 0, h);
  }

  private send(h: Hedged): void {
    const copy = new Copy(h, h.copies.length, this.sim.sched.now, this.clock.now(), this.sim);
    h.copies.push(copy);
    copy.send(this.downstream, this);
  }

  fire(_kind: number, arg: unknown): void {
    const h = arg as Hedged;
    h.timer = -1;
    if (h.done || h.call.abandoned) return;
    this.hedges++;
    this.send(h);
    this.arm(h);
  }

  onReply(call: Call, outcome: Outcome): void {
    const copy = call as Copy;
    const h = copy.hedged;
    this.attempts.record(this.sim.sched.now - copy.sentAt);
    this.observe(Math.max(0, this.clock.now() - copy.sentLocal)); // a clock stepped back can make it negative
    if (h.done) {
      this.lateAnswers++;
      return;
    }
    h.done = true;
    if (h.timer !== -1) this.sim.sched.cancel(h.timer);
    for (const c of h.copies) if (c !== copy) c.abandoned = true;
    if (copy.index > 0) this.won++;
    h.call.reply(outcome);
  }

  /** A copy's latency on the node's clock, for a percentile hedge. */
  private observe(ms: number): void {
    const q = this.options.percentile;
    if (q === undefined) return;
    this.sketch.record(ms);
    if (this.sketch.count < this.options.warmup) return;
    if (++this.sinceRecompute >= RECOMPUTE_EVERY || Number.isNaN(this.delayMs)) {
      this.sinceRecompute = 0;
      this.delayMs = this.sketch.quantile(q);
    }
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, {
      hedges: this.hedges,
      won: this.won,
      lateAnswers: this.lateAnswers,
      ...(this.options.percentile !== undefined && { threshold: this.delayMs }),
      attempts: this.attempts.summary(),
    });
  }
}

/**
 * Latencies in logarithmic buckets, 64 per doubling (each about 1.1% wide), from 1 us up; each
 * bucket keeps its count and the largest value it saw. A quantile is the largest value seen in the
 * bucket that holds its rank (nearest rank: the smallest value with at least q x n values at or
 * below it, up to the bucket width), so it is always an observed latency, and exact when the
 * values fall in distinct buckets.
 */
export class QuantileSketch {
  private static readonly PER_DOUBLING = 64;
  /** Values below this (ms) share bucket 0. */
  private static readonly FLOOR_MS = 0.001;
  private counts = new Float64Array(64 * 24);
  private maxes = new Float64Array(64 * 24);
  private lo = Infinity;
  private hi = -1;
  count = 0;

  record(ms: number): void {
    const i = ms <= QuantileSketch.FLOOR_MS ? 0 : 1 + Math.floor(Math.log2(ms / QuantileSketch.FLOOR_MS) * QuantileSketch.PER_DOUBLING);
    if (i >= this.counts.length) this.grow(i + 1);
    this.counts[i]++;
    if (this.counts[i] === 1 || ms > this.maxes[i]) this.maxes[i] = ms;
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
    this.count++;
  }

  /** The q-quantile (0 < q <= 1); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count - 1e-9));
    let seen = 0;
    for (let i = this.lo; i <= this.hi; i++) {
      seen += this.counts[i];
      if (seen >= rank) return this.maxes[i];
    }
    return this.maxes[this.hi];
  }

  private grow(n: number): void {
    const size = Math.max(n, this.counts.length * 2);
    const counts = new Float64Array(size);
    const maxes = new Float64Array(size);
    counts.set(this.counts);
    maxes.set(this.maxes);
    this.counts = counts;
    this.maxes = maxes;
  }
}

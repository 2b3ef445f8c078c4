/**
 * `concurrency-limit`: at most `limit` calls outstanding downstream at once. A call over the limit
 * waits in a FIFO queue of `queue` places (default 0) or, when that is full, is answered `rejected`
 * at once; a waiting call goes downstream when an outstanding one is answered.
 *
 * Adaptive (`adaptive: aimd`), the limit moves with every answer, as Netflix's concurrency-limits
 * AIMD limit does: an ok answer no slower than `latencyMs` (on the node's clock) adds `increase`
 * (up to `max`); any other answer (error, timeout, dropped, rejected, or ok but slower) multiplies
 * it by `decrease` (down to `min`). The limit is a real number; a call passes while fewer than
 * floor(limit) calls are outstanding. Its value over time is kept as a time average (min, max,
 * final, mean in the stats).
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import { OK, REJECTED, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Clock } from '../engine/clock.js';
import { Fifo } from '../engine/fifo.js';
import { TimeAverage } from '../stats/time-average.js';

export interface AimdOptions {
  min: number;
  max: number;
  increase: number;
  /** Factor in (0, 1). */
  decrease: number;
  latencyMs: number;
}

export interface ConcurrencyLimitOptions {
  /** The fixed limit, or the initial one when adaptive. */
  limit: number;
  /** Places in the waiting queue (0: reject at once when full). */
  queue: number;
  aimd?: AimdOptions;
}

export class ConcurrencyLimit implements Node, Caller, Observed {
  readonly kind = 'concurrency-limit';
  private readonly clock: Clock;
  private readonly waiting = new Fifo<Call>();
  private readonly limitOverTime = new TimeAverage();
  private readonly queueLength = new TimeAverage();
  private limit: number;
  private minLimit: number;
  private inFlight = 0;
  private maxInFlight = 0;
  private calls = 0;
  private rejected = 0;
  private queued = 0;
  private totalWait = 0;
  private increases = 0;
  private decreases = 0;
  /** The limit after each change, with its true time (for tests). */
  readonly history: [number, number][] = [];

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: ConcurrencyLimitOptions,
    private readonly downstream: Node,
  ) {
    const a = options.aimd;
    if (!(options.limit >= 1)) throw new Error(`${id}: limit must be at least 1`);
    if (a && !(a.min >= 1 && a.min <= options.limit && options.limit <= a.max)) throw new Error(`${id}: expected min <= initial <= max`);
    if (a && !(a.decrease > 0 && a.decrease < 1)) throw new Error(`${id}: decrease must be between 0 and 1`);
    this.clock = sim.clockOf(id);
    this.limit = options.limit;
    this.minLimit = options.limit;
    this.limitOverTime.set(this.limit, 0);
    sim.observe(this);
  }

  /** The current limit. */
  get current(): number {
    return this.limit;
  }

  call(call: Call): void {
    this.calls++;
    if (this.inFlight < Math.floor(this.limit)) return this.start(call);
    if (this.waiting.length < this.options.queue) {
      const now = this.sim.sched.now;
      this.queued++;
      call.req.queued++;
      this.waiting.push(call, now);
      this.queueLength.set(this.waiting.length, now);
      return;
    }
    this.rejected++;
    call.reply(REJECTED);
  }

  private start(call: Call): void {
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    // the tag: when the call went downstream, on the node's clock
    call.send(this.downstream, this, this.clock.now());
  }

  onReply(call: Call, outcome: Outcome, sentLocal: number): void {
    this.inFlight--;
    const a = this.options.aimd;
    if (a !== undefined) {
      const good = outcome === OK && this.clock.now() - sentLocal <= a.latencyMs;
      this.setLimit(good ? Math.min(a.max, this.limit + a.increase) : Math.max(a.min, this.limit * a.decrease), good);
    }
    this.drain();
    call.reply(outcome);
  }

  /** Starts waiting calls while the limit allows. */
  private drain(): void {
    const now = this.sim.sched.now;
    let moved = false;
    while (this.waiting.length > 0 && this.inFlight < Math.floor(this.limit)) {
      const waited = now - this.waiting.peekTime();
      const next = this.waiting.shift();
      this.totalWait += waited;
      next.req.waitedMs += waited;
      moved = true;
      this.start(next);
    }
    if (moved) this.queueLength.set(this.waiting.length, now);
  }

  private setLimit(limit: number, up: boolean): void {
    if (limit === this.limit) return;
    if (up) this.increases++;
    else this.decreases++;
    this.limit = limit;
    if (limit < this.minLimit) this.minLimit = limit;
    const now = this.sim.sched.now;
    this.limitOverTime.set(limit, now);
    this.history.push([now, limit]);
  }

  stats(now: number): NodeStats {
    const adaptive = this.options.aimd !== undefined;
    return {
      id: this.id,
      kind: this.kind,
      utilization: null,
      queue: this.options.queue > 0 ? { mean: this.queueLength.mean(now), max: this.queueLength.max, meanWait: this.calls > 0 ? this.totalWait / this.calls : 0 } : null,
      calls: this.calls,
      extra: {
        rejected: this.rejected,
        queued: this.queued,
        maxInFlight: this.maxInFlight,
        ...(adaptive && {
          limit: { min: this.minLimit, max: this.limitOverTime.max, final: this.limit, mean: now > 0 ? this.limitOverTime.mean(now) : this.limit },
          increases: this.increases,
          decreases: this.decreases,
        }),
      },
    };
  }
}

/**
 * `retry`: sends each call downstream up to `attempts` times in all. By default it retries at once
 * after an error (Timelike's `retry`); `on` chooses the outcomes that are retried (error, timeout,
 * rejected), `backoff` waits between attempts (exponential, with full, equal or decorrelated
 * jitter, drawn from the retry's own stream), and `budget` caps retries at a fraction of the
 * calls (a token bucket: each call earns `ratio` tokens, each retry spends one), so that retries
 * cannot multiply load without bound during an outage.
 *
 * Its stats count the retries sent (a retry whose call was abandoned during its backoff is not sent)
 * and the latency of every attempt, from its send to its answer.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { ERROR, REJECTED, TIMEOUT, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Rng } from '../engine/rng.js';
import { AttemptLatency } from './attempt-latency.js';

export type RetryOn = 'error' | 'timeout' | 'rejected';
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

export interface BackoffSpec {
  baseMs: number;
  maxMs: number;
  multiplier: number;
  jitter: Jitter;
}

export interface RetryOptions {
  attempts: number;
  on: RetryOn[];
  backoff?: BackoffSpec;
  /** At most this fraction of calls may be retried (token bucket), e.g. 0.1. */
  budget?: number;
}

const CODES: Record<RetryOn, Outcome> = { error: ERROR, timeout: TIMEOUT, rejected: REJECTED };
/** The budget's bucket holds at most this many tokens (a burst of retries after a quiet spell). */
const BUDGET_CAPACITY = 10;

/** A call waiting for its next attempt. */
interface Pending {
  call: Call;
  attempt: number;
  /** The previous sleep, for decorrelated jitter. */
  sleptMs: number;
}

export class Retry implements Node, Caller, EventTarget, Observed {
  readonly kind = 'retry';
  private readonly retryOn: boolean[] = [];
  private readonly rng: Rng | null;
  private readonly sleeps = new Map<Call, number>();
  /** When the current attempt of each outstanding call was sent. */
  private readonly sentAt = new Map<Call, number>();
  private readonly attemptLatency = new AttemptLatency();
  private calls = 0;
  private retries = 0;
  private denied = 0;
  private tokens = BUDGET_CAPACITY;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: RetryOptions,
    private readonly downstream: Node,
  ) {
    if (!(options.attempts >= 1)) throw new Error(`${id}: attempts must be at least 1`);
    for (const o of options.on) this.retryOn[CODES[o]] = true;
    const jitter = options.backoff?.jitter;
    this.rng = jitter !== undefined && jitter !== 'none' ? sim.rng(id) : null;
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    if (this.options.budget !== undefined) this.tokens = Math.min(BUDGET_CAPACITY, this.tokens + this.options.budget);
    this.send(call, 1);
  }

  private send(call: Call, attempt: number): void {
    this.sentAt.set(call, this.sim.sched.now);
    call.send(this.downstream, this, attempt);
  }

  /** `attempt` is the tag: which attempt this reply answers (1-based). */
  onReply(call: Call, outcome: Outcome, attempt: number): void {
    const sentAt = this.sentAt.get(call);
    if (sentAt !== undefined) this.attemptLatency.record(this.sim.sched.now - sentAt);
    this.sentAt.delete(call);
    if (this.retryOn[outcome] !== true || attempt >= this.options.attempts || call.abandoned || !this.spend()) {
      this.sleeps.delete(call);
      call.reply(outcome);
      return;
    }
    const backoff = this.options.backoff;
    if (backoff === undefined) {
      this.retries++;
      this.send(call, attempt + 1);
      return;
    }
    const slept = this.sleeps.get(call) ?? backoff.baseMs;
    const delay = this.delay(backoff, attempt, slept);
    if (backoff.jitter === 'decorrelated') this.sleeps.set(call, delay);
    const pending: Pending = { call, attempt: attempt + 1, sleptMs: delay };
    // the backoff is measured on this node's clock, like every wait a node times itself
    const clock = this.sim.clockOf(this.id);
    this.sim.sched.at(Math.max(clock.toTrue(clock.now() + delay), this.sim.sched.now), this, 0, pending);
  }

  fire(_kind: number, arg: unknown): void {
    const { call, attempt } = arg as Pending;
    if (call.abandoned) {
      // whoever waited for this call gave up during the backoff: nothing to send
      this.sleeps.delete(call);
      return;
    }
    this.retries++;
    this.send(call, attempt);
  }

  /** The wait before attempt `attempt + 1`. */
  private delay(b: BackoffSpec, attempt: number, sleptMs: number): number {
    const exp = Math.min(b.maxMs, b.baseMs * Math.pow(b.multiplier, attempt - 1));
    const rng = this.rng as Rng;
    switch (b.jitter) {
      case 'none':
        return exp;
      case 'full':
        return rng() * exp;
      case 'equal':
        return exp / 2 + (rng() * exp) / 2;
      case 'decorrelated':
        return Math.min(b.maxMs, b.baseMs + rng() * (sleptMs * 3 - b.baseMs));
    }
  }

  private spend(): boolean {
    if (this.options.budget === undefined) return true;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.denied++;
    return false;
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, {
      retries: this.retries,
      ...(this.options.budget !== undefined && { deniedByBudget: this.denied }),
      attempts: this.attemptLatency.summary(),
    });
  }
}

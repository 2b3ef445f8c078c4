/**
 * `rate-limit`: a token bucket of `burst` tokens, refilled at `rate` tokens per ms and full at the
 * start; a call takes a token and passes, or, if there is none, is answered `rejected` at once.
 *
 * It is kept as the equivalent GCRA ("generic cell rate algorithm"): one number, the theoretical
 * arrival time `tat` at which the bucket would be full again. A call at time t passes when
 * max(tat, t) - t <= (burst - 1) / rate, and then tat = max(tat, t) + 1 / rate. This is exact
 * (no fractional tokens accumulate rounding errors) and costs a comparison per call.
 *
 * Time is the node's clock (`sim.clockOf(id)`): a clock that runs fast refills faster, and a clock
 * that steps back refills nothing until it reads past where it was (the bucket stays as empty as it
 * was), as a limiter reading the wall clock does.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import { REJECTED, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Clock } from '../engine/clock.js';

export interface RateLimitOptions {
  /** Tokens per ms. */
  ratePerMs: number;
  /** Bucket size: calls that may pass at once after a quiet spell. */
  burst: number;
}

export class RateLimit implements Node, Caller, Observed {
  readonly kind = 'rate-limit';
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** When the bucket is full again (node clock): -Infinity at first, a full bucket. */
  private tat = -Infinity;
  private calls = 0;
  private rejected = 0;

  constructor(
    sim: Simulation,
    readonly id: string,
    options: RateLimitOptions,
    private readonly downstream: Node,
  ) {
    if (!(options.ratePerMs > 0)) throw new Error(`${id}: rate must be greater than 0`);
    if (!(options.burst >= 1)) throw new Error(`${id}: burst must be at least 1`);
    this.clock = sim.clockOf(id);
    this.intervalMs = 1 / options.ratePerMs;
    this.toleranceMs = (options.burst - 1) * this.intervalMs;
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const now = this.clock.now();
    const tat = this.tat > now ? this.tat : now;
    if (tat - now > this.toleranceMs) {
      this.rejected++;
      call.reply(REJECTED);
      return;
    }
    this.tat = tat + this.intervalMs;
    call.send(this.downstream, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    call.reply(outcome);
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, { admitted: this.calls - this.rejected, rejected: this.rejected });
  }
}

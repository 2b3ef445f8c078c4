/**
 * `circuit-breaker`: stops calling a downstream that keeps failing. Three states:
 *
 * - closed: calls pass. It opens after `failures` consecutive failures (every outcome but ok is a
 *   failure), or, with `failureRate`, when at least `minCalls` answers came in the last `windowMs`
 *   and at least that share of them failed.
 * - open: every call is answered `rejected` at once. After `cooldownMs` (on the node's clock) it
 *   turns half-open.
 * - half-open: the first `probes` calls pass (the rest are rejected at once). A probe that fails
 *   reopens the breaker; once all `probes` probes have succeeded, it closes.
 *
 * Only answers to calls sent in the current state count: an answer that comes back after the state
 * changed (a slow call sent while closed, answered while half-open) is passed on but changes
 * nothing. State changes are kept (time and state) for tests and reports.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { OK, REJECTED, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Clock } from '../engine/clock.js';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (when `failureRate` is not given). */
  failures: number;
  /** Open when this share (0..1) of the answers in the window failed. */
  failureRate?: number;
  windowMs: number;
  minCalls: number;
  cooldownMs: number;
  probes: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** A state change: at true time `time`, the breaker became `state`. */
export interface BreakerTransition {
  time: number;
  state: BreakerState;
}

export class CircuitBreaker implements Node, Caller, EventTarget, Observed {
  readonly kind = 'circuit-breaker';
  private readonly clock: Clock;
  private state: BreakerState = 'closed';
  /** Increases at every state change; a call's tag is the epoch it was sent in. */
  private epoch = 0;
  private consecutive = 0;
  /** Half-open: probes sent and probes that succeeded. */
  private probesSent = 0;
  private probesOk = 0;
  private openedAt = 0;
  private timeOpen = 0;
  private opened = 0;
  private calls = 0;
  private rejected = 0;
  /** The failure-rate window: answer times (node clock) and whether each failed, oldest first. */
  private readonly window: RateWindow | null;
  readonly transitions: BreakerTransition[] = [];

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: CircuitBreakerOptions,
    private readonly downstream: Node,
  ) {
    if (!(options.failures >= 1)) throw new Error(`${id}: failures must be at least 1`);
    if (!(options.probes >= 1)) throw new Error(`${id}: probes must be at least 1`);
    this.clock = sim.clockOf(id);
    this.window = options.failureRate !== undefined ? new RateWindow() : null;
    sim.observe(this);
  }

  get current(): BreakerState {
    return this.state;
  }

  call(call: Call): void {
    this.calls++;
    if (this.state === 'open' || (this.state === 'half-open' && this.probesSent >= this.options.probes)) {
      this.rejected++;
      call.reply(REJECTED);
      return;
    }
    if (this.state === 'half-open') this.probesSent++;
    call.send(this.downstream, this, this.epoch);
  }

  onReply(call: Call, outcome: Outcome, epoch: number): void {
    if (epoch === this.epoch) this.count(outcome === OK);
    call.reply(outcome);
  }

  private count(ok: boolean): void {
    if (this.state === 'half-open') {
      if (!ok) this.open();
      else if (++this.probesOk >= this.options.probes) this.change('closed');
      return;
    }
    // closed
    if (this.window !== null) {
      const w = this.window;
      const now = this.clock.now();
      w.push(now, !ok);
      w.evictBefore(now - this.options.windowMs);
      if (w.length >= this.options.minCalls && w.failed >= (this.options.failureRate as number) * w.length) this.open();
      return;
    }
    this.consecutive = ok ? 0 : this.consecutive + 1;
    if (this.consecutive >= this.options.failures) this.open();
  }

  private open(): void {
    this.change('open');
    this.opened++;
    this.openedAt = this.sim.sched.now;
    this.sim.sched.at(this.clock.toTrue(this.clock.now() + this.options.cooldownMs), this, 0, undefined, true);
  }

  /** The cooldown is over. */
  fire(): void {
    this.timeOpen += this.sim.sched.now - this.openedAt;
    this.change('half-open');
  }

  private change(state: BreakerState): void {
    this.state = state;
    this.epoch++;
    this.consecutive = 0;
    this.probesSent = 0;
    this.probesOk = 0;
    this.window?.clear();
    this.transitions.push({ time: this.sim.sched.now, state });
  }

  stats(now: number): NodeStats {
    return plainStats(this, this.calls, {
      state: this.state,
      opened: this.opened,
      stateChanges: this.transitions.length,
      timeOpenMs: this.timeOpen + (this.state === 'open' ? now - this.openedAt : 0),
      rejected: this.rejected,
    });
  }
}

/** Answers in a sliding time window: a ring of (time, failed). */
class RateWindow {
  private times = new Float64Array(64);
  private fails = new Uint8Array(64);
  private head = 0;
  length = 0;
  failed = 0;

  push(time: number, failed: boolean): void {
    if (this.length === this.times.length) this.grow();
    const i = (this.head + this.length) % this.times.length;
    this.times[i] = time;
    this.fails[i] = failed ? 1 : 0;
    this.length++;
    if (failed) this.failed++;
  }

  /** Drops the answers that came before `time`. */
  evictBefore(time: number): void {
    while (this.length > 0 && this.times[this.head] < time) {
      this.failed -= this.fails[this.head];
      this.head = (this.head + 1) % this.times.length;
      this.length--;
    }
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
    this.failed = 0;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const fails = new Uint8Array(n);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) % this.times.length;
      times[k] = this.times[i];
      fails[k] = this.fails[i];
    }
    this.times = times;
    this.fails = fails;
    this.head = 0;
  }
}

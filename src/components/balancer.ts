/**
 * `balancer`: routes each call to one of its backends by a strategy. It counts its own outstanding
 * calls per backend; after an error, `error-hold` keeps the failed backend's count up for a while,
 * so a least-conn balancer does not pour traffic into a backend that fails fast. A strategy with a
 * per-backend limit (one-conn) makes calls wait in the balancer's FIFO queue.
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { ERROR, type Call, type Outcome } from '../engine/request.js';
import type { ClientRequest } from '../load/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Rng } from '../engine/rng.js';
import { Fifo } from '../engine/fifo.js';
import { TimeAverage } from '../stats/time-average.js';
import type { Strategy, BalancerView } from './strategies/index.js';
import type { InfoSpec } from '../spec/scenario.js';
import { LoadCounts, makeLoadInfo, type LoadInfo } from './load-info.js';

const RELEASE_HOLD = 0;

export interface BalancerOptions {
  strategy: string;
  errorHoldMs: number;
  info: InfoSpec;
  /** The pool's load of calls inside each backend, for `info.source: backend`. */
  backendLoad: LoadCounts | null;
}

export class Balancer implements Node, Caller, EventTarget, Observed, BalancerView {
  readonly kind = 'balancer';
  readonly n: number;
  /** This balancer's own outstanding calls per backend (error holds included). */
  readonly outstanding: Int32Array;
  readonly rng: Rng;
  /** What the strategy sees (BalancerView), set before each pick. */
  load: Int32Array;
  key = -1;
  private readonly own: LoadCounts;
  private readonly info: LoadInfo;
  private readonly sent: Float64Array;
  private readonly queue = new Fifo<Call>();
  private readonly queueLength = new TimeAverage();
  private available: number;
  private calls = 0;
  private totalWait = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly strategy: Strategy,
    private readonly backends: Node[],
    private readonly options: BalancerOptions,
  ) {
    if (backends.length === 0) throw new Error(`${id}: a balancer needs at least one backend`);
    this.n = backends.length;
    this.own = new LoadCounts(this.n);
    this.outstanding = this.own.counts;
    if (options.info.source === 'backend' && options.backendLoad === null) throw new Error(`${id}: no backend load to read`);
    this.info = makeLoadInfo(sim, options.info.source === 'backend' ? (options.backendLoad as LoadCounts) : this.own, options.info);
    this.load = this.outstanding;
    this.sent = new Float64Array(this.n);
    this.available = strategy.limit === Infinity ? Infinity : this.n;
    this.rng = sim.rng(id);
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    if (this.available > 0) {
      this.dispatch(call, this.pick(call));
    } else {
      const now = this.sim.sched.now;
      call.req.queued++;
      this.queue.push(call, now);
      this.queueLength.set(this.queue.length, now);
    }
  }

  private pick(call: Call): number {
    this.load = this.info.view(this.sim.sched.now);
    this.key = (call.req as ClientRequest).key;
    return this.strategy.pick(this);
  }

  private dispatch(call: Call, backend: number): void {
    this.acquire(backend);
    this.sent[backend]++;
    call.send(this.backends[backend], this, backend);
  }

  private acquire(backend: number): void {
    this.own.add(backend, 1, this.sim.sched.now);
    if (this.outstanding[backend] === this.strategy.limit) this.available--;
  }

  private release(backend: number): void {
    if (this.outstanding[backend] === this.strategy.limit) this.available++;
    this.own.add(backend, -1, this.sim.sched.now);
    if (this.queue.length > 0 && this.available > 0) {
      const now = this.sim.sched.now;
      const since = this.queue.peekTime();
      const next = this.queue.shift();
      this.queueLength.set(this.queue.length, now);
      const waited = now - since;
      this.totalWait += waited;
      next.req.waitedMs += waited;
      this.dispatch(next, this.pick(next));
    }
  }

  /** `backend` is the tag: which backend answered. */
  onReply(call: Call, outcome: Outcome, backend: number): void {
    if (outcome === ERROR && this.options.errorHoldMs > 0) {
      const clock = this.sim.clockOf(this.id); // the hold is measured on this balancer's clock
      this.sim.sched.at(clock.toTrue(clock.now() + this.options.errorHoldMs), this, RELEASE_HOLD, backend);
    } else {
      this.release(backend);
    }
    call.reply(outcome);
  }

  fire(_kind: number, backend: unknown): void {
    this.release(backend as number);
  }

  stats(now: number): NodeStats {
    const queued = this.strategy.limit !== Infinity;
    return {
      id: this.id,
      kind: this.kind,
      utilization: null,
      queue: queued
        ? { mean: this.queueLength.mean(now), max: this.queueLength.max, meanWait: this.calls > 0 ? this.totalWait / this.calls : 0 }
        : null,
      calls: this.calls,
      extra: { strategy: this.options.strategy, sent: Array.from(this.sent) },
    };
  }
}

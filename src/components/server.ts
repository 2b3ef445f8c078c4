/**
 * `server`: `concurrency` workers in front of one FIFO queue; each call takes a service time drawn
 * from the server's own stream. Timelike's `queue-exclusive` is `concurrency: 1`; its
 * `queue-fixed-concurrency` is `concurrency: c` with the intended semantics (c calls in service at
 * once, the rest wait in arrival order).
 *
 * With a `downstream`, a worker that finished its service time calls it and stays busy until the
 * answer comes back (a thread-per-request application calling its database); without one, the
 * server answers ok.
 *
 * A slotted server (`tick`) draws nothing: at every multiple of the tick it completes its
 * `concurrency` oldest calls (Brooker's servers, which remove their oldest request every 8 s).
 *
 * `speed` (from a pool's `speeds` or `slow`) divides every service time (and the tick).
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { OK, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';
import { Fifo } from '../engine/fifo.js';
import { TimeAverage } from '../engine/time-average.js';

const SERVICE_DONE = 0;
const TICK = 1;

export interface ServerOptions {
  concurrency: number;
  /** Exactly one of `service` and `tickMs`. */
  service?: DistSpec;
  tickMs?: number;
  /** Service times are divided by this (default 1). */
  speed?: number;
}

export class Server implements Node, Caller, EventTarget, Observed {
  readonly kind = 'server';
  private readonly rng: Rng | null;
  private readonly service: Sampler | null;
  private readonly scale: number;
  private readonly tickMs: number;
  private readonly queue = new Fifo<Call>();
  private readonly queueLength = new TimeAverage();
  private readonly busyWorkers = new TimeAverage();
  /** Time spent with 0, 1, 2, ... calls in the server (waiting or in service). */
  private timeAtDepth = new Float64Array(8);
  private depthSince = 0;
  private busy = 0;
  private calls = 0;
  private totalWait = 0;
  private tickPending = false;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: ServerOptions,
    private readonly downstream: Node | null = null,
  ) {
    if (!(options.concurrency >= 1)) throw new Error(`${id}: concurrency must be at least 1`);
    if ((options.service === undefined) === (options.tickMs === undefined)) throw new Error(`${id}: give service or tick`);
    this.scale = 1 / (options.speed ?? 1);
    this.tickMs = (options.tickMs ?? 0) * this.scale;
    this.rng = options.service !== undefined ? sim.rng(id) : null;
    this.service = options.service !== undefined ? sim.distribution(options.service) : null;
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const now = this.sim.sched.now;
    this.depthChanged(now);
    if (this.service === null) {
      if (this.queue.length >= this.options.concurrency) call.req.queued++;
      this.queue.push(call, now);
      this.queueLength.set(this.queue.length, now);
      this.busyWorkers.set(Math.min(this.queue.length, this.options.concurrency), now);
      if (!this.tickPending) this.scheduleTick(now);
    } else if (this.busy < this.options.concurrency) {
      this.start(call, now);
    } else {
      call.req.queued++;
      this.queue.push(call, now);
      this.queueLength.set(this.queue.length, now);
    }
  }

  fire(kind: number, arg: unknown): void {
    if (kind === TICK) return this.tick();
    const call = arg as Call;
    if (this.downstream !== null) call.send(this.downstream, this);
    else this.finish(call, OK);
  }

  onReply(call: Call, outcome: Outcome): void {
    if (this.service === null) call.reply(outcome); // a slotted server's worker was freed at its tick
    else this.finish(call, outcome);
  }

  private start(call: Call, now: number): void {
    this.busy++;
    this.busyWorkers.set(this.busy, now);
    this.sim.sched.after((this.service as Sampler)(this.rng as Rng) * this.scale, this, SERVICE_DONE, call);
  }

  private finish(call: Call, outcome: Outcome): void {
    const now = this.sim.sched.now;
    this.depthChanged(now);
    this.busy--;
    this.busyWorkers.set(this.busy, now);
    if (this.queue.length > 0) {
      const since = this.queue.peekTime();
      const next = this.queue.shift();
      this.queueLength.set(this.queue.length, now);
      const waited = now - since;
      this.totalWait += waited;
      next.req.waitedMs += waited;
      this.start(next, now);
    }
    call.reply(outcome);
  }

  /** The next multiple of the tick strictly after `now`. */
  private scheduleTick(now: number): void {
    this.tickPending = true;
    this.sim.sched.at((Math.floor(now / this.tickMs) + 1) * this.tickMs, this, TICK);
  }

  private tick(): void {
    const now = this.sim.sched.now;
    this.tickPending = false;
    const done = Math.min(this.queue.length, this.options.concurrency);
    const finished: Call[] = [];
    for (let k = 0; k < done; k++) {
      this.depthChanged(now);
      const since = this.queue.peekTime();
      const call = this.queue.shift();
      // waited: the time beyond the first tick after arrival
      const waited = Math.max(0, now - (Math.floor(since / this.tickMs) + 1) * this.tickMs);
      this.totalWait += waited;
      call.req.waitedMs += waited;
      finished.push(call);
    }
    this.queueLength.set(this.queue.length, now);
    this.busyWorkers.set(Math.min(this.queue.length, this.options.concurrency), now);
    if (this.queue.length > 0) this.scheduleTick(now);
    for (const call of finished) {
      if (this.downstream !== null) call.send(this.downstream, this);
      else call.reply(OK);
    }
  }

  /** Records the time spent at the current depth, just before it changes. */
  private depthChanged(now: number): void {
    const d = this.depth();
    if (d >= this.timeAtDepth.length) {
      const bigger = new Float64Array(Math.max(d + 1, this.timeAtDepth.length * 2));
      bigger.set(this.timeAtDepth);
      this.timeAtDepth = bigger;
    }
    this.timeAtDepth[d] += now - this.depthSince;
    this.depthSince = now;
  }

  depth(): number {
    return this.service === null ? this.queue.length : this.queue.length + this.busy;
  }

  /** Fraction of the time [0, now] spent with at least i calls in the server, for i = 0, 1, 2, ... */
  fractionAtLeast(now: number): number[] {
    const time = Float64Array.from(this.timeAtDepth);
    const d = this.depth();
    if (d < time.length) time[d] += now - this.depthSince;
    const out: number[] = [];
    let tail = now;
    for (let i = 0; i < time.length; i++) {
      out.push(now > 0 ? tail / now : 0);
      tail -= time[i];
    }
    return out;
  }

  stats(now: number): NodeStats {
    return {
      id: this.id,
      kind: this.kind,
      utilization: now > 0 ? this.busyWorkers.integral(now) / (this.options.concurrency * now) : 0,
      queue: {
        mean: this.queueLength.mean(now),
        max: this.queueLength.max,
        meanWait: this.calls > 0 ? this.totalWait / this.calls : 0,
      },
      calls: this.calls,
    };
  }
}

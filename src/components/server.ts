/**
 * `server`: `concurrency` workers in front of one FIFO queue; each call takes a service time drawn
 * from the server's own stream. Timelike's `queue-exclusive` is `concurrency: 1`; its
 * `queue-fixed-concurrency` is `concurrency: c` with the intended semantics (c calls in service at
 * once, the rest wait in arrival order).
 *
 * With a `downstream`, a worker that finished its service time calls it and stays busy until the
 * answer comes back (a thread-per-request application calling its database); without one, the
 * server answers ok.
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

export interface ServerOptions {
  concurrency: number;
  service: DistSpec;
}

export class Server implements Node, Caller, EventTarget, Observed {
  readonly kind = 'server';
  private readonly rng: Rng;
  private readonly service: Sampler;
  private readonly queue = new Fifo<Call>();
  private readonly queueLength = new TimeAverage();
  private readonly busyWorkers = new TimeAverage();
  private busy = 0;
  private calls = 0;
  private totalWait = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: ServerOptions,
    private readonly downstream: Node | null = null,
  ) {
    if (!(options.concurrency >= 1)) throw new Error(`${id}: concurrency must be at least 1`);
    this.rng = sim.rng(id);
    this.service = sim.distribution(options.service);
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const now = this.sim.sched.now;
    if (this.busy < this.options.concurrency) {
      this.start(call, now);
    } else {
      call.req.queued++;
      this.queue.push(call, now);
      this.queueLength.set(this.queue.length, now);
    }
  }

  fire(_kind: number, arg: unknown): void {
    const call = arg as Call;
    if (this.downstream !== null) call.send(this.downstream, this);
    else this.finish(call, OK);
  }

  onReply(call: Call, outcome: Outcome): void {
    this.finish(call, outcome);
  }

  private start(call: Call, now: number): void {
    this.busy++;
    this.busyWorkers.set(this.busy, now);
    this.sim.sched.after(this.service(this.rng), this, SERVICE_DONE, call);
  }

  private finish(call: Call, outcome: Outcome): void {
    const now = this.sim.sched.now;
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

  depth(): number {
    return this.queue.length + this.busy;
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

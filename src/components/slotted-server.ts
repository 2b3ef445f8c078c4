/**
 * A slotted `server` (`tick` instead of `service`): it draws nothing; at every multiple of the tick
 * it completes its `concurrency` oldest calls (Brooker's servers, which remove their oldest request
 * every 8 s). It has an unbounded FIFO queue. With a `downstream`, a completed call goes on to it
 * and its answer passes through; without one, the server answers ok.
 *
 * Node faults (through its `NodeLifecycle`): a crash loses every call in the server (queued, or
 * gone downstream) and every call that arrives while it is down; a pause skips the ticks that fall
 * in it (the queue keeps growing) and holds the answers from downstream until it ends. It cannot be
 * slowed: it has no service time.
 *
 * `speed` (from a pool's `speeds` or `slow`) divides the tick.
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { DOWN, OK, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import { TimeAverage } from '../stats/time-average.js';
import { FifoQueue } from './queues/index.js';
import type { FaultableNode } from '../faults/node-faults.js';
import { NodeLifecycle, type HeldAnswer } from '../faults/lifecycle.js';
import { TimeAtDepth } from './time-at-depth.js';
import { workerStats } from './server.js';

export interface SlottedServerOptions {
  concurrency: number;
  /** The tick: at each multiple of it, the `concurrency` oldest calls complete. */
  tickMs: number;
  /** The tick is divided by this (default 1). */
  speed?: number;
}

export class SlottedServer implements Node, Caller, EventTarget, Observed, FaultableNode {
  readonly kind = 'server';
  readonly lifecycle: NodeLifecycle;
  private readonly tickMs: number;
  private readonly concurrency: number;
  private queue = new FifoQueue();
  private readonly queueLength = new TimeAverage();
  private readonly busyWorkers = new TimeAverage();
  /** Time spent with 0, 1, 2, ... calls in the server. */
  private readonly atDepth = new TimeAtDepth();
  private calls = 0;
  private totalWait = 0;
  private tickPending = false;
  /** Calls gone downstream (their answers not yet passed on), so a crash can lose them. */
  private readonly sentDownstream: Set<Call> | null;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    options: SlottedServerOptions,
    private readonly downstream: Node | null = null,
  ) {
    if (!(options.concurrency >= 1)) throw new Error(`${id}: concurrency must be at least 1`);
    if (!(options.tickMs > 0)) throw new Error(`${id}: tick must be greater than 0`);
    this.concurrency = options.concurrency;
    this.tickMs = options.tickMs * (1 / (options.speed ?? 1)); // times 1/speed, as always (dividing may differ in the last bit)
    this.sentDownstream = downstream !== null ? new Set() : null;
    this.lifecycle = new NodeLifecycle(
      sim,
      id,
      {
        crashed: (now) => this.crashed(now),
        paused: () => {}, // a tick that falls in the pause is skipped (see tick)
        resumed: (now, held) => this.resumed(now, held),
        holdsWork: () => this.depth() > 0,
      },
      { slowable: false },
    );
    sim.observe(this);
    sim.observeDepth(this);
  }

  call(call: Call): void {
    this.calls++;
    const life = this.lifecycle;
    if (life.down) return life.loseArrival(call);
    const now = this.sim.sched.now;
    this.depthChanged(now);
    if (this.queue.length >= this.concurrency) call.req.queued++;
    this.queue.push(call, now, now);
    this.queueLength.set(this.queue.length, now);
    this.busyWorkers.set(Math.min(this.queue.length, this.concurrency), now);
    if (!this.tickPending) this.scheduleTick(now);
  }

  /** The one event of a slotted server: a tick. */
  fire(): void {
    this.tick();
  }

  /** The answer of a call this server sent downstream: passed on to its caller. */
  onReply(call: Call, outcome: Outcome): void {
    const sent = this.sentDownstream as Set<Call>;
    if (!sent.has(call)) {
      this.lifecycle.lateAnswer(); // lost in a crash
      return;
    }
    if (this.lifecycle.paused) return this.lifecycle.hold(call, outcome, 0);
    sent.delete(call);
    call.reply(outcome);
  }

  /** The next multiple of the tick strictly after `now`. */
  private scheduleTick(now: number): void {
    this.tickPending = true;
    this.sim.sched.at((Math.floor(now / this.tickMs) + 1) * this.tickMs, this);
  }

  private tick(): void {
    const now = this.sim.sched.now;
    this.tickPending = false;
    if (this.lifecycle.paused) {
      // a tick in a pause is skipped
      if (this.queue.length > 0) this.scheduleTick(now);
      return;
    }
    const done = Math.min(this.queue.length, this.concurrency);
    const finished: Call[] = [];
    for (let k = 0; k < done; k++) {
      this.depthChanged(now);
      const call = this.queue.take();
      const since = this.queue.enqueuedAt;
      // waited: the time beyond the first tick after arrival
      const waited = Math.max(0, now - (Math.floor(since / this.tickMs) + 1) * this.tickMs);
      this.totalWait += waited;
      call.req.waitedMs += waited;
      finished.push(call);
    }
    this.queueLength.set(this.queue.length, now);
    this.busyWorkers.set(Math.min(this.queue.length, this.concurrency), now);
    if (this.queue.length > 0) this.scheduleTick(now);
    for (const call of finished) {
      if (this.downstream !== null) {
        this.sentDownstream?.add(call);
        call.send(this.downstream, this);
      } else {
        call.reply(OK);
      }
    }
  }

  // Lifecycle hooks.

  /** Crashed: the calls gone downstream and the queued ones are lost; the queue restarts empty. */
  private crashed(now: number): number {
    this.depthChanged(now);
    let lost = 0;
    if (this.sentDownstream !== null) {
      for (const call of this.sentDownstream) call.lose(DOWN);
      lost += this.sentDownstream.size;
      this.sentDownstream.clear();
    }
    while (this.queue.length > 0) {
      this.queue.takeOldest().lose(DOWN);
      lost++;
    }
    this.busyWorkers.set(0, now);
    this.queueLength.set(0, now);
    this.queue = new FifoQueue();
    return lost;
  }

  /** Resumed: the answers held during the pause pass on, in the order they came. */
  private resumed(now: number, held: readonly HeldAnswer[]): void {
    this.depthChanged(now);
    const sent = this.sentDownstream as Set<Call>;
    for (const { call, outcome } of held) if (sent.delete(call)) call.reply(outcome);
  }

  /** Records the time spent at the current depth, just before it changes. */
  private depthChanged(now: number): void {
    this.atDepth.record(this.depth(), now);
  }

  /** Calls in the server, waiting for a tick. */
  depth(): number {
    return this.queue.length;
  }

  /** Fraction of the time [0, now] spent with at least i calls in the server, for i = 0, 1, 2, ... */
  fractionAtLeast(now: number): number[] {
    return this.atDepth.fractionAtLeast(this.depth(), now);
  }

  stats(now: number): NodeStats {
    const stats = workerStats(this, this.concurrency, this.busyWorkers, this.queueLength, this.totalWait, this.calls, now);
    if (!this.lifecycle.armedAny) return stats;
    const extra: Record<string, unknown> = {};
    this.lifecycle.addFigures(extra, now);
    return { ...stats, extra };
  }
}

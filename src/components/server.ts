/**
 * `server`: `concurrency` workers in front of one queue; each call takes a service time drawn from
 * the server's own stream (or given by a replayed trace). Timelike's `queue-exclusive` is
 * `concurrency: 1`; its `queue-fixed-concurrency` is `concurrency: c` with the intended semantics
 * (c calls in service at once, the rest wait in arrival order). (With `tick` instead of `service-time`,
 * a server is slotted: `slotted-server.ts`.)
 *
 * With a `downstream`, a worker that finished its service time calls it and stays busy until the
 * answer comes back (a thread-per-request application calling its database); without one, the
 * server answers ok.
 *
 * The queue (`queue:`) is unbounded FIFO by default. It may hold at most `capacity` waiting calls
 * (the calls in service are not counted); a call that finds it full is dropped (`drop-tail`: lost, its
 * caller learns by a timeout), drops the oldest waiting call in its place (`drop-head`), is answered
 * `rejected` at once (`reject`), or waits at the door (`block`): outside the queue, in arrival order,
 * until room frees up, so its caller (an upstream worker) stays busy and the pressure propagates
 * upstream. A blocked call whose caller gave up (a timeout above it) is withdrawn when it reaches
 * the head of the door line, never admitted: a send that timed out while blocked was never sent. The discipline orders the waiting calls (fifo, lifo, priority classes, CoDel, see
 * `queues/`), and a `deadline` drops, instead of serving, a call that has already waited at this
 * server (door and queue) longer than the deadline when a worker would take it.
 *
 * Node faults (`src/faults/`, through the server's `NodeLifecycle`): a crash loses every call in
 * the server (in service, waiting for the downstream, queued, at the door) and every call that
 * arrives while it is down, and it restarts with an empty queue; a pause stops the world (nothing
 * starts or finishes, service in progress is stretched by the pause, answers from downstream wait
 * for its end, and the queue keeps growing; admission still applies, as the network stack's accept
 * queue would); a slowdown multiplies the service times of the calls that start during it.
 *
 * `speed` (from a pool's `speeds` or `slow`) divides every service time.
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import type { EventTarget, EventHandle } from '../engine/scheduler.js';
import { DOWN, OK, QUEUE, REJECTED, type Call, type LossReason, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';
import { TimeAverage } from '../stats/time-average.js';
import type { QueueOverflow, QueueSpec } from '../spec/scenario.js';
import { Deque, makeDiscipline, type Discipline } from './queues/index.js';
import type { FaultableNode } from '../faults/node-faults.js';
import { NodeLifecycle, type HeldAnswer } from '../faults/lifecycle.js';
import { TimeAtDepth } from './time-at-depth.js';
import type { ClientRequest } from '../load/request.js';

/** `slotEvent` of a worker waiting for its downstream, or frozen by a pause. */
const NO_EVENT = -1;
const FROZEN = -2;

export interface ServerOptions {
  concurrency: number;
  /** The time to serve one call. */
  serviceTime: DistSpec;
  /** Service times are divided by this (default 1). */
  speed?: number;
  /** Bounded queue, overflow policy, discipline, deadline (default: unbounded FIFO). */
  queue?: QueueSpec;
}

/** The queueing server: workers, a queue with its discipline and overflow policy, service-time draws. */
export class Server implements Node, Caller, EventTarget, Observed, FaultableNode {
  readonly kind = 'server';
  readonly lifecycle: NodeLifecycle;
  private readonly rng: Rng;
  private readonly serviceTime: Sampler;
  private readonly scale: number;
  private readonly concurrency: number;
  private readonly capacity: number;
  private readonly overflow: QueueOverflow;
  private readonly deadlineMs: number;
  private queue: Discipline;
  /** Calls blocked outside a full queue (overflow: block), in arrival order. */
  private readonly door = new Deque<Call>(4);
  private readonly queueLength = new TimeAverage();
  private readonly doorLength = new TimeAverage();
  private readonly busyWorkers = new TimeAverage();
  /** Time spent with 0, 1, 2, ... calls in the server (waiting or in service). */
  private readonly atDepth = new TimeAtDepth();
  private busy = 0;
  private calls = 0;
  private totalWait = 0;
  private maxWait = 0;
  private doorWait = 0;

  /** Workers: the call each holds, its service-done event (or NO_EVENT, FROZEN), when its service ends (the time left while frozen). */
  private readonly slotCall: (Call | null)[] = [];
  private readonly slotEvent: EventHandle[] = [];
  private readonly slotEnd: number[] = [];
  private readonly freeSlots: number[] = [];

  // Shedding.
  private droppedOverflow = 0;
  private droppedDeadline = 0;
  private droppedCodel = 0;
  private rejected = 0;
  private blocked = 0;
  private withdrawn = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: ServerOptions,
    private readonly downstream: Node | null = null,
  ) {
    if (!(options.concurrency >= 1)) throw new Error(`${id}: concurrency must be at least 1`);
    if (options.serviceTime === undefined) throw new Error(`${id}: give service-time or tick`);
    this.concurrency = options.concurrency;
    this.scale = 1 / (options.speed ?? 1);
    this.rng = sim.rng(id);
    this.serviceTime = sim.distribution(options.serviceTime);
    const q = options.queue;
    this.capacity = q?.capacity ?? Infinity;
    this.overflow = q?.overflow ?? 'drop-tail';
    this.deadlineMs = q?.deadlineMs ?? Infinity;
    this.queue = this.newQueue();
    this.lifecycle = new NodeLifecycle(sim, id, {
      crashed: (now) => this.crashed(now),
      paused: (now) => this.paused(now),
      resumed: (now, held) => this.resumed(now, held),
      holdsWork: () => this.depth() > 0,
    });
    sim.observe(this);
    sim.observeDepth(this);
  }

  private newQueue(): Discipline {
    return makeDiscipline(this.options.queue, (call, enqueuedAt, arrivedAt) => {
      this.droppedCodel++;
      this.drop(call, enqueuedAt, arrivedAt, this.sim.sched.now, QUEUE);
    });
  }

  call(call: Call): void {
    this.calls++;
    const life = this.lifecycle;
    if (life.down) return life.loseArrival(call);
    const now = this.sim.sched.now;
    this.depthChanged(now);
    if (this.busy < this.concurrency && !life.paused && this.door.length === 0) {
      this.start(call, now);
    } else {
      this.wait(call, now);
      if (life.paused) life.keepAlive();
    }
  }

  /** A call that cannot start now: it waits in the queue, or overflows. */
  private wait(call: Call, now: number): void {
    if (this.door.length > 0) return this.block(call, now); // behind those already at the door
    if (this.queue.length < this.capacity) return this.enqueue(call, now);
    switch (this.overflow) {
      case 'drop-tail':
        this.droppedOverflow++;
        call.lose(QUEUE);
        return;
      case 'drop-head': {
        // in, then out goes the oldest of the lowest class: the newcomer itself when its class is
        // below every waiting call's, or when there is no waiting room at all
        this.droppedOverflow++;
        this.queue.push(call, now, now);
        const victim = this.queue.takeOldest();
        if (victim !== call) call.req.queued++;
        this.drop(victim, this.queue.enqueuedAt, this.queue.arrivedAt, now, QUEUE);
        this.queueLength.set(this.queue.length, now);
        return;
      }
      case 'reject':
        this.rejected++;
        call.reply(REJECTED);
        return;
      case 'block':
        return this.block(call, now);
    }
  }

  private enqueue(call: Call, now: number): void {
    call.req.queued++;
    this.queue.push(call, now, now);
    this.queueLength.set(this.queue.length, now);
  }

  private block(call: Call, now: number): void {
    this.blocked++;
    call.req.queued++;
    this.door.push(call, now, now);
    this.doorLength.set(this.door.length, now);
  }

  /** A waiting call leaves without service (drop-head, CoDel, crash): its wait counts, and it is lost. */
  private drop(call: Call, enqueuedAt: number, arrivedAt: number, now: number, reason: LossReason): void {
    const waited = now - enqueuedAt;
    this.totalWait += waited;
    if (waited > this.maxWait) this.maxWait = waited;
    call.req.waitedMs += now - arrivedAt;
    call.lose(reason);
  }

  /** The one event of a server: the service of the call in worker `slot` is done. */
  fire(_kind: number, arg: unknown): void {
    const slot = arg as number;
    this.slotEvent[slot] = NO_EVENT;
    const call = this.slotCall[slot] as Call;
    if (this.downstream !== null) call.send(this.downstream, this, slot);
    else this.finish(slot, OK);
  }

  /** `slot` is the tag: which worker sent the call downstream. */
  onReply(call: Call, outcome: Outcome, slot: number): void {
    if (this.slotCall[slot] !== call) {
      this.lifecycle.lateAnswer(); // lost in a crash
      return;
    }
    if (this.lifecycle.paused) return this.lifecycle.hold(call, outcome, slot);
    this.finish(slot, outcome);
  }

  private start(call: Call, now: number): void {
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.slotCall.length;
    this.slotCall[slot] = call;
    this.busy++;
    this.busyWorkers.set(this.busy, now);
    // A replayed trace's service time (load.replay service-column) replaces the draw.
    const traced = (call.req as ClientRequest).serviceMs;
    const service = traced >= 0 ? traced : this.serviceTime(this.rng);
    const ms = service * this.scale * this.lifecycle.slowFactor;
    this.slotEnd[slot] = now + ms;
    this.slotEvent[slot] = this.sim.sched.after(ms, this, 0, slot);
  }

  private finish(slot: number, outcome: Outcome): void {
    const now = this.sim.sched.now;
    this.depthChanged(now);
    this.busy--;
    this.busyWorkers.set(this.busy, now);
    const call = this.slotCall[slot] as Call;
    this.slotCall[slot] = null;
    this.freeSlots.push(slot);
    this.pump(now);
    call.reply(outcome);
  }

  /**
   * Fills free workers from the queue (dropping calls past their deadline), and lets calls in from
   * the door while there is room.
   */
  private pump(now: number): void {
    const life = this.lifecycle;
    if (life.down || life.paused) return;
    const c = this.concurrency;
    for (;;) {
      if (this.busy < c && this.queue.length > 0) {
        const next = this.queue.take(now);
        this.queueLength.set(this.queue.length, now);
        if (next === null) continue; // CoDel dropped every waiting call
        const waited = now - this.queue.enqueuedAt;
        this.totalWait += waited;
        if (waited > this.maxWait) this.maxWait = waited;
        const atServer = now - this.queue.arrivedAt;
        next.req.waitedMs += atServer;
        if (atServer > this.deadlineMs) {
          this.droppedDeadline++;
          next.lose(QUEUE);
          continue;
        }
        this.start(next, now);
      } else if (this.door.length > 0 && (this.busy < c || this.queue.length < this.capacity)) {
        const call = this.door.shift();
        const arrivedAt = this.door.arrivedAt;
        this.doorLength.set(this.door.length, now);
        this.doorWait += now - arrivedAt;
        if (call.abandoned) {
          // its caller gave up while it was blocked: a send that timed out was never sent
          this.withdrawn++;
          continue;
        }
        if (this.busy < c) {
          // the queue is empty: straight into service
          call.req.waitedMs += now - arrivedAt;
          if (now - arrivedAt > this.deadlineMs) {
            this.droppedDeadline++;
            call.lose(QUEUE);
            continue;
          }
          this.start(call, now);
        } else {
          this.queue.push(call, now, arrivedAt);
          this.queueLength.set(this.queue.length, now);
        }
      } else {
        return;
      }
    }
  }

  // Lifecycle hooks.

  /** Crashed: every call is lost (in service, waiting for the downstream, queued, at the door); the queue restarts empty. */
  private crashed(now: number): number {
    const sched = this.sim.sched;
    this.depthChanged(now);
    let lost = 0;
    // every worker's call: in service, or waiting for the downstream
    this.freeSlots.length = 0;
    for (let slot = this.slotCall.length - 1; slot >= 0; slot--) this.freeSlots.push(slot);
    for (let slot = 0; slot < this.slotCall.length; slot++) {
      const call = this.slotCall[slot];
      if (call === null) continue;
      if (this.slotEvent[slot] >= 0) sched.cancel(this.slotEvent[slot]);
      this.slotEvent[slot] = NO_EVENT;
      this.slotCall[slot] = null;
      call.lose(DOWN);
      lost++;
    }
    this.busy = 0;
    while (this.queue.length > 0) {
      const call = this.queue.takeOldest();
      this.drop(call, this.queue.enqueuedAt, this.queue.arrivedAt, now, DOWN);
      lost++;
    }
    while (this.door.length > 0) {
      const call = this.door.shift();
      this.doorWait += now - this.door.arrivedAt;
      call.req.waitedMs += now - this.door.arrivedAt;
      call.lose(DOWN);
      lost++;
    }
    this.busyWorkers.set(0, now);
    this.queueLength.set(0, now);
    this.doorLength.set(0, now);
    this.queue = this.newQueue(); // it restarts empty, CoDel's state forgotten
    return lost;
  }

  /** Paused: every service in progress freezes, keeping the time it has left. */
  private paused(now: number): void {
    const sched = this.sim.sched;
    for (let slot = 0; slot < this.slotCall.length; slot++) {
      if (this.slotEvent[slot] < 0) continue;
      sched.cancel(this.slotEvent[slot]);
      this.slotEvent[slot] = FROZEN;
      this.slotEnd[slot] -= now; // the service time left
    }
  }

  /** Resumed: frozen services go on, held answers finish their workers, and free workers take from the queue. */
  private resumed(now: number, held: readonly HeldAnswer[]): void {
    const sched = this.sim.sched;
    this.depthChanged(now); // calls may leave unserved below (deadline, CoDel, withdrawn)
    for (let slot = 0; slot < this.slotCall.length; slot++) {
      if (this.slotEvent[slot] !== FROZEN) continue;
      this.slotEnd[slot] += now;
      this.slotEvent[slot] = sched.at(this.slotEnd[slot], this, 0, slot);
    }
    for (const { call, outcome, tag } of held) if (this.slotCall[tag] === call) this.finish(tag, outcome);
    this.pump(now);
  }

  /** Records the time spent at the current depth, just before it changes. */
  private depthChanged(now: number): void {
    this.atDepth.record(this.depth(), now);
  }

  /** Calls in the server: waiting (at the door too) or in service. */
  depth(): number {
    return this.queue.length + this.busy + this.door.length;
  }

  /** What it holds now, for `replay --until` (engine/node.ts `Stateful`). */
  state(): Record<string, unknown> {
    return { queued: this.queue.length, inService: this.busy, atDoor: this.door.length, down: this.lifecycle.down, paused: this.lifecycle.paused };
  }

  /** Fraction of the time [0, now] spent with at least i calls in the server, for i = 0, 1, 2, ... */
  fractionAtLeast(now: number): number[] {
    return this.atDepth.fractionAtLeast(this.depth(), now);
  }

  stats(now: number): NodeStats {
    const stats = workerStats(this, this.options.concurrency, this.busyWorkers, this.queueLength, this.totalWait, this.calls, now);
    const q = this.options.queue;
    if (q === undefined && !this.lifecycle.armedAny) return stats; // the plain server's figures, unchanged
    const extra: Record<string, unknown> = {};
    if (q !== undefined) {
      Object.assign(extra, {
        discipline: q.discipline,
        capacity: this.capacity,
        overflow: this.overflow,
        ...(q.deadlineMs !== undefined && { deadlineMs: q.deadlineMs }),
        dropped: this.droppedOverflow + this.droppedDeadline + this.droppedCodel,
        droppedBy: { overflow: this.droppedOverflow, deadline: this.droppedDeadline, codel: this.droppedCodel },
        rejected: this.rejected,
        blocked: this.blocked,
        ...(this.overflow === 'block' && { withdrawn: this.withdrawn }),
        maxWait: this.maxWait,
      });
      if (this.overflow === 'block') {
        extra.door = { mean: this.doorLength.mean(now), max: this.doorLength.max, meanWait: this.calls > 0 ? this.doorWait / this.calls : 0 };
      }
    }
    this.lifecycle.addFigures(extra, now);
    return { ...stats, extra };
  }
}

/**
 * The figures every server reports, queueing or slotted: busy worker-time over the workers' time,
 * the time-average and largest number of waiting calls, and the mean wait of a call.
 */
export function workerStats(
  node: { readonly id: string; readonly kind: string },
  concurrency: number,
  busyWorkers: TimeAverage,
  queueLength: TimeAverage,
  totalWaitMs: number,
  calls: number,
  now: number,
): NodeStats {
  return {
    id: node.id,
    kind: node.kind,
    utilization: now > 0 ? busyWorkers.integral(now) / (concurrency * now) : 0,
    queue: { mean: queueLength.mean(now), max: queueLength.max, meanWait: calls > 0 ? totalWaitMs / calls : 0 },
    calls,
  };
}

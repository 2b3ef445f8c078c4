/**
 * `server`: `concurrency` workers in front of one queue; each call takes a service time drawn from
 * the server's own stream (or given by a replayed trace). Timelike's `queue-exclusive` is
 * `concurrency: 1`; its `queue-fixed-concurrency` is `concurrency: c` with the intended semantics
 * (c calls in service at once, the rest wait in arrival order).
 *
 * With a `downstream`, a worker that finished its service time calls it and stays busy until the
 * answer comes back (a thread-per-request application calling its database); without one, the
 * server answers ok.
 *
 * The queue (`queue:`) is unbounded FIFO by default. It may hold at most `capacity` waiting calls
 * (the calls in service are not counted); a call that finds it full is shed (`drop-tail`: lost, its
 * caller learns by a timeout), sheds the oldest waiting call in its place (`drop-head`), is answered
 * `rejected` at once (`reject`), or waits at the door (`block`): outside the queue, in arrival order,
 * until room frees up, so its caller (an upstream worker) stays busy and the pressure propagates
 * upstream. A blocked call whose caller gave up (a timeout above it) is withdrawn when it reaches
 * the head of the door line, never admitted: a send that timed out while blocked was never sent. The discipline orders the waiting calls (fifo, lifo, priority classes, CoDel, see
 * `queues/`), and a `deadline` drops, instead of serving, a call that has already waited at this
 * server (door and queue) longer than the deadline when a worker would take it.
 *
 * Node faults (`src/faults/`): a crash loses every call in the server (in service, waiting for the
 * downstream, queued, at the door) and every call that arrives while it is down, and it restarts
 * with an empty queue; a pause stops the world (nothing starts or finishes, service in progress is
 * stretched by the pause, answers from downstream wait for its end, and the queue keeps growing;
 * admission still applies, as the network stack's accept queue would); a slowdown multiplies the
 * service times of the calls that start during it.
 *
 * A slotted server (`tick`) draws nothing: at every multiple of the tick it completes its
 * `concurrency` oldest calls (Brooker's servers, which remove their oldest request every 8 s). It
 * has an unbounded FIFO queue; it can crash and pause (a tick that falls in a pause is skipped).
 *
 * `speed` (from a pool's `speeds` or `slow`) divides every service time (and the tick).
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import type { EventTarget, EventHandle } from '../engine/scheduler.js';
import { OK, REJECTED, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';
import { TimeAverage } from '../stats/time-average.js';
import type { QueueOverflow, QueueSpec } from '../spec/scenario.js';
import { Deque, makeDiscipline, type Discipline } from './queues/index.js';
import type { FaultableNode, NodeFaultKind } from '../faults/node-faults.js';
import { faultWindows, type FaultWindow } from '../faults/windows.js';
import { Work } from '../engine/work.js';
import type { ClientRequest } from '../load/request.js';

const SERVICE_DONE = 0;
const TICK = 1;
const RESUME = 2;
const RESTART = 3;
const UNSLOW = 4;

/** `slotEvent` of a worker waiting for its downstream, or frozen by a pause. */
const NO_EVENT = -1;
const FROZEN = -2;

export interface ServerOptions {
  concurrency: number;
  /** Exactly one of `service` and `tickMs`. */
  service?: DistSpec;
  tickMs?: number;
  /** Service times are divided by this (default 1). */
  speed?: number;
  /** Bounded queue, overflow policy, discipline, deadline (default: unbounded FIFO). */
  queue?: QueueSpec;
}

export class Server implements Node, Caller, EventTarget, Observed, FaultableNode {
  readonly kind = 'server';
  private readonly rng: Rng | null;
  private readonly service: Sampler | null;
  private readonly scale: number;
  private readonly tickMs: number;
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
  private timeAtDepth = new Float64Array(8);
  private depthSince = 0;
  private busy = 0;
  private calls = 0;
  private totalWait = 0;
  private maxWait = 0;
  private doorWait = 0;
  private tickPending = false;

  /** Workers: the call each holds, its service-done event (or NO_EVENT, FROZEN), when its service ends (the time left while frozen). */
  private readonly slotCall: (Call | null)[] = [];
  private readonly slotEvent: EventHandle[] = [];
  private readonly slotEnd: number[] = [];
  private readonly freeSlots: number[] = [];
  /** A slotted server's calls gone downstream, so a crash can lose them. */
  private readonly sentDownstream: Set<Call> | null;

  // Shedding.
  private droppedOverflow = 0;
  private droppedDeadline = 0;
  private droppedCodel = 0;
  private rejected = 0;
  private blocked = 0;
  private withdrawn = 0;

  // Faults.
  private readonly armed = new Set<NodeFaultKind>();
  private down = false;
  private downSince = 0;
  private downMs = 0;
  private restartEvent: EventHandle = NO_EVENT;
  private crashWindow: FaultWindow | null = null;
  private crashes = 0;
  private lostInCrash = 0;
  private lostWhileDown = 0;
  private lateAnswers = 0;
  private paused = false;
  private pauseSince = 0;
  private pausedMs = 0;
  private pauses = 0;
  private resumeEvent: EventHandle = NO_EVENT;
  /** Open while a pause holds calls: the resume event (held by it) then keeps the run going. */
  private readonly holding: Work;
  private pauseWindow: FaultWindow | null = null;
  /** Answers from downstream that came during a pause: delivered when it ends. */
  private heldCalls: Call[] = [];
  private heldSlots: number[] = [];
  private heldOutcomes: Outcome[] = [];
  private slowFactor = 1;
  private readonly slowFactors: number[] = [];
  private slowdowns = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: ServerOptions,
    private readonly downstream: Node | null = null,
  ) {
    if (!(options.concurrency >= 1)) throw new Error(`${id}: concurrency must be at least 1`);
    if ((options.service === undefined) === (options.tickMs === undefined)) throw new Error(`${id}: give service or tick`);
    if (options.tickMs !== undefined && options.queue !== undefined) throw new Error(`${id}: a slotted server (tick) has no queue options`);
    this.concurrency = options.concurrency;
    this.scale = 1 / (options.speed ?? 1);
    this.tickMs = (options.tickMs ?? 0) * this.scale;
    this.rng = options.service !== undefined ? sim.rng(id) : null;
    this.service = options.service !== undefined ? sim.distribution(options.service) : null;
    const q = options.queue;
    this.capacity = q?.capacity ?? Infinity;
    this.overflow = q?.overflow ?? 'drop-tail';
    this.deadlineMs = q?.deadlineMs ?? Infinity;
    this.queue = this.newQueue();
    this.sentDownstream = this.service === null && downstream !== null ? new Set() : null;
    this.holding = new Work(sim.sched);
    sim.observe(this);
  }

  private newQueue(): Discipline {
    return makeDiscipline(this.options.queue, (call, enqueuedAt, arrivedAt) => {
      this.droppedCodel++;
      this.shed(call, enqueuedAt, arrivedAt, this.sim.sched.now);
    });
  }

  call(call: Call): void {
    this.calls++;
    const now = this.sim.sched.now;
    if (this.down) {
      this.lostWhileDown++;
      call.lose();
      return;
    }
    this.depthChanged(now);
    if (this.service === null) {
      if (this.queue.length >= this.concurrency) call.req.queued++;
      this.queue.push(call, now, now);
      this.queueLength.set(this.queue.length, now);
      this.busyWorkers.set(Math.min(this.queue.length, this.concurrency), now);
      if (!this.tickPending) this.scheduleTick(now);
    } else if (this.busy < this.concurrency && !this.paused && this.door.length === 0) {
      this.start(call, now);
    } else {
      this.wait(call, now);
      if (this.paused) this.keepAlive();
    }
  }

  /** A call that cannot start now: it waits in the queue, or overflows. */
  private wait(call: Call, now: number): void {
    if (this.door.length > 0) return this.block(call, now); // behind those already at the door
    if (this.queue.length < this.capacity) return this.enqueue(call, now);
    switch (this.overflow) {
      case 'drop-tail':
        this.droppedOverflow++;
        call.lose();
        return;
      case 'drop-head': {
        // in, then out goes the oldest of the lowest class: the newcomer itself when its class is
        // below every waiting call's, or when there is no waiting room at all
        this.droppedOverflow++;
        this.queue.push(call, now, now);
        const victim = this.queue.takeOldest();
        if (victim !== call) call.req.queued++;
        this.shed(victim, this.queue.enqueuedAt, this.queue.arrivedAt, now);
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
  private shed(call: Call, enqueuedAt: number, arrivedAt: number, now: number): void {
    const waited = now - enqueuedAt;
    this.totalWait += waited;
    if (waited > this.maxWait) this.maxWait = waited;
    call.req.waitedMs += now - arrivedAt;
    call.lose();
  }

  fire(kind: number, arg: unknown): void {
    switch (kind) {
      case SERVICE_DONE: {
        const slot = arg as number;
        this.slotEvent[slot] = NO_EVENT;
        const call = this.slotCall[slot] as Call;
        if (this.downstream !== null) call.send(this.downstream, this, slot);
        else this.finish(slot, OK);
        return;
      }
      case TICK:
        return this.tick();
      case RESUME:
        return this.resume();
      case RESTART:
        return this.restart();
      case UNSLOW:
        return this.unslow(arg as number);
    }
  }

  /** `slot` is the tag: which worker sent the call downstream. */
  onReply(call: Call, outcome: Outcome, slot: number): void {
    if (this.service === null) {
      // a slotted server's worker was freed at its tick: the answer passes through
      if (this.sentDownstream !== null && !this.sentDownstream.delete(call)) {
        this.lateAnswers++; // lost in a crash
        return;
      }
      if (this.paused) return this.hold(call, 0, outcome);
      call.reply(outcome);
      return;
    }
    if (this.slotCall[slot] !== call) {
      this.lateAnswers++; // lost in a crash
      return;
    }
    if (this.paused) return this.hold(call, slot, outcome);
    this.finish(slot, outcome);
  }

  private hold(call: Call, slot: number, outcome: Outcome): void {
    this.heldCalls.push(call);
    this.heldSlots.push(slot);
    this.heldOutcomes.push(outcome);
    this.keepAlive();
  }

  private start(call: Call, now: number): void {
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.slotCall.length;
    this.slotCall[slot] = call;
    this.busy++;
    this.busyWorkers.set(this.busy, now);
    // A replayed trace's service time (load.replay service-column) replaces the draw.
    const traced = (call.req as ClientRequest).serviceMs;
    const service = traced >= 0 ? traced : (this.service as Sampler)(this.rng as Rng);
    const ms = service * this.scale * this.slowFactor;
    this.slotEnd[slot] = now + ms;
    this.slotEvent[slot] = this.sim.sched.after(ms, this, SERVICE_DONE, slot);
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
    if (this.down || this.paused) return;
    const c = this.concurrency;
    for (;;) {
      if (this.busy < c && this.queue.length > 0) {
        const next = this.queue.take(now);
        this.queueLength.set(this.queue.length, now);
        if (next === null) continue; // CoDel shed every waiting call
        const waited = now - this.queue.enqueuedAt;
        this.totalWait += waited;
        if (waited > this.maxWait) this.maxWait = waited;
        const atServer = now - this.queue.arrivedAt;
        next.req.waitedMs += atServer;
        if (atServer > this.deadlineMs) {
          this.droppedDeadline++;
          next.lose();
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
            call.lose();
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

  /** The next multiple of the tick strictly after `now`. */
  private scheduleTick(now: number): void {
    this.tickPending = true;
    this.sim.sched.at((Math.floor(now / this.tickMs) + 1) * this.tickMs, this, TICK);
  }

  private tick(): void {
    const now = this.sim.sched.now;
    this.tickPending = false;
    if (this.paused) {
      // a tick in a pause is skipped
      if (this.queue.length > 0) this.scheduleTick(now);
      return;
    }
    const done = Math.min(this.queue.length, this.concurrency);
    const finished: Call[] = [];
    for (let k = 0; k < done; k++) {
      this.depthChanged(now);
      const call = this.queue.take(now) as Call;
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

  // Node faults.

  supportsFault(kind: NodeFaultKind): boolean {
    return kind !== 'slow' || this.service !== null;
  }

  armFault(kind: NodeFaultKind): void {
    this.armed.add(kind);
  }

  crash(restartAtMs: number): void {
    const sched = this.sim.sched;
    const now = sched.now;
    if (this.down) {
      // already down: a later restart wins
      const window = this.crashWindow as FaultWindow;
      if (restartAtMs > window.end) {
        if (this.restartEvent !== NO_EVENT) sched.cancel(this.restartEvent);
        this.restartEvent = restartAtMs < Infinity ? sched.at(restartAtMs, this, RESTART, undefined, true) : NO_EVENT;
        window.end = restartAtMs;
      }
      return;
    }
    this.depthChanged(now);
    if (this.paused) this.endPause(now);
    this.heldCalls = [];
    this.heldSlots = [];
    this.heldOutcomes = [];
    this.down = true;
    this.downSince = now;
    this.crashes++;
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
      call.lose();
      lost++;
    }
    this.busy = 0;
    if (this.sentDownstream !== null) {
      for (const call of this.sentDownstream) call.lose();
      lost += this.sentDownstream.size;
      this.sentDownstream.clear();
    }
    const slotted = this.service === null;
    while (this.queue.length > 0) {
      const call = this.queue.takeOldest();
      if (slotted) call.lose();
      else this.shed(call, this.queue.enqueuedAt, this.queue.arrivedAt, now);
      lost++;
    }
    while (this.door.length > 0) {
      const call = this.door.shift();
      this.doorWait += now - this.door.arrivedAt;
      call.req.waitedMs += now - this.door.arrivedAt;
      call.lose();
      lost++;
    }
    this.busyWorkers.set(0, now);
    this.queueLength.set(0, now);
    this.doorLength.set(0, now);
    this.lostInCrash += lost;
    this.queue = this.newQueue(); // it restarts empty, CoDel's state forgotten
    this.crashWindow = { node: this.id, kind: 'crash', start: now, end: restartAtMs };
    faultWindows(this.sim).push(this.crashWindow);
    this.restartEvent = restartAtMs < Infinity ? sched.at(restartAtMs, this, RESTART, undefined, true) : NO_EVENT;
  }

  private restart(): void {
    const now = this.sim.sched.now;
    this.down = false;
    this.downMs += now - this.downSince;
    this.restartEvent = NO_EVENT;
    (this.crashWindow as FaultWindow).end = now;
    this.crashWindow = null;
  }

  pause(untilMs: number): void {
    const sched = this.sim.sched;
    const now = sched.now;
    if (this.down || !(untilMs > now)) return; // a crashed process is not paused
    if (this.paused) {
      // already paused: a later end wins
      const window = this.pauseWindow as FaultWindow;
      if (untilMs > window.end) {
        sched.cancel(this.resumeEvent);
        this.resumeEvent = sched.atWhile(this.holding, untilMs, this, RESUME);
        window.end = untilMs;
      }
      return;
    }
    this.paused = true;
    this.pauseSince = now;
    this.pauses++;
    for (let slot = 0; slot < this.slotCall.length; slot++) {
      if (this.slotEvent[slot] < 0) continue;
      sched.cancel(this.slotEvent[slot]);
      this.slotEvent[slot] = FROZEN;
      this.slotEnd[slot] -= now; // the service time left
    }
    this.pauseWindow = { node: this.id, kind: 'pause', start: now, end: untilMs };
    faultWindows(this.sim).push(this.pauseWindow);
    this.resumeEvent = sched.atWhile(this.holding, untilMs, this, RESUME);
    this.keepAlive();
  }

  /** While paused with calls inside, the end of the pause must keep the run alive. */
  private keepAlive(): void {
    if (!this.holding.isOpen && (this.depth() > 0 || this.heldCalls.length > 0)) this.holding.open();
  }

  private endPause(now: number): void {
    if (this.resumeEvent !== NO_EVENT) this.sim.sched.cancel(this.resumeEvent);
    this.resumeEvent = NO_EVENT;
    if (this.holding.isOpen) this.holding.close();
    this.paused = false;
    this.pausedMs += now - this.pauseSince;
    (this.pauseWindow as FaultWindow).end = now;
    this.pauseWindow = null;
  }

  private resume(): void {
    const sched = this.sim.sched;
    const now = sched.now;
    this.depthChanged(now); // calls may leave unserved below (deadline, CoDel, withdrawn)
    this.resumeEvent = NO_EVENT;
    this.endPause(now);
    for (let slot = 0; slot < this.slotCall.length; slot++) {
      if (this.slotEvent[slot] !== FROZEN) continue;
      this.slotEnd[slot] += now;
      this.slotEvent[slot] = sched.at(this.slotEnd[slot], this, SERVICE_DONE, slot);
    }
    const calls = this.heldCalls;
    const slots = this.heldSlots;
    const outcomes = this.heldOutcomes;
    this.heldCalls = [];
    this.heldSlots = [];
    this.heldOutcomes = [];
    for (let i = 0; i < calls.length; i++) {
      if (this.service === null) calls[i].reply(outcomes[i]);
      else if (this.slotCall[slots[i]] === calls[i]) this.finish(slots[i], outcomes[i]);
    }
    if (this.service !== null) this.pump(now);
  }

  slow(factor: number, untilMs: number): void {
    const now = this.sim.sched.now;
    this.slowdowns++;
    this.slowFactors.push(factor);
    this.setSlowFactor();
    faultWindows(this.sim).push({ node: this.id, kind: 'slow', start: now, end: untilMs });
    if (untilMs < Infinity) this.sim.sched.at(untilMs, this, UNSLOW, factor, true);
  }

  private unslow(factor: number): void {
    this.slowFactors.splice(this.slowFactors.indexOf(factor), 1);
    this.setSlowFactor();
  }

  private setSlowFactor(): void {
    let f = 1;
    for (const x of this.slowFactors) f *= x;
    this.slowFactor = f;
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

  /** Calls in the server: waiting (at the door too) or in service. */
  depth(): number {
    return this.service === null ? this.queue.length : this.queue.length + this.busy + this.door.length;
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
    const stats: NodeStats = {
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
    const q = this.options.queue;
    if (q === undefined && this.armed.size === 0) return stats; // the plain server's figures, unchanged
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
    if (this.armed.has('crash')) {
      Object.assign(extra, {
        crashes: this.crashes,
        downMs: this.downMs + (this.down ? now - this.downSince : 0),
        lostInCrash: this.lostInCrash,
        lostWhileDown: this.lostWhileDown,
        lateAnswers: this.lateAnswers,
      });
    }
    if (this.armed.has('pause')) {
      Object.assign(extra, { pauses: this.pauses, pausedMs: this.pausedMs + (this.paused ? now - this.pauseSince : 0) });
    }
    if (this.armed.has('slow')) extra.slowdowns = this.slowdowns;
    return { ...stats, extra };
  }
}

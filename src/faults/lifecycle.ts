/**
 * The life of a node under node faults, the same for every node kind: up; crashed (until it
 * restarts, or for good); paused (until it resumes); slowed (by a factor, until a time). A node kind
 * owns one `NodeLifecycle`, reads its state (`down`, `paused`, `slowFactor`) where it takes work in
 * and starts it, and implements a few hooks (`LifecycleHooks`) for what only it knows: which calls
 * it holds, which timers it runs. The lifecycle does the rest: the state machine, the rules common
 * to every node, the fault windows in `faultWindows(sim)`, and the fault figures of the node's
 * report.
 *
 * The rules:
 * - A crash loses every call in the node (the node's `crashed` hook loses them and says how many)
 *   and every call that arrives while it is down (`loseArrival`). A second crash while down only
 *   moves the restart later, never earlier. A crash ends a pause.
 * - A pause stops the world: the node's timers stop (`paused` hook) and resume stretched by the
 *   pause (`resumed` hook); answers that come back from downstream are held (`hold`) and handed to
 *   `resumed` in arrival order; arrivals are the node's to hold (a server queues them). Its local
 *   clock runs on: a pause stops the node, not time. A crashed node is not paused; a second pause
 *   while paused only moves the end later.
 * - A slowdown multiplies the service times of the work that starts while it lasts: the node
 *   multiplies what it starts by `slowFactor`. Overlapping slowdowns multiply. (A process has no
 *   service time: it multiplies the network delay of the messages it sends and receives.)
 */
import { DOWN, type Call, type Outcome } from '../engine/request.js';
import type { EventHandle, EventTarget } from '../engine/scheduler.js';
import type { Simulation } from '../engine/simulation.js';
import { Work } from '../engine/work.js';
import { faultWindows, type FaultWindow } from './windows.js';
import type { NodeFaultKind, NodeFaults } from './node-faults.js';

const RESUME = 0;
const RESTART = 1;
const UNSLOW = 2;
const NO_EVENT = -1;

/** An answer from downstream that came during a pause, delivered when it ends. */
export interface HeldAnswer {
  call: Call;
  outcome: Outcome;
  tag: number;
}

/** What a node kind implements to get crash, restart, pause and slow from a `NodeLifecycle`. */
export interface LifecycleHooks {
  /**
   * The node crashes (already marked down): it loses (`call.lose(DOWN)`) every call it holds (in
   * service, queued, waiting for its downstream, including those whose answers were held by a
   * pause), cancels its timers and forgets its state. Returns how many calls it lost.
   */
  crashed(now: number): number;
  /** It restarts (no longer down), empty. */
  restarted?(now: number): void;
  /** A pause begins (already marked paused): the node stops its timers, remembering what is left of each. */
  paused(now: number): void;
  /**
   * The pause is over (no longer paused): the node restarts its timers with what was left of each,
   * takes `held` (the answers that came during the pause, in arrival order), and goes on.
   */
  resumed(now: number, held: readonly HeldAnswer[]): void;
  /** Whether the node holds calls now (the run must then wait for the end of its pause). */
  holdsWork(): boolean;
}

export interface LifecycleOptions {
  /** Whether the node has service times to slow down (default true). */
  slowable?: boolean;
}

export class NodeLifecycle implements NodeFaults, EventTarget {
  private readonly armed = new Set<NodeFaultKind>();
  private readonly slowable: boolean;

  private isDown = false;
  private downSince = 0;
  private downMs = 0;
  private restartEvent: EventHandle = NO_EVENT;
  private crashWindow: FaultWindow | null = null;
  private crashes = 0;
  private lostInCrash = 0;
  private lostWhileDown = 0;
  private lateAnswers = 0;

  private isPaused = false;
  private pauseSince = 0;
  private pausedMs = 0;
  private pauses = 0;
  private resumeEvent: EventHandle = NO_EVENT;
  /** Open while the node, paused, holds calls: the resume event then keeps the run going (`Scheduler.atWhile`). */
  private readonly holding: Work;
  private pauseWindow: FaultWindow | null = null;
  private held: HeldAnswer[] = [];

  private factor = 1;
  private readonly slowFactors: number[] = [];
  private slowdowns = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly id: string,
    private readonly hooks: LifecycleHooks,
    options: LifecycleOptions = {},
  ) {
    this.slowable = options.slowable ?? true;
    this.holding = new Work(sim.sched);
  }

  /** Whether the node is crashed (until it restarts). */
  get down(): boolean {
    return this.isDown;
  }

  /** Whether the node is paused. */
  get paused(): boolean {
    return this.isPaused;
  }

  /** What the service times that start now are multiplied by (1 unless slowed). */
  get slowFactor(): number {
    return this.factor;
  }

  /** A call arrived while the node is down: it is lost. */
  loseArrival(call: Call): void {
    this.lostWhileDown++;
    call.lose(DOWN);
  }

  /** An answer came back for a call the node lost in a crash: it is ignored, and counted. */
  lateAnswer(): void {
    this.lateAnswers++;
  }

  /** An answer from downstream came during a pause: it is handed to `resumed` when the pause ends. */
  hold(call: Call, outcome: Outcome, tag: number): void {
    this.held.push({ call, outcome, tag });
    this.keepAlive();
  }

  // NodeFaults.

  supportsFault(kind: NodeFaultKind): boolean {
    return kind !== 'slow' || this.slowable;
  }

  armFault(kind: NodeFaultKind): void {
    this.armed.add(kind);
  }

  crash(restartAtMs: number): void {
    const sched = this.sim.sched;
    const now = sched.now;
    if (this.isDown) {
      // already down: a later restart wins
      const window = this.crashWindow as FaultWindow;
      if (restartAtMs > window.end) {
        if (this.restartEvent !== NO_EVENT) sched.cancel(this.restartEvent);
        this.restartEvent = restartAtMs < Infinity ? sched.at(restartAtMs, this, RESTART, undefined, true) : NO_EVENT;
        window.end = restartAtMs;
      }
      return;
    }
    if (this.isPaused) this.endPause(now);
    this.held = []; // their calls are the node's: its crashed hook loses them
    this.isDown = true;
    this.sim.tracer?.fault(this.id, 'crash');
    this.downSince = now;
    this.crashes++;
    this.lostInCrash += this.hooks.crashed(now);
    this.crashWindow = { node: this.id, kind: 'crash', start: now, end: restartAtMs };
    faultWindows(this.sim).push(this.crashWindow);
    this.restartEvent = restartAtMs < Infinity ? sched.at(restartAtMs, this, RESTART, undefined, true) : NO_EVENT;
  }

  pause(untilMs: number): void {
    const sched = this.sim.sched;
    const now = sched.now;
    if (this.isDown || !(untilMs > now)) return; // a crashed node is not paused
    if (this.isPaused) {
      // already paused: a later end wins
      const window = this.pauseWindow as FaultWindow;
      if (untilMs > window.end) {
        sched.cancel(this.resumeEvent);
        this.scheduleResume(untilMs);
        window.end = untilMs;
      }
      return;
    }
    this.isPaused = true;
    this.sim.tracer?.fault(this.id, 'pause');
    this.pauseSince = now;
    this.pauses++;
    this.hooks.paused(now);
    this.pauseWindow = { node: this.id, kind: 'pause', start: now, end: untilMs };
    faultWindows(this.sim).push(this.pauseWindow);
    this.scheduleResume(untilMs);
    this.keepAlive();
  }

  slow(factor: number, untilMs: number): void {
    const now = this.sim.sched.now;
    this.slowdowns++;
    this.slowFactors.push(factor);
    this.setSlowFactor();
    faultWindows(this.sim).push({ node: this.id, kind: 'slow', start: now, end: untilMs });
    if (untilMs < Infinity) this.sim.sched.at(untilMs, this, UNSLOW, factor, true);
  }

  fire(kind: number, arg: unknown): void {
    switch (kind) {
      case RESUME:
        return this.resume();
      case RESTART:
        return this.restart();
      case UNSLOW:
        return this.unslow(arg as number);
    }
  }

  /**
   * How long the run waits for a pause: the end of a pause keeps the run going only while the node
   * holds calls, which must be answered when it ends (the event is held by the `holding` work); a
   * pause alone never keeps a run alive. This is the only place that knows; the node calls
   * `keepAlive` when it takes a call in during a pause.
   */
  keepAlive(): void {
    if (!this.isPaused || this.holding.isOpen || (this.held.length === 0 && !this.hooks.holdsWork())) return;
    this.holding.open();
  }

  private scheduleResume(untilMs: number): void {
    this.resumeEvent = this.sim.sched.atWhile(this.holding, untilMs, this, RESUME);
  }

  private restart(): void {
    const now = this.sim.sched.now;
    this.isDown = false;
    this.sim.tracer?.fault(this.id, 'restart');
    this.downMs += now - this.downSince;
    this.restartEvent = NO_EVENT;
    (this.crashWindow as FaultWindow).end = now;
    this.crashWindow = null;
    this.hooks.restarted?.(now);
  }

  private endPause(now: number): void {
    if (this.resumeEvent !== NO_EVENT) this.sim.sched.cancel(this.resumeEvent);
    this.resumeEvent = NO_EVENT;
    this.isPaused = false;
    this.sim.tracer?.fault(this.id, 'resume');
    if (this.holding.isOpen) this.holding.close();
    this.pausedMs += now - this.pauseSince;
    (this.pauseWindow as FaultWindow).end = now;
    this.pauseWindow = null;
  }

  private resume(): void {
    const now = this.sim.sched.now;
    this.resumeEvent = NO_EVENT;
    this.endPause(now);
    const held = this.held;
    this.held = [];
    this.hooks.resumed(now, held);
  }

  private unslow(factor: number): void {
    this.slowFactors.splice(this.slowFactors.indexOf(factor), 1);
    this.setSlowFactor();
  }

  private setSlowFactor(): void {
    let f = 1;
    for (const x of this.slowFactors) f *= x;
    this.factor = f;
  }

  /** Whether a fault of `kind` was armed on the node. */
  isArmed(kind: NodeFaultKind): boolean {
    return this.armed.has(kind);
  }

  /** How many slowdowns began on the node so far. */
  get slowdownCount(): number {
    return this.slowdowns;
  }

  /** Whether a fault was armed on the node: its report then has fault figures (`addFigures`). */
  get armedAny(): boolean {
    return this.armed.size > 0;
  }

  /** Adds to a node's report the figures of the faults armed on it, up to `now`. */
  addFigures(extra: Record<string, unknown>, now: number): void {
    if (this.armed.has('crash')) {
      Object.assign(extra, {
        crashes: this.crashes,
        downMs: this.downMs + (this.isDown ? now - this.downSince : 0),
        lostInCrash: this.lostInCrash,
        lostWhileDown: this.lostWhileDown,
        lateAnswers: this.lateAnswers,
      });
    }
    if (this.armed.has('pause')) {
      Object.assign(extra, { pauses: this.pauses, pausedMs: this.pausedMs + (this.isPaused ? now - this.pauseSince : 0) });
    }
    if (this.armed.has('slow')) extra.slowdowns = this.slowdowns;
  }
}

/**
 * The open-loop client: issues requests by its arrival process (whatever the system is doing),
 * receives every answer, and hands each finished request to the recorder. The run is over when the
 * last request has been issued and answered.
 */
import type { Caller, Node } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { DROPPED, Request, type Call, type Outcome, type RequestOwner } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Rng } from '../engine/rng.js';
import type { LoadSpec } from '../scenario/spec.js';
import { makeArrivals, type Arrivals } from './arrivals.js';
import { TimeAverage } from '../engine/time-average.js';
import { makeKeys, type KeySampler } from './keys.js';
import type { MeasuredWindow } from './window.js';

export interface RequestSink {
  record(req: Request): void;
}

export class Client implements Caller, EventTarget, RequestOwner {
  readonly id = 'client';
  private readonly rng: Rng;
  private readonly arrivals: Arrivals;
  private readonly keys: KeySampler | null;
  private readonly keyRng: Rng | null;
  private issued = 0;
  private inFlight = 0;
  private exhausted = false;
  /** Number of requests in the system over time (for Little's law: L = lambda W). */
  readonly inSystem = new TimeAverage();
  /** Requests some call of which was lost: those never answered end as dropped. */
  private readonly lost = new Set<Request>();

  constructor(
    private readonly sim: Simulation,
    private readonly load: LoadSpec,
    private readonly window: MeasuredWindow,
    private readonly target: Node,
    private readonly sink: RequestSink,
  ) {
    this.rng = sim.rng('load');
    this.arrivals = makeArrivals(load.arrivals);
    this.keys = load.keys ? makeKeys(load.keys) : null;
    this.keyRng = load.keys ? sim.rng('load/keys') : null;
  }

  /** Schedules the first arrival. */
  start(): void {
    if (this.load.requests === 0) {
      this.exhausted = true;
      return;
    }
    this.sim.sched.at(this.arrivals.start, this);
  }

  get requestsIssued(): number {
    return this.issued;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** True once every request has been issued and answered. */
  get done(): boolean {
    return this.exhausted && this.inFlight === 0;
  }

  fire(): void {
    const sched = this.sim.sched;
    const now = sched.now;
    const max = this.load.requests ?? Infinity;
    const end = this.load.durationMs ?? Infinity;
    // An instant burst issues all its requests in this one event, in index order.
    do {
      this.issue(now);
      if (this.issued >= max) {
        this.exhausted = true;
        return;
      }
      const gap = this.arrivals.gap(this.rng);
      if (gap > 0) {
        if (now + gap >= end) {
          this.exhausted = true;
          return;
        }
        sched.at(now + gap, this);
        return;
      }
    } while (true);
  }

  private issue(now: number): void {
    const index = this.issued++;
    const req = new Request(index, now, this.window.includes(index, now), this.sim.history, this.sim.sched);
    if (this.keys !== null) req.key = this.keys(this.keyRng as Rng);
    req.owner = this;
    this.inFlight++;
    this.inSystem.set(this.inFlight, now);
    req.send(this.target, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    this.end(call.req, outcome, this.sim.sched.now);
  }

  onLost(req: Request): void {
    this.lost.add(req);
  }

  private end(req: Request, outcome: Outcome, time: number): void {
    req.end = time;
    req.outcome = outcome;
    this.inFlight--;
    this.inSystem.set(this.inFlight, Math.max(time, this.inSystem.lastChange));
    this.lost.delete(req);
    this.sink.record(req);
  }

  /**
   * After the run: a request that was lost and never answered (no reply, no timeout left to fire)
   * ends as dropped, at the time its last call was lost. Requests still in flight stay counted so.
   */
  finish(): void {
    const unanswered = [...this.lost].filter((r) => r.outcome === -1).sort((a, b) => a.id - b.id);
    for (const req of unanswered) this.end(req, DROPPED, req.lostAt);
  }
}

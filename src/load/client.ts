/**
 * The client: issues requests, receives every answer, and hands each finished request to the
 * recorder. It holds one unit of the run's outstanding work (`Simulation.outstanding`) while it
 * has requests to issue or in flight, so a run with the default end condition is over when the
 * last request has been issued and answered (see `engine/end.ts`).
 *
 * Open loop (arrivals.ts): requests arrive by an arrival process, whatever the system is doing.
 *
 * Closed loop (`closed: { users, think }`): N users, each with its own stream `load/user[i]`. A
 * user thinks, sends a request, waits for its answer (whatever the outcome), thinks again, and so
 * on, so the offered load falls as the system slows. Every user starts thinking at time 0: user i
 * sends its first request after its first think time, so the users' starts are staggered by one
 * think time each. A user stops when the load's `requests` have all been sent, or when its next
 * request would be sent at or after `duration`. A user whose request is lost without an answer
 * waits for ever (put a timeout in the chain).
 */
import type { Caller, Node } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import { DROPPED, type Call, type Outcome, type Request, type RequestOwner } from '../engine/request.js';
import type { Work } from '../engine/work.js';
import type { Simulation } from '../engine/simulation.js';
import type { Rng } from '../engine/rng.js';
import type { Sampler } from '../engine/distributions.js';
import type { LoadSpec } from '../spec/scenario.js';
import { makeArrivals, type ArrivalProcess } from './arrivals.js';
import { TimeAverage } from '../stats/time-average.js';
import { makeKeys, type KeySampler } from './keys.js';
import type { MeasuredWindow } from './window.js';
import { ClientRequest } from './request.js';

export interface RequestSink {
  record(req: ClientRequest): void;
}

/** Event kinds: the next open-loop arrival; closed-loop user `arg` sends its next request. */
const ARRIVE = 0;
const SEND = 1;

/** Closed-loop users: each one's think-time stream. */
interface Users {
  readonly count: number;
  readonly think: Sampler;
  readonly rngs: Rng[];
  /** Users that will still send. */
  active: number;
}

export class Client implements Caller, EventTarget, RequestOwner {
  readonly id = 'client';
  private readonly arrivals: ArrivalProcess | null;
  private readonly users: Users | null;
  private readonly traceServiceMs: readonly number[] | null;
  private readonly keys: KeySampler | null;
  private readonly keyRng: Rng | null;
  /** load.priorities as cumulative shares, and the stream that draws each request's class. */
  private readonly priorities: number[] | null;
  private readonly priorityRng: Rng | null;
  private readonly maxRequests: number;
  private readonly endMs: number;
  private issued = 0;
  private measuredIssued = 0;
  private inFlight = 0;
  private exhausted = false;
  /** Number of requests in the system over time (for Little's law: L = lambda W). */
  readonly inSystem = new TimeAverage();
  /** Requests some call of which was lost: those never answered end as dropped. */
  private readonly lost = new Set<ClientRequest>();
  /** The run's outstanding work: the client holds one unit of it until it is done. */
  private readonly work: Work;

  constructor(
    private readonly sim: Simulation,
    private readonly load: LoadSpec,
    private readonly window: MeasuredWindow,
    private readonly target: Node,
    private readonly sink: RequestSink,
  ) {
    const spec = load.arrivals;
    if (spec.kind === 'closed') {
      this.arrivals = null;
      this.users = {
        count: spec.users,
        think: sim.distribution(spec.think),
        rngs: Array.from({ length: spec.users }, (_, i) => sim.rng(`load/user[${i}]`)),
        active: 0,
      };
    } else {
      this.users = null;
      this.arrivals = makeArrivals(spec, {
        rng: sim.rng('load'),
        stream: (name) => sim.rng(`load/${name}`),
        distribution: (d) => sim.distribution(d),
      });
    }
    this.traceServiceMs = this.arrivals?.serviceMs ?? null;
    this.keys = load.keys ? makeKeys(load.keys) : null;
    this.keyRng = load.keys ? sim.rng('load/keys') : null;
    this.priorities = load.priorities ? cumulative(load.priorities) : null;
    this.priorityRng = load.priorities ? sim.rng('load/priorities') : null;
    this.maxRequests = load.requests ?? Infinity;
    this.endMs = load.durationMs ?? Infinity;
    this.work = sim.outstanding;
  }

  /** Schedules the first arrival (open loop) or every user's first request (closed loop). */
  start(): void {
    this.work.open(); // closed when every request has been issued and answered
    if (this.load.requests === 0) return this.exhaust();
    const users = this.users;
    if (users !== null) {
      for (let u = 0; u < users.count; u++) {
        const at = users.think(users.rngs[u]);
        if (at < this.endMs) {
          users.active++;
          this.sim.sched.at(at, this, SEND, u);
        }
      }
      if (users.active === 0) this.exhaust();
      return;
    }
    const first = (this.arrivals as ArrivalProcess).first();
    if (first >= this.endMs) return this.exhaust();
    this.sim.sched.at(first, this, ARRIVE);
  }

  /** Every request has been issued (or none will be). */
  private exhaust(): void {
    if (this.exhausted) return;
    this.exhausted = true;
    if (this.inFlight === 0) this.work.close();
  }

  get requestsIssued(): number {
    return this.issued;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Requests issued in the measured window (answered or not). */
  get measuredRequestsIssued(): number {
    return this.measuredIssued;
  }

  /** True once every request has been issued and answered. */
  get done(): boolean {
    return this.exhausted && this.inFlight === 0;
  }

  fire(kind: number, arg: unknown): void {
    if (kind === SEND) return this.send(arg as number);
    const sched = this.sim.sched;
    const now = sched.now;
    const arrivals = this.arrivals as ArrivalProcess;
    // Arrivals at the same time (an instant burst) are issued in this one event, in index order.
    do {
      this.issue(now, -1);
      if (this.issued >= this.maxRequests) return this.exhaust();
      const next = arrivals.next(now);
      if (next > now) {
        if (next >= this.endMs) return this.exhaust();
        sched.at(next, this, ARRIVE);
        return;
      }
    } while (true);
  }

  /** Closed loop: user `u` sends its next request, unless every request has been sent. */
  private send(u: number): void {
    if (this.issued >= this.maxRequests) return this.retire();
    this.issue(this.sim.sched.now, u);
    if (this.issued >= this.maxRequests) this.exhaust();
  }

  /** Closed loop: a user that will send no more. */
  private retire(): void {
    const users = this.users as Users;
    if (--users.active === 0) this.exhaust();
  }

  private issue(now: number, user: number): void {
    const index = this.issued++;
    const tracer = this.sim.tracer;
    const req = new ClientRequest(index, now, this.window.includes(index, now), this.sim.history, this.sim.sched, tracer);
    if (req.measured) this.measuredIssued++;
    if (this.keys !== null) req.key = this.keys(this.keyRng as Rng);
    if (this.priorities !== null) req.priority = drawClass(this.priorities, this.priorityRng as Rng);
    if (this.traceServiceMs !== null) req.serviceMs = this.traceServiceMs[index];
    req.user = user;
    req.owner = this;
    this.inFlight++;
    this.inSystem.set(this.inFlight, now);
    if (tracer !== null) tracer.invoke(req, this);
    req.send(this.target, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    const req = call.req as ClientRequest;
    const now = this.sim.sched.now;
    this.end(req, outcome, now);
    const users = this.users;
    if (users === null) return;
    // Closed loop: the user thinks, then sends its next request.
    const u = req.user;
    if (this.issued >= this.maxRequests) return this.retire();
    const at = now + users.think(users.rngs[u]);
    if (at >= this.endMs) return this.retire();
    this.sim.sched.at(at, this, SEND, u);
  }

  onLost(req: Request): void {
    this.lost.add(req as ClientRequest);
  }

  private end(req: ClientRequest, outcome: Outcome, time: number): void {
    req.end = time;
    req.outcome = outcome;
    // a lost request ends at the time of its loss, but its `complete` is written now: a trace's time never goes back
    if (req.tracer !== null) req.tracer.complete(req, this, outcome);
    if (--this.inFlight === 0 && this.exhausted) this.work.close();
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

/** Running sums of the class shares; the last is taken as exactly 1. */
function cumulative(shares: number[]): number[] {
  let sum = 0;
  const out = shares.map((p) => (sum += p));
  out[out.length - 1] = 1;
  return out;
}

/** The class k with cumulative[k-1] <= u < cumulative[k], for one uniform draw u. */
function drawClass(cumulative: number[], rng: Rng): number {
  const u = rng();
  let k = 0;
  while (k < cumulative.length - 1 && u >= cumulative[k]) k++;
  return k;
}

/**
 * `lease`: a holder that does its protected work (the steps after it) only while it believes it
 * holds the lease `name`, the way a leader holds a lease from a lock service before it writes.
 *
 * The model, step by step:
 * 1. Check. When a call arrives the holder reads its own clock. If it reads less than the end of
 *    its lease (local time of the grant request + duration - margin), the call passes the check.
 *    Otherwise the holder asks the grantor (src/components/grantor.ts) and the call waits for the
 *    answer: granted, it passes; refused, it is answered `rejected` (not the leader).
 * 2. Work. A call that passed the check goes to the next step, carrying the lease's fencing token.
 *    That work takes time, and can be paused or slowed by the faults of the nodes doing it (or of
 *    the holder itself: a paused holder takes nothing in and renews nothing).
 * 3. Commit. When the work answers ok, the holder writes its result to the protected resource
 *    (one per lease name), in true time, and the write is counted there: `expiredAtWork` if the
 *    holder's grant (its token) had already ended at the grantor, `conflicts` if the resource had
 *    already taken a write under a newer grant (two holders' writes interleaved), or, with
 *    `fencing: true`, `fenced`: the resource refuses it and the caller gets `error`. A holder
 *    paused when the answer comes writes when the pause ends (the GC pause between the check and
 *    the write); a crashed one writes nothing. The count is made at the commit, not on arrival
 *    and not when the work starts, because the commit is when the write takes effect: a pause or a
 *    slow step between the check and the write moves it past the expiry, which a count on arrival
 *    or at the start cannot see.
 *
 * The grant. The holder's grant request is a call to the grantor node. Without `grantor-link` it
 * reaches it and comes back at once. With one, it goes through a `link` (src/net/link.ts) in front
 * of the grantor, both ways: it takes time, can be lost, duplicated or cut by a partition. The
 * holder measures its lease from the moment it sent the request, on its own clock (a grant that
 * took 30 ms to arrive counts those 30 ms as used). If no answer comes within `grant-timeout` on
 * its clock it asks again, up to `grant-attempts` requests in all, and then answers the waiting
 * calls `timeout`. An answer to a request it stopped waiting for is ignored (`lateGrants`); the
 * grantor may still count that grant as the holder's until it ends.
 *
 * Clocks: the grantor measures leases in true time; a holder measures on its own clock, so a slow
 * clock, or a step back, makes it act after its grant has ended, and a margin larger than the
 * clock's worst error over one lease covers that. A margin covers no pause: only fencing does.
 *
 * Node faults: a pause stops the holder (arrivals and answers wait for its end, its clock runs on,
 * so after a long pause its lease has ended by its own reading too); a crash loses the calls it
 * holds and its lease (the grantor still counts the grant until it ends), and the results of the
 * work in flight at the crash are never written.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import { DOWN, ERROR, OK, REJECTED, TIMEOUT, type Call, type Outcome } from '../engine/request.js';
import type { EventHandle, EventTarget } from '../engine/scheduler.js';
import type { Simulation } from '../engine/simulation.js';
import type { Clock } from '../engine/clock.js';
import type { FaultableNode } from '../faults/node-faults.js';
import { NodeLifecycle, type HeldAnswer } from '../faults/lifecycle.js';
import { CONFLICT, FENCED, GrantCall, leaseService, type Grantor, type ProtectedResource } from './grantor.js';

export interface LeaseOptions {
  name: string;
  durationMs: number;
  marginMs: number;
  /** The resource refuses writes under a token smaller than the largest it has taken (default false). */
  fencing?: boolean;
  /** How long the holder waits for a grant's answer, on its clock, before it asks again (default 1000 ms). */
  grantTimeoutMs?: number;
  /** Grant requests per round, the first included, before the waiting calls are answered `timeout` (default 3). */
  grantAttempts?: number;
}

/** The event of a grant request's timeout; its argument is the request. */
const GRANT_TIMEOUT = 0;
const NO_EVENT = -1;

export class Lease implements Node, Caller, EventTarget, Observed, FaultableNode {
  readonly kind = 'lease';
  readonly lifecycle: NodeLifecycle;
  private readonly clock: Clock;
  private readonly grantor: Grantor;
  private readonly resource: ProtectedResource;
  /** Where a grant request is sent: the grantor, or the grantor link in front of it. */
  private readonly grantPath: Node;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  /** Local time (on this node's clock) until which it believes it holds the lease; -Infinity: it does not. */
  private believedUntil = -Infinity;
  /** The fencing token of its current grant. */
  private token = 0;
  /** Calls waiting for a grant's answer, in arrival order. */
  private waiting: Call[] = [];
  /** Calls that arrived during a pause, to be checked when it ends. */
  private arrivedInPause: Call[] = [];
  /** Calls doing their protected work. */
  private readonly working = new Set<Call>();
  /** The grant request in flight, its timeout, and how many requests this round has sent. */
  private asking: GrantCall | null = null;
  private timeoutEvent: EventHandle = NO_EVENT;
  private sentThisRound = 0;
  /** A timeout that fell during a pause, handled when it ends. */
  private timedOutInPause: GrantCall | null = null;
  private calls = 0;
  private grants = 0;
  private grantRequests = 0;
  private grantTimeouts = 0;
  private lateGrants = 0;
  private acted = 0;
  private rejected = 0;
  private writes = 0;
  private expiredAtWork = 0;
  private conflicts = 0;
  private fenced = 0;
  private timedOut = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: LeaseOptions,
    private readonly downstream: Node,
    /** Builds the path of grant requests to the grantor (default: straight to it). */
    grantPath: (grantor: Node) => Node = (g) => g,
  ) {
    if (!(options.marginMs >= 0 && options.marginMs < options.durationMs)) {
      throw new Error(`${id}: a lease margin must be at least 0ms and less than the duration`);
    }
    this.timeoutMs = options.grantTimeoutMs ?? 1000;
    this.attempts = options.grantAttempts ?? 3;
    if (!(this.timeoutMs > 0) || !(this.attempts >= 1)) throw new Error(`${id}: the grant timeout must be more than 0ms and the attempts at least 1`);
    this.clock = sim.clockOf(id);
    const service = leaseService(sim, options.name, options.fencing ?? false);
    this.grantor = service.grantor;
    this.resource = service.resource;
    this.grantPath = grantPath(this.grantor);
    this.lifecycle = new NodeLifecycle(
      sim,
      id,
      {
        crashed: () => this.crashed(),
        paused: () => {},
        resumed: (_now, held) => this.resumed(held),
        holdsWork: () => this.waiting.length + this.arrivedInPause.length + this.working.size > 0,
      },
      { slowable: false },
    );
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const life = this.lifecycle;
    if (life.down) return life.loseArrival(call);
    if (life.paused) {
      this.arrivedInPause.push(call);
      life.keepAlive();
      return;
    }
    this.check(call);
  }

  /** The check: on its own clock, does the holder believe it holds the lease? */
  private check(call: Call): void {
    if (this.clock.now() < this.believedUntil) return this.work(call);
    this.waiting.push(call);
    if (this.asking === null) {
      this.sentThisRound = 0;
      this.ask();
    }
  }

  /** The call passed the check: its protected work begins, under the current token. */
  private work(call: Call): void {
    this.acted++;
    this.working.add(call);
    call.send(this.downstream, this, this.token);
  }

  /** Sends a grant request, and waits for its answer at most the grant timeout on its clock. */
  private ask(): void {
    const local = this.clock.now();
    const g = new GrantCall(this.sim, this.id, this.options.durationMs, local);
    this.asking = g;
    this.grantRequests++;
    this.sentThisRound++;
    if (this.grantPath !== this.grantor) this.timeoutEvent = this.sim.sched.at(this.clock.toTrue(local + this.timeoutMs), this, GRANT_TIMEOUT, g);
    g.send(this.grantPath, this);
  }

  /** A grant request's answer, or the protected work's (its tag is the token it ran under). */
  onReply(call: Call, outcome: Outcome, tag: number): void {
    const life = this.lifecycle;
    if (call instanceof GrantCall) {
      if (life.down) return life.lateAnswer();
      if (life.paused) return life.hold(call, outcome, tag);
      return this.granted(call, outcome);
    }
    if (!this.working.has(call)) return life.lateAnswer(); // lost in a crash: the holder writes nothing
    if (life.paused) return life.hold(call, outcome, tag);
    this.working.delete(call);
    call.reply(this.commit(outcome, tag));
  }

  /** The work answered and the holder runs: an ok result is written to the resource now, and counted there. */
  private commit(outcome: Outcome, token: number): Outcome {
    if (outcome !== OK) return outcome;
    this.writes++;
    if (!this.grantor.valid(token, this.sim.sched.now)) this.expiredAtWork++;
    const r = this.resource.write(token);
    if (r === FENCED) {
      this.fenced++;
      return ERROR;
    }
    if (r === CONFLICT) this.conflicts++;
    return OK;
  }

  /** The grantor's answer to a request. */
  private granted(g: GrantCall, outcome: Outcome): void {
    if (g !== this.asking) {
      this.lateGrants++;
      return;
    }
    this.stopAsking();
    const waiting = this.waiting;
    this.waiting = [];
    if (outcome === OK) {
      this.grants++;
      this.token = g.token;
      this.believedUntil = g.sentLocal + this.options.durationMs - this.options.marginMs;
      // a grant that took longer than the lease to come back is used up: its calls are refused
      const usable = this.clock.now() < this.believedUntil;
      for (const call of waiting) {
        if (usable) this.work(call);
        else this.refuse(call);
      }
    } else {
      for (const call of waiting) this.refuse(call);
    }
  }

  private refuse(call: Call): void {
    this.rejected++;
    call.reply(REJECTED);
  }

  private stopAsking(): void {
    if (this.timeoutEvent !== NO_EVENT) this.sim.sched.cancel(this.timeoutEvent);
    this.timeoutEvent = NO_EVENT;
    this.asking = null;
  }

  /** A grant request's timeout. */
  fire(_kind: number, arg: unknown): void {
    this.timeoutEvent = NO_EVENT;
    if (this.lifecycle.paused) {
      this.timedOutInPause = arg as GrantCall;
      return;
    }
    this.timedOutWaiting(arg as GrantCall);
  }

  /** No answer in time: ask again, or after the last attempt answer the waiting calls `timeout`. */
  private timedOutWaiting(g: GrantCall): void {
    if (g !== this.asking) return;
    this.grantTimeouts++;
    this.asking = null;
    if (this.sentThisRound < this.attempts) return this.ask();
    const waiting = this.waiting;
    this.waiting = [];
    for (const call of waiting) {
      this.timedOut++;
      call.reply(TIMEOUT);
    }
  }

  // Lifecycle hooks.

  private resumed(held: readonly HeldAnswer[]): void {
    for (const { call, outcome, tag } of held) {
      if (call instanceof GrantCall) this.granted(call, outcome);
      else if (this.working.delete(call)) call.reply(this.commit(outcome, tag));
    }
    const timedOut = this.timedOutInPause;
    this.timedOutInPause = null;
    if (timedOut !== null) this.timedOutWaiting(timedOut);
    const arrived = this.arrivedInPause;
    this.arrivedInPause = [];
    for (const call of arrived) this.check(call);
  }

  private crashed(): number {
    let lost = 0;
    for (const list of [this.waiting, this.arrivedInPause, [...this.working]]) {
      for (const call of list) call.lose(DOWN);
      lost += list.length;
    }
    this.waiting = [];
    this.arrivedInPause = [];
    this.working.clear();
    this.stopAsking();
    this.timedOutInPause = null;
    this.believedUntil = -Infinity;
    this.token = 0;
    return lost;
  }

  /** What `replay --until` shows: the lease this node believes it holds, under which token, and the grantor's holder now. */
  state(): Record<string, unknown> {
    const g = this.grantor;
    const now = this.sim.sched.now;
    return {
      lease: this.options.name,
      believedUntilLocal: Number.isFinite(this.believedUntil) ? this.believedUntil : null,
      token: this.token,
      waiting: this.waiting.length,
      working: this.working.size,
      holder: g.holder !== null && now < g.expiry ? g.holder : null,
      holderToken: g.token,
    };
  }

  stats(now: number): NodeStats {
    const extra: Record<string, unknown> = {
      lease: this.options.name,
      fencing: this.resource.fencing,
      grants: this.grants,
      acted: this.acted,
      rejected: this.rejected,
      writes: this.writes,
      expiredAtWork: this.expiredAtWork,
      conflicts: this.conflicts,
      fenced: this.fenced,
    };
    if (this.grantPath !== this.grantor) {
      Object.assign(extra, { grantRequests: this.grantRequests, grantTimeouts: this.grantTimeouts, lateGrants: this.lateGrants, timedOut: this.timedOut });
    }
    this.lifecycle.addFigures(extra, now);
    return plainStats(this, this.calls, extra);
  }
}

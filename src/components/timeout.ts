/**
 * `timeout`: gives up on a call after `after` (measured on the node's clock) and answers
 * `timeout`. The call downstream goes on (the server does not know the client left, which is how
 * retry storms happen), but its answer, when it comes, is ignored. Placed under a `retry` it is a
 * per-attempt timeout; above it, an overall deadline.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import type { EventTarget, EventHandle } from '../engine/scheduler.js';
import { Call, TIMEOUT, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';

const EXPIRED = 0;

/** The downstream copy of a call, and the call it answers. */
class Attempt extends Call {
  timer: EventHandle = -1;
  constructor(
    readonly parent: Call,
    sim: Simulation,
  ) {
    super(parent.req, sim.sched);
  }
}

export class Timeout implements Node, Caller, EventTarget, Observed {
  readonly kind = 'timeout';
  private calls = 0;
  private timeouts = 0;
  private lateAnswers = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly afterMs: number,
    private readonly downstream: Node,
  ) {
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const attempt = new Attempt(call, this.sim);
    const clock = this.sim.clockOf(this.id);
    attempt.timer = this.sim.sched.at(Math.max(clock.toTrue(clock.now() + this.afterMs), this.sim.sched.now), this, EXPIRED, attempt);
    attempt.send(this.downstream, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    const attempt = call as Attempt;
    if (attempt.abandoned) {
      this.lateAnswers++;
      return;
    }
    this.sim.sched.cancel(attempt.timer);
    attempt.abandoned = true;
    attempt.parent.reply(outcome);
  }

  fire(_kind: number, arg: unknown): void {
    const attempt = arg as Attempt;
    if (attempt.abandoned) return;
    attempt.abandoned = true;
    this.timeouts++;
    attempt.parent.reply(TIMEOUT);
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, { timeouts: this.timeouts, lateAnswers: this.lateAnswers });
  }
}

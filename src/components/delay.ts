/**
 * `delay`: holds each call for a time drawn from a distribution before passing it on (Timelike's
 * `delay-fixed` and `delay-exponential`). Replies pass back at once.
 */
import type { Node, Caller } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import type { Call, Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';

export class Delay implements Node, Caller, EventTarget {
  readonly kind = 'delay';
  private readonly rng: Rng;
  private readonly time: Sampler;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    time: DistSpec,
    private readonly downstream: Node,
  ) {
    this.rng = sim.rng(id);
    this.time = sim.distribution(time);
  }

  call(call: Call): void {
    this.sim.sched.after(this.time(this.rng), this, 0, call);
  }

  fire(_kind: number, arg: unknown): void {
    (arg as Call).send(this.downstream, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    call.reply(outcome);
  }
}

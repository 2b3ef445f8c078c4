/**
 * `cable`: a network link with a latency distribution, paid in both directions (one draw each way,
 * from the cable's own stream). Lossy links, partitions and bandwidth come with `src/net/`.
 */
import type { Node, Caller } from '../engine/node.js';
import type { EventTarget } from '../engine/scheduler.js';
import type { Call, Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';

const ARRIVE = -1; // request reached the far end; reply kinds are the outcome codes (>= 0)

export class Cable implements Node, Caller, EventTarget {
  readonly kind = 'cable';
  private readonly rng: Rng;
  private readonly latency: Sampler;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    latency: DistSpec,
    private readonly downstream: Node,
  ) {
    this.rng = sim.rng(id);
    this.latency = sim.distribution(latency);
  }

  call(call: Call): void {
    this.sim.sched.after(this.latency(this.rng), this, ARRIVE, call);
  }

  onReply(call: Call, outcome: Outcome): void {
    this.sim.sched.after(this.latency(this.rng), this, outcome, call);
  }

  fire(kind: number, arg: unknown): void {
    const call = arg as Call;
    if (kind === ARRIVE) call.send(this.downstream, this);
    else call.reply(kind as Outcome);
  }
}

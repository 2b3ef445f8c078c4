/**
 * A load counter sits at the entrance of each member of a pool when some balancer reads the backends'
 * true load: it counts the calls inside the member (on their way in, waiting, in service, or on
 * their way out), whichever balancer sent them, on the pool's shared `LoadCounts`. Its id is the
 * member's, e.g. `dynos[3]`.
 */
import type { Node, Caller } from '../engine/node.js';
import type { Call, Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { LoadCounts } from './load-info.js';

export class LoadCounter implements Node, Caller {
  readonly kind = 'load-counter';

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly load: LoadCounts,
    private readonly index: number,
    private readonly downstream: Node,
  ) {}

  call(call: Call): void {
    this.load.add(this.index, 1, this.sim.sched.now);
    call.send(this.downstream, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    this.load.add(this.index, -1, this.sim.sched.now);
    call.reply(outcome);
  }
}

/**
 * `retry`: sends each call downstream up to `attempts` times in all, again at once after each error
 * (Timelike's `retry`). Backoff, jitter, budgets and timeouts come with the client-policy issue.
 */
import type { Node, Caller, Observed, NodeStats } from '../engine/node.js';
import { ERROR, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';

export class Retry implements Node, Caller, Observed {
  readonly kind = 'retry';
  private calls = 0;
  private retries = 0;

  constructor(
    sim: Simulation,
    readonly id: string,
    private readonly attempts: number,
    private readonly downstream: Node,
  ) {
    if (!(attempts >= 1)) throw new Error(`${id}: attempts must be at least 1`);
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    call.send(this.downstream, this, 1);
  }

  /** `attempt` is the tag: which attempt this reply answers (1-based). */
  onReply(call: Call, outcome: Outcome, attempt: number): void {
    if (outcome === ERROR && attempt < this.attempts) {
      this.retries++;
      call.send(this.downstream, this, attempt + 1);
    } else {
      call.reply(outcome);
    }
  }

  stats(): NodeStats {
    return { id: this.id, kind: this.kind, utilization: null, queue: null, calls: this.calls, extra: { retries: this.retries } };
  }
}

/**
 * The `process` step: the end of a chain is a process. Each call that reaches the step becomes a
 * client operation `{ f, key }` (the request's key, when the load has keys) of one of the processes
 * the step names, and the process's `ctx.reply` answers the call ok, its `ctx.fail` an error. So a
 * balancer can route to real protocol nodes. Which process: `round-robin`, `random` (the step's
 * stream, `<step id>`) or `key` (the request's key modulo their number).
 *
 * A call that reaches a crashed process is lost (as one to a crashed server is: the request ends
 * `dropped` unless something answers it); a process that does not answer leaves the call waiting:
 * put a `timeout` step before it. Chain operations are not in the workload's history.
 */
import type { Node, NodeStats, Observed } from '../engine/node.js';
import { plainStats } from '../engine/node.js';
import { DOWN, ERROR, OK, type Call } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Rng } from '../engine/rng.js';
import type { ProcessRuntime } from './runtime.js';

export type ProcessStepChoice = 'round-robin' | 'random' | 'key';

export class ProcessStep implements Node, Observed {
  readonly kind = 'process';
  private next = 0;
  private readonly rng: Rng | null;
  private calls = 0;
  private ok = 0;
  private failed = 0;
  private lost = 0;

  constructor(
    sim: Simulation,
    readonly id: string,
    private readonly runtime: ProcessRuntime,
    /** The indices of the processes it calls. */
    private readonly targets: readonly number[],
    private readonly f: string,
    private readonly choose: ProcessStepChoice,
  ) {
    this.rng = choose === 'random' ? sim.rng(id) : null;
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const n = this.targets.length;
    const key = (call.req as { key?: number }).key ?? -1;
    const i = this.choose === 'random' ? Math.floor((this.rng as Rng)() * n) : this.choose === 'key' && key >= 0 ? key % n : this.next++ % n;
    this.runtime.callFromChain(
      this.targets[i],
      this.f,
      key,
      (outcome) => {
        if (outcome === 'ok') this.ok++;
        else this.failed++;
        call.reply(outcome === 'ok' ? OK : ERROR);
      },
      () => {
        this.lost++;
        call.lose(DOWN);
      },
    );
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, { ok: this.ok, failed: this.failed, lost: this.lost });
  }
}

/**
 * `fan-out`: fork-join. Each call is sent to every backend of a pool at once, and answered when
 * enough of those calls have answered: all of them, the first k, or a majority (a quorum). This is
 * "The Tail at Scale" (Dean and Barroso) in one step: a request that must hear from 100 leaves is as
 * slow as the slowest of them, and waiting for the first k cuts that tail.
 *
 * The call is answered `ok` as soon as `need` of its calls have answered ok; and as soon as so many
 * have failed that `need` can no longer be reached, it is answered with the outcome of the call that
 * made it so (error, timeout, rejected). The calls still outstanding then are abandoned: their
 * answers are ignored, but they still occupy their backends (the cost of fanning out). A call that
 * is lost (a dropped message) never answers; put a timeout behind the fan-out to bound the wait.
 */
import { plainStats, type Caller, type Node, type NodeStats, type Observed } from '../engine/node.js';
import { Call, OK, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';

/** How many answers a call waits for: every backend's, the first k ok, or a majority. */
export type FanOutWait = { kind: 'all' } | { kind: 'first'; k: number } | { kind: 'quorum' };

/** How many ok answers of `n` a call needs. */
export function needed(wait: FanOutWait, n: number): number {
  return wait.kind === 'all' ? n : wait.kind === 'quorum' ? Math.floor(n / 2) + 1 : Math.min(wait.k, n);
}

/** One call being fanned out: the parts still outstanding and their tally. */
class Fork {
  ok = 0;
  failed = 0;
  done = false;
  readonly parts: Part[] = [];
  constructor(readonly call: Call) {}
}

/** The call sent to one backend on behalf of a fork. */
class Part extends Call {
  constructor(
    readonly fork: Fork,
    sim: Simulation,
  ) {
    super(fork.call.req, sim.sched);
  }
}

export class FanOut implements Node, Caller, Observed {
  readonly kind = 'fan-out';
  /** ok answers a call waits for. */
  readonly need: number;
  private calls = 0;
  private answeredOk = 0;
  private answeredFailed = 0;
  private abandoned = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly backends: readonly Node[],
    wait: FanOutWait,
  ) {
    if (backends.length === 0) throw new Error(`${id}: a fan-out needs at least one backend`);
    this.need = needed(wait, backends.length);
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    const fork = new Fork(call);
    // Built first, sent after: a backend that answers at once must find every part in place.
    for (let i = 0; i < this.backends.length; i++) fork.parts.push(new Part(fork, this.sim));
    for (let i = 0; i < this.backends.length && !fork.done; i++) fork.parts[i].send(this.backends[i], this, i);
  }

  onReply(call: Call, outcome: Outcome): void {
    const fork = (call as Part).fork;
    if (fork.done) return;
    if (outcome === OK) fork.ok++;
    else fork.failed++;
    const n = this.backends.length;
    if (fork.ok >= this.need) this.finish(fork, OK);
    else if (n - fork.failed < this.need) this.finish(fork, outcome);
  }

  private finish(fork: Fork, outcome: Outcome): void {
    fork.done = true;
    if (outcome === OK) this.answeredOk++;
    else this.answeredFailed++;
    for (const p of fork.parts) {
      if (p.depth > 0 && !p.abandoned) {
        p.abandoned = true;
        this.abandoned++;
      }
    }
    fork.call.reply(outcome);
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, { backends: this.backends.length, need: this.need, ok: this.answeredOk, failed: this.answeredFailed, abandoned: this.abandoned });
  }
}

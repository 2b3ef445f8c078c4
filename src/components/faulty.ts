/**
 * `faulty`: a node that alternates between up and down. Up periods last Exp(mtbf), down periods
 * Exp(mttr), drawn from the node's own stream; it starts up. While down it answers every call with
 * an error at once; while up it passes calls on. (Timelike's `faulty`.)
 *
 * The up/down timeline is advanced lazily when a call arrives, so an idle faulty node schedules no
 * events and a run ends when its requests do.
 */
import { plainStats, type Node, type Caller, type Observed, type NodeStats } from '../engine/node.js';
import { ERROR, type Call, type Outcome } from '../engine/request.js';
import type { Simulation } from '../engine/simulation.js';
import type { Rng } from '../engine/rng.js';

export interface FaultyOptions {
  mtbfMs: number;
  mttrMs: number;
}

export class Faulty implements Node, Caller, Observed {
  readonly kind = 'faulty';
  private readonly rng: Rng;
  private up = true;
  /** When the current period started and when it ends. */
  private since = 0;
  private until: number;
  /** Length of the completed down periods. */
  private downTime = 0;
  private failures = 0;
  private calls = 0;
  private rejected = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly options: FaultyOptions,
    private readonly downstream: Node,
  ) {
    this.rng = sim.rng(id);
    this.until = this.draw(options.mtbfMs);
    sim.observe(this);
  }

  private draw(mean: number): number {
    return -mean * Math.log(1 - this.rng());
  }

  /** Advances the up/down timeline to `now`. */
  private advance(now: number): void {
    while (this.until <= now) {
      const start = this.until;
      if (this.up) {
        this.failures++;
        this.until = start + this.draw(this.options.mttrMs);
      } else {
        this.downTime += start - this.since;
        this.until = start + this.draw(this.options.mtbfMs);
      }
      this.up = !this.up;
      this.since = start;
    }
  }

  /** Whether the node is up at `now` (advances the timeline). */
  isUp(now: number): boolean {
    this.advance(now);
    return this.up;
  }

  call(call: Call): void {
    this.calls++;
    const now = this.sim.sched.now;
    if (this.isUp(now)) {
      call.send(this.downstream, this);
    } else {
      this.rejected++;
      call.reply(ERROR);
    }
  }

  onReply(call: Call, outcome: Outcome): void {
    call.reply(outcome);
  }

  stats(now: number): NodeStats {
    this.advance(now);
    const down = this.downTime + (this.up ? 0 : now - this.since);
    return plainStats(this, this.calls, { failures: this.failures, errors: this.rejected, availability: now > 0 ? 1 - down / now : 1 });
  }
}

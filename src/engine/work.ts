/**
 * Outstanding work: a count of what a component still has to finish (a client's requests, a
 * broker's unfinished messages, the calls a paused server holds). A component opens a unit when
 * the work begins and closes it when the work is done; the work is open while its count is above 0.
 *
 * Work does two things, both part of the end-of-run rule (see `end.ts`):
 *
 * - The run's own work (`Simulation.outstanding`) is what the default end condition waits for: a
 *   run ends once it is 0. A work made with a `parent` counts in its parent too, unit for unit, so
 *   a component can keep its own count and still count in the run's.
 * - An event scheduled with `Scheduler.atWhile(work, ...)` keeps the run going only while `work` is
 *   open: the rest of the time it is a daemon. A consumer's idle poll is one: it matters only while
 *   its broker has unfinished messages.
 */
import type { Scheduler } from './scheduler.js';

export class WorkError extends Error {}

export class Work {
  private units = 0;
  /** Pending events scheduled with `Scheduler.atWhile(this, ...)`, cancelled ones excluded. */
  private held = 0;

  constructor(
    private readonly sched: Scheduler,
    /** A work this one counts in, unit for unit (the run's outstanding work), or null. */
    private readonly parent: Work | null = null,
  ) {}

  /** Units open now. */
  get count(): number {
    return this.units;
  }

  get isOpen(): boolean {
    return this.units > 0;
  }

  /** One more unit of work begins. */
  open(): void {
    if (this.units++ === 0 && this.held > 0) this.sched.heldChanged(this.held);
    if (this.parent !== null) this.parent.open();
  }

  /** One unit of work is done. */
  close(): void {
    if (this.units === 0) throw new WorkError('closed a unit of work that was not open');
    if (--this.units === 0 && this.held > 0) this.sched.heldChanged(-this.held);
    if (this.parent !== null) this.parent.close();
  }

  /** The scheduler holds one more event for this work; true if it keeps the run going now. */
  hold(): boolean {
    this.held++;
    return this.units > 0;
  }

  /** An event held for this work fired or was cancelled; true if it was keeping the run going. */
  release(): boolean {
    this.held--;
    return this.units > 0;
  }
}

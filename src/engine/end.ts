/**
 * When a run ends: the whole rule, in one place.
 *
 * A run ends at its end condition, never because events happen to run out. An `EndCondition` has
 * two parts, either of which ends the run (whichever comes first):
 *
 * 1. `reached()`, checked after every event: the run ends after the event that makes it true. The
 *    default (`workDone`) is that the run's outstanding work (`Simulation.outstanding`) is 0: every
 *    request the client issued has been answered, and every message a broker accepted is finished
 *    (processed, dead-lettered or expired). Components count their work there: the client holds one
 *    unit while it has requests to issue or in flight; a broker one per unfinished message. A future protocol brings its own `reached()` (a leader elected, a log
 *    replicated).
 * 2. `untilMs`, a duration: every event up to that simulated time fires (daemons included), the
 *    clock then reads `untilMs`, and the run ends whatever is still in flight.
 *
 * And when nothing could make `reached()` true any more, the run ends too: without a duration, it
 * ends when no pending event keeps it going (with one, it goes on to the duration, which time alone
 * reaches). Whether an event keeps a run going is decided where it is scheduled (`Scheduler`):
 *
 * - an ordinary event does;
 * - a daemon event never does. Periodic and background work is scheduled as daemons, so it never
 *   keeps a run going by itself: the time-series sampler, load-information refreshes, fault
 *   schedules and the ends of faults, circuit-breaker cool-downs, a broker's long-poll waits (and
 *   tomorrow's heartbeats, refresh timers and pollers);
 * - an event held by a `Work` (`Scheduler.atWhile`) does only while that work is open: a consumer's
 *   idle poll while its broker has unfinished messages; a paused server's end of pause while it
 *   holds calls.
 *
 * So a request lost with nothing left to time it out ends the run (it is reported dropped), instead
 * of keeping it going for ever; and since the condition is checked after every event, even a
 * periodic timer scheduled as an ordinary event (a heartbeat every second) cannot keep a run going
 * once its work is done. What it can still do is keep going a run whose condition can never hold
 * (a lost request, no timeout, and no duration): that is why periodic work is scheduled as daemons.
 */
import type { Work } from './work.js';

export interface EndCondition {
  /** Checked after every event: true ends the run there. Null: only the duration ends the run. */
  readonly reached: (() => boolean) | null;
  /** The simulated time (ms) the run ends at, at the latest; Infinity: no duration. */
  readonly untilMs: number;
}

/** The default end: `work` (the run's outstanding work) is done; or `untilMs`, if it comes first. */
export function workDone(work: Work, untilMs = Infinity): EndCondition {
  return { reached: () => work.count === 0, untilMs };
}

/** A duration: the run covers exactly [0, untilMs] of simulated time. */
export function duration(untilMs: number): EndCondition {
  if (!(untilMs >= 0 && untilMs < Infinity)) throw new RangeError(`a run's duration must be a finite time of at least 0 ms; found ${untilMs}`);
  return { reached: null, untilMs };
}

/**
 * `end`, or once the event count `counted()` reaches `events` (checked after every event fired),
 * whichever comes first: `lightcone replay --until N` stops there to dump the state of every node.
 */
export function afterEvent(end: EndCondition, counted: () => number, events: number): EndCondition {
  if (!(Number.isSafeInteger(events) && events >= 1)) throw new RangeError(`an event number must be a whole number of at least 1; found ${events}`);
  const reached = end.reached;
  return { reached: reached === null ? () => counted() >= events : () => counted() >= events || reached(), untilMs: end.untilMs };
}

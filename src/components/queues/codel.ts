/**
 * CoDel ("Controlled Delay", Nichols and Jacobson, 2012; RFC 8289): a FIFO queue that watches the
 * sojourn time of the call at its head, the time it spent in the queue. When the sojourn time has
 * stayed above `target` for a whole `interval`, it drops the head call and enters the dropping
 * state; while the sojourn time stays above target it drops again at intervals that shrink as
 * `interval / sqrt(count)` (the control law), until the queue drains below target. A short burst,
 * which drains within an interval, is never dropped; a standing queue is.
 *
 * This is RFC 8289's `dequeue` and `dodequeue` (the Linux variant of the count reset), with two
 * translations from packets to requests: time "0" meaning "not above target" is a separate NaN
 * here (simulated time starts at 0), and the rule that a backlog of at most one MTU never counts
 * as above target becomes "at most one call is left waiting", which keeps the workers busy.
 * Drops happen only when a worker takes a call, as in the RFC (dequeue-time dropping).
 */
import type { Call } from '../../engine/request.js';
import { Deque } from './deque.js';
import type { Discipline } from './discipline.js';

export interface CodelOptions {
  /** Acceptable standing sojourn time (RFC default 5 ms). */
  targetMs: number;
  /** The window a sojourn time must stay above target before drops start (RFC default 100 ms). */
  intervalMs: number;
}

export const CODEL_DEFAULTS: CodelOptions = { targetMs: 5, intervalMs: 100 };

/** Told about every call CoDel drops, with its times, before the next one is taken. */
export type DropHook = (call: Call, enqueuedAt: number, arrivedAt: number) => void;

export class CodelQueue extends Deque<Call> implements Discipline {
  /** When the sojourn time went above target plus an interval; NaN while below. */
  private firstAboveTime = NaN;
  private dropNext = 0;
  private count = 0;
  private lastCount = 0;
  private dropping = false;
  private okToDrop = false;
  /** Calls dropped so far. */
  drops = 0;

  constructor(
    private readonly options: CodelOptions,
    private readonly dropped: DropHook,
  ) {
    super();
  }

  takeOldest(): Call {
    return this.shift();
  }

  take(now: number): Call | null {
    const interval = this.options.intervalMs;
    let call = this.dodequeue(now);
    if (call === null) {
      this.dropping = false;
      return null;
    }
    if (this.dropping) {
      if (!this.okToDrop) this.dropping = false;
      while (this.dropping && now >= this.dropNext) {
        this.drop(call as Call);
        this.count++;
        call = this.dodequeue(now);
        if (!this.okToDrop) this.dropping = false;
        else this.dropNext = this.controlLaw(this.dropNext, this.count);
      }
    } else if (this.okToDrop) {
      this.drop(call);
      call = this.dodequeue(now);
      this.dropping = true;
      const delta = this.count - this.lastCount;
      this.count = 1;
      if (delta > 1 && now - this.dropNext < 16 * interval) this.count = delta;
      this.dropNext = this.controlLaw(now, this.count);
      this.lastCount = this.count;
    }
    return call;
  }

  /** Takes the head call and says (okToDrop) whether its sojourn time allows dropping it. */
  private dodequeue(now: number): Call | null {
    this.okToDrop = false;
    if (this.length === 0) {
      this.firstAboveTime = NaN;
      return null;
    }
    const call = this.shift();
    const sojourn = now - this.enqueuedAt;
    if (sojourn < this.options.targetMs || this.length <= 1) {
      this.firstAboveTime = NaN;
    } else if (Number.isNaN(this.firstAboveTime)) {
      this.firstAboveTime = now + this.options.intervalMs;
    } else if (now >= this.firstAboveTime) {
      this.okToDrop = true;
    }
    return call;
  }

  private drop(call: Call): void {
    this.drops++;
    this.dropped(call, this.enqueuedAt, this.arrivedAt);
  }

  private controlLaw(t: number, count: number): number {
    return t + this.options.intervalMs / Math.sqrt(count);
  }
}

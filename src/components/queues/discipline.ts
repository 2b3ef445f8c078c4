/**
 * Queue disciplines: the order in which a server's waiting calls are served.
 *
 * - `fifo`: oldest first (the default).
 * - `lifo`: newest first (under overload the newest requests, whose clients are still waiting,
 *   get served; the oldest starve).
 * - `priority`: the request's class first (class 0 is the highest, see `load.priorities`), oldest
 *   first within a class.
 * - `codel`: oldest first, with CoDel's drops from the head (`codel.ts`).
 *
 * A discipline only orders; the server admits, drops, counts and serves. Taking a call sets
 * `enqueuedAt` and `arrivedAt` to its times, so nothing is allocated per call.
 */
import type { Call } from '../../engine/request.js';
import type { ClientRequest } from '../../load/request.js';
import { Deque } from './deque.js';

export interface Discipline {
  readonly length: number;
  /** When the call last taken entered the queue, and when it arrived at the server. */
  enqueuedAt: number;
  arrivedAt: number;
  push(call: Call, enqueuedAt: number, arrivedAt: number): void;
  /**
   * The next call to serve at `now` (the queue is not empty), or null if the discipline dropped every
   * waiting call on the way (CoDel).
   */
  take(now: number): Call | null;
  /** The call an overflow `drop-head` drops: the oldest waiting call of the lowest class. */
  takeOldest(): Call;
}

export class FifoQueue extends Deque<Call> implements Discipline {
  take(): Call {
    return this.shift();
  }
  takeOldest(): Call {
    return this.shift();
  }
}

export class LifoQueue extends Deque<Call> implements Discipline {
  take(): Call {
    return this.pop();
  }
  takeOldest(): Call {
    return this.shift();
  }
}

/** One FIFO lane per priority class; lanes are added as classes appear. */
export class PriorityQueue implements Discipline {
  private readonly lanes: Deque<Call>[] = [];
  length = 0;
  enqueuedAt = NaN;
  arrivedAt = NaN;

  push(call: Call, enqueuedAt: number, arrivedAt: number): void {
    const k = (call.req as ClientRequest).priority;
    while (this.lanes.length <= k) this.lanes.push(new Deque<Call>(4));
    this.lanes[k].push(call, enqueuedAt, arrivedAt);
    this.length++;
  }

  take(): Call {
    for (let k = 0; k < this.lanes.length; k++) if (this.lanes[k].length > 0) return this.from(this.lanes[k]);
    throw new Error('take from an empty queue');
  }

  takeOldest(): Call {
    for (let k = this.lanes.length - 1; k >= 0; k--) if (this.lanes[k].length > 0) return this.from(this.lanes[k]);
    throw new Error('take from an empty queue');
  }

  private from(lane: Deque<Call>): Call {
    const call = lane.shift();
    this.enqueuedAt = lane.enqueuedAt;
    this.arrivedAt = lane.arrivedAt;
    this.length--;
    return call;
  }
}

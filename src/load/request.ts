/**
 * A request as the load issues it: everything the engine says a `Request` has, plus what the
 * workload says about it. The components that act on these fields read them here (a balancer the
 * key, a priority queue the class, a server the replayed service time).
 *
 * Every request that enters the model is a `ClientRequest` (a broker's messages too, with the
 * defaults), so the components that read these fields see one class: keep it that way, and keep
 * every field initialized in the class body, so every instance has the same shape. It extends
 * `Call` directly (see `Request`): a request is made per arrival, on the hot path.
 */
import { Call, type CallTracer, type HistoryEntry, type Request, type RequestOwner } from '../engine/request.js';
import type { Scheduler } from '../engine/scheduler.js';

export class ClientRequest extends Call implements Request {
  /** Completion time (ms), NaN while in flight. */
  end = NaN;
  outcome = -1;
  /** Total time spent waiting in queues (ms). */
  waitedMs = 0;
  /** Times the request was queued behind others. */
  queued = 0;
  /** Calls made on its behalf that were lost (dropped messages, crashed nodes), and when the last was. */
  lost = 0;
  lostAt = NaN;
  /** Who issued it: told when a call of it is first lost. */
  owner: RequestOwner | null = null;
  /** Full path through the system, when the scenario asks for history (its tracer fills it). */
  readonly history: HistoryEntry[] | null;
  /** What records its calls, or null (see `CallTracer`). */
  readonly tracer: CallTracer | null;
  /** The request's key (load.keys), or -1. */
  key = -1;
  /** Its priority class (load.priorities): 0, the default, is the highest. */
  priority = 0;
  /** The closed-loop user that sent it (load.closed), or -1. */
  user = -1;
  /** Its service time from a replayed trace (ms), used by every server it reaches; NaN: servers draw one. */
  serviceMs = NaN;

  constructor(
    readonly id: number,
    readonly arrival: number,
    readonly measured: boolean,
    keepHistory: boolean,
    sched: Scheduler,
    tracer: CallTracer | null = null,
  ) {
    super(null, sched);
    this.history = keepHistory ? [] : null;
    this.tracer = tracer;
  }
}

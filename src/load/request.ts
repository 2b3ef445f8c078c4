/**
 * A request as the load issues it: the engine's `Request`, plus what the workload says about it.
 * The components that act on these fields read them here (a balancer the key, a priority queue
 * the class, a server the replayed service time).
 *
 * Every request that enters the model is a `ClientRequest` (a broker's messages too, with the
 * defaults), so the components that read these fields see one class: keep it that way, and keep
 * the fields initialized in the class body, so every instance has the same shape.
 */
import { Request } from '../engine/request.js';

export class ClientRequest extends Request {
  /** The request's key (load.keys), or -1. */
  key = -1;
  /** Its priority class (load.priorities): 0, the default, is the highest. */
  priority = 0;
  /** The closed-loop user that sent it (load.closed), or -1. */
  user = -1;
  /** Its service time from a replayed trace (ms), used by every server it reaches; NaN: servers draw one. */
  serviceMs = NaN;
}

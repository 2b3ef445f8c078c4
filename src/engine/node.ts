/**
 * The two roles of a component: a `Node` accepts calls; a `Caller` receives replies.
 *
 * Most components are both (they sit in a chain and wrap the next one, their `downstream`).
 * A node answers every call exactly once, now or later, with `call.reply(outcome)`.
 */
import type { Call, Outcome } from './request.js';

export interface Node {
  /** The node's path, e.g. `balancer/dyno[17]/server`; also names its random stream. */
  readonly id: string;
  call(call: Call): void;
}

export interface Caller {
  readonly id: string;
  onReply(call: Call, outcome: Outcome, tag: number): void;
}

/** Per-node figures for reports. Nodes that hold requests (servers, queueing balancers) provide them. */
export interface NodeStats {
  id: string;
  kind: string;
  /** Busy worker-time / (workers x elapsed time), over the whole run. */
  utilization: number | null;
  queue: { mean: number; max: number; meanWait: number } | null;
  /** Calls this node handled. */
  calls: number;
  /** Extra kind-specific figures (per-backend request counts, availability, ...). */
  extra?: Record<string, unknown>;
}

export interface Observed {
  stats(now: number): NodeStats;
}

/** The figures of a node that holds no queue and no workers: its calls and its own counts. */
export function plainStats(node: { readonly id: string; readonly kind: string }, calls: number, extra?: Record<string, unknown>): NodeStats {
  return { id: node.id, kind: node.kind, utilization: null, queue: null, calls, ...(extra !== undefined && { extra }) };
}

/** The id of the group a node belongs to: its id with every pool index as `[*]` (`dynos[*]/server`). */
export function groupId(id: string): string {
  return id.replace(/\[\d+\]/g, '[*]');
}

/**
 * A node that can say what it holds now, as plain JSON data (queue lengths, calls in service, the
 * lease it believes it holds, a broker's messages in flight): `lightcone replay --until N` dumps it
 * for every node that has it. Optional; it must not change the node or draw from any stream, so
 * asking for it cannot change a run. Process nodes give their user state through the same method.
 */
export interface Stateful {
  state(): Record<string, unknown>;
}

/** Whether `node` has a `state()` (see `Stateful`). */
export function hasState(node: object): node is Stateful {
  return typeof (node as { state?: unknown }).state === 'function';
}

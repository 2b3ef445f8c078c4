/**
 * The state of a run's nodes now: every node with a `state()` (engine/node.ts `Stateful`), by id in
 * report order, and in a run with processes the messages on their way (from its trace). What
 * `lightcone replay --until N` dumps.
 */
import { hasState } from '../engine/node.js';
import { compareIds, type Simulation } from '../engine/simulation.js';
import type { TraceEvent } from '../trace/event.js';

export interface RunState {
  /** The number of the last event so far, as `--until` counts them (a run with processes: its trace's numbering). */
  event: number;
  /** Simulated time (ms). */
  timeMs: number;
  /** Each node's state, by id. */
  nodes: Record<string, Record<string, unknown>>;
  /** A run with processes: the messages sent and neither delivered nor dropped yet, in sending order. */
  messages?: MessageInFlight[];
}

/** A message on its way, as the trace recorded its send (a duplicate's copy is 1). */
export interface MessageInFlight {
  msg: number;
  copy: number;
  from: string;
  to: string;
  /** When it was sent (ms of simulated time). */
  sentMs: number;
  type?: string;
  /** Its payload, bounded as in the trace. */
  body?: unknown;
}

/** The messages of a trace (its events so far) that are on their way: sent or duplicated, not yet delivered or dropped. */
export function messagesInFlight(events: Iterable<TraceEvent>): MessageInFlight[] {
  const open = new Map<string, MessageInFlight>();
  for (const e of events) {
    if (e.msg === undefined) continue;
    const key = `${e.msg}/${e.copy ?? 0}`;
    if (e.kind === 'send' || e.kind === 'duplicate') {
      const sent = e.kind === 'send' ? e : undefined;
      const original = open.get(`${e.msg}/0`);
      open.set(key, {
        msg: e.msg,
        copy: e.copy ?? 0,
        from: e.from ?? original?.from ?? e.node,
        to: e.to ?? original?.to ?? '',
        sentMs: sent?.t ?? original?.sentMs ?? e.t,
        ...((e.type ?? original?.type) !== undefined && { type: e.type ?? original?.type }),
        ...((e.body ?? original?.body) !== undefined && { body: e.body ?? original?.body }),
      });
    } else if (e.kind === 'deliver' || e.kind === 'drop') {
      open.delete(key);
    }
  }
  return [...open.values()];
}

/** `event`: the last event's number as the run counts them (default: the scheduler's events fired; a run with processes passes its own `lastEvent`). */
export function runState(sim: Simulation, trace?: Iterable<TraceEvent>, event = sim.sched.fired): RunState {
  const byId = new Map<string, object>();
  for (const n of sim.find('**')) byId.set(n.id, n);
  for (const n of sim.observedNodes()) {
    const id = (n as { id?: unknown }).id;
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, n);
  }
  const nodes: Record<string, Record<string, unknown>> = {};
  for (const id of [...byId.keys()].sort(compareIds)) {
    const n = byId.get(id) as object;
    if (hasState(n)) nodes[id] = n.state();
  }
  return { event, timeMs: sim.sched.now, nodes, ...(trace !== undefined && { messages: messagesInFlight(trace) }) };
}

/**
 * Node faults (crash, pause, slow): what a fault does to a node, and how a fault finds its targets.
 *
 * A node that can suffer them owns a `NodeLifecycle` (`./lifecycle.ts`), which implements
 * `NodeFaults` once for every node kind: the fault handlers (`crash.ts`, `pause.ts`, `slow.ts`)
 * talk to `node.lifecycle` and nothing else, so a new node kind reaches them unchanged by owning a
 * lifecycle and implementing its hooks.
 *
 * The lifecycle records the node's fault windows in `faultWindows(sim)` (windows.ts) (it knows when a window
 * really ends: a crash cuts a pause short, a second pause extends the first).
 */
import type { Node } from '../engine/node.js';
import type { Simulation } from '../engine/simulation.js';
import { BuildError } from '../engine/errors.js';

export type NodeFaultKind = 'crash' | 'pause' | 'slow';

/** What node faults do to a node: the operations the fault handlers call. */
export interface NodeFaults {
  /** Whether the node can suffer `kind` (a slotted server has no service time to slow). */
  supportsFault(kind: NodeFaultKind): boolean;
  /** A fault of `kind` is scheduled on the node: its report gains that fault's figures. */
  armFault(kind: NodeFaultKind): void;
  /** Crashes now, losing every call in the node; restarts empty at `restartAtMs` (Infinity: never). */
  crash(restartAtMs: number): void;
  /** Stops the world now until `untilMs`: nothing starts or finishes; work in progress is stretched. */
  pause(untilMs: number): void;
  /** Multiplies by `factor` the service times of the calls that start from now until `untilMs`. */
  slow(factor: number, untilMs: number): void;
}

/** A node that can suffer node faults: it owns a lifecycle. */
export interface FaultableNode extends Node {
  readonly lifecycle: NodeFaults;
}

export function isFaultable(node: Node): node is FaultableNode {
  return typeof (node as Partial<FaultableNode>).lifecycle?.supportsFault === 'function';
}

/**
 * The nodes `target` names that can suffer `kind`, in build order, each armed for it. A target
 * that names none is an error (almost certainly a typo), reported with examples of the ids there are.
 */
export function faultTargets(sim: Simulation, kind: NodeFaultKind, target: string, index: number): FaultableNode[] {
  const matched = sim.find(target);
  const able = (n: Node): n is FaultableNode => isFaultable(n) && n.lifecycle.supportsFault(kind);
  const targets = matched.filter(able);
  if (targets.length === 0) {
    const ids = sim
      .find('**')
      .filter(able)
      .map((n) => n.id);
    const examples = ids.length === 0 ? 'there are none in this scenario' : `such as ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}`;
    const found = matched.length === 0 ? 'matches no node' : `matches ${matched.length} node(s) but none that can ${kind === 'slow' ? 'be slowed' : kind} (${matched.slice(0, 3).map((n) => n.id).join(', ')})`;
    throw new BuildError(`faults[${index}].${kind}.target: "${target}" ${found}; ${kind} applies to ${kind === 'slow' ? 'servers with a service time and processes' : 'servers, lease nodes and processes'}, ${examples}`);
  }
  for (const t of targets) t.lifecycle.armFault(kind);
  return targets;
}

/**
 * Node faults (crash, pause, slow): the interface a node implements to suffer them, and how a
 * fault finds its targets. Today servers implement it; a node kind that learns to crash, pause or
 * slow down implements `FaultableNode` and every fault handler reaches it unchanged.
 *
 * A node records its own fault windows in `faultWindows(sim)` (windows.ts): it knows when a window
 * really ends (a crash cuts a pause short, a second pause extends the first).
 */
import type { Node } from '../engine/node.js';
import type { Simulation } from '../engine/simulation.js';
import { BuildError } from '../engine/errors.js';

export type NodeFaultKind = 'crash' | 'pause' | 'slow';

export interface FaultableNode extends Node {
  /** Whether this node can suffer `kind` (a slotted server has no service time to slow). */
  supportsFault(kind: NodeFaultKind): boolean;
  /** A fault of `kind` is scheduled on this node: its report gains that fault's figures. */
  armFault(kind: NodeFaultKind): void;
  /** Crashes now, losing every call in the node; restarts empty at `restartAtMs` (Infinity: never). */
  crash(restartAtMs: number): void;
  /** Stops the world now until `untilMs`: nothing starts or finishes; service in progress is stretched. */
  pause(untilMs: number): void;
  /** Multiplies by `factor` the service times of the calls that start from now until `untilMs`. */
  slow(factor: number, untilMs: number): void;
}

export function isFaultable(node: Node): node is FaultableNode {
  return typeof (node as Partial<FaultableNode>).supportsFault === 'function';
}

/**
 * The nodes `target` names that can suffer `kind`, in build order, each armed for it. A target
 * that names none is an error (almost certainly a typo), reported with examples of the ids there are.
 */
export function faultTargets(sim: Simulation, kind: NodeFaultKind, target: string, index: number): FaultableNode[] {
  const matched = sim.find(target);
  const targets = matched.filter((n): n is FaultableNode => isFaultable(n) && n.supportsFault(kind));
  if (targets.length === 0) {
    const able = sim
      .find('**')
      .filter((n) => isFaultable(n) && n.supportsFault(kind))
      .map((n) => n.id);
    const examples = able.length === 0 ? 'there are none in this scenario' : `such as ${able.slice(0, 3).join(', ')}${able.length > 3 ? ', ...' : ''}`;
    const found = matched.length === 0 ? 'matches no node' : `matches ${matched.length} node(s) but none that can ${kind === 'slow' ? 'be slowed' : kind} (${matched.slice(0, 3).map((n) => n.id).join(', ')})`;
    throw new BuildError(`faults[${index}].${kind}.target: "${target}" ${found}; ${kind} applies to servers${kind === 'slow' ? ' with a service time' : ''}, ${examples}`);
  }
  for (const t of targets) t.armFault(kind);
  return targets;
}

/** Helpers for the network tests: link steps built in code. */
import type { StepSpec } from '../../src/scenario/spec.js';
import type { NodeStats } from '../../src/engine/node.js';
import { constant } from '../helpers.js';

export type LinkStep = Extract<StepSpec, { kind: 'link' }>;

/** A link step: 1 ms each way, no loss, no duplication, 1 KB messages, unless `over` says otherwise. */
export function link(over: Partial<Omit<LinkStep, 'kind'>> = {}): LinkStep {
  return { kind: 'link', latency: constant(1), loss: 0, duplicate: 0, requestBytes: 1000, responseBytes: 1000, ...over };
}

export function server(serviceMs: number, concurrency = 1000): StepSpec {
  return { kind: 'server', concurrency, serviceTime: constant(serviceMs) };
}

/** The figures of the node `id`. */
export function node(nodes: NodeStats[], id: string): NodeStats {
  const n = nodes.find((x) => x.id === id);
  if (n === undefined) throw new Error(`no node ${id} among ${nodes.map((x) => x.id).join(', ')}`);
  return n;
}

/** The link figures of the node `id`. */
export function linkStats(nodes: NodeStats[], id: string) {
  return node(nodes, id).extra as { messages: number; lost: number; partitioned: number; duplicated: number; reordered: number; bytes: number; meanTransmitWaitMs?: number };
}

/** |observed - expected| within 4 standard deviations of a binomial count of n trials with probability p. */
export function binomialTolerance(n: number, p: number): number {
  return 4 * Math.sqrt(n * p * (1 - p));
}

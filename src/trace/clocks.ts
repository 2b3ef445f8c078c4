/**
 * The clocks of causality a trace stamps on its events (`event.ts`): each node of a trace has a
 * Lamport clock and a vector clock with an entry per node of the trace. Shared by the two things
 * that write traces: the process runtime (process/runtime.ts) and the tracer of chain requests
 * (`chain.ts`), so both stamp exactly as the contract says.
 */

/** A node of a trace: its index in the trace's node list, its address, and its two clocks. */
export class Clocked {
  lamport = 0;
  readonly vc: Int32Array;
  constructor(
    readonly index: number,
    readonly address: string,
    nodes: number,
  ) {
    this.vc = new Int32Array(nodes);
  }
}

/** The clocks a message carries: its sender's at its send. */
export interface Stamp {
  readonly lamport: number;
  readonly vc: Int32Array;
}

/** An event at `node`: ticks its Lamport clock and its own entry of its vector clock. */
export function tick(node: Clocked): void {
  node.lamport++;
  node.vc[node.index]++;
}

/** A delivery: merges a message's clocks into the receiver's and ticks it (Lamport: max + 1; vector: entry-wise max, then own + 1). */
export function merge(node: Clocked, m: Stamp): void {
  node.lamport = Math.max(node.lamport, m.lamport) + 1;
  const vc = node.vc;
  const v = m.vc;
  for (let i = 0; i < vc.length; i++) if (v[i] > vc[i]) vc[i] = v[i];
  vc[node.index]++;
}

/** A vector clock as a trace writes it: by address (`addresses[i]` is entry i), entries at 0 left out. */
export function vcObject(vc: Int32Array, addresses: readonly string[]): Record<string, number> {
  const o: Record<string, number> = {};
  for (let i = 0; i < vc.length; i++) if (vc[i] !== 0) o[addresses[i]] = vc[i];
  return o;
}

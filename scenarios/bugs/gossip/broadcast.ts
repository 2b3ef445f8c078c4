/**
 * Broadcast by gossip, as in Fly.io's Gossip Glomers (challenge 3, Maelstrom's `broadcast`
 * workload): clients hand values to any node (`broadcast` operations), and every node must end up
 * holding every value. Nodes only talk to their neighbours in a fixed topology, here a line:
 *
 *     n[0] - n[1] - n[2] - n[3] - n[4]
 *
 * so a value handed to n[0] reaches n[4] through n[1], n[2] and n[3].
 *
 * - `Gossip` (the bug): a node that learns a new value tells its neighbours once and forgets about
 *   it (fire and forget). A message lost in a partition is lost for good: the values it carried
 *   never cross, even after the partition heals.
 * - `ReliableGossip` (the fix): a node keeps, per neighbour, the values that neighbour has not
 *   acknowledged, and resends them every RETRY ms until it does. A partition only delays them.
 *
 * The property is convergence: once the faults have healed and the run has gone on a while (the
 * scenario's `settle:`), every node holds the same values. It is checked once, at the end of the
 * run (`atEnd`): a liveness property, which no single instant could refute.
 */
import type { Context, Operation, Process, World } from 'lightcone';

type Msg =
  | { type: 'gossip'; values: number[] }
  | { type: 'gossip-ok'; values: number[] };

/** How often a node resends what a neighbour has not acknowledged, ms. */
const RETRY = 50;

/** The neighbours of a node in the line: the nodes just before and just after it. */
function neighbours(ctx: Context<Msg>): string[] {
  const all = [...ctx.peers, ctx.self].sort((a, b) => index(a) - index(b));
  const i = all.indexOf(ctx.self);
  return [all[i - 1], all[i + 1]].filter((n): n is string => n !== undefined);
}

function index(address: string): number {
  return Number(/\[(\d+)\]$/.exec(address)?.[1] ?? 0);
}

/** Fire-and-forget gossip. */
export class Gossip implements Process<Msg> {
  /** The values this node holds, in the order it learnt them. */
  values = new Set<number>();

  operation(ctx: Context<Msg>, op: Operation) {
    if (op.f !== 'broadcast') return ctx.fail(op, `a node takes broadcast operations, not ${op.f}`);
    this.learn(ctx, [op.value as number], null);
    ctx.reply(op);
  }

  message(ctx: Context<Msg>, from: string, msg: Msg) {
    if (msg.type === 'gossip') this.learn(ctx, msg.values, from);
  }

  /** Keeps the values it did not hold and passes them on to every neighbour but the one they came from. */
  learn(ctx: Context<Msg>, values: number[], from: string | null) {
    const fresh = values.filter((v) => !this.values.has(v));
    for (const v of fresh) this.values.add(v);
    if (fresh.length === 0) return;
    for (const n of neighbours(ctx)) if (n !== from) this.tell(ctx, n, fresh);
  }

  tell(ctx: Context<Msg>, neighbour: string, values: number[]) {
    ctx.send(neighbour, { type: 'gossip', values }); // and hope it arrives
  }
}

/** Gossip with acknowledgements and retries: a value is resent to a neighbour until it says it has it. */
export class ReliableGossip extends Gossip {
  /** Per neighbour, the values sent to it and not acknowledged yet. */
  unacked = new Map<string, Set<number>>();

  start(ctx: Context<Msg>) {
    ctx.setTimer('retry', RETRY);
  }

  override message(ctx: Context<Msg>, from: string, msg: Msg) {
    if (msg.type === 'gossip') {
      // acknowledge every value received, new or not: an earlier acknowledgement may have been lost
      ctx.send(from, { type: 'gossip-ok', values: msg.values });
      this.learn(ctx, msg.values, from);
    } else {
      const pending = this.unacked.get(from);
      if (pending !== undefined) for (const v of msg.values) pending.delete(v);
    }
  }

  override tell(ctx: Context<Msg>, neighbour: string, values: number[]) {
    let pending = this.unacked.get(neighbour);
    if (pending === undefined) this.unacked.set(neighbour, (pending = new Set()));
    for (const v of values) pending.add(v);
    super.tell(ctx, neighbour, values);
  }

  timer(ctx: Context<Msg>, name: string) {
    if (name !== 'retry') return;
    for (const [neighbour, pending] of this.unacked) if (pending.size > 0) ctx.send(neighbour, { type: 'gossip', values: [...pending] });
    ctx.setTimer('retry', RETRY);
  }
}

export const atEnd = {
  /** Every node holds every value that any node holds: every broadcast value reached everyone. */
  converged(world: World) {
    const nodes = Object.entries(world.processes) as [string, Gossip | undefined][];
    const all = new Set<number>();
    for (const [, node] of nodes) for (const v of node?.values ?? []) all.add(v);
    const lacking: string[] = [];
    for (const [address, node] of nodes) {
      const missing = [...all].filter((v) => !(node?.values.has(v) ?? false));
      if (missing.length > 0) lacking.push(`${address} lacks ${missing.length} (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''})`);
    }
    if (lacking.length > 0) return `of the ${all.size} values broadcast, ${lacking.join('; ')}`;
    return true;
  },
};

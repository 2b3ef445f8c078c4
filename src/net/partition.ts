/**
 * The `partition` fault: from `at` until `heal` (half-open: a message that enters a link at `heal`
 * gets through), every message crossing a link between group A and group B in the cut direction is
 * lost. Only `link` steps can be cut.
 *
 * What "crossing" means. A link has two sides:
 * - its far side is the link itself and the step right after it (the node it leads to);
 * - its near side is the node that calls it: the step before it in its chain, the balancer that
 *   chose the pool member the link begins, or `client` for the first step of the topology.
 * A request crosses from the near side to the far side, its response from the far side back. A link
 * lies between the groups when one group names its caller and the other names its far side; then
 * `a-to-b` cuts the messages that travel from A's node to B's, `b-to-a` the others, `both` all.
 *
 * The far side is fixed when the link is built, so the partition registers a cut on every link whose
 * far side one of the groups names, when it is scheduled. The near side is read from each call (the
 * node waiting on the link's side of it) and the answer is cached per caller, because the members
 * of a shared pool are called by several balancers and only those in the other group are cut off.
 * Nothing is checked per message while no partition is in effect.
 *
 * Processes (`process/`). Their messages travel between addresses, not through link steps: a
 * network of addresses registers itself with `addressNetworks(sim)`, and a partition whose groups
 * name addresses (by node pattern: `n[0..1]`, `storage`) cuts the messages from an address of one
 * group to an address of the other, in the cut direction (`a-to-b`: from A to B only). The rule is
 * the same `cutMask`, with the sender as the near side and the receiver as the far side.
 *
 * Random partitions (`among`, `split`, `every`, `for`) split process addresses, as Jepsen's
 * nemesis partitioners do: the first starts at `at` (default: after one draw of `every`), the next
 * `every` after each start (a partition still in effect then is replaced), each lasts a draw of
 * `for`. Each time, the addresses `among` names are split as `split` says:
 * - `halves` (partition-random-halves): shuffled, then cut into two halves, A the first, smaller one;
 * - `one` (partition-random-node): one address, drawn, is A, the rest B;
 * - `majorities-ring` (partition-majorities-ring): shuffled onto a ring; each address keeps the
 *   links to the addresses within ring distance ceil((m - 1) / 2), m = floor(n / 2) + 1 (a bare
 *   majority), and loses the others, both ways: every address sees a majority, no two the same.
 * Every draw (shuffles, lengths, gaps) comes from the stream `faults[i]/partition`, so no other
 * component's draws move. Each partition is a fault window (`faults[i]`, partition), and its cut
 * messages are drops with reason `partition`, as a scheduled partition's are. Only processes:
 * link steps take scheduled partitions (`between`).
 */
import type { Simulation } from '../engine/simulation.js';
import type { EventTarget } from '../engine/scheduler.js';
import { NodePattern } from '../engine/node-pattern.js';
import type { FaultSpecs } from '../spec/scenario.js';
import { BuildError } from '../engine/errors.js';
import { CUT_REQUESTS, CUT_RESPONSES, Cut, Link } from './link.js';
import { faultWindows, type FaultWindow } from '../faults/windows.js';
import type { Rng } from '../engine/rng.js';
import type { Sampler } from '../engine/distributions.js';

type AnyPartitionSpec = FaultSpecs['partition'];
type PartitionSpec = Extract<AnyPartitionSpec, { between: unknown }>;
type RandomPartitionSpec = Extract<AnyPartitionSpec, { among: unknown }>;

const START = 0;
const HEAL = 1;

/** Which directions a link's cut loses for a caller, given which groups name each side. */
export function cutMask(callerInA: boolean, callerInB: boolean, farInA: boolean, farInB: boolean, direction: PartitionSpec['direction']): number {
  let mask = 0;
  // caller in A, far side in B: requests travel a-to-b, responses b-to-a
  if (callerInA && farInB) {
    if (direction !== 'b-to-a') mask |= CUT_REQUESTS;
    if (direction !== 'a-to-b') mask |= CUT_RESPONSES;
  }
  // caller in B, far side in A: requests travel b-to-a, responses a-to-b
  if (callerInB && farInA) {
    if (direction !== 'a-to-b') mask |= CUT_REQUESTS;
    if (direction !== 'b-to-a') mask |= CUT_RESPONSES;
  }
  return mask;
}

/**
 * A cut a partition puts on a network of addresses: while active, a message from address index
 * `from` to `to` is lost when `cuts(from, to)`.
 */
export class AddressCut {
  active = false;
  constructor(readonly cuts: (from: number, to: number) => boolean) {}
}

/** A network of addressed nodes (the processes' network), which partitions cut and flaky windows thin by address. */
export interface AddressNetwork {
  /** Every address, by index. */
  readonly addresses: readonly string[];
  addCut(cut: AddressCut): void;
  setCut(cut: AddressCut, active: boolean): void;
  /**
   * Opens (`on`) or closes a flaky window: every pair whose sender or receiver is a `member`
   * (by address index) loses a further `loss` of its messages while it is open, pairs whose wire is
   * built later included.
   */
  setFlaky(member: readonly boolean[], loss: number, on: boolean): void;
}

/**
 * The bookkeeping every `AddressNetwork` shares: the cuts partitions put on it, and whether one in
 * effect cuts the messages from address index `from` to `to` (free while none is in effect).
 */
export abstract class CutAddresses implements AddressNetwork {
  abstract readonly addresses: readonly string[];
  protected readonly cuts: AddressCut[] = [];
  private activeCuts = 0;

  /** Whether a partition in effect cuts the messages from `from` to `to`. */
  isCut(from: number, to: number): boolean {
    if (this.activeCuts === 0) return false;
    for (const c of this.cuts) if (c.active && c.cuts(from, to)) return true;
    return false;
  }

  addCut(cut: AddressCut): void {
    this.cuts.push(cut);
  }

  setCut(cut: AddressCut, active: boolean): void {
    if (cut.active === active) return;
    cut.active = active;
    this.activeCuts += active ? 1 : -1;
  }

  abstract setFlaky(member: readonly boolean[], loss: number, on: boolean): void;
}

const networks = new WeakMap<Simulation, AddressNetwork[]>();

/** The address networks of `sim`; a network pushes itself here when it is built, before the faults are scheduled. */
export function addressNetworks(sim: Simulation): AddressNetwork[] {
  let list = networks.get(sim);
  if (list === undefined) {
    list = [];
    networks.set(sim, list);
  }
  return list;
}

class Partition implements EventTarget {
  private readonly cuts: { link: Link; cut: Cut }[] = [];
  private readonly addressCuts: { network: AddressNetwork; cut: AddressCut }[] = [];

  constructor(sim: Simulation, spec: PartitionSpec, index: number) {
    checkGroups(sim, spec, index);
    const [a, b] = spec.between.map((group) => group.map((p) => new NodePattern(p)));
    const named = (group: NodePattern[], id: string) => group.some((p) => p.matches(id));
    for (const node of sim.find('**')) {
      if (!(node instanceof Link)) continue;
      const farInA = named(a, node.id) || named(a, node.next.id);
      const farInB = named(b, node.id) || named(b, node.next.id);
      if (!farInA && !farInB) continue;
      const cut = new Cut((caller) => cutMask(named(a, caller), named(b, caller), farInA, farInB, spec.direction));
      node.addCut(cut);
      this.cuts.push({ link: node, cut });
    }
    const nets = networks.get(sim) ?? [];
    for (const network of nets) {
      const inA = network.addresses.map((id) => named(a, id));
      const inB = network.addresses.map((id) => named(b, id));
      if (!inA.some((x) => x) && !inB.some((x) => x)) continue;
      const cut = new AddressCut((from, to) => (cutMask(inA[from], inB[from], inA[to], inB[to], spec.direction) & CUT_REQUESTS) !== 0);
      network.addCut(cut);
      this.addressCuts.push({ network, cut });
    }
    if (this.cuts.length === 0 && this.addressCuts.length === 0) {
      const groups = spec.between.map((g) => `[${g.join(', ')}]`).join(' and ');
      throw new BuildError(
        nets.length === 0
          ? `faults[${index}].partition.between: no link step is named by ${groups}; a partition cuts link steps, and a group names a link by its id or by the id of the step after it`
          : `faults[${index}].partition.between: no link step and no process address is named by ${groups}; process addresses look like ${nets[0].addresses.slice(0, 3).join(', ')}`,
      );
    }
    sim.sched.at(spec.atMs, this, START, undefined, true);
    if (spec.healMs !== undefined) sim.sched.at(spec.healMs, this, HEAL, undefined, true);
  }

  fire(kind: number): void {
    for (const { link, cut } of this.cuts) link.setCut(cut, kind === START);
    for (const { network, cut } of this.addressCuts) network.setCut(cut, kind === START);
  }
}

/**
 * Every name in both groups must name at least one node (or `client`): a misspelt name in a group
 * whose other names match would otherwise be ignored without a word. One problem per such name, at
 * its place in the file; the front end adds "did you mean" from the node ids, compared by shape
 * (pool indices as [N], so a pool of a million members costs as much as one).
 */
function checkGroups(sim: Simulation, spec: PartitionSpec, index: number): void {
  // a name may name a registered node, the step after a link (a lease's grantor), or a process address
  const farSides = sim.find('**').flatMap((n) => (n instanceof Link ? [n.next.id] : []));
  const addresses = (networks.get(sim) ?? []).flatMap((n) => n.addresses);
  const ids = [...new Set(['client', ...sim.nodeIds(), ...farSides, ...addresses])];
  let shapes: string[] | undefined; // made only when a name fails
  const lines: string[] = [];
  const suggest: { line: number; word: string; candidates: string[] }[] = [];
  spec.between.forEach((group, g) =>
    group.forEach((name, k) => {
      const p = new NodePattern(name);
      if (ids.some((id) => p.matches(id))) return;
      shapes ??= [...new Set(ids.map((id) => id.replace(/\[\d+\]/g, '[N]')))];
      suggest.push({ line: lines.length, word: name, candidates: shapes });
      lines.push(
        `faults[${index}].partition.between[${g}][${k}]: "${name}" names no node; every name in a partition group must name a node ` +
          `(a link, the step after it, or its caller; client for the first step), such as ${ids[ids.length > 1 ? 1 : 0]}`,
      );
    }),
  );
  if (lines.length > 0) throw new BuildError(lines.join('\n'), suggest);
}

export function schedulePartition(sim: Simulation, spec: AnyPartitionSpec, index: number): void {
  if ('among' in spec) {
    new RandomPartition(sim, spec, index);
    return;
  }
  new Partition(sim, spec, index);
  faultWindows(sim).push({ node: `faults[${index}]`, kind: 'partition', start: spec.atMs, end: spec.healMs ?? Infinity });
}

const NEXT = 0;
const END = 1;

/** Random partitions of process addresses (see the header). */
class RandomPartition implements EventTarget {
  private readonly rng: Rng;
  private readonly every: Sampler;
  private readonly length: Sampler;
  /** Every address `among` names: its network and its index there, in network then address order. */
  private readonly members: { network: AddressNetwork; index: number }[] = [];
  private readonly cuts: { network: AddressNetwork; cut: AddressCut; side: Int8Array; ring: Int32Array }[] = [];
  /** The number of the partition in effect (or the last), from 1. */
  private episode = 0;
  private window: FaultWindow | null = null;
  private readonly radius: number;

  constructor(
    private readonly sim: Simulation,
    private readonly spec: RandomPartitionSpec,
    private readonly index: number,
  ) {
    const patterns = spec.among.map((p) => new NodePattern(p));
    const nets = networks.get(sim) ?? [];
    checkAmong(spec, index, nets);
    for (const network of nets) {
      const n = network.addresses.length;
      // side: 0 not named, 1 in A, 2 in B; ring: its place on the ring (-1: not named)
      const side = new Int8Array(n);
      const ring = new Int32Array(n).fill(-1);
      let named = false;
      network.addresses.forEach((a, i) => {
        if (!patterns.some((p) => p.matches(a))) return;
        this.members.push({ network, index: i });
        named = true;
      });
      if (!named) continue;
      const direction = spec.direction;
      const cut =
        spec.split === 'majorities-ring'
          ? new AddressCut((from, to) => ring[from] >= 0 && ring[to] >= 0 && this.ringDistance(ring[from], ring[to]) > this.radius)
          : new AddressCut((from, to) => (cutMask(side[from] === 1, side[from] === 2, side[to] === 1, side[to] === 2, direction) & CUT_REQUESTS) !== 0);
      network.addCut(cut);
      this.cuts.push({ network, cut, side, ring });
    }
    const n = this.members.length;
    const problem =
      n < 2
        ? `names ${n === 1 ? 'only one process address' : 'no process address'}; a random partition splits at least 2`
        : spec.split === 'majorities-ring' && n < 4
          ? `names ${n} process addresses; split majorities-ring needs at least 4 (with ${n}, every address would see every other)`
          : undefined;
    if (problem !== undefined) throw new BuildError(`faults[${index}].partition.among: ${spec.among.map((p) => `"${p}"`).join(', ')} ${problem}`);
    this.radius = Math.ceil(Math.floor(n / 2) / 2); // m - 1 = floor(n / 2) neighbours, half on each side
    this.rng = sim.rng(`faults[${index}]/partition`);
    this.every = sim.distribution(spec.every);
    this.length = sim.distribution(spec.for);
    sim.sched.at(spec.atMs ?? this.every(this.rng), this, NEXT, undefined, true);
  }

  private ringDistance(a: number, b: number): number {
    const d = Math.abs(a - b);
    return Math.min(d, this.members.length - d);
  }

  fire(kind: number, arg: unknown): void {
    const now = this.sim.sched.now;
    if (kind === END) {
      if (arg !== this.episode || this.window === null) return; // replaced by a later one
      this.heal(now);
      return;
    }
    if (this.window !== null) this.heal(now); // the next replaces the one still in effect
    this.episode++;
    this.split();
    for (const { network, cut } of this.cuts) network.setCut(cut, true);
    const end = now + this.length(this.rng);
    this.window = { node: `faults[${this.index}]`, kind: 'partition', start: now, end };
    faultWindows(this.sim).push(this.window);
    this.sim.sched.at(end, this, END, this.episode, true);
    this.sim.sched.at(now + this.every(this.rng), this, NEXT, undefined, true);
  }

  private heal(now: number): void {
    for (const { network, cut } of this.cuts) network.setCut(cut, false);
    (this.window as FaultWindow).end = now;
    this.window = null;
  }

  /** Draws this partition's groups: a shuffle of the members (Fisher-Yates), then the split. */
  private split(): void {
    const order = this.members.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const n = order.length;
    const inA = this.spec.split === 'one' ? 1 : Math.floor(n / 2);
    order.forEach((m, place) => {
      const { network, index } = this.members[m];
      const c = this.cuts.find((x) => x.network === network) as (typeof this.cuts)[number];
      c.side[index] = place < inA ? 1 : 2;
      c.ring[index] = place;
    });
  }
}

/** Every name in `among` must name a process address (a misspelt one would be ignored without a word). */
function checkAmong(spec: RandomPartitionSpec, index: number, nets: readonly AddressNetwork[]): void {
  const addresses = nets.flatMap((n) => n.addresses);
  const lines: string[] = [];
  const suggest: { line: number; word: string; candidates: string[] }[] = [];
  let shapes: string[] | undefined;
  spec.among.forEach((name, k) => {
    const p = new NodePattern(name);
    if (addresses.some((a) => p.matches(a))) return;
    shapes ??= [...new Set(addresses.map((a) => a.replace(/\[\d+\]/g, '[N]')))];
    suggest.push({ line: lines.length, word: name, candidates: shapes });
    const path = spec.among.length > 1 ? `among[${k}]` : 'among';
    lines.push(
      addresses.length === 0
        ? `faults[${index}].partition.${path}: "${name}" names no process address; random partitions (among) split the addresses of processes, and this scenario has none (link steps take a scheduled partition: between, at, heal)`
        : `faults[${index}].partition.${path}: "${name}" names no process address; random partitions split the addresses of processes, such as ${addresses.slice(0, 3).join(', ')}`,
    );
  });
  if (lines.length > 0) throw new BuildError(lines.join('\n'), suggest);
}

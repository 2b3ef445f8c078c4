/**
 * The network between processes: every ordered pair of addresses (from, to) is a one-way link with
 * the `link` step's settings (latency, loss, duplication, reordering, bandwidth), from the
 * scenario's `network:` (defaults, then the last override whose patterns match the pair). The
 * per-message mechanics are net/'s `Wire`, one per pair, built on the pair's first message, with
 * its random streams named `net/<from>-><to>` (so one pair's traffic never moves another's draws).
 *
 * Partitions (`faults:` with `between` groups of address patterns) cut pairs through net/'s
 * `AddressCut`s, and `flaky` windows whose target matches addresses thin every pair from or to a
 * matching address (`Wire.setFlaky`; a wire built while a window is open gets it too): the network
 * registers itself with `addressNetworks(sim)` when it is built.
 */
import type { Simulation } from '../engine/simulation.js';
import { NodePattern } from '../engine/node-pattern.js';
import { Wire } from '../net/wire.js';
import { addressNetworks, CutAddresses } from '../net/partition.js';
import type { NetworkLinkSpec, NetworkSpec } from '../spec/process.js';

export class ProcessNetwork extends CutAddresses {
  private readonly wires: (Wire | undefined)[];
  private readonly settings: NetworkLinkSpec[];
  /** The flaky windows open now: which addresses they name, and their loss. */
  private readonly flaky: { member: readonly boolean[]; loss: number }[] = [];

  constructor(
    private readonly sim: Simulation,
    readonly addresses: readonly string[],
    spec: NetworkSpec,
  ) {
    super();
    const n = addresses.length;
    this.wires = new Array<Wire | undefined>(n * n);
    const overrides = spec.links.map((l) => ({ from: new NodePattern(l.from), to: new NodePattern(l.to), link: l.link }));
    this.settings = new Array<NetworkLinkSpec>(n * n);
    for (let f = 0; f < n; f++) {
      for (let t = 0; t < n; t++) {
        let s = spec.defaults;
        for (let k = overrides.length - 1; k >= 0; k--) {
          if (overrides[k].from.matches(addresses[f]) && overrides[k].to.matches(addresses[t])) {
            s = overrides[k].link;
            break;
          }
        }
        this.settings[f * n + t] = s;
      }
    }
    addressNetworks(sim).push(this);
  }

  /** After `transmit`: the wire the message entered (its `seq` and `copyAt` describe it). */
  sentOn!: Wire;
  /** After `transmit`: whether a partition in effect cut the message (it is lost). */
  cut = false;

  /**
   * One message from address index `from` to `to` enters the pair's wire now, at the pair's message
   * size, a copy wanted when it is duplicated (`Wire.transmit`; the wire is built on the pair's first
   * message). Returns the true time it arrives, or `LOST`; sets `sentOn` and `cut`.
   */
  transmit(from: number, to: number): number {
    const k = from * this.addresses.length + to;
    const s = this.settings[k];
    let w = this.wires[k];
    if (w === undefined) {
      w = new Wire(this.sim, `net/${this.addresses[from]}->${this.addresses[to]}`, s);
      this.wires[k] = w;
      for (const f of this.flaky) if (f.member[from] || f.member[to]) w.setFlaky(f.loss, true);
    }
    this.sentOn = w;
    this.cut = this.isCut(from, to);
    return w.transmit(0, s.messageBytes, this.cut, true);
  }

  setFlaky(member: readonly boolean[], loss: number, on: boolean): void {
    if (on) this.flaky.push({ member, loss });
    else this.flaky.splice(this.flaky.findIndex((f) => f.member === member && f.loss === loss), 1);
    const n = this.addresses.length;
    for (let f = 0; f < n; f++) {
      for (let t = 0; t < n; t++) {
        const w = this.wires[f * n + t];
        if (w !== undefined && (member[f] || member[t])) w.setFlaky(loss, on);
      }
    }
  }

  /** The figures of every wire used, summed: messages lost (a partition's cuts included), cut by a partition, duplicated, reordered. */
  figures(): { lost: number; partitioned: number; duplicated: number; reordered: number } {
    const f = { lost: 0, partitioned: 0, duplicated: 0, reordered: 0 };
    for (const w of this.wires) {
      if (w === undefined) continue;
      f.lost += w.lost;
      f.partitioned += w.partitioned;
      f.duplicated += w.duplicates;
      f.reordered += w.reordered;
    }
    return f;
  }
}

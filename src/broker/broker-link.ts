/**
 * `broker-link`: the network between a broker and its consumers. Each consumer talks to the broker
 * over its own link with the `link` step's options (latency, loss, duplication, reordering,
 * bandwidth); the per-message mechanics are net/'s `Wire` (one per consumer, two directions:
 * `TO_BROKER` carries receives, acks and nacks, `TO_CONSUMER` the answers to receives).
 *
 * A consumer's `latency:` is shorthand for a link with that latency and nothing else: the same draws,
 * in the same order, as when the consumers paid a bare latency each way.
 *
 * Randomness: the wire of consumer `<id>` draws its latencies from the stream `<id>` (the one the
 * consumer's bare latency always used, so a scenario with `latency:` draws exactly as before), its
 * losses from `<id>/loss`, duplications from `<id>/duplicate`, forced delays from `<id>/reorder`.
 * No other component's draws move when a consumer's link changes.
 *
 * Partitions. The broker and its consumers are a network of addresses (net/partition.ts
 * `AddressNetwork`): address 0 is the broker's id, address j + 1 consumer j's id
 * (`broker/worker[j]`). A partition whose groups name the broker and some consumers (by node
 * pattern: `broker`, `broker/worker[*]`) cuts their links while it lasts, in its direction: `a-to-b`
 * from A's nodes to B's only. Partitions check their names against these addresses too.
 */
import type { Simulation } from '../engine/simulation.js';
import { Wire } from '../net/wire.js';
import { addressNetworks, CutAddresses } from '../net/partition.js';
import type { BrokerLinkSpec } from '../spec/scenario.js';

/** The directions of a consumer's wire. */
export const TO_BROKER = 0;
export const TO_CONSUMER = 1;

/** What a consumer's link lost, by the kind of message, and what its listeners gave up on. */
export interface LinkLosses {
  /** Receives lost on the way to the broker. */
  receives: number;
  /** Answers to receives lost on the way back, and the messages they carried (in flight at the broker until their visibility timeout). */
  answers: number;
  deliveries: number;
  acks: number;
  nacks: number;
}

export class BrokerLinks extends CutAddresses {
  readonly addresses: readonly string[];
  /** One wire per consumer, by consumer index. */
  readonly wires: readonly Wire[];

  constructor(
    sim: Simulation,
    brokerId: string,
    consumerIds: readonly string[],
    readonly spec: BrokerLinkSpec,
    /** Whether the scenario gave a `broker-link` (not only a `latency`): its figures are reported. */
    readonly explicit: boolean,
  ) {
    super();
    this.addresses = [brokerId, ...consumerIds];
    this.wires = consumerIds.map((id) => new Wire(sim, id, spec, 2));
    addressNetworks(sim).push(this);
  }

  /** Whether the links' figures belong in the report: a `broker-link` was given, or a partition names them. */
  get reported(): boolean {
    return this.explicit || this.cuts.length > 0;
  }

  /** Whether a partition in effect cuts consumer `j`'s messages in direction `dir`. */
  consumerCut(j: number, dir: number): boolean {
    return dir === TO_BROKER ? this.isCut(j + 1, 0) : this.isCut(0, j + 1);
  }

  /** A flaky window thins consumer `j`'s link (both ways) when it names the consumer or the broker. */
  setFlaky(member: readonly boolean[], loss: number, on: boolean): void {
    this.wires.forEach((w, j) => {
      if (member[0] || member[j + 1]) w.setFlaky(loss, on);
    });
  }

  /** The figures of one wire: messages, lost (a partition's cuts included), cut by a partition, duplicated, reordered, bytes. */
  static figures(w: Wire): { messages: number; lost: number; partitioned: number; duplicated: number; reordered: number; bytes: number } {
    return { messages: w.messages, lost: w.lost, partitioned: w.partitioned, duplicated: w.duplicates, reordered: w.reordered, bytes: w.bytes };
  }
}

/**
 * The per-message mechanics of a network link, shared by the `link` step (a call's request and
 * response, `link.ts`) and by the messages between processes (`process/network.ts`): one place
 * decides, for each message that enters, whether it is lost, when it arrives, whether a copy
 * arrives too, and in which order the messages of a direction were sent.
 *
 * For each message, in this order:
 * - bandwidth: it takes size / bandwidth to transmit, one at a time per direction (a FIFO: it waits
 *   for the previous message of its direction to finish), before its latency starts;
 * - its number in its direction's sending order (for counting reorderings when it arrives);
 * - loss: one draw from `<id>/loss` whenever the loss probability (the wire's own, combined with
 *   the flaky windows open now) is above 0, whether or not a cut (a partition) loses it, so a
 *   partition moves no draw; a cut or a lost draw loses it;
 * - latency: one draw from `<id>`, plus a forced reordering delay (`reorder`: one draw from
 *   `<id>/reorder`, and a draw of `extra` when it applies);
 * - duplication: one draw from `<id>/duplicate` when the probability is above 0; when it
 *   duplicates and the sender wants a copy, the copy's latency is drawn from the same stream, plus
 *   its own forced delay.
 *
 * No other component's draws move when a wire's settings change.
 */
import type { Simulation } from '../engine/simulation.js';
import type { DistSpec, Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/rng.js';

/** A wire's settings: latency per one-way message, loss and duplication probabilities, forced reordering, bandwidth. */
export interface WireOptions {
  latency: DistSpec;
  loss: number;
  duplicate: number;
  reorder?: { probability: number; extra: DistSpec };
  bandwidthBytesPerMs?: number;
}

/** What `transmit` returns for a message that is lost. */
export const LOST = -1;

export class Wire {
  private readonly rng: Rng;
  private readonly lossRng: Rng;
  private readonly duplicateRng: Rng;
  private readonly reorderRng: Rng;
  private readonly latency: Sampler;
  private readonly extra: Sampler | null;
  private readonly reorderProbability: number;
  private readonly loss: number;
  private readonly duplicate: number;
  readonly bytesPerMs: number;
  /** When each direction finishes transmitting what it has been given. */
  private readonly busyUntil: number[];
  /** Next sending number, and the highest arrived, per direction. */
  private readonly sent: number[];
  private readonly highestArrived: number[];
  /** Extra loss probabilities of the flaky windows open now, and the chance to survive them all. */
  private readonly flaky: number[] = [];
  private flakyKeep = 1;

  /** After `transmit`: the message's number in its direction's sending order. */
  seq = 0;
  /** After `transmit`: when its copy arrives (NaN: no copy; a duplication drawn when no copy was wanted is only counted). */
  copyAt = NaN;

  // Figures.
  messages = 0;
  lost = 0;
  partitioned = 0;
  duplicates = 0;
  reordered = 0;
  bytes = 0;
  transmitWaitMs = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    options: WireOptions,
    directions = 1,
  ) {
    for (const [key, p] of [['loss', options.loss], ['duplicate', options.duplicate], ['reorder probability', options.reorder?.probability ?? 0]] as const) {
      if (!(p >= 0 && p <= 1)) throw new Error(`${id}: ${key} must be a probability from 0 to 1; found ${p}`);
    }
    this.rng = sim.rng(id);
    this.lossRng = sim.rng(`${id}/loss`);
    this.duplicateRng = sim.rng(`${id}/duplicate`);
    this.reorderRng = sim.rng(`${id}/reorder`);
    this.latency = sim.distribution(options.latency);
    this.extra = options.reorder !== undefined ? sim.distribution(options.reorder.extra) : null;
    this.reorderProbability = options.reorder?.probability ?? 0;
    this.loss = options.loss;
    this.duplicate = options.duplicate;
    this.bytesPerMs = options.bandwidthBytesPerMs ?? Infinity;
    this.busyUntil = new Array<number>(directions).fill(0);
    this.sent = new Array<number>(directions).fill(0);
    this.highestArrived = new Array<number>(directions).fill(-1);
  }

  /**
   * One message of `sizeBytes` enters direction `dir` now; `cut`: a partition loses it. Returns the
   * true time it arrives, or `LOST`. Sets `seq` and `copyAt` (drawn only when `wantCopy`).
   */
  transmit(dir: number, sizeBytes: number, cut: boolean, wantCopy: boolean): number {
    const now = this.sim.sched.now;
    this.messages++;
    this.bytes += sizeBytes;
    this.copyAt = NaN;
    let departs = now;
    if (this.bytesPerMs !== Infinity) {
      const start = Math.max(now, this.busyUntil[dir]);
      departs = start + sizeBytes / this.bytesPerMs;
      this.busyUntil[dir] = departs;
      this.transmitWaitMs += start - now;
    }
    this.seq = this.sent[dir]++;
    const p = this.flakyKeep === 1 ? this.loss : 1 - (1 - this.loss) * this.flakyKeep;
    // the loss draw is made whether or not a partition cuts the message, so a partition moves no draw
    const dropped = p > 0 && this.lossRng() < p;
    if (cut || dropped) {
      this.lost++;
      if (cut) this.partitioned++;
      return LOST;
    }
    const at = departs + this.latency(this.rng) + this.forcedDelay();
    if (this.duplicate > 0 && this.duplicateRng() < this.duplicate) {
      this.duplicates++;
      if (wantCopy) this.copyAt = departs + this.latency(this.duplicateRng) + this.forcedDelay();
    }
    return at;
  }

  /** A message of direction `dir` numbered `seq` arrives: counted as reordered if a later one arrived before it. */
  arrived(dir: number, seq: number): void {
    if (seq < this.highestArrived[dir]) this.reordered++;
    else this.highestArrived[dir] = seq;
  }

  /** Opens (`on`) or closes a flaky window that loses a further `loss` of the messages. */
  setFlaky(loss: number, on: boolean): void {
    if (on) this.flaky.push(loss);
    else this.flaky.splice(this.flaky.indexOf(loss), 1);
    this.flakyKeep = this.flaky.reduce((keep, q) => keep * (1 - q), 1);
  }

  private forcedDelay(): number {
    if (this.extra === null || !(this.reorderRng() < this.reorderProbability)) return 0;
    return this.extra(this.reorderRng);
  }
}

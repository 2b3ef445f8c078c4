/**
 * The merged latency distribution of a variant: each replication records its measured latencies
 * into an HDR histogram (3 significant digits, whole microseconds), sends it compressed (base64)
 * to the parent, and the parent adds it into the variant's histogram. Memory stays flat however many
 * replications run: no latency is kept, only bucket counts. Counts add exactly, so the merged
 * distribution does not depend on the order replications finish in.
 */
import type * as Hdr from 'hdr-histogram-js';
import { hdr, newHistogram, UNITS_PER_MS } from './percentiles.js';

/** The fractions at which `cdf()` reads the distribution: 0.01, 0.02, ..., 0.99, then 0.999 and 0.9999. */
export const CDF_FRACTIONS: readonly number[] = [...Array.from({ length: 99 }, (_, i) => (i + 1) / 100), 0.999, 0.9999];

export class LatencyHistogram {
  private constructor(private readonly h: Hdr.Histogram) {}

  static empty(): LatencyHistogram {
    return new LatencyHistogram(newHistogram());
  }

  /** A histogram sent by `encode()`. */
  static decode(base64: string): LatencyHistogram {
    return new LatencyHistogram(hdr().decodeFromCompressedBase64(base64, 64, true));
  }

  record(ms: number): void {
    this.h.recordValue(Math.round(ms * UNITS_PER_MS));
  }

  get count(): number {
    return this.h.totalCount;
  }

  /** Adds `other`'s counts into this one. */
  add(other: LatencyHistogram): void {
    this.h.add(other.h);
  }

  encode(): string {
    return hdr().encodeIntoCompressedBase64(this.h);
  }

  /** The latency (ms) at each fraction of `CDF_FRACTIONS`; empty when nothing was recorded. */
  cdf(): { fraction: number; latency: number }[] {
    if (this.h.totalCount === 0) return [];
    return CDF_FRACTIONS.map((fraction) => ({ fraction, latency: this.h.getValueAtPercentile(fraction * 100) / UNITS_PER_MS }));
  }

  /** Frees the WebAssembly memory; unusable afterwards. */
  destroy(): void {
    this.h.destroy();
  }
}

/**
 * Latency distribution of the measured requests: exact while it is small enough to keep every
 * value (linear interpolation between order statistics, as R's and incanter's default quantile),
 * an HDR histogram (3 significant digits, so within 0.1%) beyond that. Memory stays flat however long
 * the run: the stored values are dropped once there are more than `exactLimit` of them.
 */

/** Runs with at most this many measured requests get exact percentiles by default. */
export const DEFAULT_EXACT_LIMIT = 100_000;
import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';

let hdrModule: typeof Hdr | null = null;

/**
 * hdr-histogram-js, loaded on first use: small runs never need it, and loading it (WebAssembly,
 * Intl formatters) costs about 20 ms. The WebAssembly build records a value in about 28 ns here,
 * against about 65 ns for the JavaScript one; it ships inside the package (no download).
 */
export function hdr(): typeof Hdr {
  if (hdrModule === null) {
    hdrModule = createRequire(import.meta.url)('hdr-histogram-js') as typeof Hdr;
    hdrModule.initWebAssemblySync();
  }
  return hdrModule;
}

export const PERCENTILES = { p50: 50, p90: 90, p95: 95, p99: 99, p999: 99.9 } as const;
export type PercentileName = keyof typeof PERCENTILES;

/** Values are recorded in the histogram as whole microseconds. */
export const UNITS_PER_MS = 1000;

export interface LatencySummary {
  unit: 'ms';
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** How the percentiles were computed. */
  method: 'exact' | 'hdr';
}

/** The q-quantile (0..1) of sorted values, by linear interpolation between order statistics (R type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * A WebAssembly histogram's memory is not garbage collected: it is freed by `destroy()`. Every
 * histogram is registered here, so one that nobody destroyed (a retry node's attempt latencies, a
 * broker's end-to-end latency) is freed when its distribution is collected.
 */
const unreleased = new FinalizationRegistry<Hdr.Histogram>((h) => h.destroy());

/** An HDR histogram of latencies in whole microseconds: 3 significant digits, growing as needed. */
export function newHistogram(): Hdr.Histogram {
  return hdr().build({ numberOfSignificantValueDigits: 3, autoResize: true, useWebAssembly: true, bitBucketSize: 64 });
}

export class LatencyDistribution {
  /** Created when the stored values overflow `exactLimit` (at once when the limit is 0). */
  private histogram: Hdr.Histogram | null = null;
  private values: Float64Array | null;
  count = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(private readonly exactLimit = DEFAULT_EXACT_LIMIT) {
    this.values = exactLimit > 0 ? new Float64Array(Math.min(exactLimit, 1024)) : null;
    if (this.values === null) this.histogram = this.adopt(newHistogram());
  }

  /** An independent copy (the recorder forks the ok-only distribution at the first error). */
  clone(): LatencyDistribution {
    const c = new LatencyDistribution(this.exactLimit);
    if (this.histogram !== null) {
      c.histogram ??= c.adopt(newHistogram());
      c.histogram.add(this.histogram);
    }
    c.values = this.values === null ? null : this.values.slice();
    c.count = this.count;
    c.sum = this.sum;
    c.min = this.min;
    c.max = this.max;
    return c;
  }

  /** Frees the histogram's WebAssembly memory now; the distribution is unusable afterwards. */
  destroy(): void {
    if (this.histogram === null) return;
    unreleased.unregister(this);
    this.histogram.destroy();
    this.histogram = null;
  }

  private adopt(h: Hdr.Histogram): Hdr.Histogram {
    unreleased.register(this, h, this);
    return h;
  }

  record(ms: number): void {
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    const values = this.values;
    if (values === null) {
      (this.histogram as Hdr.Histogram).recordValue(Math.round(ms * UNITS_PER_MS));
    } else if (this.count < values.length) {
      values[this.count] = ms;
    } else if (this.count < this.exactLimit) {
      const bigger = new Float64Array(Math.min(this.exactLimit, values.length * 2));
      bigger.set(values);
      bigger[this.count] = ms;
      this.values = bigger;
    } else {
      // Too many to keep: from here on, the histogram alone (it takes the stored values first).
      const h = this.adopt(newHistogram());
      for (let i = 0; i < this.count; i++) h.recordValue(Math.round(values[i] * UNITS_PER_MS));
      h.recordValue(Math.round(ms * UNITS_PER_MS));
      this.histogram = h;
      this.values = null;
      this.sortedCache = null;
    }
    this.count++;
  }

  /**
   * Adds every value of `other` into this distribution (`other` is left as it was). Exact values
   * stay exact while the total fits in `exactLimit`; past it, both go into the histogram.
   */
  absorb(other: LatencyDistribution): void {
    if (other.count === 0) return;
    if (other.values !== null) {
      for (let i = 0; i < other.count; i++) this.record(other.values[i]);
      return;
    }
    if (this.histogram === null) {
      const h = this.adopt(newHistogram());
      const values = this.values as Float64Array;
      for (let i = 0; i < this.count; i++) h.recordValue(Math.round(values[i] * UNITS_PER_MS));
      this.histogram = h;
      this.values = null;
      this.sortedCache = null;
    }
    this.histogram.add(other.histogram as Hdr.Histogram);
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** The q-th percentile (0..100). */
  percentile(q: number): number {
    if (this.count === 0) return NaN;
    if (this.values !== null) return quantileOfSorted(this.sorted(), q / 100);
    if (q >= 100) return this.max;
    if (q <= 0) return this.min;
    return Math.min((this.histogram as Hdr.Histogram).getValueAtPercentile(q) / UNITS_PER_MS, this.max);
  }

  private sortedCache: Float64Array | null = null;
  private sortedCount = -1;
  private sorted(): Float64Array {
    if (this.sortedCount !== this.count || this.sortedCache === null) {
      this.sortedCache = (this.values as Float64Array).slice(0, this.count).sort();
      this.sortedCount = this.count;
    }
    return this.sortedCache;
  }

  summary(): LatencySummary {
    const empty = this.count === 0;
    return {
      unit: 'ms',
      count: this.count,
      min: empty ? NaN : this.min,
      mean: empty ? NaN : this.sum / this.count,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      max: empty ? NaN : this.max,
      method: this.values !== null ? 'exact' : 'hdr',
    };
  }
}

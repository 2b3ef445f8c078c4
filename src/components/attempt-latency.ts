/**
 * The latency of each attempt a policy node sends downstream (retry attempts, hedge copies), in true
 * time from the send to the answer, summarized as count, mean, p50 and p99 for the node's stats, next
 * to the per-request latency of the run summary. Attempts that are never answered (lost) are not
 * counted.
 */
import { LatencyDistribution } from '../stats/percentiles.js';

export interface AttemptLatencySummary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
}

export class AttemptLatency {
  /** Created at the first answer, so a node that never answers costs nothing. */
  private dist: LatencyDistribution | null = null;

  record(ms: number): void {
    (this.dist ??= new LatencyDistribution()).record(ms);
  }

  summary(): AttemptLatencySummary {
    const d = this.dist;
    if (d === null || d.count === 0) return { count: 0, mean: NaN, p50: NaN, p99: NaN };
    const s = d.summary();
    return { count: s.count, mean: s.mean, p50: s.p50, p99: s.p99 };
  }
}

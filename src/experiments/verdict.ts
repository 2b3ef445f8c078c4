/**
 * The verdict of a comparison, one sentence per variant, from the paired ratio of its p99 to the
 * baseline's: every message of `compare` about significance is built here, so they read alike.
 */
import type { RatioInterval } from './result.js';

/** The metric the verdict is about. */
export const VERDICT_METRIC = 'p99';

/** A ratio or a factor: 2 decimals below 10 (3 when 2 would show 1.00 for what is not 1), 1 below 100, none beyond. */
export function formatFactor(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x.toFixed(2) === '1.00' && x !== 1) return x.toFixed(3);
  return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}

/**
 * `least-conn beats random on p99 by 1.46x, 95% CI 1.43x..1.49x` (lower latency is better);
 * `round-robin is worse than random on p99 by 1.40x, 95% CI ...`;
 * `random-2: no significant difference from random on p99 (ratio 1.02, 95% CI 0.97..1.08)` when the
 * interval holds 1; with one replication, the ratio and a note that no interval can be computed.
 */
export function verdictLine(variant: string, baseline: string, r: RatioInterval, replications: number, metric = VERDICT_METRIC): string {
  if (!Number.isFinite(r.ratio)) {
    return `${variant} vs ${baseline} on ${metric}: no ratio can be computed (a replication has no positive ${metric} on one side)`;
  }
  if (!Number.isFinite(r.lo) || !Number.isFinite(r.hi)) {
    const why = replications < 2 ? `from ${replications} replication no interval can be computed (use --replications 2 or more)` : 'no interval can be computed';
    return `${variant} vs ${baseline} on ${metric}: ratio ${formatFactor(r.ratio)}; ${why}`;
  }
  if (r.hi < 1) {
    return `${variant} beats ${baseline} on ${metric} by ${formatFactor(1 / r.ratio)}x, 95% CI ${formatFactor(1 / r.hi)}x..${formatFactor(1 / r.lo)}x`;
  }
  if (r.lo > 1) {
    return `${variant} is worse than ${baseline} on ${metric} by ${formatFactor(r.ratio)}x, 95% CI ${formatFactor(r.lo)}x..${formatFactor(r.hi)}x`;
  }
  return `${variant}: no significant difference from ${baseline} on ${metric} (ratio ${formatFactor(r.ratio)}, 95% CI ${formatFactor(r.lo)}..${formatFactor(r.hi)})`;
}

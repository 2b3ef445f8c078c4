/**
 * The verdict of a comparison: every message of `compare` about significance is built here, so
 * they read alike.
 *
 * - For each variant after the first and each metric the user weighs (`--metric p99,success`; p99
 *   by default), one sentence against the baseline: latencies and throughput from the paired ratio
 *   (geometric mean of the per-seed ratios, t interval of the log ratios), success from the paired
 *   difference in percentage points (a success of 0 has no logarithm).
 * - Whatever the metrics weighed, a variant whose success or throughput is significantly worse
 *   than the baseline's is flagged: a faster p99 bought by failing most requests is not a win.
 * - The variants ranked on the first metric weighed, and a winner named when the intervals allow
 *   it: the best variant by mean, significantly better than every other on that metric (paired, on
 *   the same seeds) and significantly worse than none on success or throughput.
 */
import { differenceInterval, ratioInterval } from '../stats/intervals.js';
import type { Interval, MetricName, RatioInterval, ReplicationFigures } from './result.js';

/** The metric the verdict weighs when the user names none. */
export const VERDICT_METRIC: MetricName = 'p99';

/** Which way is better for each metric. */
export const BETTER: Record<MetricName, 'lower' | 'higher'> = {
  p50: 'lower',
  p90: 'lower',
  p99: 'lower',
  p999: 'lower',
  mean: 'lower',
  success: 'higher',
  throughput: 'higher',
};

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
 * For throughput (higher is better) a ratio above 1 beats the baseline.
 */
export function verdictLine(variant: string, baseline: string, r: RatioInterval, replications: number, metric: MetricName = VERDICT_METRIC): string {
  if (!Number.isFinite(r.ratio)) {
    return `${variant} vs ${baseline} on ${metric}: no ratio can be computed (a replication has no positive ${metric} on one side)`;
  }
  if (!Number.isFinite(r.lo) || !Number.isFinite(r.hi)) {
    return `${variant} vs ${baseline} on ${metric}: ratio ${formatFactor(r.ratio)}; ${noInterval(replications)}`;
  }
  const lowerIsBetter = BETTER[metric] === 'lower';
  if (r.hi < 1) {
    return lowerIsBetter
      ? `${variant} beats ${baseline} on ${metric} by ${formatFactor(1 / r.ratio)}x, 95% CI ${formatFactor(1 / r.hi)}x..${formatFactor(1 / r.lo)}x`
      : `${variant} is worse than ${baseline} on ${metric} by ${formatFactor(1 / r.ratio)}x, 95% CI ${formatFactor(1 / r.hi)}x..${formatFactor(1 / r.lo)}x`;
  }
  if (r.lo > 1) {
    return lowerIsBetter
      ? `${variant} is worse than ${baseline} on ${metric} by ${formatFactor(r.ratio)}x, 95% CI ${formatFactor(r.lo)}x..${formatFactor(r.hi)}x`
      : `${variant} beats ${baseline} on ${metric} by ${formatFactor(r.ratio)}x, 95% CI ${formatFactor(r.lo)}x..${formatFactor(r.hi)}x`;
  }
  return `${variant}: no significant difference from ${baseline} on ${metric} (ratio ${formatFactor(r.ratio)}, 95% CI ${formatFactor(r.lo)}..${formatFactor(r.hi)})`;
}

const points = (x: number) => `${(Math.abs(x) * 100).toFixed(1)} points`;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

function noInterval(replications: number): string {
  return replications < 2 ? `from ${replications} replication no interval can be computed (use --replications 2 or more)` : 'no interval can be computed';
}

/** `backoff is worse than none on success by 75.9 points (93.0% -> 17.1%), 95% CI 73.2..78.6 points`. */
export function successLine(variant: string, baseline: string, d: Interval, means: { variant: number; baseline: number }, replications: number): string {
  const change = `(${percent(means.baseline)} -> ${percent(means.variant)})`;
  if (!Number.isFinite(d.mean)) return `${variant} vs ${baseline} on success: no difference can be computed`;
  if (!Number.isFinite(d.lo) || !Number.isFinite(d.hi)) return `${variant} vs ${baseline} on success: ${d.mean < 0 ? '-' : '+'}${points(d.mean)} ${change}; ${noInterval(replications)}`;
  const ci = `95% CI ${(Math.min(Math.abs(d.lo), Math.abs(d.hi)) * 100).toFixed(1)}..${(Math.max(Math.abs(d.lo), Math.abs(d.hi)) * 100).toFixed(1)} points`;
  if (d.hi < 0) return `${variant} is worse than ${baseline} on success by ${points(d.mean)} ${change}, ${ci}`;
  if (d.lo > 0) return `${variant} beats ${baseline} on success by ${points(d.mean)} ${change}, ${ci}`;
  return `${variant}: no significant difference from ${baseline} on success (${d.mean < 0 ? '-' : '+'}${points(d.mean)} ${change}, 95% CI ${(d.lo * 100).toFixed(1)}..${(d.hi * 100).toFixed(1)} points)`;
}

/** How `a` compares with `b` on `metric`, paired by seed: better, worse, or not significantly different. */
export type Standing = 'better' | 'worse' | 'same' | 'unknown';

export function standing(metric: MetricName, a: readonly ReplicationFigures[], b: readonly ReplicationFigures[]): Standing {
  const xs = a.map((f) => f[metric]);
  const ys = b.map((f) => f[metric]);
  let lo: number;
  let hi: number;
  let neutral: number;
  if (metric === 'success') {
    ({ lo, hi } = differenceInterval(xs, ys));
    neutral = 0;
  } else {
    ({ lo, hi } = ratioInterval(xs, ys));
    neutral = 1;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return 'unknown';
  const above = lo > neutral;
  const below = hi < neutral;
  if (!above && !below) return 'same';
  const higherIsBetter = BETTER[metric] === 'higher';
  return above === higherIsBetter ? 'better' : 'worse';
}

export interface VariantFigures {
  name: string;
  perReplication: readonly ReplicationFigures[];
  metrics: Record<MetricName, Interval>;
}

export interface Verdict {
  /** The metrics weighed, the first one deciding the ranking and the winner. */
  metrics: MetricName[];
  /** One sentence per variant after the first and per metric weighed, against the first variant. */
  lines: string[];
  /** Variants whose success or throughput is significantly worse than the baseline's. */
  warnings: string[];
  /** The variants from best to worst on the first metric weighed (by mean). */
  ranking: string[];
  /** The variant that is significantly best, or null when the intervals do not allow naming one. */
  winner: string | null;
  /** One sentence about the ranking and the winner. */
  summary: string;
}

/** The whole verdict of a comparison: variants[0] is the baseline. */
export function verdictOf(variants: readonly VariantFigures[], metrics: readonly MetricName[], replications: number): Verdict {
  const weighed = metrics.length > 0 ? [...metrics] : [VERDICT_METRIC];
  const base = variants[0];
  const lines: string[] = [];
  const warnings: string[] = [];
  for (const v of variants.slice(1)) {
    for (const m of weighed) lines.push(lineFor(m, v, base, replications));
    for (const m of ['success', 'throughput'] as const) {
      if (weighed.includes(m) || standing(m, v.perReplication, base.perReplication) !== 'worse') continue;
      warnings.push(`warning: ${lineFor(m, v, base, replications)}`);
    }
  }
  const primary = weighed[0];
  const sign = BETTER[primary] === 'lower' ? 1 : -1;
  const ranking = variants
    .map((v, i) => ({ v, i }))
    .sort((a, b) => sign * (a.v.metrics[primary].mean - b.v.metrics[primary].mean) || a.i - b.i)
    .map(({ v }) => v);
  let winner: string | null = null;
  let summary: string;
  if (variants.length < 2) summary = '';
  else {
    const best = ranking[0];
    const others = variants.filter((v) => v !== best);
    const undecided = others.filter((o) => standing(primary, best.perReplication, o.perReplication) !== 'better');
    const costs = others.filter((o) => (['success', 'throughput'] as const).some((m) => standing(m, best.perReplication, o.perReplication) === 'worse'));
    const order = `ranking on ${primary}: ${ranking.map((v) => v.name).join(', ')}`;
    if (undecided.length === 0 && costs.length === 0) {
      winner = best.name;
      summary = `${order}; winner: ${best.name} (significantly better on ${primary} than every other variant, and worse than none on success or throughput)`;
    } else if (undecided.length > 0) {
      summary = `${order}; no winner: ${best.name} cannot be told apart on ${primary} from ${undecided.map((v) => v.name).join(', ')} (the paired 95% interval holds no difference)`;
    } else {
      summary = `${order}; no winner: ${best.name} is best on ${primary} but significantly worse on success or throughput than ${costs.map((v) => v.name).join(', ')}`;
    }
  }
  return { metrics: weighed, lines, warnings, ranking: ranking.map((v) => v.name), winner, summary };
}

function lineFor(m: MetricName, v: VariantFigures, base: VariantFigures, replications: number): string {
  if (m === 'success') {
    const d = differenceInterval(
      v.perReplication.map((f) => f.success),
      base.perReplication.map((f) => f.success),
    );
    return successLine(v.name, base.name, d, { variant: v.metrics.success.mean, baseline: base.metrics.success.mean }, replications);
  }
  const r = ratioInterval(
    v.perReplication.map((f) => f[m]),
    base.perReplication.map((f) => f[m]),
  );
  return verdictLine(v.name, base.name, r, replications, m);
}

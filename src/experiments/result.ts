/**
 * The results of `lightcone compare` and `lightcone sweep`: plain data, the JSON that `--json`
 * prints and `summary.json` holds, and what the charts and the HTML report are drawn from.
 * Names are a public interface: scripts depend on them.
 */
import type { Stamp } from '../run/summary.js';
import type { RunSeries } from '../run/series.js';

export type { Interval, RatioInterval } from '../stats/intervals.js';
import type { Interval, RatioInterval } from '../stats/intervals.js';

import { EXPERIMENT_METRICS } from '../spec/scenario.js';

export const METRICS = EXPERIMENT_METRICS;
export type MetricName = (typeof METRICS)[number];

/** One replication's figures (latencies in ms, success a fraction, throughput responses per second). */
export type ReplicationFigures = { seed: number } & Record<MetricName, number>;

export interface VariantResult {
  /** A short name: the varied values, e.g. `least-conn` or `least-conn, 1ms`. */
  name: string;
  /** The overrides that make this variant, as for --set. */
  set: string[];
  replications: number;
  metrics: Record<MetricName, Interval>;
  /** Against the first variant, paired by seed. */
  vsBaseline: { p50: RatioInterval; p99: RatioInterval; mean: RatioInterval };
  perReplication: ReplicationFigures[];
  /**
   * Latency distribution over all replications' measured requests, merged (never every latency):
   * points of the CDF, latency in ms at each fraction.
   */
  cdf: { fraction: number; latency: number }[];
  /** The runs' warnings, each with how many replications gave it (absent when none). */
  warnings?: string[];
  /** The scenario's `checks:`, each with how many replications broke it (absent when it has none). */
  checks?: { check: string; failed: number }[];
  /** Time series of replication 0 (seed S), for the charts. */
  series: RunSeries;
}

export interface CompareStamp extends Stamp {
  command: 'compare' | 'sweep';
  replications: number;
  /** Replication i of every variant ran with seed `seed + i`. */
  seeds: { first: number; last: number };
}

export interface CompareResult {
  stamp: CompareStamp;
  variants: VariantResult[];
  /**
   * One line per variant after the first and per metric weighed, e.g. "two-choices beats random on
   * p99 by 3.1x, 95% CI 2.9x..3.3x".
   */
  verdict: string[];
  /** The metrics the verdict weighed (`--metric`; default p99); the first ranks the variants. */
  metrics: MetricName[];
  /** Variants whose success or throughput is significantly worse than the baseline's, whatever was weighed. */
  warnings: string[];
  /** Variant names from best to worst on the first metric weighed (by mean). */
  ranking: string[];
  /** The significantly best variant, or null when the intervals do not allow naming one. */
  winner: string | null;
  /** The ranking and the winner in one sentence (absent with one variant). */
  summary?: string;
}

export interface SweepAxis {
  path: string;
  values: string[];
}

/**
 * What queueing theory says of a sweep point whose scenario is an M/M/1 or M/M/c queue: Poisson
 * arrivals into one `server` step with exponential service, no queue limit, FIFO, no faults
 * (experiments/theory.ts decides). Steady-state figures: the simulation approaches them as the
 * number of requests grows, after a warm-up.
 */
export interface QueueTheory {
  /** `M/M/1`, or `M/M/c` with the number of servers: `M/M/4`. */
  model: string;
  servers: number;
  arrivalRatePerMs: number;
  /** Per server: 1 / the mean service time. */
  serviceRatePerMs: number;
  /** lambda / (c mu), below 1 (unstable points carry no theory). */
  utilization: number;
  /** Each metric's steady-state value: latencies (time in system) in ms, success 1, throughput the arrival rate per s. */
  metrics: Record<MetricName, number>;
}

export interface SweepResult {
  stamp: CompareStamp;
  axes: SweepAxis[];
  /**
   * One point per combination of axis values, in row-major order of `axes`. `theory` is there when
   * the point's scenario is an M/M/1 or M/M/c queue and stable.
   */
  points: (Omit<VariantResult, 'vsBaseline' | 'series' | 'cdf'> & { values: string[]; theory?: QueueTheory })[];
}

/** `{ checks }` for a variant's result, or nothing when its scenario has no checks. */
export function withChecks(checks: { check: string; failed: number }[] | undefined): { checks?: { check: string; failed: number }[] } {
  return checks === undefined ? {} : { checks };
}

/** The lines that say which checks a variant's replications broke. */
export function checkLinesOf(variants: readonly { name: string; replications: number; checks?: { check: string; failed: number }[] }[]): string[] {
  const withChecks = variants.filter((v) => v.checks !== undefined);
  if (withChecks.length === 0) return [];
  return [
    'checks: replications that broke each',
    ...withChecks.map((v) => {
      const broken = (v.checks ?? []).filter((c) => c.failed > 0);
      return `  ${v.name}: ${broken.length === 0 ? `every check held in all ${v.replications}` : broken.map((c) => `${c.check} failed in ${c.failed} of ${v.replications}`).join('; ')}`;
    }),
  ];
}

/**
 * One variant's per-replication figures while an experiment runs: a column of numbers per metric
 * (8 bytes a figure), not an object per replication, and the warnings as a running tally. What is
 * kept per replication is only what the intervals and the paired ratios need.
 */
export class FigureColumns {
  private readonly columns: Record<MetricName, Float64Array>;
  readonly warnings = new WarningTally();
  /** How many replications broke each check (by its text), counted as they come. */
  private readonly broken = new Map<string, number>();

  constructor(
    readonly replications: number,
    private readonly firstSeed: number,
  ) {
    this.columns = Object.fromEntries(METRICS.map((m) => [m, new Float64Array(replications)])) as Record<MetricName, Float64Array>;
  }

  /** Replication `r`'s figures and warnings. */
  set(r: number, figures: Record<MetricName, number>, warnings: readonly string[], failed?: readonly string[]): void {
    for (const m of METRICS) this.columns[m][r] = figures[m];
    this.warnings.add(warnings);
    for (const check of failed ?? []) this.broken.set(check, (this.broken.get(check) ?? 0) + 1);
  }

  /** Each of `checks` with the number of replications that broke it; undefined when there are none. */
  checkCounts(checks: readonly { text: string }[] | undefined): { check: string; failed: number }[] | undefined {
    if (checks === undefined || checks.length === 0) return undefined;
    return checks.map((c) => ({ check: c.text.trim(), failed: this.broken.get(c.text.trim()) ?? 0 }));
  }

  /** One metric over the replications, in seed order. */
  column(m: MetricName): number[] {
    return Array.from(this.columns[m]);
  }

  /** The figures as `ReplicationFigures`, for the result (made once, at the end). */
  rows(): ReplicationFigures[] {
    return Array.from({ length: this.replications }, (_, r) => {
      const row = { seed: this.firstSeed + r } as ReplicationFigures;
      for (const m of METRICS) row[m] = this.columns[m][r];
      return row;
    });
  }
}

/**
 * Distinct warnings of a variant's replications, counted as they come (nothing kept per
 * replication). Warnings that differ only in their figures count as one; the first one's text is shown.
 */
export class WarningTally {
  private readonly seen = new Map<string, { text: string; count: number }>();
  private replications = 0;

  add(warnings: readonly string[]): void {
    this.replications++;
    for (const w of new Set(warnings)) {
      const key = w.replace(/\d+(\.\d+)?/g, 'N');
      const e = this.seen.get(key);
      if (e === undefined) this.seen.set(key, { text: w, count: 1 });
      else e.count++;
    }
  }

  /** `... (3 of 10 replications)` for each, or undefined when there are none. */
  lines(): string[] | undefined {
    if (this.seen.size === 0) return undefined;
    return [...this.seen.values()].map((e) => `${e.text} (${e.count} of ${this.replications} replications)`);
  }
}

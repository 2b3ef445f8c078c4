/** The verdict weighs the metrics asked for, flags a success or throughput collapse, ranks, and names a winner only when the intervals allow. */
import { describe, expect, test } from 'vitest';
import { parseMetrics } from '../../src/cli/compare.js';
import { METRICS, type Interval, type MetricName, type ReplicationFigures } from '../../src/experiments/result.js';
import { standing, verdictOf, type VariantFigures } from '../../src/experiments/verdict.js';
import { meanInterval } from '../../src/stats/intervals.js';

/** A variant whose replications have these p99s and successes (other metrics follow p99). */
function variant(name: string, p99s: number[], successes: number[] = p99s.map(() => 1), throughput = 100): VariantFigures {
  const perReplication: ReplicationFigures[] = p99s.map((p99, i) => ({
    seed: i + 1,
    p50: p99 / 4,
    p90: p99 / 2,
    p99,
    p999: p99 * 2,
    mean: p99 / 3,
    success: successes[i],
    throughput: throughput + i,
  }));
  const metrics = Object.fromEntries(METRICS.map((m) => [m, meanInterval(perReplication.map((f) => f[m]))])) as Record<MetricName, Interval>;
  return { name, perReplication, metrics };
}

describe('verdict', () => {
  const base = variant('random', [100, 110, 105, 120, 98]);
  const fast = variant('least-conn', [20, 22, 21, 25, 19]);
  const alsoFast = variant('two-choices', [21, 21, 22, 24, 20]);
  const failing = variant('shed', [10, 11, 10, 12, 10], [0.2, 0.18, 0.17, 0.16, 0.15]);

  test('one line per variant per metric weighed, p99 by default', () => {
    const v = verdictOf([base, fast], [], 5);
    expect(v.metrics).toEqual(['p99']);
    expect(v.lines).toEqual([expect.stringMatching(/^least-conn beats random on p99 by 4\.99x, 95% CI 4\.83x\.\.5\.15x$/)]);
    const two = verdictOf([base, fast], ['p99', 'success'], 5);
    expect(two.lines).toEqual([expect.stringMatching(/^least-conn beats random on p99/), 'least-conn: no significant difference from random on success (+0.0 points (100.0% -> 100.0%), 95% CI 0.0..0.0 points)']);
  });

  test('a collapse of success is flagged even when only p99 is weighed', () => {
    const v = verdictOf([base, failing], ['p99'], 5);
    expect(v.lines).toEqual([expect.stringMatching(/^shed beats random on p99/)]);
    expect(v.warnings).toEqual([expect.stringMatching(/^warning: shed is worse than random on success by 82\.8 points \(100\.0% -> 17\.2%\), 95% CI \d+\.\d\.\.\d+\.\d points$/)]);
    // shed is fastest on p99 but fails most requests: ranked first, not the winner
    expect(v.ranking).toEqual(['shed', 'random']);
    expect(v.winner).toBeNull();
    expect(v.summary).toMatch(/no winner: shed is best on p99 but significantly worse on success or throughput than random$/);
  });

  test('a winner only when it beats every other variant significantly', () => {
    expect(verdictOf([base, fast], ['p99'], 5).winner).toBe('least-conn');
    const tie = verdictOf([base, fast, alsoFast], ['p99'], 5);
    expect(tie.ranking).toEqual(['least-conn', 'two-choices', 'random']);
    expect(tie.winner).toBeNull();
    expect(tie.summary).toContain('no winner: least-conn cannot be told apart on p99 from two-choices');
  });

  test('higher is better for success and throughput', () => {
    const better = variant('better', [100, 110, 105, 120, 98], [1, 1, 1, 1, 1], 200);
    expect(standing('throughput', better.perReplication, base.perReplication)).toBe('better');
    expect(standing('throughput', base.perReplication, better.perReplication)).toBe('worse');
    expect(standing('p99', fast.perReplication, base.perReplication)).toBe('better');
    expect(standing('p99', variant('x', [100]).perReplication, variant('y', [50]).perReplication)).toBe('unknown');
    const v = verdictOf([base, better], ['throughput'], 5);
    expect(v.lines).toEqual([expect.stringMatching(/^better beats random on throughput by 1\.9\dx/)]);
    expect(v.winner).toBe('better');
  });

  test('--metric names are checked', () => {
    expect(parseMetrics('p99, success')).toEqual(['p99', 'success']);
    expect(() => parseMetrics('p99.9')).toThrow('--metric: expected one of p50, p90, p99, p999, mean, success, throughput; found "p99.9" (write p999)');
    expect(() => parseMetrics('sucess')).toThrow('did you mean "success"?');
    expect(() => parseMetrics(',')).toThrow('found nothing');
  });
});

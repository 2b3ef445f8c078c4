/**
 * Coverage: every statistic with a confidence interval covers the true value in about 95% of
 * experiments, for cases where the true value is known exactly. Each case runs K independent
 * experiments (disjoint seeds) of R replications through `compare` itself (in-process), and checks
 * that the fraction of intervals holding the truth lies within 3 standard deviations of a
 * Binomial(K, 0.95) fraction: 0.95 ± 3·sqrt(0.95·0.05/K).
 *
 * R is small (4) on purpose: there the t quantile (3.18) and the normal one (1.96) are far apart, so
 * an interval built with the wrong quantile (or the wrong degrees of freedom, or the standard
 * deviation instead of the standard error) falls out of the band.
 *
 * The truths are exact for the finite runs, not only in the limit:
 * - latency quantiles: a server with unbounded concurrency (no queueing) and service Exp(mean), so
 *   each replication's latencies are n independent exponentials. The sample quantile interpolates
 *   between order statistics, and E[X_(k)] = mean · (H_n - H_(n-k)) exactly, so the expected sample
 *   quantile is known (it tends to mean · ln(1/(1-q)): ln 2, ln 10, ln 100, ln 1000 for p50..p99.9,
 *   but at n = 1000 the p99.9 estimator's expectation is 6.0, not 6.9: the finite-n value is the truth);
 * - mean latency: the mean service time;
 * - success: requests pass a `faulty` node (up Exp(mtbf), down Exp(mttr), starting up) that arrivals
 *   meet at Poisson times T_i (T_1 = 0), so P(up at T_i) = pi + (1 - pi) · rho^(i-1) with
 *   pi = mtbf / (mtbf + mttr), rho = lambda / (lambda + 1/mtbf + 1/mttr);
 * - throughput: with a zero service time each response leaves at its arrival, so the response rate
 *   is (N - 1) / (T_N - T_1), a Gamma(N - 1, lambda) denominator: its expectation is lambda (N-1)/(N-2);
 * - paired ratios: two variants whose servers have different stream names (services `a` and `b`)
 *   draw independent Exp(1ms) and Exp(2ms) service times, so every latency statistic of b is
 *   distributed as twice a's, independently: E[log(b/a)] = log 2 exactly, the true ratio is 2.
 */
import { describe, test, expect } from 'vitest';
import { compare } from '../../src/experiments/compare.js';
import type { CompareResult, Interval, MetricName, RatioInterval } from '../../src/experiments/result.js';

const K = 300;
const R = 4;
const band = { lo: 0.95 - 3 * Math.sqrt((0.95 * 0.05) / K), hi: 0.95 + 3 * Math.sqrt((0.95 * 0.05) / K) };

/** Runs K experiments, experiment k on seeds k·R .. k·R + R - 1. */
async function experiments(text: string, vary: { path: string; values: string[] }[]): Promise<CompareResult[]> {
  const out: CompareResult[] = [];
  for (let k = 0; k < K; k++) out.push(await compare({ file: 'coverage.yaml', text, vary, seed: 1000 + k * R, replications: R, jobs: 1 }));
  return out;
}

const covers = (i: Interval | RatioInterval, truth: number) => i.lo <= truth && truth <= i.hi;
const fraction = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;

/** E[X_(k)] for n independent Exp(1): H_n - H_(n-k). */
function expectedOrderStatistics(n: number): number[] {
  const harmonic = [0];
  for (let i = 1; i <= n; i++) harmonic.push(harmonic[i - 1] + 1 / i);
  return Array.from({ length: n }, (_, j) => harmonic[n] - harmonic[n - (j + 1)]);
}

/** The expectation of the sample percentile q (0..100) as lightcone computes it (stats/percentiles.ts). */
function expectedSamplePercentile(n: number, q: number, mean: number): number {
  const e = expectedOrderStatistics(n);
  const h = (n - 1) * (q / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return mean * (e[lo] + (h - lo) * (e[hi] - e[lo]));
}

describe(`95% intervals cover the truth in about 95% of ${K} experiments of ${R} replications (band ${band.lo.toFixed(3)}..${band.hi.toFixed(3)})`, () => {
  test('latency percentiles and mean: Exp(1ms) service, no queueing', async () => {
    const n = 1000;
    const text = [
      'name: coverage',
      `load: { poisson: { interval: 1ms }, requests: ${n} }`,
      'topology:',
      '  - server: { concurrency: 1000000, service-time: exp(1ms) }',
    ].join('\n');
    const results = await experiments(text, [{ path: 'description', values: ['exp'] }]);
    const truth: Partial<Record<MetricName, number>> = {
      p50: expectedSamplePercentile(n, 50, 1),
      p90: expectedSamplePercentile(n, 90, 1),
      p99: expectedSamplePercentile(n, 99, 1),
      p999: expectedSamplePercentile(n, 99.9, 1),
      mean: 1,
    };
    // The finite-n truths are near the asymptotic ones, except where the estimator is badly biased.
    expect(truth.p50).toBeCloseTo(Math.LN2, 2);
    expect(truth.p99).toBeCloseTo(Math.log(100), 1);
    const coverage = Object.fromEntries(Object.entries(truth).map(([m, t]) => [m, fraction(results.map((r) => covers(r.variants[0].metrics[m as MetricName], t)))]));
    for (const [m, c] of Object.entries(coverage)) {
      expect({ metric: m, coverage: c, ok: c >= band.lo && c <= band.hi }).toEqual({ metric: m, coverage: c, ok: true });
    }
  });

  test('success (faulty node) and throughput (responses per second)', async () => {
    const n = 1000;
    const [mtbf, mttr, lambda] = [20, 5, 1];
    const text = [
      'name: coverage',
      `load: { poisson: { interval: 1ms }, requests: ${n} }`,
      'topology:',
      `  - faulty: { mtbf: ${mtbf}ms, mttr: ${mttr}ms }`,
      '  - server: { concurrency: 1000000, service-time: 0ms }',
    ].join('\n');
    const results = await experiments(text, [{ path: 'description', values: ['faulty'] }]);
    const pi = mtbf / (mtbf + mttr);
    const rho = lambda / (lambda + 1 / mtbf + 1 / mttr);
    let transient = 0;
    for (let i = 1; i <= n; i++) transient += rho ** (i - 1);
    const success = pi + ((1 - pi) * transient) / n;
    const throughput = (1000 * lambda * (n - 1)) / (n - 2);
    const cSuccess = fraction(results.map((r) => covers(r.variants[0].metrics.success, success)));
    const cThroughput = fraction(results.map((r) => covers(r.variants[0].metrics.throughput, throughput)));
    expect({ cSuccess, ok: cSuccess >= band.lo && cSuccess <= band.hi }).toEqual({ cSuccess, ok: true });
    expect({ cThroughput, ok: cThroughput >= band.lo && cThroughput <= band.hi }).toEqual({ cThroughput, ok: true });
    // ...and the runs did have errors, so success was really estimated
    expect(results[0].variants[0].metrics.success.mean).toBeLessThan(0.9);
  });

  test('paired ratios of p50, p99 and mean: Exp(2ms) against Exp(1ms), independent streams, true ratio 2', async () => {
    const n = 1000;
    const text = [
      'name: coverage',
      `load: { poisson: { interval: 1ms }, requests: ${n} }`,
      'services:',
      '  a: [{ server: { concurrency: 1000000, service-time: exp(1ms) } }]',
      '  b: [{ server: { concurrency: 1000000, service-time: exp(2ms) } }]',
      'topology:',
      '  - service: a',
    ].join('\n');
    const results = await experiments(text, [{ path: 'topology[0].service', values: ['a', 'b'] }]);
    for (const m of ['p50', 'p99', 'mean'] as const) {
      const c = fraction(results.map((r) => covers(r.variants[1].vsBaseline[m], 2)));
      expect({ metric: m, coverage: c, ok: c >= band.lo && c <= band.hi }).toEqual({ metric: m, coverage: c, ok: true });
    }
  });
});

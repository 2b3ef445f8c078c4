/**
 * Determinism of the client policies: a system that uses every one of them (hedge at a percentile,
 * circuit breaker, rate limit, adaptive concurrency limit, retry with decorrelated jitter and a
 * budget, timeouts) over faulty, exponential servers gives byte-identical summaries for the same
 * seed, and other bytes for another seed.
 */
import { describe, test, expect } from 'vitest';
import { summaryJson } from '../../src/run/summary.js';
import { spec, run, exp } from '../helpers.js';

const everything = spec({
  history: false,
  apdexMs: 20,
  load: { arrivals: { kind: 'poisson', intervalMs: 0.5 }, requests: 20000 },
  services: {
    backend: [
      { kind: 'faulty', mtbfMs: 2000, mttrMs: 300 },
      { kind: 'server', concurrency: 2, serviceTime: exp(8) },
    ],
  },
  topology: [
    { kind: 'timeout', afterMs: 500 },
    { kind: 'retry', attempts: 4, on: ['error', 'timeout', 'rejected'], backoff: { baseMs: 5, maxMs: 100, multiplier: 2, jitter: 'decorrelated' }, budget: 0.2 },
    { kind: 'rate-limit', ratePerMs: 2, burst: 50 },
    { kind: 'circuit-breaker', failures: 20, windowMs: 10000, minCalls: 10, cooldownMs: 200, probes: 2 },
    { kind: 'concurrency-limit', limit: 20, queue: 10, aimd: { min: 2, max: 100, increase: 1, decrease: 0.7, latencyMs: 40 } },
    { kind: 'timeout', afterMs: 100 },
    { kind: 'hedge', percentile: 0.9, max: 1, warmup: 50 },
    { kind: 'balancer', strategy: 'random', backends: { service: 'backend', count: 8 }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } },
  ],
});

describe('every client policy at once', () => {
  const bytes = (seed?: number) => summaryJson(run(everything, seed === undefined ? {} : { seed }).summary);
  // The run with the scenario's own seed, made once on first use and read by both tests.
  let first: ReturnType<typeof run> | undefined;
  const firstRun = () => (first ??= run(everything));

  test('same seed, same bytes; another seed, other bytes', () => {
    const a = summaryJson(firstRun().summary);
    expect(bytes()).toBe(a);
    expect(bytes(12345)).not.toBe(a);
  });

  test('every request ends exactly once and the policies all acted', () => {
    const { summary } = firstRun();
    const r = summary.requests;
    expect(r.ok + r.error + r.timeout + r.dropped + r.rejected + r.inFlight).toBe(r.total);
    const extra = (kind: string) => summary.nodes.find((n) => n.kind === kind)?.extra as Record<string, number>;
    expect(extra('retry').retries).toBeGreaterThan(0);
    expect(extra('hedge').hedges).toBeGreaterThan(0);
    expect(extra('circuit-breaker').opened).toBeGreaterThan(0);
    expect(extra('rate-limit').rejected).toBeGreaterThan(0);
    expect(extra('concurrency-limit').decreases).toBeGreaterThan(0);
  });
});

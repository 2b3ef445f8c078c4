/**
 * Issue 4's correctness check for lossy networks: a link that loses each one-way message with
 * probability p, under a per-attempt timeout and a retry of up to k attempts on timeout.
 *
 * An attempt succeeds when its request and its response both get through: q = (1-p)^2. Attempts
 * are independent, so a request succeeds with probability 1 - (1-q)^k, and succeeds at attempt m
 * with probability (1-q)^(m-1) q. With a constant round trip r, a timeout t longer than r and a
 * backoff b 2^(j-1) before attempt j+1, a request that succeeds at attempt m takes exactly
 * r + sum_{j<m} (t + b 2^(j-1)), and one that fails takes k t + sum_{j<k} b 2^(j-1): a discrete
 * distribution, checked value by value.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, constant } from '../helpers.js';
import { link, server, binomialTolerance } from './helpers.js';
import type { StepSpec } from '../../src/scenario/spec.js';
import { OK, TIMEOUT } from '../../src/engine/request.js';

/** retry (k attempts, on timeout) over timeout (t) over a lossy link (one way: latencyMs) over a server. */
function lossyChain(p: number, k: number, timeoutMs: number, latencyMs: number, serviceMs: number, backoffMs?: number): StepSpec[] {
  return [
    {
      kind: 'retry',
      attempts: k,
      on: ['timeout'],
      ...(backoffMs !== undefined && { backoff: { baseMs: backoffMs, maxMs: Infinity, multiplier: 2, jitter: 'none' as const } }),
    },
    { kind: 'timeout', afterMs: timeoutMs },
    link({ latency: constant(latencyMs), loss: p }),
    server(serviceMs),
  ];
}

describe('a lossy link under a per-attempt timeout and retries', () => {
  test.each([
    { p: 0.2, k: 3 },
    { p: 0.5, k: 2 },
    { p: 0.1, k: 1 },
    { p: 0.4, k: 5 },
  ])('p = $p, k = $k: the success fraction is 1 - (1 - (1-p)^2)^k', ({ p, k }) => {
    const n = 20000;
    const { summary } = run(
      spec({ history: false, load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: n }, topology: lossyChain(p, k, 50, 5, 1) }),
    );
    const success = 1 - (1 - (1 - p) ** 2) ** k;
    expect(Math.abs(summary.requests.ok - n * success)).toBeLessThan(binomialTolerance(n, success));
    // every request ends ok or by a timeout: a lost message is never an error and never left unanswered
    expect(summary.requests.ok + summary.requests.timeout).toBe(n);
  });

  test('with a constant round trip, latencies take exactly the values r + sum of (t + backoff_j), each as often as predicted', () => {
    const n = 20000;
    const p = 0.3;
    const k = 4;
    const [t, b, oneWay, service] = [50, 20, 5, 1];
    const r = 2 * oneWay + service;
    const { requests } = run(
      spec({ history: false, load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: n }, topology: lossyChain(p, k, t, oneWay, service, b) }),
    );
    const q = (1 - p) ** 2;
    const backoff = (j: number) => b * 2 ** (j - 1); // the wait after attempt j
    const waitBefore = (m: number) => {
      let total = 0;
      for (let j = 1; j < m; j++) total += t + backoff(j);
      return total;
    };
    // success at attempt m = 1..k; failure after k timeouts and k - 1 backoffs
    const expected = new Map<string, { latency: number; probability: number }>();
    for (let m = 1; m <= k; m++) expected.set(`ok ${r + waitBefore(m)}`, { latency: r + waitBefore(m), probability: (1 - q) ** (m - 1) * q });
    const failed = waitBefore(k) + t; // k timeouts, k - 1 backoffs
    expected.set(`timeout ${failed}`, { latency: failed, probability: (1 - q) ** k });
    expect([...expected.keys()]).toEqual(['ok 11', 'ok 81', 'ok 171', 'ok 301', 'timeout 340']);

    const counts = new Map<string, number>();
    for (const req of requests) {
      expect([OK, TIMEOUT]).toContain(req.outcome);
      const key = `${req.outcome === OK ? 'ok' : 'timeout'} ${req.end - req.arrival}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // exactly these values, no others
    expect([...counts.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, { probability }] of expected) {
      expect(Math.abs(counts.get(key)! - n * probability), key).toBeLessThan(binomialTolerance(n, probability));
    }
  });
});

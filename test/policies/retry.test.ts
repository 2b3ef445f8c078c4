import { describe, test, expect } from 'vitest';
import { Retry, type RetryOptions, type Jitter } from '../../src/components/retry.js';
import { Timeout } from '../../src/components/timeout.js';
import { ERROR, OK, REJECTED, TIMEOUT, type Outcome } from '../../src/engine/request.js';
import type { Node } from '../../src/engine/node.js';
import type { Simulation } from '../../src/engine/simulation.js';
import { newSim, Scripted, drive, every, type Script } from './harness.js';

const fails: Script = () => ({ outcome: ERROR, afterMs: 0 });

/** A retry over a scripted downstream, optionally with a timeout above it (a deadline) or below it (per attempt). */
function retried(
  options: Partial<RetryOptions>,
  script: Script,
  times: number[],
  wrap: { deadlineMs?: number; perAttemptMs?: number } = {},
) {
  const sim = newSim();
  const down = new Scripted(sim, script);
  const below: Node = wrap.perAttemptMs !== undefined ? new Timeout(sim, 'retry/timeout', wrap.perAttemptMs, down) : down;
  const retry = new Retry(sim, 'retry', { attempts: 3, on: ['error'], ...options }, below);
  const top: Node = wrap.deadlineMs !== undefined ? new Timeout(sim, 'timeout', wrap.deadlineMs, retry) : retry;
  const answers = drive(sim, top, times);
  return { sim, down, retry, answers, extra: retry.stats().extra as Record<string, unknown>, timeout: statsOf(sim, top) };
}

const statsOf = (sim: Simulation, node: Node) => (node instanceof Timeout ? node.stats().extra : undefined);

/** The waits between a request's attempts (the downstream answers at once, so send to send). */
function gaps(byRequest: Map<number, number[]>): number[][] {
  return [...byRequest.values()].map((t) => t.slice(1).map((x, i) => x - t[i]));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe('retry', () => {
  test('exponential backoff without jitter: base x multiplier^(n-1), capped at max', () => {
    const { down, answers, extra } = retried(
      { attempts: 5, backoff: { baseMs: 10, maxMs: 50, multiplier: 2, jitter: 'none' } },
      () => ({ outcome: ERROR, afterMs: 1 }),
      [0],
    );
    // attempt 1 at 0 fails at 1; waits 10, 20, 40, then 50 (80 capped)
    expect(down.received.map(([, t]) => t)).toEqual([0, 11, 32, 73, 124]);
    expect(answers).toEqual([{ id: 0, sent: 0, time: 125, outcome: 'error' }]);
    expect(extra).toEqual({ retries: 4, attempts: { count: 5, mean: 1, p50: 1, p99: 1 } });
  });

  test('without backoff it retries at once, and multiplier 1 is a constant wait', () => {
    expect(retried({ attempts: 3 }, () => ({ outcome: ERROR, afterMs: 1 }), [0]).down.received.map(([, t]) => t)).toEqual([0, 1, 2]);
    const constant = retried({ attempts: 4, backoff: { baseMs: 7, maxMs: Infinity, multiplier: 1, jitter: 'none' } }, fails, [0]);
    expect(constant.down.received.map(([, t]) => t)).toEqual([0, 7, 14, 21]);
  });

  // 20,000 requests, each failing 3 times: the first and second waits, compared with their
  // distributions (base 10 ms, multiplier 2, no cap): the mean within 4 standard deviations of the
  // sample mean, the bounds exactly
  const N = 20000;
  const waits = (jitter: Jitter, maxMs = Infinity) => {
    const { down } = retried({ attempts: 3, backoff: { baseMs: 10, maxMs, multiplier: 2, jitter } }, fails, every(1000, N * 1000));
    const g = gaps(down.byRequest);
    expect(g.length).toBe(N);
    return { first: g.map((x) => x[0]), second: g.map((x) => x[1]) };
  };
  /** Checks a sample of U(lo, hi): mean (4 sd), variance (4 sd), bounds. */
  const uniform = (xs: number[], lo: number, hi: number) => {
    const w = hi - lo;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(lo);
    expect(Math.max(...xs)).toBeLessThanOrEqual(hi);
    expect(Math.abs(mean(xs) - (lo + hi) / 2)).toBeLessThan((4 * w) / Math.sqrt(12 * xs.length));
    // Var = w^2/12; the sample variance's sd is sqrt((mu4 - sigma^4) / n) with mu4 = w^4 / 80
    const sdVar = Math.sqrt((w ** 4 / 80 - (w * w / 12) ** 2) / xs.length);
    expect(Math.abs(variance(xs) - (w * w) / 12)).toBeLessThan(4 * sdVar);
  };

  test('full jitter: the n-th wait is uniform(0, base x 2^(n-1))', () => {
    const { first, second } = waits('full');
    uniform(first, 0, 10);
    uniform(second, 0, 20);
  });

  test('equal jitter: the n-th wait is w/2 + uniform(0, w/2), w = base x 2^(n-1)', () => {
    const { first, second } = waits('equal');
    uniform(first, 5, 10);
    uniform(second, 10, 20);
  });

  test('decorrelated jitter: each wait is uniform(base, 3 x the previous wait), capped at max', () => {
    const { first, second } = waits('decorrelated');
    uniform(first, 10, 30); // the "previous wait" of the first retry is base
    // given the first wait w1, the second is U(10, 3 w1): mean 5 + 1.5 E[w1] = 35, and
    // Var = E[(3 w1 - 10)^2] / 12 + 2.25 Var(w1) = 2800 / 12 + 2.25 x 400 / 12 = 308.3
    expect(Math.abs(mean(second) - 35)).toBeLessThan(4 * Math.sqrt(308.33 / N));
    expect(second.every((s, i) => s >= 10 && s <= 3 * first[i])).toBe(true);
    const capped = waits('decorrelated', 25);
    expect(Math.max(...capped.first, ...capped.second)).toBeLessThanOrEqual(25);
    // the cap clips U(10, 30) at 25 a quarter of the time
    const atCap = capped.first.filter((w) => w === 25).length / N;
    expect(Math.abs(atCap - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / N));
  });

  test('a budget caps retries at the ratio of calls (plus a bucket of 10)', () => {
    // every call fails; each call earns 0.25 tokens (the first one's are lost: the bucket starts
    // full, at 10), each retry spends 1: after 100 calls, 10 + 99 x 0.25 = 34.75 tokens earned
    const { extra } = retried({ attempts: 2, budget: 0.25 }, fails, every(10, 1000));
    expect(extra).toMatchObject({ retries: 34, deniedByBudget: 66 });
    // with 5 attempts a call may retry several times, but the total stays the same
    expect(retried({ attempts: 5, budget: 0.25 }, fails, every(10, 1000)).extra).toMatchObject({ retries: 34 });
    // long-run: retries / calls tends to the budget
    const long = retried({ attempts: 3, budget: 0.1 }, (k) => ({ outcome: k % 2 ? OK : ERROR, afterMs: 0 }), every(1, 100000));
    expect(Math.abs((long.extra.retries as number) - (10 + 0.1 * 99999))).toBeLessThanOrEqual(1);
  });

  test('retries only the chosen outcomes', () => {
    const outcomes: Outcome[] = [ERROR, TIMEOUT, REJECTED, OK];
    const attemptsFor = (on: RetryOptions['on']) =>
      outcomes.map((o) => retried({ attempts: 3, on }, () => ({ outcome: o, afterMs: 1 }), [0]).down.received.length);
    expect(attemptsFor(['error'])).toEqual([3, 1, 1, 1]);
    expect(attemptsFor(['timeout'])).toEqual([1, 3, 1, 1]);
    expect(attemptsFor(['rejected', 'timeout'])).toEqual([1, 3, 3, 1]);
    // the request ends with the last attempt's outcome
    const { answers } = retried({ attempts: 3, on: ['timeout'] }, (k) => ({ outcome: k < 2 ? TIMEOUT : ERROR, afterMs: 1 }), [0]);
    expect(answers[0]).toMatchObject({ time: 3, outcome: 'error' });
  });

  test('a timeout above the retry is an overall deadline: no attempt after it, during a backoff', () => {
    // attempts at 0 (fails at 1), 11 (fails at 12); the next is due at 32, after the deadline at 25
    const { down, answers, extra, timeout } = retried(
      { attempts: 10, backoff: { baseMs: 10, maxMs: Infinity, multiplier: 2, jitter: 'none' } },
      () => ({ outcome: ERROR, afterMs: 1 }),
      [0],
      { deadlineMs: 25 },
    );
    expect(down.received.map(([, t]) => t)).toEqual([0, 11]);
    expect(answers).toEqual([{ id: 0, sent: 0, time: 25, outcome: 'timeout' }]);
    expect(extra).toMatchObject({ retries: 1 });
    expect(timeout).toEqual({ timeouts: 1, lateAnswers: 0 });
  });

  test('... and while an attempt is outstanding: its late answer ends the retries', () => {
    // attempts at 0 (fails at 15) and 15 (fails at 30); the deadline at 25 abandons the second
    const { down, answers, extra, timeout } = retried({ attempts: 10 }, () => ({ outcome: ERROR, afterMs: 15 }), [0], { deadlineMs: 25 });
    expect(down.received.map(([, t]) => t)).toEqual([0, 15]);
    expect(answers).toEqual([{ id: 0, sent: 0, time: 25, outcome: 'timeout' }]);
    expect(extra).toMatchObject({ retries: 1, attempts: { count: 2, mean: 15, p50: 15, p99: 15 } });
    expect(timeout).toEqual({ timeouts: 1, lateAnswers: 1 });
  });

  test('a timeout below the retry is per attempt; the abandoned attempts still reach the backend', () => {
    // the first two attempts would take 50 ms: each times out after 10 ms; the third takes 5 ms
    const { down, answers, extra } = retried(
      { attempts: 3, on: ['timeout'] },
      (k) => ({ outcome: OK, afterMs: k < 2 ? 50 : 5 }),
      [0],
      { perAttemptMs: 10 },
    );
    expect(down.received.map(([, t]) => t)).toEqual([0, 10, 20]);
    expect(answers).toEqual([{ id: 0, sent: 0, time: 25, outcome: 'ok' }]);
    // per-attempt latency: 10, 10, 5
    expect(extra).toEqual({ retries: 2, attempts: { count: 3, mean: 25 / 3, p50: 10, p99: 10 } });
  });
});

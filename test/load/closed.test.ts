/**
 * Closed-loop users: exact traces, the interactive response time law N = X (R + Z), and offered load
 * that falls as the system slows (unlike open-loop arrivals).
 */
import { describe, expect, test } from 'vitest';
import { constant, exp, run, spec } from '../helpers.js';
import type { ClientRequest as Request } from '../../src/load/request.js';
import type { DistSpec } from '../../src/engine/distributions.js';
import type { LoadSpec } from '../../src/spec/scenario.js';

const closedLoad = (users: number, think: DistSpec, end: { requests: number } | { durationMs: number }): LoadSpec => ({
  arrivals: { kind: 'closed', users, think },
  ...end,
});

const server = (service: DistSpec, concurrency = 1) => [{ kind: 'server' as const, concurrency, serviceTime: service }];
const row = (r: Request) => [r.id, r.user, r.arrival, r.end];

describe('closed-loop users', () => {
  test('2 users, think 10 ms, service 3 ms on one worker: the exact trace', () => {
    const { requests, summary } = run(spec({ load: closedLoad(2, constant(10), { requests: 6 }), topology: server(constant(3)) }));
    // Both users think 10 ms before their first request, so both send at 10; user 1 waits for user 0.
    // Each user sends its next request 10 ms after its answer. At 26 and 39, user 1's request arrives
    // just before the server finishes user 0's (its event was scheduled earlier), so it queues for 0 ms.
    expect(requests.map(row)).toEqual([
      [0, 0, 10, 13],
      [1, 1, 10, 16],
      [2, 0, 23, 26],
      [3, 1, 26, 29],
      [4, 0, 36, 39],
      [5, 1, 39, 42],
    ]);
    expect(requests.map((r) => [r.queued, r.waitedMs])).toEqual([
      [0, 0],
      [1, 3],
      [0, 0],
      [1, 0],
      [0, 0],
      [1, 0],
    ]);
    expect(summary.requests.total).toBe(6);
    expect(summary.run.simulatedMs).toBe(42);
  });

  test('think 0: each user sends again at the instant of its answer (a saturating load)', () => {
    const { requests } = run(spec({ load: closedLoad(3, constant(0), { requests: 7 }), topology: server(constant(1)) }));
    expect(requests.map(row)).toEqual([
      [0, 0, 0, 1],
      [1, 1, 0, 2],
      [2, 2, 0, 3],
      [3, 0, 1, 4],
      [4, 1, 2, 5],
      [5, 2, 3, 6],
      [6, 0, 4, 7],
    ]);
  });

  test('with a duration, no request is sent at or after it; users answered later just stop', () => {
    const { requests } = run(spec({ history: false, load: closedLoad(5, exp(20), { durationMs: 1000 }), topology: server(exp(5)) }));
    expect(requests.length).toBeGreaterThan(100);
    expect(Math.max(...requests.map((r) => r.arrival))).toBeLessThan(1000);
    expect(new Set(requests.map((r) => r.user))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  test('each user has at most one request in flight', () => {
    const { requests } = run(spec({ history: false, load: closedLoad(4, exp(5), { requests: 2000 }), topology: server(exp(3), 2) }));
    for (let u = 0; u < 4; u++) {
      const mine = requests.filter((r) => r.user === u);
      for (let k = 1; k < mine.length; k++) expect(mine[k].arrival).toBeGreaterThanOrEqual(mine[k - 1].end);
    }
  });

  test('the offered load falls as the system slows; open-loop arrivals do not move', () => {
    const closed = (mean: number) => run(spec({ history: false, load: closedLoad(10, exp(100), { durationMs: 20_000 }), topology: server(exp(mean)) }));
    const fast = closed(1);
    const slow = closed(50);
    // fast: X = N / (Z + R) ~ 10 / 101 ms ~ 1980 requests; slow: saturated at 1 / 50 ms ~ 400 requests
    expect(fast.summary.requests.total).toBeGreaterThan(1800);
    expect(slow.summary.requests.total).toBeLessThan(450);
    const open = (mean: number) =>
      run(spec({ history: false, load: { arrivals: { kind: 'poisson', intervalMs: 10 }, durationMs: 20_000 }, topology: server(exp(mean)) }));
    expect(open(50).requests.map((r) => r.arrival)).toEqual(open(1).requests.map((r) => r.arrival));
  });
});

describe('the interactive response time law: N = X (R + Z)', () => {
  // 20 users, think Exp(100 ms), one worker with Exp(10 ms) service: beyond the knee N* = (Z + S) / S = 11,
  // so the server saturates and the response time grows to about N S - Z.
  const N = 20;
  const Z = 100;
  const { requests, summary } = run(spec({ history: false, load: closedLoad(N, exp(Z), { requests: 20_000 }), topology: server(exp(10)) }));
  const T = summary.run.simulatedMs;
  const C = requests.length;

  // Per user, time splits into thinking (before each request) and waiting (for each answer), up to
  // the user's last answer: sum over users of that time = sum of response times + sum of think times.
  const lastEnd = new Array<number>(N).fill(0);
  let sumR = 0;
  let sumZ = 0;
  let longestCycle = 0;
  for (const r of [...requests].sort((a, b) => a.arrival - b.arrival || a.id - b.id)) {
    const think = r.arrival - lastEnd[r.user];
    sumZ += think;
    sumR += r.end - r.arrival;
    longestCycle = Math.max(longestCycle, r.end - lastEnd[r.user]);
    lastEnd[r.user] = r.end;
  }
  const userTime = lastEnd.reduce((a, b) => a + b, 0);

  test('on the sample path, exactly: sum of users\' busy times = C (R + Z) with the realized think times', () => {
    expect(C).toBe(20_000);
    expect(Math.abs(userTime - (sumR + sumZ)) / userTime).toBeLessThan(1e-12);
    // X (R + Z) = (C / T) (sumR / C + sumZ / C) falls short of N only by the users' idle ends
    const edge = N * T - userTime;
    expect(edge).toBeGreaterThanOrEqual(0);
    expect(edge).toBeLessThanOrEqual(N * longestCycle);
  });

  test('with the mean think time: within the edge effect plus 4 sd of the mean of C think times', () => {
    const X = C / T;
    const R = sumR / C;
    // Edge: each user's last cycle, at most N x longest cycle / T users. Noise: the realized mean think
    // time has sd Z / sqrt(C) (exponential), so X x Z-bar has sd X Z / sqrt(C).
    const tolerance = (N * longestCycle) / T + (4 * X * Z) / Math.sqrt(C);
    expect(tolerance).toBeLessThan(0.05 * N); // a meaningful check: well under one user in 20
    expect(Math.abs(X * (R + Z) - N)).toBeLessThanOrEqual(tolerance);
    // saturated: the server is busy nearly all the time, so X ~ 1 / 10 ms, and R ~ N / X - Z
    expect(X).toBeGreaterThan(0.095);
    expect(X).toBeLessThanOrEqual(0.105);
    expect(R).toBeGreaterThan(80);
  });
});

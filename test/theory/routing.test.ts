/**
 * Routing against queueing theory: the power of two choices (the supermarket model), random
 * routing as n independent M/M/1 queues, and one-conn as an M/M/c queue (Erlang C).
 */
import { test, expect } from 'vitest';
import { spec, run, exp } from '../helpers.js';
import type { Strategy } from '../../src/spec/scenario.js';
import type { StepSpec } from '../../src/scenario/spec.js';
import { Server } from '../../src/components/server.js';

const fleet = (strategy: Strategy, servers: number, ratePerServerPerMs: number, measured: number, warmup: number, seed: number) =>
  spec({
    history: false,
    seed,
    load: { arrivals: { kind: 'poisson', intervalMs: 1 / (ratePerServerPerMs * servers) }, requests: measured + warmup },
    warmup: { kind: 'requests', count: warmup },
    services: { s: [{ kind: 'server', concurrency: 1, serviceTime: exp(1) }] },
    topology: [
      {
        kind: 'balancer',
        strategy,
        backends: { service: 's', count: servers },
        tieBreak: 'random',
        errorHoldMs: 0,
        info: { source: strategy === 'two-choices' ? 'backend' : 'own' },
      } as StepSpec,
    ],
  });

/** Mitzenmacher's fixed point for d = 2 as n -> infinity: T = sum over i >= 1 of lambda^(2^i - 2). */
const supermarketT = (lambda: number) => {
  let t = 0;
  for (let i = 1; i < 30; i++) t += Math.pow(lambda, 2 ** i - 2);
  return t;
};

test('power of two choices: 1000 servers at lambda = 0.9 match the supermarket fixed point', () => {
  expect(supermarketT(0.9)).toBeCloseTo(2.614, 3);
  const { summary, sim } = run(fleet('two-choices', 1000, 0.9, 4_000_000, 400_000, 21));
  expect(summary.requests.measured.total).toBe(4_000_000);
  expect(Math.abs(summary.latency.mean - 2.614) / 2.614).toBeLessThan(0.02);
  // The time-average fraction of servers holding at least i requests approaches lambda^(2^i - 1).
  const servers = sim.observedNodes().filter((n): n is Server => n instanceof Server);
  expect(servers.length).toBe(1000);
  const now = sim.sched.now;
  const atLeast = (i: number) => servers.reduce((a, s) => a + (s.fractionAtLeast(now)[i] ?? 0), 0) / servers.length;
  for (const i of [1, 2, 3, 4]) expect(Math.abs(atLeast(i) - Math.pow(0.9, 2 ** i - 1))).toBeLessThan(0.01);
});

test('power of two choices with 100 servers: about 2.642 ms (finite n)', () => {
  const { summary } = run(fleet('two-choices', 100, 0.9, 1_000_000, 100_000, 22));
  expect(Math.abs(summary.latency.mean - 2.642) / 2.642).toBeLessThan(0.02);
  // and far better than random routing, which is M/M/1 at rho = 0.9: 10 ms
  expect(summary.latency.mean).toBeLessThan(3);
});

test('random over n exponential servers is n independent M/M/1 queues', () => {
  // rho = 0.7 per server: mean time in system 1/(mu - lambda) = 3.33 ms. Averaging 10 independent
  // queues of N/10 requests each, the mean's relative sd is (1+rho)/((1-rho) sqrt(N)): 4 sd = 2.3%.
  const n = 1_000_000;
  const { summary } = run(fleet('random', 10, 0.7, n, 100_000, 23));
  const rho = 0.7;
  const tol = (4 * (1 + rho)) / ((1 - rho) * Math.sqrt(n));
  expect(Math.abs(summary.latency.mean - 1 / (1 - rho)) / (1 / (1 - rho))).toBeLessThan(tol);
  expect(Math.abs(summary.queueing.waitedFraction - rho) / rho).toBeLessThan(tol);
});

/** Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = lambda/mu. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

test('one-conn over c backends is an M/M/c queue (Erlang C)', () => {
  // c = 10, mu = 1/ms, lambda = 8/ms: rho = 0.8, P(wait) = C(10, 8), W = C / (c mu - lambda) + 1/mu.
  const c = 10;
  const lambda = 8;
  const pWait = erlangC(c, lambda);
  expect(pWait).toBeCloseTo(0.409, 3);
  const w = pWait / (c - lambda) + 1;
  const n = 1_000_000;
  const { summary } = run(fleet('one-conn', c, lambda / c, n, 100_000, 24));
  const rho = 0.8;
  const tol = (4 * (1 + rho)) / ((1 - rho) * Math.sqrt(n)); // 3.6%
  expect(Math.abs(summary.latency.mean - w) / w).toBeLessThan(tol);
  expect(Math.abs(summary.queueing.waitedFraction - pWait) / pWait).toBeLessThan(tol);
  // every wait happened at the balancer: no backend ever queued
  expect(summary.nodes.filter((x) => x.kind === 'server').every((x) => x.queue?.max === 0)).toBe(true);
});

/**
 * The M/M/1/K queue: Poisson arrivals (rate lambda), one worker with exponential service (rate mu),
 * room for K calls in all: the one in service plus K - 1 waiting. A server with `concurrency: 1`
 * and `queue: { capacity: K - 1, overflow: drop-tail }` is one: `capacity` counts the waiting
 * places only.
 *
 * Theory: the number in system is a birth-death chain on 0..K with pi_n proportional to rho^n, so
 * an arrival finds the system full (and is dropped) with probability, by PASTA,
 *   P_K = (1 - rho) rho^K / (1 - rho^(K+1)).
 * Confidence interval: the estimate is the mean of f(Y_n) = 1{Y_n = K} over the N arrivals, where
 * Y_n, the number an arrival finds, is a Markov chain (below). Its variance is sigma^2 / N with the
 * Markov-chain CLT's sigma^2 = Var_pi(f) + 2 sum_{k>=1} Cov_pi(f(Y_0), f(Y_k))
 *                            = Var_pi(f) + 2 pi diag(f) (Z - I) f,   Z = (I - P + 1 pi)^-1,
 * which accounts for the strong correlation of successive arrivals' fates. We accept within 4 sigma.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, exp } from '../helpers.js';
import { solve } from '../linear-algebra.js';


/**
 * The chain of states seen by arrivals: from y, the arrival makes z = min(y + 1, K); during the
 * next Exp(lambda) gap each departure (rate mu) comes first with probability q = mu / (lambda + mu),
 * so the next arrival sees z - d with probability q^d (1 - q) for d < z, and 0 with probability q^z.
 */
function arrivalChain(lambda: number, mu: number, K: number): number[][] {
  const q = mu / (lambda + mu);
  return Array.from({ length: K + 1 }, (_, y) => {
    const z = Math.min(y + 1, K);
    const row = new Array(K + 1).fill(0);
    for (let d = 0; d < z; d++) row[z - d] += q ** d * (1 - q);
    row[0] += q ** z;
    return row;
  });
}

function dropFractionTheory(lambda: number, mu: number, K: number) {
  const rho = lambda / mu;
  const P = arrivalChain(lambda, mu, K);
  const n = K + 1;
  // stationary pi: pi (P - I) = 0 with sum pi = 1 (replace one equation by the normalization)
  const A = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => (j === n - 1 ? 1 : P[i][j] - (i === j ? 1 : 0))));
  const pi = solve(A, Array.from({ length: n }, (_, j) => (j === n - 1 ? 1 : 0)));
  const f = pi.map((_, i) => (i === K ? 1 : 0));
  const mean = pi[K];
  // Z = (I - P + 1 pi)^-1, column by column: Z f solves (I - P + 1 pi) x = f
  const B = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - P[i][j] + pi[j]));
  const Zf = solve(B, f);
  const variance = mean * (1 - mean) + 2 * pi.reduce((a, p, i) => a + p * f[i] * (Zf[i] - f[i]), 0);
  return { formula: ((1 - rho) * rho ** K) / (1 - rho ** (K + 1)), chain: mean, sigma: Math.sqrt(variance) };
}

describe('M/M/1/K with drop-tail', () => {
  test.each([
    { rho: 0.9, K: 5 },
    { rho: 1.25, K: 3 },
  ])('drops (1 - rho) rho^K / (1 - rho^(K+1)) of the arrivals: rho $rho, K $K', ({ rho, K }) => {
    const N = 200000;
    const mu = 1; // per ms
    const lambda = rho * mu;
    const theory = dropFractionTheory(lambda, mu, K);
    expect(theory.chain).toBeCloseTo(theory.formula, 12); // PASTA: arrivals see the time-stationary law
    const { summary } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'poisson', intervalMs: 1 / lambda }, requests: N },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: exp(1 / mu), queue: { capacity: K - 1, overflow: 'drop-tail', discipline: 'fifo' } }],
      }),
    );
    const dropped = summary.requests.dropped / summary.requests.total;
    const sd = theory.sigma / Math.sqrt(N);
    expect(summary.nodes[0].extra).toMatchObject({ dropped: summary.requests.dropped });
    expect(summary.requests.ok + summary.requests.dropped).toBe(N);
    expect(Math.abs(dropped - theory.formula)).toBeLessThan(4 * sd);
  });
});

/**
 * fan-out (fork-join) against order statistics: with n independent Exp(1 ms) calls and no queueing,
 * waiting for all of them takes the maximum, P(max > t) = 1 - (1 - e^-t)^n; waiting for the first k
 * ok answers takes the k-th smallest, P(X(k) > t) = P(Binomial(n, 1 - e^-t) < k).
 */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const N = 20_000;

function run(wait: string, extra = '') {
  const text = [
    'name: fan-out',
    `load: { constant: { interval: 100ms }, requests: ${N} }`,
    'services:',
    '  leaf:',
    '    - server: { concurrency: 1, service-time: exp(1ms) }',
    extra,
    'topology:',
    `  - fan-out: { backends: { service: leaf, count: 100 }, wait: ${wait} }`,
  ].join('\n');
  const latencies: number[] = [];
  const { summary } = simulate(parseScenario(text, 'fan-out.yaml'), { seed: 3, onRequest: (r) => latencies.push(r.end - r.arrival) });
  return { latencies, summary };
}

/** P(Binomial(n, p) < k). */
function binomialBelow(n: number, p: number, k: number): number {
  let sum = 0;
  let logC = 0;
  for (let i = 0; i < k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logC + i * Math.log(p) + (n - i) * Math.log(1 - p));
  }
  return sum;
}

/** Within 4 standard deviations of a binomial proportion over N draws. */
const within = (observed: number, expected: number) => expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / N));

describe('fan-out', { timeout: 120_000 }, () => {
  test('wait: all takes the slowest of 100 calls: P(max > 4.60517 ms) = 0.63397', () => {
    const { latencies, summary } = run('all');
    expect(1 - (1 - Math.exp(-4.60517)) ** 100).toBeCloseTo(0.63397, 5);
    within(latencies.filter((l) => l > 4.60517).length / N, 0.63397);
    expect(summary.requests.ok).toBe(N);
    const node = summary.nodes.find((n) => n.kind === 'fan-out');
    expect(node?.extra).toMatchObject({ backends: 100, need: 100, ok: N, failed: 0, abandoned: 0 });
  });

  test('wait: 50 takes the 50th: P(X(50) > ln 2) = P(Bin(100, 1/2) < 50)', () => {
    const { latencies, summary } = run('50');
    const expected = binomialBelow(100, 0.5, 50);
    expect(expected).toBeCloseTo(0.46021, 4);
    within(latencies.filter((l) => l > Math.LN2).length / N, expected);
    // the other 50 calls of each request were abandoned, still served
    expect(summary.nodes.find((n) => n.kind === 'fan-out')?.extra).toMatchObject({ need: 50, abandoned: 50 * N });
  });

  test('wait: quorum is a majority (51 of 100)', () => {
    const { latencies } = run('quorum');
    within(latencies.filter((l) => l > Math.LN2).length / N, binomialBelow(100, 0.5, 51));
  });

  test('waiting for more backends than there are is an error at its position', () => {
    const text = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'services:', '  s:', '    - server: { service-time: 1ms }', 'topology:', '  - fan-out: { backends: { service: s, count: 3 }, wait: 4 }'].join('\n');
    try {
      parseScenario(text, 'x.yaml');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).problems).toEqual([expect.objectContaining({ line: 7, path: 'topology[0].fan-out.wait', message: 'expected to wait for at most the 3 backends; found 4' })]);
    }
  });
});

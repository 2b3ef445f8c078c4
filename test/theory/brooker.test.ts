/**
 * Brooker's stale-information experiment (scenarios/brooker/stale-info.yaml): the ordering of the
 * strategies as the information ages. Means over 3 replications of 18,000 measured requests; the
 * gaps asserted are several times the spread between replications.
 */
import { test, expect } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';

const meanQueueTime = (refresh: string, strategy: string) => {
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    const s = loadScenario('scenarios/brooker/stale-info.yaml', [
      `topology[0].balancer.info.refresh=${refresh}`,
      `topology[0].balancer.strategy=${strategy}`,
    ]);
    sum += simulate(s, { seed: 1 + i }).summary.latency.mean;
  }
  return sum / 3;
};
const row = (refresh: string) => ({
  random: meanQueueTime(refresh, 'random'),
  best: meanQueueTime(refresh, 'jsq'),
  two: meanQueueTime(refresh, 'best-of-2'),
  three: meanQueueTime(refresh, 'best-of-3'),
});

test('with fresh information best wins', () => {
  const r = row('1s');
  expect(r.best).toBeLessThan(r.three);
  expect(r.three).toBeLessThan(r.two);
  expect(r.two).toBeLessThan(r.random / 2);
});

test('as information ages best herds and becomes worse than random; best-of-2 leads over the middle range', () => {
  for (const refresh of ['20s', '50s']) {
    const r = row(refresh);
    expect(r.best).toBeGreaterThan(r.random);
    expect(r.two).toBeLessThan(r.random);
    expect(r.two).toBeLessThan(r.three);
    expect(r.two).toBeLessThan(r.best);
  }
});

test('random overtakes best-of-2 only at very stale information', () => {
  const r = row('200s');
  expect(r.random).toBeLessThan(r.two);
  expect(r.two).toBeLessThan(r.three);
  expect(r.three).toBeLessThan(r.best);
});

/** hunt: the lowest failing seed whatever the number of threads; --all; a stop part-way; the determinism check. */
import { describe, expect, test } from 'vitest';
import { hunt, runSeed } from '../../src/experiments/hunt.js';
import { loadScenario } from '../../src/scenario/load.js';

const FIXTURE = 'test/hunt/fixtures/tight-p99.yaml';

describe('hunt', () => {
  test('reports the same lowest failing seed with 1 and 2 threads', async () => {
    const one = await hunt({ file: FIXTURE, seeds: { first: 1, last: 300 }, jobs: 1 });
    const two = await hunt({ file: FIXTURE, seeds: { first: 1, last: 300 }, jobs: 2 });
    expect(one.failing.map((f) => f.seed)).toEqual([31]);
    expect(one.ended).toBe('failure');
    expect(one.checked).toEqual({ first: 1, last: 31, count: 31 });
    expect(two).toEqual(one);
    expect(one.failing[0].failures).toEqual([{ kind: 'check', property: 'p99 < 140ms', message: expect.stringMatching(/^latency\.p99 is [\d.]+ms; expected < 140ms$/) }]);
  });

  test('from a later first seed, the lowest failing seed above it', async () => {
    const r = await hunt({ file: FIXTURE, seeds: { first: 34, last: 300 }, jobs: 2 });
    expect(r.failing.map((f) => f.seed)).toEqual([57]);
  });

  test('--all lists every failing seed, the same with 1 and 2 threads', async () => {
    const one = await hunt({ file: FIXTURE, seeds: { first: 1, last: 120 }, jobs: 1, all: true });
    const two = await hunt({ file: FIXTURE, seeds: { first: 1, last: 120 }, jobs: 2, all: true });
    expect(one.failing.map((f) => f.seed)).toEqual([31, 33, 57, 67, 91, 100, 103, 120]);
    expect(one.ended).toBe('range');
    expect(two).toEqual(one);
  });

  test('a range without failures ends with every seed checked', async () => {
    const r = await hunt({ file: FIXTURE, seeds: { first: 1, last: 30 }, jobs: 2 });
    expect(r).toEqual({ seeds: { first: 1, last: 30 }, checked: { first: 1, last: 30, count: 30 }, ended: 'range', failing: [] });
  });

  test('stop() part-way: the seeds handed out finish, and the result says how far it got', async () => {
    let asked = 0;
    const r = await hunt({ file: FIXTURE, seeds: { first: 1, last: 300 }, jobs: 1, stop: () => ++asked > 10 });
    expect(r).toEqual({ seeds: { first: 1, last: 300 }, checked: { first: 1, last: 10, count: 10 }, ended: 'stopped', failing: [] });
  });

  test('--double: the two runs of a seed agree', () => {
    const scenario = loadScenario(FIXTURE);
    const r = runSeed(scenario, 31, true);
    expect(r.divergence).toBeUndefined();
    expect(r.failures).toHaveLength(1);
  });
});

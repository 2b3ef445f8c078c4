/**
 * Determinism with lossy links, partitions and flaky windows: the same scenario and seed give
 * byte-identical summaries; another seed gives another.
 */
import { test, expect } from 'vitest';
import { spec, run, exp } from '../helpers.js';
import { link } from './helpers.js';
import { summaryJson } from '../../src/run/summary.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';

const everything = (seed: number) =>
  spec({
    seed,
    history: false,
    load: { arrivals: { kind: 'poisson', intervalMs: 1 }, requests: 5000 },
    services: {
      dyno: [
        link({ latency: exp(1), loss: 0.02, duplicate: 0.05, reorder: { probability: 0.1, extra: exp(3) }, bandwidthBytesPerMs: 2000, requestBytes: 500, responseBytes: 3000 }),
        { kind: 'server', concurrency: 2, serviceTime: exp(5) },
      ],
    },
    topology: [
      { kind: 'retry', attempts: 3, on: ['timeout'], backoff: { baseMs: 5, maxMs: 100, multiplier: 2, jitter: 'full' } },
      { kind: 'timeout', afterMs: 40 },
      { kind: 'balancer', strategy: 'least-conn', backends: { service: 'dyno', count: 6 }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } },
    ],
    faults: [
      { kind: 'partition', between: [['balancer'], ['balancer/dyno[0..1]/**']], atMs: 1000, healMs: 2500, direction: 'a-to-b' },
      { kind: 'partition', between: [['balancer/dyno[2]/server'], ['balancer']], atMs: 1500, direction: 'both' },
      { kind: 'flaky', target: 'balancer/dyno[3..5]/link', atMs: 500, forMs: 2000, loss: 0.3 },
    ],
  });

const bytes = (seed: number) => summaryJson(run(everything(seed)).summary);

test('links, partitions and flaky windows: the same seed gives the same bytes, another seed others', () => {
  const a = bytes(1);
  expect(bytes(1)).toBe(a);
  expect(bytes(2)).not.toBe(a);
  // the faults did something
  const nodes = JSON.parse(a).nodes as { kind: string; extra?: { partitioned?: number; lost?: number; duplicated?: number; reordered?: number } }[];
  const links = nodes.filter((n) => n.kind === 'link');
  expect(links.reduce((s, n) => s + n.extra!.partitioned!, 0)).toBeGreaterThan(0);
  expect(links.every((n) => n.extra!.lost! > 0 && n.extra!.duplicated! > 0 && n.extra!.reordered! > 0)).toBe(true);
});

test('the bundled partition scenario is deterministic', () => {
  const scenario = loadScenario('scenarios/faults/partition.yaml');
  const once = () => summaryJson(simulate(scenario).summary);
  const a = once();
  expect(once()).toBe(a);
  expect(summaryJson(simulate(scenario, { seed: 2 }).summary)).not.toBe(a);
});

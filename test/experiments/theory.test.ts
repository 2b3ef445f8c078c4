/**
 * Theory lines for sweeps: which scenarios are M/M/1 or M/M/c queues (and which are not), the
 * figures a sweep point carries, and a sweep's simulated means against them.
 */
import { describe, expect, test, vi } from 'vitest';
import { queueTheory } from '../../src/experiments/theory.js';
import { sweep } from '../../src/experiments/sweep.js';
import { sweepCharts } from '../../src/experiments/charts/index.js';
import { parseScenario, loadScenario } from '../../src/scenario/load.js';

vi.setConfig({ testTimeout: 120_000 });

const MMC = `name: mmc
seed: 3
load: { poisson: { interval: 2ms }, requests: 1000 }
topology:
  - server: { concurrency: 1, service-time: exp(1ms) }
`;
const theoryOf = (text: string, set: string[] = []) => queueTheory(parseScenario(text, 'mmc.yaml', set).spec);

describe('which scenarios have a theory', () => {
  test('the bundled M/M/1: lambda 0.5/ms, mu 1/ms, mean 2 ms, p99 9.21 ms', () => {
    const t = queueTheory(loadScenario('scenarios/mm1.yaml').spec)!;
    expect(t).toMatchObject({ model: 'M/M/1', servers: 1, arrivalRatePerMs: 0.5, serviceRatePerMs: 1, utilization: 0.5 });
    expect(t.metrics.mean).toBeCloseTo(2, 12);
    expect(t.metrics.p99).toBeCloseTo(9.21034, 5);
    expect(t.metrics.p50).toBeCloseTo(2 * Math.LN2, 12);
    expect(t.metrics.success).toBe(1);
    expect(t.metrics.throughput).toBeCloseTo(500, 9);
    expect(Object.keys(t.metrics)).toEqual(['p50', 'p90', 'p99', 'p999', 'mean', 'success', 'throughput']);
  });

  test('M/M/c: a server of concurrency c, given directly or through a service', () => {
    const t = theoryOf(MMC, ['topology[0].server.concurrency=3', 'load.poisson.interval=0.5ms'])!;
    expect(t).toMatchObject({ model: 'M/M/3', servers: 3, arrivalRatePerMs: 2 });
    expect(t.utilization).toBeCloseTo(2 / 3, 12);
    expect(t.metrics.mean).toBeCloseTo(13 / 9, 12);
    const viaService = `name: s
load: { poisson: { rate: 1/ms }, requests: 100 }
services:
  worker:
    - server: { concurrency: 2, service-time: exp(1ms) }
topology:
  - service: worker
`;
    expect(theoryOf(viaService)).toMatchObject({ model: 'M/M/2', servers: 2 });
    expect(theoryOf(viaService)!.metrics.mean).toBeCloseTo(4 / 3, 12);
    // An unbounded FIFO queue written out is still M/M/c.
    expect(theoryOf(MMC, ['topology[0].server.queue={ discipline: fifo }'])).not.toBeNull();
  });

  test.each([
    ['a cable in front', `name: x\nload: { poisson: { interval: 2ms }, requests: 10 }\ntopology:\n  - cable: { latency: 1ms }\n  - server: { concurrency: 1, service-time: exp(1ms) }\n`, []],
    ['constant arrivals', MMC, ['load={ constant: { interval: 2ms }, requests: 10 }']],
    ['a service that is not exponential', MMC, ['topology[0].server.service-time=uniform(0ms, 2ms)']],
    ['a bounded queue', MMC, ['topology[0].server.queue={ capacity: 5 }']],
    ['LIFO order', MMC, ['topology[0].server.queue={ discipline: lifo }']],
    ['a fault', MMC, ['faults=[{ slow: { target: server, at: 1s, for: 1s, factor: 2 } }]']],
    ['rounded exponential draws', MMC, ['round-exponential=true']],
    ['a load the server cannot keep up with', MMC, ['load.poisson.interval=0.5ms']],
  ] as const)('no theory with %s', (_what, text, set) => {
    expect(theoryOf(text, [...set])).toBeNull();
  });
});

describe('a sweep over an M/M/1 queue', () => {
  test('every stable point carries its theory, the simulated means are close to it, and the chart draws it', async () => {
    const result = await sweep({
      file: 'scenarios/mm1.yaml',
      seed: 7,
      replications: 2,
      set: ['load.requests=220000', 'warmup=20000'],
      vary: [{ path: 'load.poisson.rate', values: ['0.3/ms', '0.6/ms'] }],
    });
    expect(result.points.map((p) => p.theory?.model)).toEqual(['M/M/1', 'M/M/1']);
    expect(result.points.map((p) => p.theory!.metrics.mean)).toEqual([1 / 0.7, 1 / 0.4].map((x) => expect.closeTo(x, 12)));
    // 400,000 measured requests a point: the mean is within a few percent of theory (a sd of about
    // (1+rho)/((1-rho) sqrt(N)), under 0.7% at rho = 0.6).
    for (const p of result.points) {
      expect(Math.abs(p.metrics.mean.mean - p.theory!.metrics.mean) / p.theory!.metrics.mean).toBeLessThan(0.03);
      expect(Math.abs(p.metrics.p99.mean - p.theory!.metrics.p99) / p.theory!.metrics.p99).toBeLessThan(0.06);
    }
    const [chart] = sweepCharts(result, { metric: 'mean' });
    expect(chart.caption).toContain('M/M/1');
    expect(JSON.stringify(chart.spec)).toContain('"theory":1.42857');
  });

  test('a point the server cannot keep up with carries no theory; a non-queue sweep none at all', async () => {
    const result = await sweep({
      file: 'scenarios/mm1.yaml',
      seed: 7,
      replications: 1,
      set: ['load.requests=2000', 'warmup=0'],
      vary: [{ path: 'load.poisson.rate', values: ['0.5/ms', '1.5/ms'] }],
    });
    expect(result.points.map((p) => 'theory' in p)).toEqual([true, false]);
    const routing = await sweep({
      file: 'scenarios/routing/strategies.yaml',
      seed: 1,
      replications: 1,
      set: ['load.requests=2000', 'warmup=0'],
      vary: [{ path: 'topology[0].balancer.strategy', values: ['random'] }],
    });
    expect(routing.points.every((p) => !('theory' in p))).toBe(true);
  });
});

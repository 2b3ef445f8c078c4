/**
 * The experiment machinery: every variant validated before anything runs, common random numbers,
 * merged histograms, verdicts, results in (variant, replication) order, Ctrl-C.
 */
import { describe, test, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { prepareExperiment, runTasks, InterruptedError, WORKER_FILE } from '../../src/experiments/experiment.js';
import { compare } from '../../src/experiments/compare.js';
import { experimentTasks } from './oracles.js';
import { sweep } from '../../src/experiments/sweep.js';
import { LatencyHistogram, CDF_FRACTIONS } from '../../src/stats/latency-histogram.js';
import { verdictLine } from '../../src/experiments/verdict.js';
import { renderCompare, resultJson, variantsCsv, replicationsCsv, sweepCsv, renderSweep } from '../../src/experiments/render.js';
import { parseVary } from '../../src/experiments/vary.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/run/simulate.js';
import type { Request } from '../../src/engine/request.js';

const TEXT = `name: small
seed: 7
load: { poisson: { interval: 2ms }, requests: 400 }
services:
  dyno:
    - server: { concurrency: 1, service-time: exp(5ms) }
topology:
  - balancer: { strategy: random, backends: { service: dyno, count: 4 } }
compare:
  vary:
    topology[0].balancer.strategy: [random, least-con]
`;
const strategy = (...values: string[]) => [{ path: 'topology[0].balancer.strategy', values }];

describe('prepareExperiment validates every variant before anything runs', () => {
  test('a bad value given by --vary names the --vary, with the loader message and hint', () => {
    const error = (() => {
      try {
        prepareExperiment({ file: 'small.yaml', text: TEXT, vary: [parseVary('topology[0].balancer.strategy=random,least-con,round-robin')] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ScenarioError);
    const problems = (error as ScenarioError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: '--vary topology[0].balancer.strategy=random,least-con,round-robin', path: 'topology[0].balancer.strategy', hint: 'did you mean "least-conn"?' });
    expect(problems[0].message).toMatch(/unknown strategy "least-con"/);
  });

  test('a bad value in the compare: block is placed at its line and column', () => {
    const run = () => prepareExperiment({ file: 'small.yaml', text: TEXT, vary: [{ path: 'topology[0].balancer.strategy', values: ['random', 'least-con'] }], block: 'compare' });
    expect(run).toThrow(ScenarioError);
    try {
      run();
    } catch (e) {
      const text = (e as ScenarioError).format();
      // line 11: `    topology[0].balancer.strategy: [random, least-con]`
      const col = TEXT.split('\n')[10].indexOf('least-con') + 1;
      expect(col).toBe(45);
      expect(text).toContain(`small.yaml:11:${col}  topology[0].balancer.strategy`);
      expect(text).toContain('unknown strategy "least-con"');
    }
  });

  test('a path that does not exist fails once, not once per variant', () => {
    try {
      prepareExperiment({ file: 'small.yaml', text: TEXT, vary: [parseVary('topology[3].balancer.strategy=random,least-conn')] });
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).problems).toHaveLength(1);
      expect((e as ScenarioError).problems[0].message).toMatch(/expected an index from 0 to 0 after topology/);
    }
  });
});

describe('common random numbers', () => {
  test('replication i of every variant runs with seed S + i and sees the same arrival times', () => {
    const x = prepareExperiment({ file: 'small.yaml', text: TEXT, vary: strategy('random', 'least-conn', 'round-robin') });
    const tasks = experimentTasks(x, { seed: 40, replications: 3 }, { series: true, histogram: true });
    expect(tasks.map((t) => [t.overrides.at(-1), t.seed, t.wantSeries])).toEqual([
      ['topology[0].balancer.strategy=random', 40, true],
      ['topology[0].balancer.strategy=random', 41, false],
      ['topology[0].balancer.strategy=random', 42, false],
      ['topology[0].balancer.strategy=least-conn', 40, true],
      ['topology[0].balancer.strategy=least-conn', 41, false],
      ['topology[0].balancer.strategy=least-conn', 42, false],
      ['topology[0].balancer.strategy=round-robin', 40, true],
      ['topology[0].balancer.strategy=round-robin', 41, false],
      ['topology[0].balancer.strategy=round-robin', 42, false],
    ]);
    const arrivals = (i: number) => {
      const t = tasks[i];
      const seen: number[] = [];
      const latencies: number[] = [];
      simulate(t.scenario!, { seed: t.seed, onRequest: (r: Request) => { seen[r.id] = r.arrival; latencies[r.id] = r.end - r.arrival; } });
      return { seen, latencies };
    };
    for (const r of [0, 1]) {
      const [a, b, c] = [arrivals(r), arrivals(3 + r), arrivals(6 + r)];
      expect(b.seen).toEqual(a.seen);
      expect(c.seen).toEqual(a.seen);
      expect(b.latencies).not.toEqual(a.latencies);
    }
    expect(arrivals(1).seen).not.toEqual(arrivals(0).seen);
  });

  test('the same stream scaled: Exp(2ms) against Exp(1ms) on one server is exactly twice, with a point interval', async () => {
    const text = 'name: scale\nload: { poisson: { interval: 1ms }, requests: 300 }\ntopology:\n  - server: { concurrency: 1000, service-time: exp(1ms) }\n';
    const r = await compare({ file: 'scale.yaml', text, seed: 3, replications: 5, vary: [{ path: 'topology[0].server.service-time', values: ['exp(1ms)', 'exp(2ms)'] }] });
    for (const m of ['p50', 'p99', 'mean'] as const) {
      const ratio = r.variants[1].vsBaseline[m];
      expect(ratio.ratio).toBeCloseTo(2, 9);
      expect(ratio.hi - ratio.lo).toBeLessThan(1e-9);
    }
    expect(r.verdict).toEqual(['exp(2ms) is worse than exp(1ms) on p99 by 2.00x, 95% CI 2.00x..2.00x']);
  });
});

describe('compare', () => {
  test('the result: metrics with intervals, ratios, per-replication figures, a merged CDF and series', async () => {
    const r = await compare({ file: 'small.yaml', text: TEXT, seed: 11, replications: 4, vary: strategy('random', 'least-conn') });
    expect(r.stamp).toMatchObject({ scenario: 'small', seed: 11, command: 'compare', replications: 4, seeds: { first: 11, last: 14 }, overrides: [] });
    const [a, b] = r.variants;
    expect(Object.keys(a)).toEqual(['name', 'set', 'replications', 'metrics', 'vsBaseline', 'perReplication', 'cdf', 'series']);
    expect(Object.keys(a.metrics)).toEqual(['p50', 'p90', 'p99', 'p999', 'mean', 'success', 'throughput']);
    expect(a.vsBaseline).toEqual({ p50: { ratio: 1, lo: 1, hi: 1 }, p99: { ratio: 1, lo: 1, hi: 1 }, mean: { ratio: 1, lo: 1, hi: 1 } });
    expect(b.perReplication.map((f) => f.seed)).toEqual([11, 12, 13, 14]);
    for (const m of Object.values(b.metrics)) expect(m.lo <= m.mean && m.mean <= m.hi).toBe(true);
    expect(b.cdf.map((p) => p.fraction)).toEqual(CDF_FRACTIONS);
    expect(b.cdf.every((p, i) => i === 0 || p.latency >= b.cdf[i - 1].latency)).toBe(true);
    expect(b.series.latency.length).toBeGreaterThan(0);
    expect(r.verdict).toHaveLength(1);
    expect(r.verdict[0]).toMatch(/^least-conn (beats|is worse than) random on p99 by [\d.]+x, 95% CI [\d.]+x\.\.[\d.]+x$|^least-conn: no significant difference from random on p99/);
    // least-conn's p99 is lower on every seed here, and the verdict says so
    expect(r.verdict[0]).toMatch(/^least-conn beats random on p99/);
  });

  test('one replication: no interval, null in the JSON, and the verdict says so', async () => {
    const r = await compare({ file: 'small.yaml', text: TEXT, seed: 11, replications: 1, vary: strategy('random', 'least-conn') });
    expect(r.variants[1].metrics.p99.lo).toBeNaN();
    expect(r.variants[1].vsBaseline.p99.hi).toBeNaN();
    expect(JSON.parse(resultJson(r)).variants[1].metrics.p99).toEqual({ mean: r.variants[1].metrics.p99.mean, lo: null, hi: null });
    expect(r.verdict[0]).toMatch(/^least-conn vs random on p99: ratio [\d.]+; from 1 replication no interval can be computed/);
    expect(renderCompare(r)).toContain('n/a (1 replication)');
  });

  test('text, CSV: tables per metric, the ratio table, the verdict; one CSV row per variant per metric / per replication', async () => {
    const r = await compare({ file: 'small.yaml', text: TEXT, seed: 11, replications: 3, vary: strategy('random', 'least-conn') });
    const text = renderCompare(r);
    expect(text).toMatch(/^p99 \(ms\)\s+mean\s+95% CI$/m);
    expect(text).toMatch(/^least-conn\s+[\d.]+\s+[\d.]+\.\.[\d.]+$/m);
    expect(text).toMatch(/^against random: geometric mean of the paired ratios/m);
    expect(text).toContain(r.verdict[0]);
    const v = variantsCsv(r).trim().split('\n');
    expect(v[0]).toBe('variant,metric,mean,lo,hi,ratio,ratio_lo,ratio_hi');
    expect(v).toHaveLength(1 + 2 * 7);
    expect(v[1]).toMatch(/^random,p50,[\d.]+,[\d.]+,[\d.]+,1,1,1$/);
    expect(v[2]).toMatch(/^random,p90,[\d.]+,[\d.]+,[\d.]+,,,$/);
    const reps = replicationsCsv(r).trim().split('\n');
    expect(reps[0]).toBe('variant,replication,seed,p50,p90,p99,p999,mean,success,throughput');
    expect(reps.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['random,0,11', 'random,1,12', 'random,2,13', 'least-conn,0,11', 'least-conn,1,12', 'least-conn,2,13']);
  });
});

describe('sweep', () => {
  test('a grid of a range and a list, row-major, each point with intervals', async () => {
    const r = await sweep({
      file: 'small.yaml',
      text: TEXT,
      seed: 5,
      replications: 2,
      vary: [parseVary('load.poisson.interval=3ms..2ms/3'), parseVary('topology[0].balancer.strategy=random,least-conn')],
    });
    expect(r.axes).toEqual([
      { path: 'load.poisson.interval', values: ['3ms', '2.5ms', '2ms'] },
      { path: 'topology[0].balancer.strategy', values: ['random', 'least-conn'] },
    ]);
    expect(r.points.map((p) => p.values)).toEqual([
      ['3ms', 'random'], ['3ms', 'least-conn'], ['2.5ms', 'random'], ['2.5ms', 'least-conn'], ['2ms', 'random'], ['2ms', 'least-conn'],
    ]);
    expect(Object.keys(r.points[0])).toEqual(['name', 'values', 'set', 'replications', 'metrics', 'perReplication']);
    // more load, more latency, for random routing
    expect(r.points[4].metrics.mean.mean).toBeGreaterThan(r.points[0].metrics.mean.mean);
    const csv = sweepCsv(r).trim().split('\n');
    expect(csv[0]).toBe('load.poisson.interval,topology[0].balancer.strategy,replications,p50_mean,p50_lo,p50_hi,p90_mean,p90_lo,p90_hi,p99_mean,p99_lo,p99_hi,p999_mean,p999_lo,p999_hi,mean_mean,mean_lo,mean_hi,success_mean,success_lo,success_hi,throughput_mean,throughput_lo,throughput_hi');
    expect(csv).toHaveLength(7);
    expect(csv[3]).toMatch(/^2\.5ms,random,2,/);
    expect(renderSweep(r)).toMatch(/^2\.5ms\s+least-conn\s+[\d.]+ ±[\d.]+/m);
  });
});

describe('merged latency histograms', () => {
  test('merging is exact and does not depend on order; encoding round-trips', () => {
    const parts = [[1, 2, 3], [10, 20], [0.5, 7, 7, 7]].map((xs) => {
      const h = LatencyHistogram.empty();
      for (const x of xs) h.record(x);
      const e = h.encode();
      h.destroy();
      return e;
    });
    const merge = (order: number[]) => {
      const m = LatencyHistogram.empty();
      for (const i of order) {
        const h = LatencyHistogram.decode(parts[i]);
        m.add(h);
        h.destroy();
      }
      const out = { count: m.count, cdf: m.cdf() };
      m.destroy();
      return out;
    };
    const a = merge([0, 1, 2]);
    expect(a.count).toBe(9);
    expect(merge([2, 0, 1])).toEqual(a);
    expect(a.cdf).toHaveLength(101);
    expect(a.cdf[0].latency).toBeCloseTo(0.5, 2);
    expect(a.cdf.at(-1)!.latency).toBeCloseTo(20, 1);
  });
});

describe('verdict lines', () => {
  test('beats, is worse, no significant difference', () => {
    expect(verdictLine('two-choices', 'random', { ratio: 1 / 3.1, lo: 1 / 3.3, hi: 1 / 2.9 }, 10)).toBe('two-choices beats random on p99 by 3.10x, 95% CI 2.90x..3.30x');
    expect(verdictLine('round-robin', 'random', { ratio: 1.4, lo: 1.3, hi: 1.5 }, 10)).toBe('round-robin is worse than random on p99 by 1.40x, 95% CI 1.30x..1.50x');
    expect(verdictLine('x', 'random', { ratio: 1.02, lo: 0.97, hi: 1.08 }, 10)).toBe('x: no significant difference from random on p99 (ratio 1.02, 95% CI 0.97..1.08)');
    expect(verdictLine('x', 'random', { ratio: 0.999, lo: 0.998, hi: 0.9995 }, 10)).toBe('x beats random on p99 by 1.001x, 95% CI 1.001x..1.002x');
  });
});

describe('running replications', () => {
  test('in-process: an abort stops between replications with what had finished', async () => {
    const x = prepareExperiment({ file: 'small.yaml', text: TEXT, vary: strategy('random', 'least-conn') });
    const tasks = experimentTasks(x, { seed: 1, replications: 5 }, { series: false, histogram: false });
    const ac = new AbortController();
    const seen: number[] = [];
    const run = runTasks(tasks, (i) => seen.push(i), { jobs: 1, signal: ac.signal, onProgress: (done) => done === 3 && ac.abort() });
    await expect(run).rejects.toEqual(new InterruptedError(3, 10));
    expect(seen).toEqual([0, 1, 2]);
  });

  test.runIf(existsSync(WORKER_FILE))('on worker threads: results come in index order; the same as in-process; an abort destroys the pool', async () => {
    const x = prepareExperiment({ file: 'small.yaml', text: TEXT, vary: strategy('random', 'least-conn', 'round-robin') });
    const tasks = experimentTasks(x, { seed: 1, replications: 4 }, { series: true, histogram: true });
    const collect = async (jobs: number) => {
      const out: [number, unknown][] = [];
      await runTasks(tasks, (i, o) => out.push([i, o]), { jobs });
      return out;
    };
    const threads = await collect(2);
    expect(threads.map(([i]) => i)).toEqual(tasks.map((_, i) => i));
    expect(threads).toEqual(await collect(1));

    const ac = new AbortController();
    const run = runTasks(tasks, () => undefined, { jobs: 2, signal: ac.signal, onProgress: (done) => done === 1 && ac.abort() });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
  });
});

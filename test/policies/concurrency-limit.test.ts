import { describe, test, expect } from 'vitest';
import { ConcurrencyLimit, type ConcurrencyLimitOptions } from '../../src/components/concurrency-limit.js';
import { ERROR, OK } from '../../src/engine/request.js';
import { newSim, Scripted, drive, type Script } from './harness.js';
import { spec, run, exp } from '../helpers.js';

function limited(options: ConcurrencyLimitOptions, script: Script, times: number[]) {
  const sim = newSim();
  const down = new Scripted(sim, script);
  const cl = new ConcurrencyLimit(sim, 'concurrency-limit', options, down);
  const answers = drive(sim, cl, times);
  return { cl, down, answers, stats: cl.stats(sim.sched.now) };
}

const takes = (ms: number): Script => () => ({ outcome: OK, afterMs: ms });
const aimd = { min: 1, max: 4, increase: 1, decrease: 0.5, latencyMs: 15 };

describe('concurrency-limit', () => {
  test('fixed: at most `limit` calls outstanding; the rest are rejected at once', () => {
    const { answers, down, stats } = limited({ limit: 2, queue: 0 }, takes(10), [0, 0, 0, 5, 10, 10]);
    // the arrivals at 10 come before the answers at 10 (they were scheduled first): still full
    expect(answers.map((a) => [a.sent, a.outcome, a.time])).toEqual([
      [0, 'ok', 10],
      [0, 'ok', 10],
      [0, 'rejected', 0],
      [5, 'rejected', 5],
      [10, 'rejected', 10],
      [10, 'rejected', 10],
    ]);
    expect(down.received).toEqual([[0, 0], [1, 0]]);
    expect(stats).toMatchObject({ calls: 6, queue: null, extra: { rejected: 4, queued: 0, maxInFlight: 2 } });
  });

  test('fixed with a queue: calls over the limit wait in FIFO order, the rest are rejected', () => {
    const { answers, stats } = limited({ limit: 2, queue: 2 }, takes(10), [0, 0, 0, 0, 0, 1]);
    expect(answers.map((a) => [a.id, a.outcome, a.time])).toEqual([
      [0, 'ok', 10],
      [1, 'ok', 10],
      [2, 'ok', 20],
      [3, 'ok', 20],
      [4, 'rejected', 0],
      [5, 'rejected', 1],
    ]);
    // two calls waited 10 ms each: 20 ms over 6 calls; the queue held 2 for 10 ms of 20
    expect(stats.queue).toEqual({ mean: 1, max: 2, meanWait: 20 / 6 });
    expect(stats.extra).toMatchObject({ rejected: 2, queued: 2, maxInFlight: 2 });
  });

  test('aimd: +increase per fast ok answer, x decrease on a slow answer or an error, within [min, max]', () => {
    // one call at a time: fast, fast, fast (at max), slow, error, error (at min), fast
    const script: Script = (k) =>
      k <= 2 || k === 6 ? { outcome: OK, afterMs: 10 } : k === 3 ? { outcome: OK, afterMs: 20 } : { outcome: ERROR, afterMs: 1 };
    const { cl, stats } = limited({ limit: 2, queue: 0, aimd }, script, [0, 100, 200, 300, 400, 500, 600]);
    expect(cl.history).toEqual([
      [10, 3],
      [110, 4],
      [320, 2],
      [401, 1],
      [610, 2],
    ]);
    // the time average over [0, 610]: 2 for 10 ms, 3 for 100, 4 for 210, 2 for 81, 1 for 209
    expect(stats.extra).toEqual({
      rejected: 0,
      queued: 0,
      maxInFlight: 1,
      limit: { min: 1, max: 4, final: 2, mean: (2 * 10 + 3 * 100 + 4 * 210 + 2 * 81 + 1 * 209) / 610 },
      increases: 3,
      decreases: 2,
    });
  });

  test('aimd: a fractional limit admits floor(limit) calls', () => {
    // initial 3; the first call fails at 1: limit 1.5, so of three calls at 5 only one passes
    const script: Script = (k) => (k === 0 ? { outcome: ERROR, afterMs: 1 } : { outcome: OK, afterMs: 10 });
    const { answers, cl } = limited({ limit: 3, queue: 0, aimd: { ...aimd, max: 10 } }, script, [0, 5, 5, 5]);
    expect(answers.map((a) => a.outcome)).toEqual(['error', 'ok', 'rejected', 'rejected']);
    expect(cl.history).toEqual([
      [1, 1.5],
      [15, 2.5],
    ]);
  });

  test('aimd: a queued call starts when the limit grows', () => {
    // limit 1, queue 5: three calls at 0; each fast answer adds 1, letting in one more waiting call each time
    const { answers, cl } = limited({ limit: 1, queue: 5, aimd: { ...aimd, max: 10 } }, takes(10), [0, 0, 0]);
    expect(answers.map((a) => a.time)).toEqual([10, 20, 20]);
    expect(cl.history).toEqual([
      [10, 2],
      [20, 3],
      [20, 4],
    ]);
  });

  test('in a scenario: aimd keeps an overloaded server near its capacity and sheds the rest', () => {
    const { summary } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'poisson', intervalMs: 0.5 }, requests: 20000 },
        topology: [
          { kind: 'concurrency-limit', limit: 10, queue: 0, aimd: { min: 1, max: 200, increase: 1, decrease: 0.5, latencyMs: 20 } },
          { kind: 'server', concurrency: 4, serviceTime: exp(4) },
        ],
      }),
    );
    // arrivals at 2/ms against a capacity of 1/ms: about half are rejected; the limit saws up and
    // down around the point where answers take 20 ms (L calls in: 4 in service, L - 4 waiting about
    // (L - 4) ms each), so the server stays busy and the median answer stays under the threshold
    const cl = summary.nodes.find((n) => n.kind === 'concurrency-limit')?.extra as {
      rejected: number;
      limit: { min: number; max: number; final: number; mean: number };
    };
    expect(cl.rejected / 20000).toBeGreaterThan(0.4);
    expect(cl.rejected / 20000).toBeLessThan(0.6);
    expect(cl.limit.min).toBeGreaterThanOrEqual(1);
    expect(cl.limit.mean).toBeGreaterThan(cl.limit.min);
    expect(cl.limit.mean).toBeLessThan(cl.limit.max);
    expect(summary.latencyOk.p50).toBeLessThan(20);
    expect(summary.nodes.find((n) => n.kind === 'server')?.utilization).toBeGreaterThan(0.8);
  });
});

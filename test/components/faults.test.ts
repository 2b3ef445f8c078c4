import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant } from '../helpers.js';

describe('faulty', () => {
  test('answers with an error at once while down, passes calls on while up', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 3 },
        topology: [{ kind: 'faulty', mtbfMs: 1e-6, mttrMs: 1e12 }, { kind: 'server', concurrency: 1, serviceTime: constant(5) }],
      }),
    );
    // down almost from t = 0: the call at 0 passes (the first up period has not ended), the rest fail fast
    expect(trace(requests[0])).toEqual([['faulty', 'call', 0], ['server', 'call', 0], ['faulty', 'ok', 5], ['client', 'ok', 5]]);
    expect(trace(requests[1])).toEqual([['faulty', 'call', 1], ['client', 'error', 1]]);
  });

  test('is down about mttr / (mtbf + mttr) of the time', () => {
    const { summary } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'poisson', intervalMs: 10 }, requests: 200000 },
        topology: [{ kind: 'faulty', mtbfMs: 20000, mttrMs: 1000 }, { kind: 'server', concurrency: 1000, serviceTime: constant(1) }],
      }),
    );
    // 2,000 s of load is about 95 up/down cycles: the fraction down has sd ~ 0.047 * sqrt(2/95) ~ 0.007
    const down = 1 / 21;
    const fraction = summary.requests.error / summary.requests.total;
    expect(Math.abs(fraction - down)).toBeLessThan(4 * 0.007);
    const f = summary.nodes.find((n) => n.kind === 'faulty');
    expect(Math.abs(1 - (f?.extra?.availability as number) - down)).toBeLessThan(4 * 0.007);
  });
});

describe('retry', () => {
  test('tries again at once after an error, up to attempts in all', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 2 },
        topology: [{ kind: 'retry', attempts: 3, on: ['error'] }, { kind: 'faulty', mtbfMs: 1e-6, mttrMs: 1e12 }, { kind: 'server', concurrency: 1, serviceTime: constant(5) }],
      }),
    );
    expect(trace(requests[1])).toEqual([
      ['retry', 'call', 1],
      ['faulty', 'call', 1],
      ['retry', 'error', 1],
      ['faulty', 'call', 1],
      ['retry', 'error', 1],
      ['faulty', 'call', 1],
      ['retry', 'error', 1],
      ['client', 'error', 1],
    ]);
    expect(summary.nodes.find((n) => n.kind === 'retry')?.extra).toMatchObject({ retries: 2, attempts: { count: 4 } });
  });
});

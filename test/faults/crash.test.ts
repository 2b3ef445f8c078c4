/**
 * `crash`: a crashed server loses every call in it (in service, waiting for its downstream,
 * queued) and every call that arrives while it is down; callers learn by a timeout; it restarts
 * with an empty queue. Random crashes follow mtbf and mttr on average.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant } from '../helpers.js';
import { OUTCOMES } from '../../src/engine/request.js';
import { BuildError } from '../../src/engine/errors.js';
import type { FaultSpec } from '../../src/spec/scenario.js';
import { faultWindows } from '../../src/faults/windows.js';

const ends = (requests: { outcome: number; end: number }[]) => requests.map((r) => [OUTCOMES[r.outcome], r.end]);

describe('crash at a time', () => {
  // requests at 0, 4, 8, 12, 16, 20; one worker, 10 ms each; down from 6 to 16
  const crashed = (faults: FaultSpec[]) =>
    run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 4 }, requests: 6 },
        topology: [{ kind: 'timeout', afterMs: 100 }, { kind: 'server', concurrency: 1, serviceTime: constant(10) }],
        faults,
      }),
    );

  test('loses the call in service, the queued one and those arriving while down; restarts empty', () => {
    const { requests, summary, sim } = crashed([{ kind: 'crash', target: 'server', atMs: 6, restartAfterMs: 10 }]);
    expect(ends(requests)).toEqual([
      ['timeout', 100], // in service at 6
      ['timeout', 104], // queued at 6
      ['timeout', 108], // arrived while down
      ['timeout', 112],
      ['ok', 26], // arrived at the restart, at 16, to an empty server
      ['ok', 36],
    ]);
    expect(trace(requests[0])).toEqual([['timeout', 'call', 0], ['server', 'call', 0], ['client', 'timeout', 100]]);
    expect(summary.nodes.find((n) => n.id === 'server')?.extra).toEqual({
      crashes: 1,
      downMs: 10,
      lostInCrash: 2,
      lostWhileDown: 2,
      lateAnswers: 0,
    });
    expect(faultWindows(sim)).toEqual([{ node: 'server', kind: 'crash', start: 6, end: 16 }]);
  });

  test('without restart-after it stays down; without a timeout the lost requests end dropped', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 4 }, requests: 3 },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(10) }],
        faults: [{ kind: 'crash', target: 'server', atMs: 6 }],
      }),
    );
    expect(ends(requests)).toEqual([['dropped', 6], ['dropped', 6], ['dropped', 8]]);
    expect(summary.requests.dropped).toBe(3);
    expect(summary.nodes[0].extra).toMatchObject({ crashes: 1, downMs: 2 }); // down from 6 until the run ended, at 8
  });

  test('a worker waiting for its downstream loses its call; the late answer is ignored', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 1 },
        services: { db: [{ kind: 'server', concurrency: 1, serviceTime: constant(10) }] },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(1) }, { kind: 'service', name: 'db' }],
        faults: [{ kind: 'crash', target: 'server', atMs: 5, restartAfterMs: 1 }],
      }),
    );
    expect(trace(requests[0])).toEqual([['server', 'call', 0], ['db/server', 'call', 1], ['server', 'ok', 11]]);
    expect(ends(requests)).toEqual([['dropped', 5]]);
    expect(summary.nodes.find((n) => n.id === 'server')?.extra).toMatchObject({ lostInCrash: 1, lateAnswers: 1 });
  });

  test('a crashed slotted server loses its queue too', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 3 },
        topology: [{ kind: 'server', concurrency: 1, tickMs: 10 }],
        faults: [{ kind: 'crash', target: 'server', atMs: 1.5, restartAfterMs: 0.2 }],
      }),
    );
    // 0 and 1 were waiting for the tick at 10; 2 arrived after the restart
    expect(ends(requests)).toEqual([['dropped', 1.5], ['dropped', 1.5], ['ok', 10]]);
  });

  test('a target that names no server is an error', () => {
    expect(() => crashed([{ kind: 'crash', target: 'servr', atMs: 1 }])).toThrow(BuildError);
    expect(() => crashed([{ kind: 'crash', target: 'timeout', atMs: 1 }])).toThrow(
      'faults[0].crash.target: "timeout" matches 1 node(s) but none that can crash (timeout); crash applies to servers, lease nodes and processes, such as server',
    );
  });
});

describe('random crashes', () => {
  test('up and down times follow mtbf and mttr on average (4 sd)', () => {
    const mtbf = 1000;
    const mttr = 100;
    const { sim, summary } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'constant', intervalMs: 20 }, durationMs: 2_000_000 },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(1) }],
        faults: [{ kind: 'crash', target: 'server', mtbfMs: mtbf, mttrMs: mttr }],
      }),
    );
    const windows = faultWindows(sim).filter((w) => w.end < Infinity);
    const n = windows.length;
    expect(n).toBeGreaterThan(1500);
    // exponential times: the mean of n has sd mean / sqrt(n)
    const down = windows.reduce((a, w) => a + (w.end - w.start), 0) / n;
    const ups = windows.map((w, i) => w.start - (i === 0 ? 0 : windows[i - 1].end));
    const up = ups.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(down - mttr)).toBeLessThan((4 * mttr) / Math.sqrt(n));
    expect(Math.abs(up - mtbf)).toBeLessThan((4 * mtbf) / Math.sqrt(n));
    // the requests arriving while down are lost: the share of the time it was down, give or take
    // the rounding of each window to whole arrivals (uniform on (-1, 1): variance 1/6 a window)
    const extra = summary.nodes[0].extra as { lostWhileDown: number; downMs: number; crashes: number };
    expect(extra.crashes).toBeGreaterThanOrEqual(n);
    const N = summary.requests.total;
    const lostShare = extra.lostWhileDown / N;
    expect(Math.abs(lostShare - extra.downMs / summary.run.simulatedMs)).toBeLessThan((4 * Math.sqrt(extra.crashes / 6)) / N);
  });
});

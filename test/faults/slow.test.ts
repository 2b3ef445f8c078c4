/** `slow`: the service times of calls that start in the window are multiplied by the factor. */
import { describe, test, expect } from 'vitest';
import { spec, run, constant } from '../helpers.js';
import type { FaultSpec } from '../../src/spec/scenario.js';
import { faultWindows } from '../../src/faults/windows.js';

const slowed = (faults: FaultSpec[]) =>
  run(
    spec({
      load: { arrivals: { kind: 'constant', intervalMs: 25 }, requests: 4 },
      topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(10) }],
      faults,
    }),
  );

describe('slow', () => {
  test('multiplies the service times of the calls that start in the window, and only those', () => {
    // requests at 0, 25, 50, 75; slow from 5 to 30: 0 (started before) keeps 10 ms, 1 (starts at 25) takes 30,
    // 2 arrives at 50 but starts at 55, after the window
    const { requests, summary, sim } = slowed([{ kind: 'slow', target: 'server', atMs: 5, forMs: 25, factor: 3 }]);
    expect(requests.map((r) => [r.arrival, r.end])).toEqual([[0, 10], [25, 55], [50, 65], [75, 85]]);
    expect(summary.nodes[0].extra).toEqual({ slowdowns: 1 });
    expect(faultWindows(sim)).toEqual([{ node: 'server', kind: 'slow', start: 5, end: 30 }]);
  });

  test('without for, it lasts to the end; overlapping slowdowns multiply', () => {
    const { requests } = slowed([
      { kind: 'slow', target: 'server', atMs: 20, factor: 2 },
      { kind: 'slow', target: 'server', atMs: 40, forMs: 20, factor: 1.5 },
    ]);
    // 1 starts at 25 (x2: 20 ms), 2 at 50 (x3: 30 ms), 3 at 80 (x2 again: 20 ms)
    expect(requests.map((r) => r.end)).toEqual([10, 45, 80, 100]);
  });

  test('cannot slow a slotted server (no service time)', () => {
    expect(() =>
      run(
        spec({
          topology: [{ kind: 'server', concurrency: 1, tickMs: 10 }],
          faults: [{ kind: 'slow', target: 'server', atMs: 0, factor: 2 }],
        }),
      ),
    ).toThrow('matches 1 node(s) but none that can be slowed (server)');
  });
});

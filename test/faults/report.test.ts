/** The text report's lines about queues and node faults, and the fault windows in the time series. */
import { describe, test, expect } from 'vitest';
import { spec, run, constant } from '../helpers.js';
import { renderSummary } from '../../src/report/table.js';

describe('text report', () => {
  test('sums queue figures and node faults over the servers', () => {
    const { summary, series } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 4 }, requests: 6 },
        topology: [{ kind: 'timeout', afterMs: 100 }, { kind: 'server', concurrency: 1, serviceTime: constant(10), queue: { capacity: 1, overflow: 'reject', discipline: 'fifo' } }],
        faults: [
          { kind: 'crash', target: 'server', atMs: 6, restartAfterMs: 10 },
          { kind: 'pause', target: 'server', atMs: 30, for: constant(2) },
          { kind: 'slow', target: 'server', atMs: 40, forMs: 1, factor: 2 },
        ],
      }),
      { series: true },
    );
    const lines = renderSummary(summary).split('\n');
    expect(lines.filter((l) => /^(queues|faults) /.test(l))).toEqual([
      'queues     1 server(s) with queue options: 0 dropped (0 overflow, 0 deadline, 0 codel), 0 rejected, 0 blocked',
      'faults     1 crash on 1 node(s), 0.010 s down, 4 calls lost; 1 pause on 1 node(s), 0.002 s paused; 1 slowdown on 1 node(s)',
    ]);
    expect(series?.faults).toEqual([
      { node: 'server', kind: 'crash', start: 6, end: 16 },
      { node: 'server', kind: 'pause', start: 30, end: 32 },
      { node: 'server', kind: 'slow', start: 40, end: 41 },
    ]);
  });

  test('no such lines, and no fault windows, without queue options or faults', () => {
    const { summary, series } = run(spec({ topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(1) }] }), { series: true });
    expect(renderSummary(summary)).not.toMatch(/^(queues|faults) /m);
    expect(series).not.toHaveProperty('faults');
    expect(summary.nodes[0]).not.toHaveProperty('extra');
  });
});

import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant } from '../helpers.js';

describe('cable, delay and server', () => {
  test('a cable pays its latency both ways; the server answers after its service time', () => {
    const { requests } = run(
      spec({ topology: [{ kind: 'cable', latency: constant(2) }, { kind: 'server', concurrency: 1, serviceTime: constant(5) }] }),
    );
    expect(trace(requests[0])).toEqual([
      ['cable', 'call', 0],
      ['server', 'call', 2],
      ['cable', 'ok', 7],
      ['client', 'ok', 9],
    ]);
    expect(requests.map((r) => r.end - r.arrival)).toEqual([9, 9, 9]);
  });

  test('a delay holds the call on the way in only', () => {
    const { requests } = run(
      spec({ topology: [{ kind: 'delay', time: constant(3) }, { kind: 'server', concurrency: 1, serviceTime: constant(5) }] }),
    );
    expect(trace(requests[1])).toEqual([
      ['delay', 'call', 10],
      ['server', 'call', 13],
      ['delay', 'ok', 18],
      ['client', 'ok', 18],
    ]);
  });

  test('a single worker serves in FIFO order; the rest wait (Timelike queue-exclusive)', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 3 },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(4) }],
      }),
    );
    expect(requests.map((r) => [r.id, r.end, r.waitedMs])).toEqual([[0, 4, 0], [1, 8, 4], [2, 12, 8]]);
    const server = summary.nodes.find((n) => n.id === 'server');
    expect(server?.queue).toEqual({ mean: (2 * 4 + 1 * 4) / 12, max: 2, meanWait: 4 });
    expect(server?.utilization).toBe(1);
    expect(summary.queueing.waitedFraction).toBeCloseTo(2 / 3, 12);
  });

  test('c workers serve c calls at once (queue-fixed-concurrency, the intended semantics)', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 5 },
        topology: [{ kind: 'server', concurrency: 2, serviceTime: constant(4) }],
      }),
    );
    expect(requests.map((r) => r.end)).toEqual([4, 4, 8, 8, 12]);
    expect(summary.nodes[0].utilization).toBeCloseTo(5 * 4 / (2 * 12), 12);
  });

  test('a server with a downstream keeps its worker busy until the answer comes back', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 2 },
        services: { db: [{ kind: 'server', concurrency: 10, serviceTime: constant(10) }] },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(1) }, { kind: 'service', name: 'db' }],
      }),
    );
    expect(trace(requests[1])).toEqual([
      ['server', 'call', 0],
      ['db/server', 'call', 12],
      ['server', 'ok', 22],
      ['client', 'ok', 22],
    ]);
  });
});

/**
 * Backpressure: a blocked call waits at the door of a full queue, so the upstream worker that sent
 * it stays busy and the upstream queue grows. And Little's law, L = lambda W, holds exactly for
 * every queue (and door) on a sample path, whatever is shed.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant, exp } from '../helpers.js';
import type { QueueSpec } from '../../src/spec/scenario.js';

describe('block', () => {
  const twoTier = (queue: QueueSpec) =>
    run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 3 },
        services: { back: [{ kind: 'server', concurrency: 1, serviceTime: constant(10), queue }] },
        topology: [{ kind: 'server', concurrency: 2, serviceTime: constant(1) }, { kind: 'service', name: 'back' }],
      }),
    );

  test('propagates pressure upstream: the upstream worker stays busy while its call waits at the door', () => {
    const { requests, summary } = twoTier({ capacity: 0, overflow: 'block', discipline: 'fifo' });
    // front: 0 and 1 start at once, 2 waits; at 1 both call back: 0 is served, 1 waits at back's door
    expect(trace(requests[0])).toEqual([['server', 'call', 0], ['back/server', 'call', 1], ['server', 'ok', 11], ['client', 'ok', 11]]);
    expect(trace(requests[1])).toEqual([['server', 'call', 0], ['back/server', 'call', 1], ['server', 'ok', 21], ['client', 'ok', 21]]);
    // 2 waits in front's queue until 0's worker is free at 11, then waits at back's door until 21
    expect(trace(requests[2])).toEqual([['server', 'call', 0], ['back/server', 'call', 12], ['server', 'ok', 31], ['client', 'ok', 31]]);
    const [back, front] = summary.nodes; // sorted by id
    expect(back.extra).toMatchObject({ blocked: 2, dropped: 0, rejected: 0 });
    // front's workers: one busy 0-11 and 11-31, the other 0-21
    expect(front.utilization).toBeCloseTo((11 + 20 + 21) / (2 * 31), 12);
    expect(front.queue).toEqual({ mean: 11 / 31, max: 1, meanWait: 11 / 3 });
  });

  test('drop-tail instead loses the call, and the upstream worker waits for an answer that never comes', () => {
    const { requests, summary } = twoTier({ capacity: 0, overflow: 'drop-tail', discipline: 'fifo' });
    expect(requests.map((r) => [r.outcome, r.end])).toEqual([[0, 11], [3, 1], [0, 22]]);
    // the worker that sent 1 is never freed: 2 waited for the other one
    expect(trace(requests[2])).toEqual([['server', 'call', 0], ['back/server', 'call', 12], ['server', 'ok', 22], ['client', 'ok', 22]]);
    expect(summary.nodes[1].utilization).toBe(1);
  });

  test('reject answers the upstream worker at once, freeing it', () => {
    const { requests } = twoTier({ capacity: 0, overflow: 'reject', discipline: 'fifo' });
    // 1 is rejected at 1; its worker takes 2 at once, which back rejects too at 2 (0 is still in service)
    expect(requests.map((r) => [r.outcome, r.end])).toEqual([[0, 11], [4, 1], [4, 2]]);
  });
});

describe("Little's law per queue", () => {
  test.each<[string, QueueSpec]>([
    ['unbounded fifo', { overflow: 'drop-tail', discipline: 'fifo' }],
    ['drop-head lifo with a deadline', { capacity: 5, overflow: 'drop-head', discipline: 'lifo', deadlineMs: 8 }],
    ['codel', { overflow: 'drop-tail', discipline: 'codel', codel: { targetMs: 2, intervalMs: 20 } }],
    ['block', { capacity: 3, overflow: 'block', discipline: 'fifo' }],
  ])('%s: mean length = arrival rate x mean time in the queue', (_name, queue) => {
    const { summary } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'poisson', intervalMs: 1 }, requests: 20000 },
        topology: [{ kind: 'server', concurrency: 2, serviceTime: exp(2.2), queue }],
      }),
    );
    const node = summary.nodes[0];
    const T = summary.run.simulatedMs;
    const q = node.queue as { mean: number; meanWait: number };
    expect(q.mean).toBeGreaterThan(0.5);
    expect(q.mean).toBeCloseTo((node.calls / T) * q.meanWait, 9);
    const door = node.extra?.door as { mean: number; meanWait: number } | undefined;
    if (queue.overflow === 'block') {
      expect(door?.mean).toBeGreaterThan(0.1);
      expect(door?.mean).toBeCloseTo((node.calls / T) * (door?.meanWait ?? NaN), 9);
    }
  });
});

/**
 * Bounded queues on a server: exact traces of each overflow policy and of the deadline, on an
 * instant burst of four requests to one worker with a constant 10 ms service time.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant } from '../helpers.js';
import type { QueueSpec } from '../../src/spec/scenario.js';
import { OUTCOMES } from '../../src/engine/request.js';

const burst = (queue: QueueSpec, requests = 4) =>
  run(
    spec({
      load: { arrivals: { kind: 'instant', atMs: 0 }, requests },
      topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(10), queue }],
    }),
  );

const ends = (requests: { outcome: number; end: number }[]) => requests.map((r) => [OUTCOMES[r.outcome], r.end]);

describe('overflow', () => {
  test('drop-tail sheds the newcomers: lost, they end dropped', () => {
    const { requests, summary } = burst({ capacity: 1, overflow: 'drop-tail', discipline: 'fifo' });
    expect(ends(requests)).toEqual([['ok', 10], ['ok', 20], ['dropped', 0], ['dropped', 0]]);
    expect(trace(requests[2])).toEqual([['server', 'call', 0]]);
    expect(summary.nodes[0].extra).toMatchObject({ dropped: 2, droppedBy: { overflow: 2, deadline: 0, codel: 0 }, rejected: 0, blocked: 0 });
    expect(summary.nodes[0].queue).toEqual({ mean: 10 / 20, max: 1, meanWait: 10 / 4 });
  });

  test('drop-head sheds the oldest waiting call to make room', () => {
    const { requests, summary } = burst({ capacity: 1, overflow: 'drop-head', discipline: 'fifo' });
    // 1 waits, 2 pushes 1 out, 3 pushes 2 out; 3 is served after 0
    expect(ends(requests)).toEqual([['ok', 10], ['dropped', 0], ['dropped', 0], ['ok', 20]]);
    expect(summary.nodes[0].extra).toMatchObject({ dropped: 2, droppedBy: { overflow: 2 } });
  });

  test('reject answers rejected at once', () => {
    const { requests, summary } = burst({ capacity: 1, overflow: 'reject', discipline: 'fifo' });
    expect(ends(requests)).toEqual([['ok', 10], ['ok', 20], ['rejected', 0], ['rejected', 0]]);
    expect(trace(requests[3])).toEqual([['server', 'call', 0], ['client', 'rejected', 0]]);
    expect(summary.nodes[0].extra).toMatchObject({ dropped: 0, rejected: 2 });
    expect(summary.requests.rejected).toBe(2);
  });

  test('block keeps the newcomers at the door, in arrival order, and lets them in as room frees up', () => {
    const { requests, summary } = burst({ capacity: 1, overflow: 'block', discipline: 'fifo' });
    expect(ends(requests)).toEqual([['ok', 10], ['ok', 20], ['ok', 30], ['ok', 40]]);
    const extra = summary.nodes[0].extra as Record<string, unknown>;
    expect(extra).toMatchObject({ dropped: 0, rejected: 0, blocked: 2 });
    // at the door: 2 from 0 to 10, 3 from 0 to 20; in the queue: 1 (0-10), 2 (10-20), 3 (20-30)
    expect(extra.door).toEqual({ mean: 30 / 40, max: 2, meanWait: 30 / 4 });
    expect(summary.nodes[0].queue).toEqual({ mean: 30 / 40, max: 1, meanWait: 30 / 4 });
    expect(requests.map((r) => r.waitedMs)).toEqual([0, 10, 20, 30]);
  });

  test('capacity 0: no waiting room', () => {
    expect(ends(burst({ capacity: 0, overflow: 'drop-tail', discipline: 'fifo' }, 2).requests)).toEqual([['ok', 10], ['dropped', 0]]);
    expect(ends(burst({ capacity: 0, overflow: 'drop-head', discipline: 'fifo' }, 2).requests)).toEqual([['ok', 10], ['dropped', 0]]);
    expect(ends(burst({ capacity: 0, overflow: 'block', discipline: 'fifo' }, 3).requests)).toEqual([['ok', 10], ['ok', 20], ['ok', 30]]);
  });

  test('an unbounded queue (no capacity) never overflows, whatever the policy', () => {
    const { requests, summary } = burst({ overflow: 'reject', discipline: 'fifo' });
    expect(ends(requests)).toEqual([['ok', 10], ['ok', 20], ['ok', 30], ['ok', 40]]);
    expect(summary.nodes[0].extra).toMatchObject({ capacity: Infinity, dropped: 0, rejected: 0 });
  });
});

describe('deadline', () => {
  test('a call that waited longer than the deadline when a worker would take it is dropped', () => {
    // a worker takes 1 at 10 (waited 10), 2 at 20 (waited 20), 3 at 30 (waited 30 > 25)
    const { requests, summary } = burst({ overflow: 'drop-tail', discipline: 'fifo', deadlineMs: 25 });
    expect(ends(requests)).toEqual([['ok', 10], ['ok', 20], ['ok', 30], ['dropped', 30]]);
    expect(summary.nodes[0].extra).toMatchObject({ dropped: 1, droppedBy: { overflow: 0, deadline: 1, codel: 0 } });
  });

  test('waiting exactly the deadline is not too long', () => {
    const { requests } = burst({ overflow: 'drop-tail', discipline: 'fifo', deadlineMs: 20 });
    expect(ends(requests)).toEqual([['ok', 10], ['ok', 20], ['ok', 30], ['dropped', 30]]);
  });

  test('drops a whole stale backlog at once and serves the first fresh call', () => {
    const { requests } = burst({ overflow: 'drop-tail', discipline: 'fifo', deadlineMs: 5 });
    expect(ends(requests)).toEqual([['ok', 10], ['dropped', 10], ['dropped', 10], ['dropped', 10]]);
  });

  test('counts the time at the door', () => {
    // 2 and 3 wait at the door; at 10, 2 enters the queue having waited 10 already
    const { requests } = burst({ capacity: 1, overflow: 'block', discipline: 'fifo', deadlineMs: 15 });
    expect(ends(requests)).toEqual([['ok', 10], ['ok', 20], ['dropped', 20], ['dropped', 20]]);
  });
});

/**
 * Queue disciplines: exact service orders on instant bursts (one worker, constant 10 ms service),
 * priority classes drawn from load.priorities, and the disciplines' own rules on hand-made queues.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, constant } from '../helpers.js';
import type { QueueSpec } from '../../src/spec/scenario.js';
import { ClientRequest } from '../../src/load/request.js';
import { Scheduler } from '../../src/engine/scheduler.js';
import { FifoQueue, LifoQueue, PriorityQueue } from '../../src/components/queues/index.js';

const burst = (queue: QueueSpec, requests: number, priorities?: number[]) =>
  run(
    spec({
      load: { arrivals: { kind: 'instant', atMs: 0 }, requests, ...(priorities && { priorities }) },
      topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(10), queue }],
    }),
  );

/** Request ids in the order they were served (by end time). */
const order = (requests: ClientRequest[]) => [...requests].sort((a, b) => a.end - b.end).map((r) => r.id);

describe('disciplines on a burst', () => {
  test('fifo serves in arrival order', () => {
    const { requests } = burst({ overflow: 'drop-tail', discipline: 'fifo' }, 4);
    expect(requests.map((r) => r.end)).toEqual([10, 20, 30, 40]);
  });

  test('lifo serves the newest waiting call first', () => {
    const { requests } = burst({ overflow: 'drop-tail', discipline: 'lifo' }, 4);
    // 0 finds the worker free; then 3, 2, 1
    expect(requests.map((r) => r.end)).toEqual([10, 40, 30, 20]);
  });

  test('lifo with drop-head sheds the oldest, not the next to be served', () => {
    const { requests } = burst({ capacity: 2, overflow: 'drop-head', discipline: 'lifo' }, 5);
    // waiting 1, 2; 3 sheds 1; 4 sheds 2; served 0, 4, 3
    expect(requests.map((r) => [r.outcome, r.end])).toEqual([[0, 10], [3, 0], [3, 0], [0, 30], [0, 20]]);
  });

  test('priority serves class 0 first, then class 1, oldest first within a class', () => {
    const { requests } = burst({ overflow: 'drop-tail', discipline: 'priority' }, 12, [0.5, 0.5]);
    const classes = requests.map((r) => r.priority);
    expect(new Set(classes)).toEqual(new Set([0, 1])); // both classes drawn, or the test proves nothing
    const waiting = requests.slice(1).sort((a, b) => a.priority - b.priority || a.id - b.id);
    expect(order(requests)).toEqual([0, ...waiting.map((r) => r.id)]);
    expect(order(requests)).not.toEqual(requests.map((r) => r.id));
  });

  test('priority with one class is fifo', () => {
    const { requests } = burst({ overflow: 'drop-tail', discipline: 'priority' }, 4);
    expect(requests.map((r) => r.end)).toEqual([10, 20, 30, 40]);
  });

  test('load.priorities draws each class with its share (4 sd)', () => {
    const n = 20000;
    const { requests } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: n, priorities: [0.2, 0.5, 0.3] },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(0.5) }],
      }),
    );
    [0.2, 0.5, 0.3].forEach((p, k) => {
      const count = requests.filter((r) => r.priority === k).length;
      expect(Math.abs(count - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    });
  });
});

describe('disciplines on hand-made queues', () => {
  const sched = new Scheduler();
  const calls = (priorities: number[]) =>
    priorities.map((p, i) => {
      const r = new ClientRequest(i, 0, true, false, sched);
      r.priority = p;
      return r;
    });

  test('take and takeOldest, with the times of the call taken', () => {
    const [a, b, c] = calls([0, 0, 0]);
    const fifo = new FifoQueue();
    const lifo = new LifoQueue();
    for (const q of [fifo, lifo]) {
      q.push(a, 1, 0);
      q.push(b, 2, 2);
      q.push(c, 3, 3);
    }
    expect(fifo.take()).toBe(a);
    expect([fifo.enqueuedAt, fifo.arrivedAt]).toEqual([1, 0]);
    expect(lifo.take()).toBe(c);
    expect([lifo.enqueuedAt, lifo.arrivedAt]).toEqual([3, 3]);
    expect(lifo.takeOldest()).toBe(a);
    expect(lifo.length).toBe(1);
  });

  test('priority: take serves the highest class, takeOldest sheds the oldest of the lowest', () => {
    const [a, b, c, d, e] = calls([1, 0, 2, 2, 0]);
    const q = new PriorityQueue();
    [a, b, c, d, e].forEach((x, i) => q.push(x, i, i));
    expect(q.takeOldest()).toBe(c);
    expect(q.enqueuedAt).toBe(2);
    expect(q.take()).toBe(b);
    expect(q.take()).toBe(e);
    expect(q.take()).toBe(a);
    expect(q.take()).toBe(d);
    expect(q.length).toBe(0);
  });

  test('the ring buffer grows and keeps its order', () => {
    const q = new FifoQueue();
    const cs = calls(Array.from({ length: 40 }, () => 0));
    cs.slice(0, 10).forEach((x, i) => q.push(x, i, i));
    for (let i = 0; i < 5; i++) q.take();
    cs.slice(10).forEach((x, i) => q.push(x, 10 + i, 10 + i));
    const out: number[] = [];
    while (q.length > 0) {
      out.push(q.take().req.id);
      expect(q.enqueuedAt).toBe(out[out.length - 1]);
    }
    expect(out).toEqual(Array.from({ length: 35 }, (_, i) => i + 5));
  });
});

describe('priority with drop-head', () => {
  test('a full queue sheds the oldest of the lowest class present, the newcomer if it is the lowest', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 12, priorities: [0.5, 0.5] },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(10), queue: { capacity: 3, overflow: 'drop-head', discipline: 'priority' } }],
      }),
    );
    // replay the rule by hand on the drawn classes: 0 is served at once, the rest queue in turn
    let waiting: { id: number; k: number }[] = [];
    const shed: number[] = [];
    const kinds = new Set<string>();
    for (const r of requests.slice(1)) {
      waiting.push({ id: r.id, k: r.priority });
      if (waiting.length > 3) {
        const lowest = Math.max(...waiting.map((w) => w.k));
        const victim = waiting.find((w) => w.k === lowest)!;
        shed.push(victim.id);
        kinds.add(victim.id === r.id ? 'newcomer' : 'older');
        waiting = waiting.filter((w) => w !== victim);
      }
    }
    expect(requests.filter((r) => r.outcome === 3).map((r) => r.id)).toEqual(shed.sort((a, b) => a - b));
    expect(shed.length).toBe(8);
    const served = waiting.sort((a, b) => a.k - b.k || a.id - b.id).map((w) => w.id);
    expect(order(requests.filter((r) => r.outcome === 0))).toEqual([0, ...served]);
    // both cases happened (an older call pushed out; a newcomer of the lowest class shed), or the test shows little
    expect(kinds).toEqual(new Set(['newcomer', 'older']));
  });
});

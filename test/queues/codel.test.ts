/**
 * CoDel (RFC 8289): the dequeue-time drop rules on a hand-made queue, step by step; then on a
 * server, drops under a standing queue and none under a short burst.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, constant } from '../helpers.js';
import { DROPPED, OK } from '../../src/engine/request.js';
import { ClientRequest } from '../../src/load/request.js';
import { Scheduler } from '../../src/engine/scheduler.js';
import { CodelQueue } from '../../src/components/queues/index.js';

describe('CoDel dequeue rules', () => {
  test('waits an interval above target, then drops at interval / sqrt(count), and stops below', () => {
    const sched = new Scheduler();
    const dropped: number[] = [];
    const q = new CodelQueue({ targetMs: 5, intervalMs: 100 }, (call) => dropped.push(call.req.id));
    for (let i = 0; i < 11; i++) q.push(new ClientRequest(i, 0, true, false, sched), 0, 0);
    const take = (now: number) => q.take(now)?.req.id;
    expect(take(10)).toBe(0); // sojourn 10 > 5: above from now on; drops allowed from 110
    expect(take(50)).toBe(1); // still within the interval
    expect(take(110)).toBe(3); // drops 2 and enters the dropping state; next drop at 110 + 100/sqrt(1)
    expect(take(150)).toBe(4); // before the next drop time
    expect(take(210)).toBe(6); // drops 5 (count 2); next at 210 + 100/sqrt(2) = 280.7
    expect(take(280)).toBe(7); // 0.7 ms early
    expect(take(290)).toBe(9); // drops 8 (count 3); 9 leaves one call waiting: that never counts as above target
    expect(take(300)).toBe(10);
    expect(dropped).toEqual([2, 5, 8]);
    expect(q.drops).toBe(3);
    expect(q.take(310)).toBe(null);
  });

  test('a sojourn time below target starts the interval again', () => {
    const sched = new Scheduler();
    const dropped: number[] = [];
    const q = new CodelQueue({ targetMs: 5, intervalMs: 100 }, (call) => dropped.push(call.req.id));
    q.push(new ClientRequest(0, 0, true, false, sched), 0, 0);
    for (let i = 1; i < 8; i++) q.push(new ClientRequest(i, 0, true, false, sched), 18, 18);
    const take = (now: number) => q.take(now)?.req.id;
    expect(take(10)).toBe(0); // above from 10
    expect(take(20)).toBe(1); // sojourn 2: below again
    expect(take(120)).toBe(2); // above since 120 only: no drop, though 120 >= 10 + 100
    expect(take(219)).toBe(3);
    expect(take(220)).toBe(5); // an interval above: drops 4
    expect(dropped).toEqual([4]);
  });
});

describe('CoDel on a server', () => {
  const server = (discipline: 'fifo' | 'codel', load: { intervalMs: number; requests: number; instant?: boolean }, serviceMs: number) =>
    run(
      spec({
        load: {
          arrivals: load.instant ? { kind: 'instant', atMs: 0 } : { kind: 'constant', intervalMs: load.intervalMs },
          requests: load.requests,
        },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(serviceMs), queue: { overflow: 'drop-tail', discipline, ...(discipline === 'codel' && { codel: { targetMs: 5, intervalMs: 100 } }) } }],
      }),
    );

  test('drops under a standing queue, and keeps the sojourn time near target', () => {
    // arrivals every 9 ms, service 10 ms: without CoDel the queue grows without bound
    const fifo = server('fifo', { intervalMs: 9, requests: 2000 }, 10);
    const codel = server('codel', { intervalMs: 9, requests: 2000 }, 10);
    expect(fifo.requests.every((r) => r.outcome === OK)).toBe(true);
    expect(fifo.summary.nodes[0].extra).toMatchObject({ dropped: 0 });
    const extra = codel.summary.nodes[0].extra as { droppedBy: { codel: number }; maxWait: number };
    expect(extra.droppedBy.codel).toBeGreaterThan(0);
    expect(codel.requests.filter((r) => r.outcome === DROPPED).length).toBe(extra.droppedBy.codel);
    // the first drop comes at least an interval after the first served call waited over target
    const firstAbove = Math.min(...codel.requests.filter((r) => r.outcome === OK && r.waitedMs > 5).map((r) => r.end - 10));
    const firstDrop = Math.min(...codel.requests.filter((r) => r.outcome === DROPPED).map((r) => r.lostAt));
    expect(firstDrop).toBeGreaterThanOrEqual(firstAbove + 100);
    // FIFO's last call waits about 2000 ms; CoDel holds the queue to a few service times
    expect((fifo.summary.nodes[0].extra as { maxWait: number }).maxWait).toBeGreaterThan(1500);
    expect(extra.maxWait).toBeLessThan(100);
    // it sheds about the excess: 1 - 9/10 of the calls, not much more
    expect(extra.droppedBy.codel / 2000).toBeLessThan(0.15);
  });

  test('does not drop a short burst, which drains within an interval', () => {
    const { summary, requests } = server('codel', { intervalMs: 0, requests: 40, instant: true }, 2);
    expect(requests.every((r) => r.outcome === OK)).toBe(true);
    expect(summary.nodes[0].extra).toMatchObject({ dropped: 0 });
    expect(Math.max(...requests.map((r) => r.waitedMs))).toBe(78); // well above target, for under an interval
  });
});

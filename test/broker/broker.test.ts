/**
 * The message broker and its consumers: exact traces of small deterministic cases (receive, ack,
 * visibility timeout and duplicate, nack and its delay, dead-letter queue, retention, long polling),
 * the bounds of dequeue-limit, prefetch, workers and max-concurrent-work at every instant, how a
 * run ends, and the producer's answer.
 */
import { describe, expect, test } from 'vitest';
import { constant, exp, run, spec, trace } from '../helpers.js';
import type { Broker } from '../../src/broker/broker.js';
import type { ConsumersSpec } from '../../src/spec/scenario.js';
import type { BrokerStepSpec, ChainSpec, ScenarioSpec } from '../../src/scenario/spec.js';
import { DROPPED, ERROR, OK, type Request } from '../../src/engine/request.js';
import { renderSummary } from '../../src/report/table.js';
import { broker } from './fixtures.js';

const C = 'broker/work[0]';

function scenario(b: BrokerStepSpec, work: ChainSpec, over: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return spec({ load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 1 }, services: { work }, topology: [b], ...over });
}

function runBroker(s: ScenarioSpec) {
  const result = run(s);
  const b = result.sim.find('broker')[0] as Broker;
  const node = result.summary.nodes.find((n) => n.id === 'broker')!;
  const extra = node.extra as Record<string, any>;
  return { ...result, broker: b, node, extra, log: b.log!, messages: b.messages! };
}

const server = (ms: number, concurrency = 1): ChainSpec => [{ kind: 'server', concurrency, serviceTime: constant(ms) }];

/** The most intervals [start, end) open at once; an interval that ends frees its slot for one that starts at the same time. */
function maxOverlap(intervals: [number, number][]): number {
  const events = intervals.flatMap(([s, e]) => [[s, 1], [e, -1]] as [number, number][]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (open += d));
  return max;
}

/** Each delivery's time in the consumer's chain: from its call to the chain's first node to the answer to the consumer. */
function workIntervals(messages: Request[], consumer: string, first: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of messages) {
    const h = m.history!;
    for (let i = 0; i < h.length; i++) {
      if (h[i].node === `${consumer}/${first}` && h[i].event === 'call') {
        const end = h.slice(i + 1).find((e) => e.node === consumer && e.event !== 'call');
        out.push([h[i].time, end ? end.time : Infinity]);
      }
    }
  }
  return out;
}

describe('broker: exact traces', () => {
  test('one message: sent, received, processed, acked; the run ends at the ack', () => {
    const r = runBroker(scenario(broker(), server(5)));
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [8, 'ack', 0, C],
    ]);
    expect(trace(r.messages[0])).toEqual([
      [`${C}/server`, 'call', 2],
      [C, 'ok', 7],
    ]);
    // the producer's request is the send: answered ok at once
    expect(r.requests.map((q) => [q.outcome, q.end])).toEqual([[OK, 0]]);
    // the listener keeps long-polling (20 s waits), but idle polls never keep the run alive
    expect(r.summary.run.simulatedMs).toBe(8);
    expect(r.extra).toMatchObject({
      sent: 1,
      processed: 1,
      deadLettered: 0,
      expired: 0,
      remaining: { visible: 0, delayed: 0, inFlight: 0 },
      receives: 2,
      emptyReceives: 0,
      deliveries: 1,
      duplicates: 0,
      redeliveries: 0,
    });
    expect(r.extra.endToEnd).toMatchObject({ count: 1, p50: 8, p99: 8 });
    expect(r.extra.inFlight).toEqual({ mean: 7 / 8, max: 1 });
  });

  test('a visibility timeout that expires before the ack delivers the message again: a duplicate, and a stale ack', () => {
    const r = runBroker(
      scenario(broker({ visibilityTimeoutMs: 15 }, { workers: 2, maxConcurrentWork: 2 }), server(8), {
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 2 },
      }),
    );
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [0, 'send', 1, ''],
      [1, 'receive', 0, C],
      [1, 'receive', 1, C],
      [11, 'ack', 0, C],
      [16, 'visibility-timeout', 1, ''],
      [16, 'visible', 1, ''],
      [16, 'receive', 1, C],
      [19, 'stale-ack', 1, C],
      [27, 'ack', 1, C],
    ]);
    // message 1 was processed twice: 2-18 (queued behind message 0 from 2 to 10), then 17-26
    expect(trace(r.messages[1])).toEqual([
      [`${C}/server`, 'call', 2],
      [`${C}/server`, 'call', 17],
      [C, 'ok', 18],
      [C, 'ok', 26],
    ]);
    expect(r.extra).toMatchObject({ processed: 2, deliveries: 3, duplicates: 1, redeliveries: 1, visibilityTimeouts: 1, staleAcks: 1 });
    expect(r.extra.endToEnd).toMatchObject({ count: 2, min: 11, max: 27, p50: 19 });
    expect(r.summary.run.simulatedMs).toBe(27);
  });

  test('a nack makes the message visible again after the nack delay; after max-receives it is dead-lettered', () => {
    const r = runBroker(scenario(broker({ poison: 1, maxReceives: 3, reply: 'processed' }, { nackDelayMs: 5 }), server(5)));
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [8, 'nack', 0, C],
      [13, 'visible', 0, ''],
      [13, 'receive', 0, C],
      [20, 'nack', 0, C],
      [25, 'visible', 0, ''],
      [25, 'receive', 0, C],
      [32, 'nack', 0, C],
      [37, 'dead-letter', 0, ''],
    ]);
    expect(r.messages[0].receives).toBe(3);
    // with reply: processed, the producer learns the message was dead-lettered
    expect(r.requests.map((q) => [q.outcome, q.end])).toEqual([[ERROR, 37]]);
    expect(r.extra).toMatchObject({ processed: 0, deadLettered: 1, nacks: 3, deliveries: 3, duplicates: 1, redeliveries: 2 });
    expect(r.extra.endToEnd.count).toBe(0);
    expect(r.summary.run.simulatedMs).toBe(37);
  });

  test('a chain that times out nacks the message (at once by default); the late answer does not ack it', () => {
    const work: ChainSpec = [{ kind: 'timeout', afterMs: 3 }, ...server(5)];
    const r = runBroker(scenario(broker({ maxReceives: 2 }), work));
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [6, 'nack', 0, C],
      [6, 'visible', 0, ''],
      [6, 'receive', 0, C],
      [11, 'nack', 0, C],
      [11, 'dead-letter', 0, ''],
    ]);
    expect(r.extra).toMatchObject({ processed: 0, deadLettered: 1, nacks: 2 });
  });

  test('with reply: processed the producer is answered ok at the ack: its latency is end to end', () => {
    const r = runBroker(scenario(broker({ reply: 'processed' }), server(5)));
    expect(r.requests.map((q) => [q.outcome, q.end])).toEqual([[OK, 8]]);
    expect(r.summary.latency.p50).toBe(8);
  });

  test('a message older than the retention period is deleted instead of delivered again', () => {
    const work: ChainSpec = [{ kind: 'timeout', afterMs: 3 }, ...server(5)];
    const r = runBroker(scenario(broker({ retentionMs: 10, reply: 'processed' }), work));
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [6, 'nack', 0, C],
      [6, 'visible', 0, ''],
      [6, 'receive', 0, C],
      [11, 'nack', 0, C],
      [11, 'expire', 0, ''],
    ]);
    expect(r.extra).toMatchObject({ expired: 1, processed: 0, deadLettered: 0 });
    // nobody answers the producer: its request ends dropped, when the message was deleted
    expect(r.requests.map((q) => [q.outcome, q.end])).toEqual([[DROPPED, 11]]);
  });

  test('a receive that finds nothing waits at the broker and takes the first message that becomes visible', () => {
    const r = runBroker(
      scenario(broker(), server(5), { load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests: 2 } }),
    );
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [8, 'ack', 0, C],
      [100, 'send', 1, ''],
      [100, 'receive', 1, C],
      [107, 'ack', 1, C],
    ]);
    expect(r.extra).toMatchObject({ receives: 3, emptyReceives: 0 });
  });

  test('an empty long poll returns after its wait; the listener asks again at once', () => {
    const r = runBroker(
      scenario(broker({}, { waitMs: 30 }), server(5), { load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests: 2 } }),
    );
    // polls reach the broker at 1, 3 (waits until 33), 35 (until 65), 67 (until 97), 99 (takes message 1
    // at 100), and 102 (message 1 is then in flight: this poll is live, and the run ends at its ack, 107)
    expect(r.log.filter((e) => e[1] === 'receive')).toEqual([
      [1, 'receive', 0, C],
      [100, 'receive', 1, C],
    ]);
    expect(r.extra).toMatchObject({ receives: 6, emptyReceives: 3 });
    expect(r.summary.run.simulatedMs).toBe(107);
  });

  test('a message sent while every receive is travelling as an idle (daemon) poll is still received', () => {
    const r = runBroker(
      scenario(broker({}, { latency: constant(10) }), server(5), { load: { arrivals: { kind: 'instant', atMs: 5 }, requests: 1 } }),
    );
    expect(r.log).toEqual([
      [5, 'send', 0, ''],
      [10, 'receive', 0, C],
      [35, 'ack', 0, C],
    ]);
  });
});

test('oldest sent first: a message visible again is received before newer ones; an ack after the timeout still deletes it if nobody received it since', () => {
  // one work slot, a buffer of one: the listener waits for room while messages time out
  const r = runBroker(
    scenario(broker({ visibilityTimeoutMs: 10, maxReceives: 2 }, { dequeueLimit: 1, prefetch: 1 }), server(30), {
      load: { arrivals: { kind: 'constant', intervalMs: 5 }, requests: 3 },
    }),
  );
  expect(r.log).toEqual([
    [0, 'send', 0, ''],
    [1, 'receive', 0, C],
    [5, 'send', 1, ''],
    [5, 'receive', 1, C],
    [10, 'send', 2, ''],
    [11, 'visibility-timeout', 0, ''],
    [11, 'visible', 0, ''],
    [15, 'visibility-timeout', 1, ''],
    [15, 'visible', 1, ''],
    [33, 'ack', 0, C], // timed out at 11, but nobody received it since: its receipt still deletes it
    [33, 'receive', 1, C], // visible since 15, ahead of message 2 (visible since 10): sent earlier
    [43, 'visibility-timeout', 1, ''],
    [43, 'dead-letter', 1, ''], // its second receive timed out too
    [63, 'stale-ack', 1, C],
    [63, 'receive', 2, C],
    [73, 'visibility-timeout', 2, ''],
    [73, 'visible', 2, ''],
    [93, 'stale-ack', 1, C],
    [93, 'receive', 2, C],
    [103, 'visibility-timeout', 2, ''],
    [103, 'dead-letter', 2, ''],
  ]);
  expect(r.summary.run.simulatedMs).toBe(103);
  // message 1's work succeeded twice (its two stale acks, at 63 and 93): processed twice, and still dead-lettered
  expect(renderSummary(r.summary)).toContain(
    'broker     3 sent: 1 processed, 2 dead-lettered, 0 expired, 0 unfinished; 2 delivered more than once (2 redeliveries), 1 processed more than once, 2 stale acks\n' +
      '           end to end (ms): p50 33.0  p99 33.0  max 33.0; - processed/s; in flight mean',
  );
});

describe('consumers: bounds', () => {
  test('a receive returns at most dequeue-limit messages, and asks only for the room left in the prefetch buffer', () => {
    const r = runBroker(
      scenario(broker({}, { dequeueLimit: 4, prefetch: 6 }), server(10), { load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 12 } }),
    );
    const batches = new Map<number, number>();
    for (const [t, e] of r.log) if (e === 'receive') batches.set(t, (batches.get(t) ?? 0) + 1);
    // t=1: 4 (the limit); back at 2, one goes to the worker, 3 wait: room for 3 (reaches the broker at 3);
    // then each time the worker takes a message, room for one more
    expect([...batches]).toEqual([
      [1, 4],
      [3, 3],
      [13, 1],
      [23, 1],
      [33, 1],
      [43, 1],
      [53, 1],
    ]);
    const consumer = r.summary.nodes.find((n) => n.id === C)!;
    expect(consumer.queue!.max).toBe(6);
    expect(r.extra.processed).toBe(12);
  });

  test('two listeners share the prefetch buffer: together they never ask for more than it holds', () => {
    const r = runBroker(
      scenario(broker({}, { listeners: 2, dequeueLimit: 4, prefetch: 6 }), server(10), {
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 30 },
      }),
    );
    const first = r.log.filter((e) => e[1] === 'receive' && e[0] === 1).length;
    expect(first).toBe(6); // 4 + 2
    const consumer = r.summary.nodes.find((n) => n.id === C)!;
    expect(consumer.queue!.max).toBe(6);
    expect(r.extra.processed).toBe(30);
  });

  const busy = (over: Partial<ConsumersSpec>) =>
    runBroker(
      scenario(
        broker({}, { listeners: 2, prefetch: 40, ...over }),
        [{ kind: 'server', concurrency: 100, serviceTime: exp(30) }],
        { load: { arrivals: { kind: 'poisson', intervalMs: 2 }, requests: 300 } },
      ),
    );

  test('blocking: a worker waits for the chain, so at most `workers` messages are in the chain at any instant', () => {
    const r = busy({ workers: 3, maxConcurrentWork: 10, blocking: true });
    const intervals = workIntervals(r.messages, C, 'server');
    expect(intervals.length).toBe(300);
    expect(maxOverlap(intervals)).toBe(3);
    const consumer = r.summary.nodes.find((n) => n.id === C)!;
    expect((consumer.extra as any).busyWorkers.max).toBe(3);
  });

  test('asynchronous: at most max-concurrent-work messages are in work at any instant, whatever the workers', () => {
    const r = busy({ workers: 1, maxConcurrentWork: 4 });
    const intervals = workIntervals(r.messages, C, 'server');
    expect(intervals.length).toBe(300);
    expect(maxOverlap(intervals)).toBe(4);
    expect((r.summary.nodes.find((n) => n.id === C)!.extra as any).inWork.max).toBe(4);
  });

  test('compute holds a worker; the chain then holds only the work slot', () => {
    const r = busy({ workers: 2, maxConcurrentWork: 6, compute: constant(3) });
    const chain = workIntervals(r.messages, C, 'server');
    // s - 3 is the time the worker took the message, up to rounding: compare times to the nanosecond
    const ns = (t: number) => Math.round(t * 1e6) / 1e6;
    const computing = chain.map(([s]) => [ns(s - 3), ns(s)] as [number, number]);
    const inWork = chain.map(([s, e]) => [ns(s - 3), ns(e)] as [number, number]);
    expect(maxOverlap(computing)).toBe(2);
    expect(maxOverlap(inWork)).toBe(6);
    const consumer = r.summary.nodes.find((n) => n.id === C)!;
    expect((consumer.extra as any).busyWorkers.max).toBe(2);
    expect((consumer.extra as any).inWork.max).toBe(6);
  });
});

describe('reply: processed under redelivery (issue 8): every request ends exactly once', () => {
  test('visibility timeouts shorter than the work, poison, nacks, max-receives and retention: one end per request, matching the broker', () => {
    // 400 messages, 1 per 2 ms; work of exp(30 ms) behind a 25 ms visibility timeout, so many are
    // delivered again while their first delivery still works (duplicates, stale acks); 10% poison,
    // nacked after 5 ms; dead-lettered after 3 receives; a retention that cuts some short.
    const s = spec({
      load: { arrivals: { kind: 'poisson', intervalMs: 2 }, requests: 400 },
      services: { work: [{ kind: 'server', concurrency: 4, serviceTime: exp(30) }] },
      topology: [broker({ reply: 'processed', visibilityTimeoutMs: 25, poison: 0.1, maxReceives: 3, retentionMs: 120 }, { count: 2, workers: 4, maxConcurrentWork: 4, nackDelayMs: 5 })],
    });
    const ends = new Map<number, number>();
    const r = run(s, { onRequest: (q) => ends.set(q.id, (ends.get(q.id) ?? 0) + 1) });
    const extra = r.summary.nodes.find((n) => n.id === 'broker')!.extra as Record<string, number>;
    expect(extra.duplicates).toBeGreaterThan(0); // the case under test happened
    expect(extra.deadLettered).toBeGreaterThan(0);
    expect(ends.size).toBe(400);
    expect([...ends.values()].every((n) => n === 1)).toBe(true);
    const count = (o: number) => r.requests.filter((q) => q.outcome === o).length;
    expect([count(OK), count(ERROR), count(DROPPED)]).toEqual([extra.processed, extra.deadLettered, extra.expired]);
    expect(extra.processed + extra.deadLettered + extra.expired).toBe(400);
    expect(r.summary.requests).toMatchObject({ total: 400 });
  });

  test('a zero-time nack loop stops the run with a scenario error instead of hanging (nack-delay 0, no latency, work that fails at once)', async () => {
    const { BuildError } = await import('../../src/engine/errors.js');
    const { ZERO_TIME_NACKS } = await import('../../src/broker/broker.js');
    const s = scenario(broker({ poison: 1 }, { latency: constant(0), nackDelayMs: 0 }), server(0));
    expect(() => run(s)).toThrow(BuildError);
    expect(() => run(s)).toThrow(`broker "broker": message 0 was nacked and received again ${ZERO_TIME_NACKS} times at 0 ms without simulated time passing`);
    // any time in the loop lets it go on: max-receives ends it
    expect(runBroker(scenario(broker({ poison: 1, maxReceives: 5 }, { latency: constant(0), nackDelayMs: 0 }), server(0))).extra).toMatchObject({ deadLettered: 1 });
    // and a nack-delay lets time pass until the retention period
    expect(runBroker(scenario(broker({ poison: 1, retentionMs: 100 }, { latency: constant(0), nackDelayMs: 1 }), server(0))).extra).toMatchObject({ expired: 1 });
  });
});

/**
 * The consumers' link to the broker (src/broker/broker-link.ts): what a lost receive, answer, ack
 * or nack does (exact traces, the losses placed by partitions), the receive timeout, a partition
 * that never heals, the shorthand `latency` (the same draws as a link with that latency), and the
 * accounting over random loss and duplication.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { constant, exp, run, spec } from '../helpers.js';
import type { Broker } from '../../src/broker/broker.js';
import type { BrokerLinkSpec, FaultSpec } from '../../src/spec/scenario.js';
import type { BrokerStepSpec, ChainSpec, ScenarioSpec } from '../../src/scenario/spec.js';
import { summaryJson } from '../../src/run/summary.js';
import { renderSummary } from '../../src/report/table.js';
import { broker } from './fixtures.js';
import { PROCESSED, DEAD_LETTERED, EXPIRED } from '../../src/broker/message.js';

const C = 'broker/work[0]';

const link = (over: Partial<BrokerLinkSpec> = {}): BrokerLinkSpec => ({ latency: constant(1), loss: 0, duplicate: 0, requestBytes: 1000, responseBytes: 1000, ...over });

function scenario(b: BrokerStepSpec, work: ChainSpec, over: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return spec({ load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 1 }, services: { work }, topology: [b], ...over });
}

/** A partition from `atMs` to `healMs` between groups a and b, cutting `direction`. */
const cut = (a: string, b: string, atMs: number, healMs: number | undefined, direction: 'both' | 'a-to-b' | 'b-to-a' = 'a-to-b'): FaultSpec =>
  ({ kind: 'partition', between: [[a], [b]], atMs, ...(healMs !== undefined && { healMs }), direction }) as FaultSpec;

function runBroker(s: ScenarioSpec) {
  const result = run(s);
  const b = result.sim.find('broker')[0] as Broker;
  const node = result.summary.nodes.find((n) => n.id === 'broker')!;
  const consumer = result.summary.nodes.find((n) => n.id === C)!;
  return { ...result, broker: b, extra: node.extra as Record<string, any>, consumer: consumer.extra as Record<string, any>, log: b.log! };
}

const server = (ms: number): ChainSpec => [{ kind: 'server', concurrency: 1, serviceTime: constant(ms) }];

describe('broker-link: what each loss does (exact traces; a partition places the loss)', () => {
  // one message sent at 0; the listener's receive (sent at 0) takes it at 1, the answer arrives at
  // 2, the work takes 5 ms, the ack leaves at 7 and arrives at 8

  test('no loss: the link changes nothing but its figures', () => {
    const r = runBroker(scenario(broker({}, { brokerLink: link() }), server(5)));
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [8, 'ack', 0, C],
    ]);
    expect(r.extra.consumerLink).toEqual({
      messages: 4, // receive, answer, ack, and the next receive (its answer would come after the run)
      lost: 0,
      partitioned: 0,
      duplicated: 0,
      reordered: 0,
      lostReceives: 0,
      lostAnswers: 0,
      lostDeliveries: 0,
      lostAcks: 0,
      lostNacks: 0,
      receiveTimeouts: 0,
      abandoned: 0,
    });
  });

  test('a lost ack: the message comes back after its visibility timeout and is processed twice', () => {
    // the consumer's messages to the broker are cut from 6 to 9: the ack (sent at 7) is lost
    const r = runBroker(scenario(broker({}, { brokerLink: link() }), server(5), { faults: [cut(C, 'broker', 6, 9)] }));
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [30_001, 'visibility-timeout', 0, ''],
      [30_001, 'visible', 0, ''],
      [30_001, 'receive', 0, C], // by the receive waiting at the broker since 3
      [30_008, 'ack', 0, C],
    ]);
    expect(r.extra).toMatchObject({ processed: 1, duplicates: 1, processedTwice: 1, staleAcks: 0 });
    expect(r.extra.consumerLink).toMatchObject({ lost: 1, partitioned: 1, lostAcks: 1 });
    expect(r.consumer).toMatchObject({ acks: 2, lostOnLink: { receives: 0, answers: 0, deliveries: 0, acks: 1, nacks: 0 } });
  });

  test('a lost nack: the message comes back after its visibility timeout, not at once', () => {
    // a poison message, nacked at 7 with no delay; the nack is lost: visible again at 30 001, not 8
    const r = runBroker(scenario(broker({ poison: 1, maxReceives: 2 }, { brokerLink: link() }), server(5), { faults: [cut(C, 'broker', 6, 9)] }));
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [30_001, 'visibility-timeout', 0, ''],
      [30_001, 'visible', 0, ''],
      [30_001, 'receive', 0, C],
      [30_008, 'nack', 0, C],
      [30_008, 'dead-letter', 0, ''],
    ]);
    expect(r.consumer.lostOnLink).toEqual({ receives: 0, answers: 0, deliveries: 0, acks: 0, nacks: 1 });
  });

  test('a lost receive: the listener waits for its receive timeout, on its clock, then polls again', () => {
    // long polls of 10 ms; the message is sent at 50. The first receive's empty answer comes at 12; the
    // second receive, sent then, is cut (11.5 to 13); the receive timeout is 100 ms: the third leaves at 112
    const r = runBroker(
      scenario(broker({}, { brokerLink: link(), receiveTimeoutMs: 100, waitMs: 10 }), server(5), {
        load: { arrivals: { kind: 'instant', atMs: 50 }, requests: 1 },
        faults: [cut(C, 'broker', 11.5, 13)],
      }),
    );
    expect(r.log).toEqual([
      [50, 'send', 0, ''],
      [113, 'receive', 0, C],
      [120, 'ack', 0, C],
    ]);
    expect(r.consumer).toMatchObject({ receiveTimeouts: 1, lostOnLink: { receives: 1, answers: 0, deliveries: 0, acks: 0, nacks: 0 } });
  });

  test('a lost answer: its message stays in flight until its visibility timeout, then is delivered again', () => {
    // the broker's messages to the consumer are cut from 0.5 to 1.5: the answer carrying message 0 (at 1) is lost
    const r = runBroker(
      scenario(broker({ visibilityTimeoutMs: 500 }, { brokerLink: link(), receiveTimeoutMs: 100, waitMs: 50 }), server(5), { faults: [cut('broker', C, 0.5, 1.5)] }),
    );
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [501, 'visibility-timeout', 0, ''],
      [501, 'visible', 0, ''],
      [501, 'receive', 0, C], // by the receive sent at 464 (long polls of 50 ms from 100 on), waiting since 465
      [508, 'ack', 0, C],
    ]);
    expect(r.extra).toMatchObject({ processed: 1, duplicates: 1, processedTwice: 0 });
    expect(r.consumer).toMatchObject({ receiveTimeouts: 1, lostOnLink: { receives: 0, answers: 1, deliveries: 1, acks: 0, nacks: 0 } });
  });

  test('an answer that arrives after the receive timeout is abandoned: its message comes back after its visibility timeout', () => {
    // the consumer's clock steps 100 ms forward at 1.5: its receive timeout (100 ms on its clock)
    // fires then, before the answer (at 2) arrives: it is abandoned, and its message comes back at 501
    const r = runBroker(
      scenario(broker({ visibilityTimeoutMs: 500 }, { brokerLink: link(), receiveTimeoutMs: 100, waitMs: 50 }), server(5), {
        clocks: [{ target: C, offsetMs: 0, driftPpm: 0, steps: [{ atMs: 1.5, byMs: 100 }] }],
      }),
    );
    expect(r.log).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, C],
      [501, 'visibility-timeout', 0, ''],
      [501, 'visible', 0, ''],
      [501, 'receive', 0, C],
      [508, 'ack', 0, C],
    ]);
    expect(r.consumer).toMatchObject({ receiveTimeouts: 1, abandoned: 1 });
    expect(r.extra).toMatchObject({ duplicates: 1, processedTwice: 0 });
  });

  test('a duplicated receive is a receive of its own: the answer to the copy is abandoned', () => {
    const r = runBroker(
      scenario(broker({ visibilityTimeoutMs: 500 }, { brokerLink: link({ duplicate: 1, latency: constant(1) }) }), server(5), {
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 2 },
      }),
    );
    // both messages go to the first receive to arrive (the original); the copy waits, and takes nothing before the end
    expect(r.extra).toMatchObject({ sent: 2, processed: 2 });
    expect(r.extra.consumerLink.duplicated).toBeGreaterThan(0);
  });
});

describe('broker-link: partitions and the end of a run', () => {
  test('a partition that never heals: the listeners poll every receive timeout, the messages expire at their retention period, and the run ends', () => {
    // (the first receive leaves at 0, as the run is built, before the partition starts: it gets
    // through, and waits at the broker) the messages, sent at 5, go to it; its answer is cut; they
    // are visible again at 105, and no receive gets through any more
    const r = runBroker(
      scenario(broker({ visibilityTimeoutMs: 100, retentionMs: 10_000, reply: 'processed' }, { brokerLink: link(), receiveTimeoutMs: 1000 }), server(5), {
        load: { arrivals: { kind: 'instant', atMs: 5 }, requests: 3 },
        faults: [cut('broker/work[*]', 'broker', 0, undefined, 'both')],
      }),
    );
    expect(r.extra).toMatchObject({ sent: 3, processed: 0, expired: 3, remaining: { visible: 0, delayed: 0, inFlight: 0 } });
    expect(r.log.filter((e) => e[1] === 'expire')).toEqual([
      [10_005, 'expire', 0, ''],
      [10_005, 'expire', 1, ''],
      [10_005, 'expire', 2, ''],
    ]);
    expect(r.summary.requests).toMatchObject({ dropped: 3, inFlight: 0 });
    expect(r.summary.run.simulatedMs).toBe(10_005);
    // receive timeouts at 1000, 2000, ..., 10 000, each followed by a receive that is cut
    expect(r.consumer).toMatchObject({ receiveTimeouts: 10, lostOnLink: { receives: 10, answers: 1, deliveries: 3, acks: 0, nacks: 0 } });
    expect(r.extra.consumerLink).toMatchObject({ partitioned: 11, lost: 11 });
  });

  test('a flaky window on a consumer thins its link to the broker only: loss 1 on consumer 0 sends every message to consumer 1', () => {
    const flaky = (target: string): FaultSpec => ({ kind: 'flaky', target, atMs: 0, forMs: 1e9, loss: 1 }) as FaultSpec;
    const r = runBroker(
      scenario(broker({}, { count: 2, brokerLink: link({ loss: 0.000001 }) }), server(5), {
        load: { arrivals: { kind: 'instant', atMs: 1 }, requests: 4 },
        faults: [flaky('broker/work[0]')],
      }),
    );
    expect(r.extra).toMatchObject({ sent: 4, processed: 4 });
    const other = r.summary.nodes.find((n) => n.id === 'broker/work[1]')!.extra as Record<string, any>;
    expect(other.acks).toBe(4);
    expect(r.consumer.acks).toBe(0);
    expect(r.consumer.link.lost).toBeGreaterThan(0);
    expect(other.link.lost).toBe(0);
  });

  test('a partition between the broker and one consumer: the other takes the messages', () => {
    const r = runBroker(
      scenario(broker({}, { count: 2, brokerLink: link() }), server(5), {
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 4 },
        faults: [cut('broker/work[0]', 'broker', 0, undefined, 'both')],
      }),
    );
    expect(r.extra).toMatchObject({ sent: 4, processed: 4 });
    // (consumer 0's first receive, sent as the run is built, got through and took messages: its answer was cut)
    const acks = r.log.filter((e) => e[1] === 'ack');
    expect(acks.length).toBe(4);
    expect(acks.every((e) => e[3] === 'broker/work[1]')).toBe(true);
  });

  test('a partition names the consumers (not only link steps); a name that matches nothing is refused with the ids', () => {
    const ok = run(scenario(broker({}, { latency: constant(1) }), server(5), { faults: [cut(C, 'broker', 6, 9)] }));
    // with the shorthand latency too: a partition that names them cuts the consumers' links, and their figures are reported
    expect((ok.summary.nodes.find((n) => n.id === 'broker')!.extra as Record<string, any>).consumerLink).toMatchObject({ lostAcks: 1 });
    expect(() => run(scenario(broker(), server(5), { faults: [cut('broker/wrok[0]', 'broker', 6, 9)] }))).toThrow(/"broker\/wrok\[0\]" names no node/);
  });
});

describe('broker-link: draws, accounting, report', () => {
  test('latency alone is the shorthand: the same draws as broker-link with that latency and nothing else', () => {
    const load = { arrivals: { kind: 'poisson' as const, intervalMs: 20 }, requests: 300 };
    const a = run(scenario(broker({ reply: 'processed' }, { count: 2, latency: exp(3) }), server(5), { load }));
    const b = run(scenario(broker({ reply: 'processed' }, { count: 2, brokerLink: link({ latency: exp(3) }) }), server(5), { load }));
    expect(b.summary.latency).toEqual(a.summary.latency);
    expect(b.summary.run).toEqual(a.summary.run);
    // and no link figures without a broker-link (the bundled goldens keep their shape)
    expect((a.summary.nodes.find((n) => n.id === 'broker')!.extra as Record<string, any>).consumerLink).toBeUndefined();
    // the link's streams are named by the consumer
    expect(b.sim.streamNames()).toEqual(expect.arrayContaining(['broker/work[0]', 'broker/work[0]/loss', 'broker/work[1]/duplicate']));
  });

  // random loss, duplication and reordering on every message: each message still ends exactly once, or is unfinished
  const stormy = (seed: number) =>
    scenario(
      broker(
        { reply: 'processed', visibilityTimeoutMs: 40, maxReceives: 4, retentionMs: 400, poison: 0.05 },
        { count: 3, listeners: 2, workers: 2, maxConcurrentWork: 2, brokerLink: link({ latency: exp(2), loss: 0.2, duplicate: 0.1, reorder: { probability: 0.2, extra: exp(5) } }), receiveTimeoutMs: 50, waitMs: 30 },
      ),
      [{ kind: 'server', concurrency: 1, serviceTime: exp(10) }],
      { seed, load: { arrivals: { kind: 'poisson', intervalMs: 2 }, requests: 300 } },
    );

  test.each([1, 2, 3])('seed %i: every message ends exactly once; lost acks show as processed twice', (seed) => {
    const r = runBroker(stormy(seed));
    const x = r.extra;
    const remaining = x.remaining.visible + x.remaining.delayed + x.remaining.inFlight;
    expect(x.processed + x.deadLettered + x.expired + remaining).toBe(300);
    expect(remaining).toBe(0);
    const finals = r.log.filter((e) => e[1] === 'ack' || e[1] === 'dead-letter' || e[1] === 'expire');
    expect(new Set(finals.map((e) => e[2])).size).toBe(finals.length);
    const states = r.broker.messages!.map((m) => m.state);
    expect([PROCESSED, DEAD_LETTERED, EXPIRED].map((s) => states.filter((t) => t === s).length)).toEqual([x.processed, x.deadLettered, x.expired]);
    const q = r.summary.requests;
    expect([q.ok, q.error, q.dropped, q.inFlight]).toEqual([x.processed, x.deadLettered, x.expired, 0]);
    const k = x.consumerLink;
    expect(k.lost).toBe(k.lostReceives + k.lostAnswers + k.lostAcks + k.lostNacks);
    expect(k.lostAcks).toBeGreaterThan(0);
    expect(x.processedTwice).toBeGreaterThan(0);
    expect(k.duplicated).toBeGreaterThan(0);
    expect(k.reordered).toBeGreaterThan(0);
  });

  test('the same seed gives the same bytes', () => {
    expect(summaryJson(run(stormy(7)).summary)).toBe(summaryJson(run(stormy(7)).summary));
  });

  test('the report has a line for the consumer links', () => {
    const r = run(scenario(broker({}, { brokerLink: link() }), server(5), { faults: [cut(C, 'broker', 6, 9)] }));
    expect(renderSummary(r.summary)).toContain(
      'consumer links: 9 messages, 1 lost (1 by partitions), 0 duplicated; lost 0 receives, 0 answers (0 messages), 1 acks, 0 nacks; 0 receive timeouts, 0 messages in abandoned answers',
    );
  });
});

describe('broker-link: a property over random links, partitions and clock steps', () => {
  test('every message ends exactly once or is counted unfinished, every producer request ends once, and the run ends', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          loss: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
          duplicate: fc.double({ min: 0, max: 0.5, noNaN: true }),
          reorder: fc.double({ min: 0, max: 0.5, noNaN: true }),
          poison: fc.double({ min: 0, max: 0.5, noNaN: true }),
          maxReceives: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
          nackDelayMs: fc.constantFrom(0, 7),
          count: fc.integer({ min: 1, max: 3 }),
          listeners: fc.integer({ min: 1, max: 3 }),
          partition: fc.option(
            fc.record({
              atMs: fc.integer({ min: 0, max: 300 }),
              forMs: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
              direction: fc.constantFrom('both' as const, 'a-to-b' as const, 'b-to-a' as const),
            }),
            { nil: undefined },
          ),
          stepMs: fc.option(fc.integer({ min: -200, max: 200 }), { nil: undefined }),
        }),
        (p) => {
          const s = scenario(
            broker(
              { reply: 'processed', visibilityTimeoutMs: 40, retentionMs: 2000, poison: p.poison, ...(p.maxReceives !== undefined && { maxReceives: p.maxReceives }) },
              {
                count: p.count,
                listeners: p.listeners,
                workers: 2,
                maxConcurrentWork: 2,
                nackDelayMs: p.nackDelayMs,
                waitMs: 30,
                receiveTimeoutMs: 60,
                brokerLink: link({ latency: exp(2), loss: p.loss, duplicate: p.duplicate, reorder: { probability: p.reorder, extra: exp(10) } }),
              },
            ),
            [{ kind: 'server', concurrency: 1, serviceTime: exp(5) }],
            {
              seed: p.seed,
              load: { arrivals: { kind: 'poisson', intervalMs: 5 }, requests: 40 },
              ...(p.partition !== undefined && {
                faults: [cut('broker/work[0]', 'broker', p.partition.atMs, p.partition.forMs === undefined ? undefined : p.partition.atMs + p.partition.forMs, p.partition.direction)],
              }),
              ...(p.stepMs !== undefined && { clocks: [{ target: 'broker/work[*]', offsetMs: 0, driftPpm: 0, steps: [{ atMs: 100, byMs: p.stepMs }] }] }),
            },
          );
          const r = runBroker(s);
          const x = r.extra;
          const remaining = x.remaining.visible + x.remaining.delayed + x.remaining.inFlight;
          expect(x.processed + x.deadLettered + x.expired + remaining).toBe(40);
          const finals = r.log.filter((e) => e[1] === 'ack' || e[1] === 'dead-letter' || e[1] === 'expire');
          expect(new Set(finals.map((e) => e[2])).size).toBe(finals.length);
          expect(finals.length).toBe(x.processed + x.deadLettered + x.expired);
          const q = r.summary.requests;
          expect([q.ok, q.error, q.dropped]).toEqual([x.processed, x.deadLettered, x.expired]);
          expect(q.ok + q.error + q.dropped + q.inFlight).toBe(40);
          // the run ends: by the retention period at the latest (2 s of retention, plus the last send), with nothing left unfinished
          expect(remaining).toBe(0);
          expect(r.summary.run.simulatedMs).toBeLessThan(2000 + 1000);
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  }, 60_000);
});

/**
 * Broker accounting: every message ends exactly once as processed, dead-lettered or expired, or is
 * still unfinished when the run ends; the broker's figures agree with the messages themselves; the
 * producers' answers agree with the messages (reply: processed); the same seed gives the same bytes.
 */
import { describe, expect, test } from 'vitest';
import { constant, exp, run, spec } from '../helpers.js';
import type { Broker } from '../../src/broker/broker.js';
import { DEAD_LETTERED, EXPIRED, PROCESSED } from '../../src/broker/message.js';
import type { BrokerStepSpec, ChainSpec, ScenarioSpec } from '../../src/scenario/spec.js';
import { summaryJson } from '../../src/run/summary.js';

function stormy(seed: number, over: Partial<BrokerStepSpec> = {}): ScenarioSpec {
  // short visibility timeouts (duplicates), poison and timeouts (nacks), a short retention (expiries)
  const work: ChainSpec = [
    { kind: 'timeout', afterMs: 40 },
    { kind: 'server', concurrency: 2, serviceTime: exp(10) },
  ];
  return spec({
    seed,
    history: true,
    load: { arrivals: { kind: 'poisson', intervalMs: 4 }, requests: 400 },
    services: { work },
    topology: [
      { kind: 'cable', latency: constant(1) },
      {
        kind: 'broker',
        visibilityTimeoutMs: 30,
        maxReceives: 4,
        retentionMs: 60,
        poison: 0.1,
        reply: 'processed',
        consumers: {
          service: 'work',
          count: 3,
          listeners: 2,
          dequeueLimit: 5,
          prefetch: 8,
          workers: 2,
          maxConcurrentWork: 4,
          blocking: false,
          compute: exp(1),
          latency: exp(2),
          waitMs: 50,
          nackDelayMs: 5,
        },
        ...over,
      },
    ],
  });
}

function check(s: ScenarioSpec) {
  const r = run(s);
  const broker = r.sim.find('broker')[0] as Broker;
  const x = r.summary.nodes.find((n) => n.id === 'broker')!.extra as Record<string, any>;
  const messages = broker.messages!;
  const count = (state: number) => messages.filter((m) => m.state === state).length;
  const remaining = x.remaining.visible + x.remaining.delayed + x.remaining.inFlight;
  // every message ends exactly once, or is still unfinished
  expect(x.sent).toBe(messages.length);
  expect(x.processed + x.deadLettered + x.expired + remaining).toBe(x.sent);
  expect([count(PROCESSED), count(DEAD_LETTERED), count(EXPIRED)]).toEqual([x.processed, x.deadLettered, x.expired]);
  expect(messages.filter((m) => !m.finished).length).toBe(remaining);
  // deliveries and duplicates, from the messages' receive counts
  expect(x.deliveries).toBe(messages.reduce((a, m) => a + m.receives, 0));
  expect(x.duplicates).toBe(messages.filter((m) => m.receives > 1).length);
  expect(x.redeliveries).toBe(x.deliveries - messages.filter((m) => m.receives > 0).length);
  // processed twice: the messages with two acks or more in the log, stale ones included
  const acks = new Map<unknown, number>();
  for (const e of broker.log!) if (e[1] === 'ack' || e[1] === 'stale-ack') acks.set(e[2], (acks.get(e[2]) ?? 0) + 1);
  expect(x.processedTwice).toBe([...acks.values()].filter((n) => n > 1).length);
  expect(x.processedTwice).toBeLessThanOrEqual(x.duplicates);
  // the log has one final entry per finished message
  const finals = broker.log!.filter((e) => e[1] === 'ack' || e[1] === 'dead-letter' || e[1] === 'expire');
  expect(finals.length).toBe(x.processed + x.deadLettered + x.expired);
  expect(new Set(finals.map((e) => e[2])).size).toBe(finals.length);
  // receives ended empty or with messages; each consumer took what it received, or still holds it
  expect(x.emptyReceives).toBeLessThanOrEqual(x.receives);
  expect(x.endToEnd.count).toBe(x.processed);
  return { r, x, messages };
}

describe('broker accounting', () => {
  test.each([1, 2, 3])('seed %i: messages and producers add up, with duplicates, nacks, dead letters and expiries', (seed) => {
    const { r, x, messages } = check(stormy(seed));
    // the run went on until every message was finished
    expect(x.remaining).toEqual({ visible: 0, delayed: 0, inFlight: 0 });
    // the storm did happen
    expect(x.duplicates).toBeGreaterThan(0);
    expect(x.deadLettered).toBeGreaterThan(0);
    expect(x.expired).toBeGreaterThan(0);
    expect(x.staleAcks).toBeGreaterThan(0);
    // reply: processed: ok = processed, error = dead-lettered, dropped = expired, each at its message's end
    const q = r.summary.requests;
    expect([q.ok, q.error, q.dropped, q.timeout, q.rejected, q.inFlight]).toEqual([x.processed, x.deadLettered, x.expired, 0, 0, 0]);
    expect(messages.filter((m) => m.poison && m.state === PROCESSED)).toEqual([]);
  });

  test('with reply: accepted every send is ok at once (after the cable), whatever becomes of the message', () => {
    const { r, x } = check(stormy(1, { reply: 'accepted' }));
    expect(r.summary.requests.ok).toBe(400);
    expect(r.requests.every((q) => Math.abs(q.end - q.arrival - 2) < 1e-9)).toBe(true);
    expect(x.deadLettered).toBeGreaterThan(0);
  });

  test('messages no consumer can take are still in the queue when the run ends', () => {
    // every call into the work is lost: the consumer's one work slot is held forever, its prefetch
    // buffer (1) fills and its listener waits for room: nothing can take the other messages
    const s = spec({
      load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 3 },
      services: {
        work: [
          { kind: 'link', latency: constant(1), loss: 1, duplicate: 0, requestBytes: 0, responseBytes: 0 },
          { kind: 'server', concurrency: 1, serviceTime: constant(1) },
        ],
      },
      topology: [
        {
          kind: 'broker',
          visibilityTimeoutMs: 100,
          retentionMs: 86_400_000,
          poison: 0,
          reply: 'accepted',
          consumers: {
            service: 'work', count: 1, listeners: 1, dequeueLimit: 10, prefetch: 1, workers: 1, maxConcurrentWork: 1,
            blocking: false, latency: constant(1), waitMs: 20_000, nackDelayMs: 0,
          },
        },
      ],
    });
    const { r, x } = check(s);
    expect(x.remaining).toEqual({ visible: 3, delayed: 0, inFlight: 0 });
    expect(x.processed + x.deadLettered + x.expired).toBe(0);
    // messages 0 and 1 were received at 1 and 3, and timed out 100 ms later; then nothing was live
    expect(r.summary.run.simulatedMs).toBe(103);
  });

  test('the same seed gives the same bytes; another seed others', () => {
    const bytes = (seed: number) => summaryJson(run(stormy(seed)).summary);
    const a = bytes(7);
    expect(bytes(7)).toBe(a);
    expect(bytes(8)).not.toBe(a);
  });

  test("the broker's clock times the visibility timeout: a clock stepped forward expires it early", () => {
    const s = (clocks: ScenarioSpec['clocks']) =>
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 1 },
        services: { work: [{ kind: 'server', concurrency: 2, serviceTime: constant(25) }] },
        topology: [
          {
            kind: 'broker',
            visibilityTimeoutMs: 30,
            retentionMs: 86_400_000,
            poison: 0,
            reply: 'accepted',
            consumers: {
              service: 'work', count: 1, listeners: 1, dequeueLimit: 10, prefetch: 20, workers: 1, maxConcurrentWork: 2,
              blocking: false, latency: constant(1), waitMs: 20_000, nackDelayMs: 0,
            },
          },
        ],
        ...(clocks && { clocks }),
      });
    const log = (c?: ScenarioSpec['clocks']) => (run(s(c)).sim.find('broker')[0] as Broker).log;
    expect(log()).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, 'broker/work[0]'],
      [28, 'ack', 0, 'broker/work[0]'],
    ]);
    // at 5 the broker's clock jumps 10 ms ahead: the deadline (local 31) comes at true 21
    expect(log([{ target: 'broker', offsetMs: 0, driftPpm: 0, steps: [{ atMs: 5, byMs: 10 }] }])).toEqual([
      [0, 'send', 0, ''],
      [1, 'receive', 0, 'broker/work[0]'],
      [21, 'visibility-timeout', 0, ''],
      [21, 'visible', 0, ''],
      [21, 'receive', 0, 'broker/work[0]'],
      [28, 'stale-ack', 0, 'broker/work[0]'],
      [48, 'ack', 0, 'broker/work[0]'],
    ]);
  });
});

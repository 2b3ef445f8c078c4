/** The `broker` step in scenario files: its defaults, and the messages for what is wrong. */
import { describe, expect, test } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { limitsFrom } from '../../src/scenario/limits.js';

const file = (broker: string, extra = '') => `name: b
seed: 1
load: { constant: { interval: 1ms }, requests: 10 }
services:
  work:
    - server: { service-time: 5ms }
topology:
  - broker: ${broker}
${extra}`;

function problems(text: string) {
  try {
    parseScenario(text, 'b.yaml');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message.split('\n')[0]}`);
  }
  throw new Error('expected the scenario to be invalid');
}

describe('broker step', () => {
  test('defaults: SQS (30 s visibility timeout, 4 days retention, no DLQ) and Squeedo (dequeue-limit 10, prefetch 20 x listeners)', () => {
    const spec = parseScenario(file('{ consumers: { service: work, listeners: 2 } }'), 'b.yaml').spec;
    expect(spec.topology[0]).toStrictEqual({
      kind: 'broker',
      visibilityTimeoutMs: 30_000,
      retentionMs: 96 * 3_600_000,
      poison: 0,
      reply: 'accepted',
      consumers: {
        service: 'work',
        count: 1,
        listeners: 2,
        dequeueLimit: 10,
        prefetch: 40,
        workers: 1,
        maxConcurrentWork: 1,
        blocking: false,
        latency: { kind: 'constant', value: 0 },
        waitMs: 20_000,
        nackDelayMs: 0,
      },
    });
  });

  test('every key', () => {
    const spec = parseScenario(
      file(`
      visibility-timeout: 10s
      max-receives: 5
      retention: 1h
      poison: 1%
      reply: processed
      consumers: { service: work, count: 4, listeners: 2, dequeue-limit: 5, prefetch: 8, workers: 3, max-concurrent-work: 16,
                   blocking: true, compute: exp(2ms), latency: 5ms, wait: 1s, nack-delay: 2s }`),
      'b.yaml',
    ).spec;
    expect(spec.topology[0]).toStrictEqual({
      kind: 'broker',
      visibilityTimeoutMs: 10_000,
      maxReceives: 5,
      retentionMs: 3_600_000,
      poison: 0.01,
      reply: 'processed',
      consumers: {
        service: 'work',
        count: 4,
        listeners: 2,
        dequeueLimit: 5,
        prefetch: 8,
        workers: 3,
        maxConcurrentWork: 16,
        blocking: true,
        compute: { kind: 'exp', mean: 2 },
        latency: { kind: 'constant', value: 5 },
        waitMs: 1000,
        nackDelayMs: 2000,
      },
    });
  });

  test('a broker ends its chain, and its consumers run a service that exists', () => {
    expect(problems(file('{ consumers: { service: wrok } }\n  - server: { service-time: 1ms }'))).toEqual([
      '8:5 topology[0]: expected a broker to be the last step of its chain; found 1 more step after it',
      '8:37 topology[0].broker.consumers.service: unknown service "wrok"; expected one of: work',
    ]);
  });

  test('wrong values are named with what was expected', () => {
    expect(
      problems(file('{ visibility-timeout: 0s, max-receives: 0, poison: 2, consumers: { service: work, wait: 0ms, workrs: 2 } }')),
    ).toEqual([
      '8:35 topology[0].broker.visibility-timeout: expected a duration greater than 0ms; found "0s"',
      '8:53 topology[0].broker.max-receives: expected 1 or more; found the number 0',
      '8:64 topology[0].broker.poison: expected a probability from 0 to 1, or a percentage such as 1%; found the number 2',
      '8:101 topology[0].broker.consumers.wait: expected a duration greater than 0ms; found "0ms"',
      '8:106 topology[0].broker.consumers.workrs: unknown key "workrs"; expected one of: service, count, listeners, dequeue-limit, prefetch, workers, max-concurrent-work, blocking, compute, latency, broker-link, receive-timeout, wait, nack-delay',
    ]);
  });

  test('poison messages with no max-receives go round until their retention period: too many deliveries are refused up front, with the limit and the flag', () => {
    // 10 requests, all poison, 1 ms a round (5 ms of work would be 6), 96 h of retention: about 3.5e9 deliveries
    const loop = (extra: string) => file(`{ poison: 100%${extra}, consumers: { service: work, latency: 0ms } }`).replace('service-time: 5ms', 'service-time: 1ms');
    expect(problems(loop(''))).toEqual([
      '8:23 topology[0].broker.poison: expected at most 1,000,000,000 calls one run can make at worst (requests x the most calls one request can make: retry attempts, hedge copies and fan-outs multiplied along a chain); found 3,456,000,000 (10 requests x 100% poison x about 345,600,000 deliveries each: with no max-receives a poison message is delivered again until its retention period, 345,600,000 ms, and a round of receive, work and nack takes about 1 ms; set max-receives, such as 5, or a nack-delay)',
    ]);
    // max-receives bounds it; a shorter retention or a nack-delay shrinks it; --limit calls=N lifts it
    for (const extra of [', max-receives: 5', ', retention: 1h']) expect(() => parseScenario(loop(extra), 'b.yaml')).not.toThrow();
    expect(() => parseScenario(loop('').replace('latency: 0ms', 'latency: 0ms, nack-delay: 1s'), 'b.yaml')).not.toThrow();
    expect(() => parseScenario(loop(''), 'b.yaml', [], { limits: limitsFrom(['calls=4e9']) })).not.toThrow();
    // a round that takes no time is left to the broker's guard (a run stopped at once, with its own message)
    expect(() => parseScenario(loop('').replace('service-time: 1ms', 'service-time: 0ms'), 'b.yaml')).not.toThrow();
  });

  test('broker-link: the options of a link step; receive-timeout', () => {
    const spec = parseScenario(
      file('{ consumers: { service: work, broker-link: { latency: exp(5ms), loss: 1%, duplicate: 0.5%, bandwidth: 1MB/s, response-size: 2KB }, receive-timeout: 25s } }'),
      'b.yaml',
    ).spec;
    const c = (spec.topology[0] as unknown as { consumers: Record<string, unknown> }).consumers;
    expect(c.latency).toEqual({ kind: 'exp', mean: 5 });
    expect(c.brokerLink).toStrictEqual({
      latency: { kind: 'exp', mean: 5 },
      loss: 0.01,
      duplicate: 0.005,
      bandwidthBytesPerMs: 1000,
      requestBytes: 1000,
      responseBytes: 2000,
    });
    expect(c.receiveTimeoutMs).toBe(25_000);
    // latency alone gives no broker-link (its figures stay out of the report) and no receive timeout (the default: wait + 10s)
    const plain = (parseScenario(file('{ consumers: { service: work, latency: 5ms } }'), 'b.yaml').spec.topology[0] as unknown as { consumers: Record<string, unknown> }).consumers;
    expect([plain.brokerLink, plain.receiveTimeoutMs]).toEqual([undefined, undefined]);
  });

  test('broker-link: latency and broker-link together, a misspelt link key, a bad probability, a zero receive timeout', () => {
    expect(problems(file('{ consumers: { service: work, latency: 5ms, broker-link: { latency: 5ms } } }'))).toEqual([
      '8:52 topology[0].broker.consumers.latency: expected latency or broker-link, not both; latency is shorthand for broker-link: { latency: ... }',
    ]);
    expect(problems(file('{ consumers: { service: work, broker-link: { latency: 5ms, los: 1%, duplicate: 2 }, receive-timeout: 0s } }'))).toEqual([
      '8:72 topology[0].broker.consumers.broker-link.los: unknown key "los"; expected one of: latency, loss, duplicate, reorder, bandwidth, request-size, response-size',
      '8:92 topology[0].broker.consumers.broker-link.duplicate: expected a probability from 0 to 1, or a percentage such as 1%; found the number 2',
      '8:114 topology[0].broker.consumers.receive-timeout: expected a duration greater than 0ms; found "0s"',
    ]);
    // a receive timeout no longer than the long-poll wait gives up on every receive still waiting at the broker
    expect(problems(file('{ consumers: { service: work, wait: 20s, receive-timeout: 20s } }'))).toEqual([
      '8:71 topology[0].broker.consumers.receive-timeout: expected a receive timeout longer than the long-poll wait (20000ms); found 20000ms: the listener would give up on a receive still waiting at the broker, and the messages the broker then hands it would be abandoned',
    ]);
  });
});

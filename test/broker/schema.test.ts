/** The `broker` step in scenario files: its defaults, and the messages for what is wrong. */
import { describe, expect, test } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

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
      '8:106 topology[0].broker.consumers.workrs: unknown key "workrs"; expected one of: service, count, listeners, dequeue-limit, prefetch, workers, max-concurrent-work, blocking, compute, latency, wait, nack-delay',
    ]);
  });
});

/**
 * `circuit-breaker`: opens after `failures` consecutive failures, or at `failureRate` of the
 * answers in `windowMs` (with `minCalls`); while open, answers rejected at once
 * (src/components/circuit-breaker.ts).
 */
import { z } from 'zod';
import { CircuitBreaker, type CircuitBreakerOptions } from '../../components/circuit-breaker.js';
import { circuitBreakerLines } from '../../components/report.js';
import { expecting } from '../messages.js';
import { count, duration, parsedWith, parsePercent, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface CircuitBreakerStepSpec extends CircuitBreakerOptions {
  kind: 'circuit-breaker';
}

export const circuitBreaker = stepKind<CircuitBreakerStepSpec>()({
  kind: 'circuit-breaker',
  place: 'wraps',
  schema: () =>
    strictObject(
      {
        failures: count(1, 'Consecutive failures (any outcome but ok) that open the breaker. Default 5.').default(5),
        'failure-rate': z
          .string({ error: expecting('a percentage such as 50%') })
          .transform(parsedWith(parsePercent))
          .optional()
          .meta({
            description: 'Open instead when at least this share of the answers in the window failed, such as 50% (replaces failures).',
            pattern: '^ *([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *%$',
          }),
        window: duration('With failure-rate: the sliding window of answers, such as 10s. Default 10s.', { positive: true }).prefault('10s'),
        'min-calls': count(1, 'With failure-rate: answers the window needs before the rate counts. Default 10.').default(10),
        cooldown: duration("How long it stays open before letting probes through, such as 5s, on this node's clock. Default 5s.", {
          positive: true,
        }).prefault('5s'),
        probes: count(1, 'Calls let through while half-open; all must succeed to close it. Default 1.').default(1),
      },
      { expected: 'a map such as { failures: 5, cooldown: 5s }' },
    )
      .transform((v) => ({
        kind: 'circuit-breaker' as const,
        failures: v.failures,
        ...(v['failure-rate'] !== undefined && { failureRate: v['failure-rate'] }),
        windowMs: v.window,
        minCalls: v['min-calls'],
        cooldownMs: v.cooldown,
        probes: v.probes,
      }))
      .describe('Stops calling a failing downstream: while open, answers rejected at once; after the cooldown, probes decide.'),
  build: (s, c) => new CircuitBreaker(c.sim, c.path, s, c.next),
  report: { block: 'policies', lines: circuitBreakerLines },
});

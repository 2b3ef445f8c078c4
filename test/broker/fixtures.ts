/** The broker steps the broker tests build: a broker with one consumer and its defaults, each field overridable. */
import { constant } from '../helpers.js';
import type { ConsumersSpec } from '../../src/spec/scenario.js';
import type { BrokerStepSpec } from '../../src/scenario/spec.js';

export function consumers(over: Partial<ConsumersSpec> = {}): ConsumersSpec {
  return {
    service: 'work',
    count: 1,
    listeners: 1,
    dequeueLimit: 10,
    prefetch: 20,
    workers: 1,
    maxConcurrentWork: 1,
    blocking: false,
    latency: constant(1),
    waitMs: 20_000,
    nackDelayMs: 0,
    ...over,
  };
}

export function broker(over: Partial<BrokerStepSpec> = {}, c: Partial<ConsumersSpec> = {}): BrokerStepSpec {
  return { kind: 'broker', visibilityTimeoutMs: 30_000, retentionMs: 4 * 86_400_000, poison: 0, reply: 'accepted', consumers: consumers(c), ...over };
}

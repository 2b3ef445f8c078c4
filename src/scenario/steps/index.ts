/**
 * The step-kind registry: every kind of chain step, in the order the JSON Schema and messages list
 * them. A new kind is a module in this folder (see `step.ts`) and one line here; the scenario
 * schema, the JSON Schema, the checks, the builder and the text report pick it up from this list.
 */
import { balancer } from './balancer.js';
import { broker } from './broker.js';
import { cable } from './cable.js';
import { circuitBreaker } from './circuit-breaker.js';
import { concurrencyLimit } from './concurrency-limit.js';
import { delay } from './delay.js';
import { fanOut } from './fan-out.js';
import { faulty } from './faulty.js';
import { hedge } from './hedge.js';
import { lease } from './lease.js';
import { link } from './link.js';
import { processStep } from './process.js';
import { rateLimit } from './rate-limit.js';
import { retry } from './retry.js';
import { server } from './server.js';
import { service } from './service.js';
import type { StepSpecOf } from './step.js';
import { timeout } from './timeout.js';

export const STEPS = [
  cable,
  link,
  delay,
  server,
  faulty,
  retry,
  timeout,
  lease,
  hedge,
  circuitBreaker,
  rateLimit,
  concurrencyLimit,
  balancer,
  service,
  broker,
  fanOut,
  processStep,
] as const;

/** One step of a chain: the union of the registry's spec types, told apart by `kind`. */
export type StepSpec = StepSpecOf<typeof STEPS>;

/** The step kinds' names (their keys in a scenario file), in the registry's order. */
export const STEP_KINDS: readonly StepSpec['kind'][] = STEPS.map((s) => s.kind);

export type { BalancerStepSpec } from './balancer.js';
export type { BrokerStepSpec } from './broker.js';
export type { CableStepSpec } from './cable.js';
export type { CircuitBreakerStepSpec } from './circuit-breaker.js';
export type { ConcurrencyLimitStepSpec } from './concurrency-limit.js';
export type { DelayStepSpec } from './delay.js';
export type { FanOutStepSpec } from './fan-out.js';
export type { FaultyStepSpec } from './faulty.js';
export type { HedgeStepSpec } from './hedge.js';
export type { LeaseStepSpec } from './lease.js';
export type { LinkStepSpec } from './link.js';
export type { ProcessStepSpec } from './process.js';
export type { RateLimitStepSpec } from './rate-limit.js';
export type { RetryStepSpec } from './retry.js';
export type { ServerStepSpec } from './server.js';
export type { ServiceStepSpec } from './service.js';
export type { TimeoutStepSpec } from './timeout.js';

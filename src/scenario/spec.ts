/**
 * The plain data a scenario file becomes: `ScenarioSpec`, whose chains are lists of `StepSpec`,
 * the union of the step kinds in the registry (src/scenario/steps/). The rest of the vocabulary
 * (load, queues, faults, clocks, ...) is in src/spec/scenario.ts, below the model.
 */
import type { ScenarioSpecOf } from '../spec/scenario.js';
import type { StepSpec } from './steps/index.js';

export type {
  StepSpec,
  BalancerStepSpec,
  BrokerStepSpec,
  CableStepSpec,
  CircuitBreakerStepSpec,
  ConcurrencyLimitStepSpec,
  DelayStepSpec,
  FaultyStepSpec,
  HedgeStepSpec,
  LeaseStepSpec,
  LinkStepSpec,
  ProcessStepSpec,
  RateLimitStepSpec,
  RetryStepSpec,
  ServerStepSpec,
  ServiceStepSpec,
  TimeoutStepSpec,
} from './steps/index.js';

/** A chain of steps, read from the client towards the server; each step wraps the next. */
export type ChainSpec = StepSpec[];

/** A validated scenario: the plain data `build` turns into a simulation. */
export type ScenarioSpec = ScenarioSpecOf<StepSpec>;

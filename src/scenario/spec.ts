/**
 * A validated scenario: the plain data `build` turns into a simulation.
 *
 * These types are what the scenario schema (`schema.ts`) produces after parsing units and
 * distributions; `schema.ts` asserts at compile time that its output is assignable to them.
 * All durations are in milliseconds, all rates in requests per millisecond.
 */
import type { DistSpec } from '../engine/distributions.js';

export type { DistSpec };

/** How much of the run to leave out of the statistics at the start (warmup) or end (cooldown). */
export type WindowSpec =
  | { kind: 'requests'; count: number }
  | { kind: 'fraction'; fraction: number }
  | { kind: 'time'; ms: number };

export type ArrivalSpec =
  | { kind: 'poisson'; intervalMs: number }
  | { kind: 'constant'; intervalMs: number }
  | { kind: 'instant'; atMs: number };

/** Request keys (for consistent-hash and shuffle-shard): `count` keys, uniform or Zipf(s). */
export interface KeysSpec {
  count: number;
  zipf?: number;
}

export interface LoadSpec {
  arrivals: ArrivalSpec;
  keys?: KeysSpec;
  /** Exactly one of `requests` and `durationMs` is set. */
  requests?: number;
  durationMs?: number;
}

export const STRATEGIES = [
  'random',
  'round-robin',
  'least-conn',
  'one-conn',
  'two-choices',
  'best-of',
  'jsq',
  'least-requests',
  'weighted-random',
  'weighted-round-robin',
  'consistent-hash',
  'shuffle-shard',
] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const TIE_BREAKS = ['lowest-index', 'random'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

/**
 * What a balancer knows of its backends' load: its own outstanding calls (`own`), or the number of
 * calls inside each backend from every balancer (`backend`, the true queue length), possibly as a
 * snapshot refreshed every `refreshMs` or as it was `delayMs` ago.
 */
export interface InfoSpec {
  source: 'own' | 'backend';
  refreshMs?: number;
  delayMs?: number;
}

/** Strategies that read the backends' true load by default; the others count their own calls. */
export const BACKEND_INFO_STRATEGIES: readonly Strategy[] = ['two-choices', 'best-of', 'jsq'];

/**
 * Where a balancer's backends come from: a named (shared) pool or a private pool of a service.
 * `speeds` (one per backend, 1 = nominal) divide every service time of that backend: 0.5 is twice
 * as slow.
 */
export type BackendsSpec = { pool: string } | { service: string; count: number; speeds?: number[] };

export type StepSpec =
  | { kind: 'cable'; latency: DistSpec }
  | { kind: 'delay'; time: DistSpec }
  /** A server draws each call's service time, or (`tickMs`) completes its oldest calls on a fixed tick. */
  | { kind: 'server'; concurrency: number; service?: DistSpec; tickMs?: number }
  | { kind: 'faulty'; mtbfMs: number; mttrMs: number }
  | {
      kind: 'retry';
      attempts: number;
      /** The outcomes that are retried (default: error). */
      on: ('error' | 'timeout' | 'rejected')[];
      backoff?: { baseMs: number; maxMs: number; multiplier: number; jitter: 'none' | 'full' | 'equal' | 'decorrelated' };
      /** Retries at most this fraction of calls. */
      budget?: number;
    }
  | { kind: 'timeout'; afterMs: number }
  | {
      kind: 'balancer';
      strategy: Strategy;
      backends: BackendsSpec;
      tieBreak: TieBreak;
      errorHoldMs: number;
      info: InfoSpec;
      /** best-of, least-requests: how many backends to sample. */
      choices?: number;
      /** weighted-random, weighted-round-robin: one weight per backend (default: their speeds). */
      weights?: number[];
      /** consistent-hash: points per backend on the ring (default 100). */
      virtualNodes?: number;
      /** shuffle-shard: backends in each key's shard. */
      shardSize?: number;
    }
  /** The named service's chain continues here (it must be the last step of its chain). */
  | { kind: 'service'; name: string };

/** A chain of steps, read from the client towards the server; each step wraps the next. */
export type ChainSpec = StepSpec[];

export interface PoolSpec {
  service: string;
  count: number;
  speeds?: number[];
}

/**
 * What `lightcone compare` (or `sweep`) varies when the scenario says so: each axis is a `--set`
 * path and its values. A value list is given as written; a sweep axis may also be a numeric range
 * such as `2ms..1ms/8` (8 evenly spaced values from 2ms to 1ms), kept as text for the sweep to expand.
 */
export interface VaryAxis {
  path: string;
  values: string[] | { range: string };
}

export interface ExperimentSpec {
  vary: VaryAxis[];
  /** Replications per variant (default 10 for compare, 5 for sweep). */
  replications?: number;
}

/**
 * Scheduled faults (`faults:` in a scenario): each kind adds its spec here, keyed by its kind, with
 * `kind` set to that key (crash, pause, slow, partition, flaky, ...).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FaultSpecs {}
export type FaultSpec = FaultSpecs[keyof FaultSpecs];

export interface ScenarioSpec {
  name: string;
  description?: string;
  seed?: number;
  load: LoadSpec;
  warmup: WindowSpec;
  cooldown: WindowSpec;
  /** Round exponential draws to whole milliseconds (Timelike compatibility). */
  roundExponential: boolean;
  /** Keep every request's full path (node, time) in memory and in the report. */
  history: boolean;
  services: Record<string, ChainSpec>;
  pools: Record<string, PoolSpec>;
  topology: ChainSpec;
  /** Scheduled faults, in the order the file gives them. */
  faults: FaultSpec[];
  /** The default experiment of `lightcone compare`. */
  compare?: ExperimentSpec;
  /** The default experiment of `lightcone sweep`. */
  sweep?: ExperimentSpec;
}

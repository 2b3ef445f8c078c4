/**
 * The plain data of a validated scenario, which the model consumes: load, queues, balancers'
 * backends, brokers, faults, clocks, experiments; and the scenario itself over its step type.
 *
 * These types are what the scenario schema (src/scenario/schema/) produces after parsing units and
 * distributions; the schema asserts at compile time that its output is assignable to them. Each
 * step kind's own spec type is in its module (src/scenario/steps/), with the options of its
 * component. All durations are in milliseconds, all rates in requests per millisecond.
 */
import type { DistSpec } from '../engine/distributions.js';
import type { ClockSpec } from '../engine/clock.js';
import type { CheckSpec } from './checks.js';
import type { ProcessesSpec } from './process.js';

export type { DistSpec, ClockSpec };

/** How much of the run to leave out of the statistics at the start (warmup) or end (cooldown). */
export type WindowSpec =
  | { kind: 'requests'; count: number }
  | { kind: 'fraction'; fraction: number }
  | { kind: 'time'; ms: number };

/** One state of a Markov-modulated Poisson process: its rate, and the mean of its exponential stays. */
export interface MmppStateSpec {
  ratePerMs: number;
  meanStayMs: number;
}

/** How requests arrive (src/load/): an open-loop arrival process, or closed-loop users. */
export type ArrivalSpec =
  | { kind: 'poisson'; intervalMs: number }
  | { kind: 'constant'; intervalMs: number }
  | { kind: 'instant'; atMs: number }
  /** On and off periods alternate (starting on); arrivals with `intervalMs` run only during on periods. */
  | { kind: 'on-off'; on: DistSpec; off: DistSpec; intervalMs: number; arrivals: 'poisson' | 'constant' }
  /** Poisson arrivals whose rate is that of the current state; `transitions` (rows sum to 1), else uniform among the others. */
  | { kind: 'mmpp'; states: MmppStateSpec[]; transitions?: number[][] }
  /** The rate goes linearly from `fromPerMs` to `toPerMs` over `overMs`, then stays. */
  | { kind: 'ramp'; fromPerMs: number; toPerMs: number; overMs: number }
  /** mean x (1 + amplitude x cos(2 pi (t - peak) / period)). */
  | { kind: 'daily'; meanPerMs: number; amplitude: number; periodMs: number; peakMs: number }
  /** Arrival times (and optionally service times) read from a CSV file when the scenario is loaded. */
  | { kind: 'replay'; file: string; timesMs: number[]; serviceMs?: number[] }
  /** Closed loop: `users` users, each thinking for a `think` time between an answer and its next request. */
  | { kind: 'closed'; users: number; think: DistSpec };

/** Request keys (for consistent-hash and shuffle-shard): `count` keys, uniform or Zipf(s). */
export interface KeysSpec {
  count: number;
  zipf?: number;
}

export interface LoadSpec {
  arrivals: ArrivalSpec;
  keys?: KeysSpec;
  /** Priority classes: the share of requests in class 0 (the highest), 1, ...; they sum to 1. Default: all class 0. */
  priorities?: number[];
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

export const QUEUE_OVERFLOWS = ['drop-tail', 'drop-head', 'reject', 'block'] as const;
export type QueueOverflow = (typeof QUEUE_OVERFLOWS)[number];
export const QUEUE_DISCIPLINES = ['fifo', 'lifo', 'priority', 'codel'] as const;
export type QueueDiscipline = (typeof QUEUE_DISCIPLINES)[number];

/**
 * A server's queue (`server: { queue: ... }`): at most `capacity` waiting calls (not counting the
 * calls in service; unbounded when absent), what happens to a call that finds it full, the order
 * calls are served in, and the longest a call may wait before it is dropped instead of served.
 */
export interface QueueSpec {
  capacity?: number;
  overflow: QueueOverflow;
  discipline: QueueDiscipline;
  /** With discipline codel. */
  codel?: { targetMs: number; intervalMs: number };
  deadlineMs?: number;
}

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
 * as slow. `slow` says the same of the last `count` backends, `factor` times slower, without a list
 * as long as the pool.
 */
export type BackendsSpec = { pool: string } | { service: string; count: number; speeds?: number[]; slow?: SlowMembers };

/** The last `count` members of a pool are `factor` times slower. */
export interface SlowMembers {
  count: number;
  factor: number;
}

/**
 * A `broker` step: an SQS-like queue with at-least-once delivery. Each call that reaches it sends
 * one message; its consumers pull the messages on their own (Squeedo's knobs).
 */
export interface BrokerSpec {
  /** A received message stays invisible this long unless acked (broker's clock). */
  visibilityTimeoutMs: number;
  /** After this many receives without an ack a message goes to the dead-letter queue; undefined: never. */
  maxReceives?: number;
  /** Messages older than this are deleted unprocessed (broker's clock). */
  retentionMs: number;
  /** Fraction of messages (0..1) that fail whatever their work answers. */
  poison: number;
  /** When the producer's send is answered: once accepted, or once the message is processed (or dead-lettered). */
  reply: 'accepted' | 'processed';
  consumers: ConsumersSpec;
}

/** A broker's consumers: `count` of them, each with its own listeners, buffer, workers and chain. */
export interface ConsumersSpec {
  /** The service each consumer runs on a message; its answer decides ack (ok) or nack. */
  service: string;
  count: number;
  listeners: number;
  /** The most messages one receive returns. */
  dequeueLimit: number;
  /** The prefetch buffer's size (messages received and not yet taken by a worker, or asked for). */
  prefetch: number;
  workers: number;
  maxConcurrentWork: number;
  /** Whether a worker waits for the chain's answer (synchronous I/O). */
  blocking: boolean;
  /** Time a worker spends on each message before the chain. */
  compute?: DistSpec;
  /** One-way time between a consumer and the broker: shorthand for a `brokerLink` with this latency and nothing else. */
  latency: DistSpec;
  /** The network link between each consumer and the broker (the `link` step's options); it replaces `latency`. */
  brokerLink?: BrokerLinkSpec;
  /** How long a listener waits, on its consumer's clock, for the answer to a receive before it polls again. Default: `waitMs` + 10 s. */
  receiveTimeoutMs?: number;
  /** How long a receive waits at the broker for a message (long polling). */
  waitMs: number;
  /** A nacked message becomes visible again after this long. */
  nackDelayMs: number;
}

/**
 * What a link says (a `link` step, a lease's `grantor-link`, a broker's consumers' `broker-link`):
 * latency each way, loss and duplication probabilities per one-way message, forced reordering, and
 * optional bandwidth with message sizes in bytes.
 */
export interface LinkOptions {
  latency: DistSpec;
  loss: number;
  duplicate: number;
  reorder?: { probability: number; extra: DistSpec };
  bandwidthBytesPerMs?: number;
  /** A request's size (a broker's consumers: a receive, an ack or a nack), bytes. */
  requestBytes: number;
  /** A response's size (a broker's consumers: one message of a receive's answer; an empty answer counts as one), bytes. */
  responseBytes: number;
}

/** A consumer's link to its broker: a link's options. */
export type BrokerLinkSpec = LinkOptions;

export interface PoolSpec {
  service: string;
  count: number;
  speeds?: number[];
  slow?: SlowMembers;
}

/**
 * What `lightcone compare` (or `sweep`) varies when the scenario says so: each axis is a `--set`
 * path and its values. A value list is given as written; a sweep axis may also be a numeric range
 * such as `2ms..1ms/8` (8 evenly spaced values from 2ms to 1ms), kept as text for the sweep to expand.
 */
export interface VaryAxis {
  path: string;
  values: string[] | { range: string };
  /**
   * compare: the name each value goes by in tables, charts and the verdict (`{ name: none, value: "{ after: 1h }" }`),
   * or undefined for a value named by its own text. Absent when no value of the axis has a name.
   */
  names?: (string | undefined)[];
}

/** The figures of a replication a comparison can weigh (`compare --metric`, `verdict: { metric }`). */
export const EXPERIMENT_METRICS = ['p50', 'p90', 'p99', 'p999', 'mean', 'success', 'throughput'] as const;

export interface ExperimentSpec {
  vary: VaryAxis[];
  /** Replications per variant (default 10 for compare, 5 for sweep). */
  replications?: number;
  /** compare: the metrics the verdict weighs, the first ranking the variants (`verdict: { metric: [p99, success] }`). */
  verdict?: { metrics: (typeof EXPERIMENT_METRICS)[number][] };
}

/**
 * Scheduled faults (`faults:` in a scenario): each kind adds its spec here, keyed by its kind, with
 * `kind` set to that key (crash, pause, slow, partition, flaky, ...).
 */
export interface FaultSpecs {
  /**
   * Loses every message crossing a link between a node of group A (`between[0]`) and one of group B
   * (`between[1]`) in the cut direction, from `atMs` until `healMs` (never, if absent).
   */
  partition:
    | { kind: 'partition'; between: [string[], string[]]; atMs: number; healMs?: number; direction: 'both' | 'a-to-b' | 'b-to-a' }
    /**
     * Random partitions of process addresses: the first at `atMs` (default: after one draw of
     * `every`), one every `every` (start to start), each lasting a draw of `for`; each time the
     * seed splits the addresses `among` names as `split` says.
     */
    | { kind: 'partition'; among: string[]; split: 'halves' | 'one' | 'majorities-ring'; atMs?: number; every: DistSpec; for: DistSpec; direction: 'both' | 'a-to-b' | 'b-to-a' };
  /** The links matching `target` lose a further `loss` of their messages from `atMs` for `forMs`. */
  flaky: { kind: 'flaky'; target: string; atMs: number; forMs: number; loss: number };
  /**
   * The servers matching `target` crash (losing every call in them and every call that arrives
   * while they are down) at `atMs`, restarting empty `restartAfterMs` later (never, if absent); or
   * at random, up Exp(mtbf) and down Exp(mttr) in turn, starting up.
   */
  crash:
    | { kind: 'crash'; target: string; atMs: number; restartAfterMs?: number }
    | { kind: 'crash'; target: string; mtbfMs: number; mttrMs: number };
  /**
   * Stop-the-world pauses of the servers matching `target`: one at `atMs`, or one every `every`
   * (start to start; the first at `atMs`, else after one draw of `every`), each lasting a draw of
   * `for`.
   */
  pause: { kind: 'pause'; target: string; atMs?: number; every?: DistSpec; for: DistSpec };
  /** Service times of the calls that start in [atMs, atMs + forMs) are multiplied by `factor`. */
  slow: { kind: 'slow'; target: string; atMs: number; forMs?: number; factor: number };
}
export type FaultSpec = FaultSpecs[keyof FaultSpecs];

/**
 * A validated scenario, over the type of its steps. The steps are the step-kind registry's
 * (src/scenario/steps/): `ScenarioSpec` (src/scenario/spec.ts) is this over their union.
 */
export interface ScenarioSpecOf<Step> {
  name: string;
  description?: string;
  seed?: number;
  load: LoadSpec;
  warmup: WindowSpec;
  cooldown: WindowSpec;
  /** The Apdex threshold T (ms): the summary gains an Apdex score. */
  apdexMs?: number;
  /** Round exponential draws to whole milliseconds (Timelike compatibility). */
  roundExponential: boolean;
  /** Keep every request's full path (node, time) in memory and in the report. */
  history: boolean;
  /** Named chains of steps, each read from the client towards the server. */
  services: Record<string, Step[]>;
  pools: Record<string, PoolSpec>;
  /** The chain every request enters. */
  topology: Step[];
  /** Scheduled faults, in the order the file gives them. */
  faults: FaultSpec[];
  /** Local clocks (offset, drift, steps) by node pattern; the last matching entry wins. Default: none. */
  clocks?: ClockSpec[];
  /** The default experiment of `lightcone compare`. */
  compare?: ExperimentSpec;
  /** The default experiment of `lightcone sweep`. */
  sweep?: ExperimentSpec;
  /** Properties the run must have, over its figures (`checks:`); a failed one is a RunFailure of kind 'check'. */
  checks?: CheckSpec[];
  /**
   * The processes (`program:`, `processes:`, `network:`, `workload:`, `until:`), see process/. A
   * scenario with processes and no chain has `topology: []` and a `load` of no requests.
   */
  processes?: ProcessesSpec;
}

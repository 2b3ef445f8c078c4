/**
 * The run summary: the one JSON document `lightcone run --json` prints and `summary.json` holds.
 * Its field names are a public interface: scripts depend on them. It contains nothing measured by the
 * wall clock, so the same scenario and seed give the same bytes.
 */
import type { NodeSummary } from '../clocks/figures.js';
import type { LatencySummary } from '../stats/percentiles.js';
import type { OutcomeCounts } from './recorder.js';
import type { ApdexSummary } from '../stats/apdex.js';
import type { ServerLoad } from './capacity.js';
import type { RunFailure } from './failure.js';
import type { CheckResult } from './checks.js';
import type { ProcessSummary } from './process-failures.js';

export interface Stamp {
  tool: string;
  version: string;
  seed: number;
  scenario: string;
  file: string;
  scenarioHash: string;
  overrides: string[];
  /** The random generator behind every stream. */
  generator: string;
  /** The Node.js version that ran it. */
  node: string;
}

export interface Summary {
  stamp: Stamp;
  /** `total` = every request issued; `measured` = those that arrived in the measured window. */
  requests: OutcomeCounts & { measured: OutcomeCounts; inFlight: number };
  /** Fraction of measured requests that succeeded. */
  success: number;
  /** Latency of every measured request, whatever its outcome (as Timelike's pstats). */
  latency: LatencySummary;
  /** Latency of the measured requests that succeeded. */
  latencyOk: LatencySummary;
  /** With the scenario's `apdex: T`: (satisfied + tolerating / 2) / measured (see apdex.ts). */
  apdex?: ApdexSummary;
  /**
   * Per second: measured requests over the span of their arrivals; their responses (whatever the
   * outcome) over the span of their completions; goodput, the ok responses over the same span.
   */
  throughput: { requestRate: number; responseRate: number; goodput: number };
  /**
   * Of the measured requests: the fraction that waited in some queue and the mean time spent
   * waiting; and the time-average number of requests in the system over the whole run.
   */
  queueing: { waitedFraction: number; meanWaitMs: number; meanInSystem: number };
  run: { simulatedMs: number; events: number };
  nodes: NodeSummary[];
  /**
   * Each group of servers: the calls per second offered to it and the calls per second it can
   * serve, from the scenario before the run (absent when the load has no mean rate: closed loop).
   */
  capacity?: ServerLoad[];
  /** A swarm scenario's picks: every range's value for this seed, by path (`faults[0].pause.for`: `812.5ms`); absent when none. */
  swarm?: Record<string, number | string>;
  /** What the run could not be trusted for: overloaded servers, a latency still climbing (absent when none). */
  warnings?: string[];
  /** Every `checks:` entry of the scenario with its verdict and the figure reached, in the order written; absent when none. */
  checks?: CheckResult[];
  /** A scenario with processes: their events, messages, timers and client operations. */
  processes?: ProcessSummary;
  /** The properties the run broke (`checks:`, invariants, history checkers), in the order found; absent when none. */
  failures?: RunFailure[];
}

/** Stable JSON: fixed key order (insertion order of the objects above), two-space indent, newline. */
export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

/**
 * Time series of one run, for charts: latency percentiles per window of simulated time (by arrival
 * time), queue length of every server sampled on a fixed grid, and each balancer's per-backend
 * request counts. Collected only when asked for (`simulate(..., { series: true })`).
 */
export interface LatencyWindow {
  /** Start of the window (ms of simulated time). */
  t: number;
  /** Requests that arrived in the window. */
  count: number;
  p50: number;
  p99: number;
}

export interface RunSeries {
  windowMs: number;
  latency: LatencyWindow[];
  /** Number of calls in each server (waiting or in service), sampled every `windowMs`. */
  queues: { ids: string[]; t: number[]; depth: number[][] };
  /** Per-backend calls sent by each balancer (from its node stats). */
  shares: { balancer: string; sent: number[] }[];
  /**
   * Clock error (local minus true time, ms) of every node whose clock is not perfect, sampled on the
   * same grid as `queues`: `error[k][i]` is node `ids[i]` at time `t[k]`. Absent when every clock is perfect.
   */
  clocks?: { ids: string[]; t: number[]; error: number[][] };
  /**
   * Every fault window of the run (a node crashed, paused, slowed...), in the order they began, for
   * charts to mark; a window still open at the end of the run ends there. Absent when there were none.
   */
  faults?: { node: string; kind: string; start: number; end: number }[];
}

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
}

/**
 * Collects a run's time series (see series.ts) while it runs: the latency distribution of the
 * requests that arrived in each window of simulated time, and every server's number of calls
 * (waiting or in service) sampled on a fixed grid. Sampling reads state and changes nothing, so a run
 * with series gives the same results as one without.
 *
 * Memory is bounded whatever the length of the run: each window keeps its latencies exactly up to
 * `WINDOW_EXACT` of them (the percentiles are then exact, as before), and past that an HDR histogram
 * (3 significant digits, within 0.1%, like the run's own percentiles); there are at most
 * `MAX_WINDOWS` windows (past that, neighbours merge and the window doubles, as the queue samples do).
 */
import type { EventTarget } from '../engine/scheduler.js';
import type { Simulation } from '../engine/simulation.js';
import type { Request } from '../engine/request.js';
import { skewedClocks } from '../clocks/figures.js';
import type { LoadSpec } from '../spec/scenario.js';
import type { NodeStats } from '../engine/node.js';
import type { RunSeries, LatencyWindow } from './series.js';
import { LatencyDistribution } from '../stats/percentiles.js';
import { meanIntervalMs } from '../load/arrivals.js';

/** Windows over the expected length of the load. */
const WINDOWS = 100;
/** At most this many queue samples; past it, every other one is dropped and the grid doubles. */
const MAX_SAMPLES = 400;
/** Latencies kept exactly per window (8 bytes each); a window with more goes into an HDR histogram. */
export const WINDOW_EXACT = 20_000;
/**
 * At most this many latency windows (a load longer than expected, or one whose length is not known
 * in advance); past it, each pair of neighbours merges into one window twice as long.
 */
export const MAX_WINDOWS = 200;

export interface DepthProbe {
  readonly id: string;
  /** Calls in the node now, waiting or in service. */
  depth(): number;
}

export class SeriesRecorder implements EventTarget {
  private sampleEveryMs: number;
  /** The latency windows' length: as first chosen, doubled each time the windows are merged in pairs. */
  private windowMs: number;
  /** The latencies of the requests that arrived in each window, by window number (created as needed). */
  private windows: (LatencyDistribution | undefined)[] = [];
  private readonly sampleTimes: number[] = [];
  private readonly samples: number[][] = [];
  /** Nodes with a skewed clock, and their error at each sample time. */
  private readonly clocks: { id: string; clock: { now(): number } }[];
  private readonly clockSamples: number[][] = [];
  /** Sampling events fired (not part of the run's own event count). */
  fired = 0;

  constructor(
    private readonly sim: Simulation,
    load: LoadSpec,
    private readonly probes: DepthProbe[],
  ) {
    const interval = meanIntervalMs(load.arrivals);
    const expected = load.durationMs ?? (load.requests ?? 0) * interval;
    this.windowMs = expected > 0 ? expected / WINDOWS : 1;
    this.sampleEveryMs = this.windowMs;
    this.clocks = skewedClocks(sim);
  }

  start(): void {
    this.sim.sched.at(0, this, 0, undefined, true);
  }

  fire(): void {
    this.fired++;
    this.sampleTimes.push(this.sim.sched.now);
    this.samples.push(this.probes.map((p) => p.depth()));
    if (this.clocks.length > 0) this.clockSamples.push(this.clocks.map((c) => c.clock.now() - this.sim.sched.now));
    if (this.samples.length >= MAX_SAMPLES) {
      for (let i = 0; i < MAX_SAMPLES / 2; i++) {
        this.sampleTimes[i] = this.sampleTimes[2 * i];
        this.samples[i] = this.samples[2 * i];
        if (this.clocks.length > 0) this.clockSamples[i] = this.clockSamples[2 * i];
      }
      if (this.clocks.length > 0) this.clockSamples.length = MAX_SAMPLES / 2;
      this.sampleTimes.length = MAX_SAMPLES / 2;
      this.samples.length = MAX_SAMPLES / 2;
      this.sampleEveryMs *= 2;
    }
    this.sim.sched.after(this.sampleEveryMs, this, 0, undefined, true);
  }

  readonly record = (req: Request): void => {
    let w = Math.floor(req.arrival / this.windowMs);
    while (w >= MAX_WINDOWS) {
      this.coarsen();
      w = Math.floor(req.arrival / this.windowMs);
    }
    let d = this.windows[w];
    if (d === undefined) {
      while (this.windows.length < w) this.windows.push(undefined);
      d = new LatencyDistribution(WINDOW_EXACT);
      this.windows[w] = d;
    }
    d.record(req.end - req.arrival);
  };

  /** Doubles the window: windows 2k and 2k+1 become window k. */
  private coarsen(): void {
    const merged: (LatencyDistribution | undefined)[] = [];
    for (let k = 0; 2 * k < this.windows.length; k++) {
      const a = this.windows[2 * k];
      const b = this.windows[2 * k + 1];
      if (a !== undefined && b !== undefined) {
        a.absorb(b);
        b.destroy();
      }
      merged.push(a ?? b);
    }
    this.windows = merged;
    this.windowMs *= 2;
  }

  series(nodes: NodeStats[]): RunSeries {
    const latency: LatencyWindow[] = [];
    this.windows.forEach((d, w) => {
      if (d === undefined) return;
      latency.push({ t: w * this.windowMs, count: d.count, p50: d.percentile(50), p99: d.percentile(99) });
      d.destroy();
    });
    this.windows = [];
    return {
      windowMs: this.windowMs,
      latency,
      queues: { ids: this.probes.map((p) => p.id), t: [...this.sampleTimes], depth: this.samples.map((s) => [...s]) },
      shares: nodes
        .filter((n) => n.kind === 'balancer' && Array.isArray(n.extra?.sent))
        .map((n) => ({ balancer: n.id, sent: [...(n.extra?.sent as number[])] })),
      ...(this.clocks.length > 0 && {
        clocks: { ids: this.clocks.map((c) => c.id), t: [...this.sampleTimes], error: this.clockSamples.map((s) => [...s]) },
      }),
    };
  }
}

/**
 * Collects a run's time series (see series.ts) while it runs: every request's arrival and latency,
 * and every server's number of calls (waiting or in service) sampled on a fixed grid. Sampling
 * reads state and changes nothing, so a run with series gives the same results as one without.
 * It keeps two numbers per request: meant for runs of up to a few million requests.
 */
import type { EventTarget } from '../engine/scheduler.js';
import type { Simulation } from '../engine/simulation.js';
import type { Request } from '../engine/request.js';
import { skewedClocks } from '../clocks/figures.js';
import type { LoadSpec } from '../spec/scenario.js';
import type { NodeStats } from '../engine/node.js';
import type { RunSeries, LatencyWindow } from './series.js';
import { quantileOfSorted } from '../stats/percentiles.js';
import { meanIntervalMs } from '../load/arrivals.js';

/** Windows over the expected length of the load. */
const WINDOWS = 100;
/** At most this many queue samples; past it, every other one is dropped and the grid doubles. */
const MAX_SAMPLES = 400;

export interface DepthProbe {
  readonly id: string;
  /** Calls in the node now, waiting or in service. */
  depth(): number;
}

export class SeriesRecorder implements EventTarget {
  readonly windowMs: number;
  private sampleEveryMs: number;
  private arrivals = new Float64Array(1024);
  private latencies = new Float64Array(1024);
  private count = 0;
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
    if (this.count === this.arrivals.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.arrivals = grow(this.arrivals);
      this.latencies = grow(this.latencies);
    }
    this.arrivals[this.count] = req.arrival;
    this.latencies[this.count] = req.end - req.arrival;
    this.count++;
  };

  series(nodes: NodeStats[]): RunSeries {
    const windows = new Map<number, number[]>();
    for (let i = 0; i < this.count; i++) {
      const w = Math.floor(this.arrivals[i] / this.windowMs);
      const list = windows.get(w);
      if (list) list.push(this.latencies[i]);
      else windows.set(w, [this.latencies[i]]);
    }
    const latency: LatencyWindow[] = [...windows.keys()]
      .sort((a, b) => a - b)
      .map((w) => {
        const values = Float64Array.from(windows.get(w) as number[]).sort();
        return { t: w * this.windowMs, count: values.length, p50: quantileOfSorted(values, 0.5), p99: quantileOfSorted(values, 0.99) };
      });
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

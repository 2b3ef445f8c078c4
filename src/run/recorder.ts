/**
 * The recorder receives every finished request exactly once and keeps the run's accounting:
 * counts by outcome for all requests and for the measured ones, the latency distribution and the
 * rates of the measured ones. Other consumers (the per-request CSV, history) subscribe to it.
 */
import { OK, OUTCOMES, type OutcomeName } from '../engine/request.js';
import type { ClientRequest } from '../load/request.js';
import type { RequestSink } from '../load/client.js';
import { LatencyDistribution } from '../stats/percentiles.js';

export type OutcomeCounts = { total: number } & Record<OutcomeName, number>;

const zeroCounts = (): OutcomeCounts => Object.assign({ total: 0 }, Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<OutcomeName, number>);

export class Recorder implements RequestSink {
  readonly all = zeroCounts();
  readonly measured = zeroCounts();
  readonly latency: LatencyDistribution;
  /**
   * Latency of the measured requests that succeeded: the same object as `latency` until the first
   * measured error, then a copy that only ok requests go on into (one histogram write per request
   * in the common case).
   */
  latencyOk: LatencyDistribution;
  firstArrival = Infinity;
  lastArrival = -Infinity;
  firstEnd = Infinity;
  lastEnd = -Infinity;
  waited = 0;
  totalWaitMs = 0;
  private readonly listeners: ((req: ClientRequest) => void)[] = [];

  constructor(exactLimit?: number) {
    this.latency = new LatencyDistribution(exactLimit);
    this.latencyOk = this.latency;
  }

  /** Calls `listener` with every finished request (measured or not), in completion order. */
  subscribe(listener: (req: ClientRequest) => void): void {
    this.listeners.push(listener);
  }

  /** Frees the histograms' memory once the summary is made. */
  destroy(): void {
    if (this.latencyOk !== this.latency) this.latencyOk.destroy();
    this.latency.destroy();
  }

  record(req: ClientRequest): void {
    const name = OUTCOMES[req.outcome];
    this.all.total++;
    this.all[name]++;
    if (req.measured) {
      this.measured.total++;
      this.measured[name]++;
      const ms = req.end - req.arrival;
      if (req.outcome !== OK && this.latencyOk === this.latency) this.latencyOk = this.latency.clone();
      this.latency.record(ms);
      if (req.outcome === OK && this.latencyOk !== this.latency) this.latencyOk.record(ms);
      if (req.arrival < this.firstArrival) this.firstArrival = req.arrival;
      if (req.arrival > this.lastArrival) this.lastArrival = req.arrival;
      if (req.end < this.firstEnd) this.firstEnd = req.end;
      if (req.end > this.lastEnd) this.lastEnd = req.end;
      if (req.queued > 0) this.waited++;
      this.totalWaitMs += req.waitedMs;
    }
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i](req);
  }
}

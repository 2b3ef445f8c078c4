/**
 * Is the latency still climbing at the end of the run? A least-squares line through the measured
 * requests' latencies against their arrival times, kept in O(1) memory (five running sums). In a
 * steady state the line is flat; in a system that cannot keep up, queues grow for as long as the run
 * lasts and so does the latency, so the percentiles depend only on how long it ran.
 *
 * The verdict is deliberately coarse, to stay quiet on noisy steady states: climbing means that the
 * line rises, over the measured window, by more than half the mean latency, and by more than 5
 * standard errors of its slope. (Latencies in a queue are correlated, so the standard error is
 * optimistic; the rise of half the mean is what keeps the test honest.)
 */
export interface LatencyTrend {
  /** The line's rise over the measured window (ms). */
  riseMs: number;
  /** The rise as a fraction of the mean latency. */
  relativeRise: number;
  /** Whether the latency was still climbing: no steady state. */
  climbing: boolean;
}

export class TrendRecorder {
  private n = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  private syy = 0;
  private minX = Infinity;
  private maxX = -Infinity;
  /** Arrival times are shifted by the first one, for precision. */
  private x0 = NaN;

  /** One measured request: when it arrived and how long it took (ms). */
  record(arrivalMs: number, latencyMs: number): void {
    if (Number.isNaN(this.x0)) this.x0 = arrivalMs;
    const x = arrivalMs - this.x0;
    this.n++;
    this.sx += x;
    this.sy += latencyMs;
    this.sxx += x * x;
    this.sxy += x * latencyMs;
    this.syy += latencyMs * latencyMs;
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
  }

  trend(): LatencyTrend | null {
    const n = this.n;
    if (n < 100) return null;
    const sxx = this.sxx - (this.sx * this.sx) / n;
    if (!(sxx > 0)) return null;
    const sxy = this.sxy - (this.sx * this.sy) / n;
    const syy = this.syy - (this.sy * this.sy) / n;
    const slope = sxy / sxx;
    const mean = this.sy / n;
    const residual = Math.max(0, syy - slope * sxy) / (n - 2);
    const se = Math.sqrt(residual / sxx);
    const riseMs = slope * (this.maxX - this.minX);
    const relativeRise = mean > 0 ? riseMs / mean : 0;
    return { riseMs, relativeRise, climbing: relativeRise > 0.5 && slope > 5 * se };
  }
}

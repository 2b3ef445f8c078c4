/**
 * The measured window: which requests count in the statistics. `warmup` and `cooldown` leave out
 * the ramp-up and the drain, by request count, by fraction of the run, or by time. A request counts
 * if it *arrived* in the window; the run goes on until every request has finished, so slow requests
 * are never cut off (that would bias every percentile low).
 */
import type { LoadSpec, WindowSpec } from '../spec/scenario.js';

export class WindowError extends Error {}

export class MeasuredWindow {
  private readonly firstIndex: number;
  private readonly endIndex: number;
  private readonly fromMs: number;
  private readonly toMs: number;

  constructor(load: LoadSpec, warmup: WindowSpec, cooldown: WindowSpec) {
    const n = load.requests;
    const d = load.durationMs;
    this.firstIndex = 0;
    this.endIndex = Infinity;
    this.fromMs = -Infinity;
    this.toMs = Infinity;
    switch (warmup.kind) {
      case 'requests':
        this.firstIndex = warmup.count;
        break;
      case 'fraction':
        if (n !== undefined) this.firstIndex = Math.round(n * warmup.fraction);
        else this.fromMs = (d as number) * warmup.fraction;
        break;
      case 'time':
        this.fromMs = warmup.ms;
        break;
    }
    switch (cooldown.kind) {
      case 'requests':
        if (cooldown.count === 0) break;
        if (n === undefined) throw new WindowError('cooldown as a number of requests needs load.requests; use a time or a fraction with load.duration');
        this.endIndex = n - cooldown.count;
        break;
      case 'fraction':
        if (n !== undefined) this.endIndex = n - Math.round(n * cooldown.fraction);
        else this.toMs = (d as number) * (1 - cooldown.fraction);
        break;
      case 'time':
        if (d === undefined) throw new WindowError('cooldown as a time needs load.duration; use a number of requests or a fraction with load.requests');
        this.toMs = d - cooldown.ms;
        break;
    }
  }

  /** Does request number `index` (0-based), arriving at `arrival`, count? */
  includes(index: number, arrival: number): boolean {
    return index >= this.firstIndex && index < this.endIndex && arrival >= this.fromMs && arrival < this.toMs;
  }
}

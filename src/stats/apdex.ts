/**
 * Apdex (Application Performance Index) for a threshold T: of the measured requests, those ok within
 * T are satisfied, those ok within 4T tolerating, and every other one (slower, or ended as error,
 * timeout, dropped or rejected) frustrated; the score is (satisfied + tolerating / 2) / measured,
 * from 0 (all frustrated) to 1 (all satisfied). Latency is the request's, in true time.
 */
import { OK, type Request } from '../engine/request.js';

export interface ApdexSummary {
  /** T, in ms. */
  threshold: number;
  score: number;
}

export class Apdex {
  private satisfied = 0;
  private tolerating = 0;
  private measured = 0;

  constructor(readonly thresholdMs: number) {}

  /** Give it every finished request (a recorder listener); unmeasured ones are skipped. */
  readonly record = (req: Request): void => {
    if (!req.measured) return;
    this.measured++;
    if (req.outcome !== OK) return;
    const ms = req.end - req.arrival;
    if (ms <= this.thresholdMs) this.satisfied++;
    else if (ms <= 4 * this.thresholdMs) this.tolerating++;
  };

  summary(): ApdexSummary {
    return {
      threshold: this.thresholdMs,
      score: this.measured > 0 ? (this.satisfied + this.tolerating / 2) / this.measured : NaN,
    };
  }
}

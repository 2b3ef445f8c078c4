/**
 * `on-off`: bursts. On and off periods alternate, starting with an on period at time 0; their
 * lengths are fixed (`on: 1s`) or drawn (`on: exp(1s)`) from the sub-stream `load/on-off`, in the
 * order on, off, on, off, ... During on periods requests arrive as a Poisson process (or evenly
 * spaced, `arrivals: constant`) with the given interval; during off periods none arrive.
 *
 * The arrivals run on a clock that ticks only during on periods ("on time"): the first request at
 * on time 0, the next one gap later, and so on. A gap that reaches past the end of an on period
 * continues in the next one. For Poisson arrivals that is exactly a Poisson process switched on and
 * off (it is memoryless); for constant arrivals with an on period that is a multiple of the
 * interval, every on period starts with a request and holds on/interval of them.
 *
 * Long-run rate: (1/interval) x mean(on) / (mean(on) + mean(off)).
 */
import type { ArrivalSpec } from '../spec/scenario.js';
import type { Rng } from '../engine/rng.js';
import type { Sampler } from '../engine/distributions.js';
import type { ArrivalProcess } from './arrivals.js';

type OnOffSpec = Extract<ArrivalSpec, { kind: 'on-off' }>;

export class OnOff implements ArrivalProcess {
  readonly serviceMs = null;
  private readonly intervalMs: number;
  private readonly poisson: boolean;
  /** On time elapsed at the last arrival. */
  private u = 0;
  /** Arrivals so far (constant arrivals sit at on time k x interval, without accumulating error). */
  private k = 0;
  /** The current on period: its start (true time), its length, and the on time at its start. */
  private periodStart = 0;
  private periodLength = 0;
  private onTimeAtStart = 0;

  constructor(
    spec: OnOffSpec,
    private readonly rng: Rng,
    private readonly periods: Rng,
    private readonly on: Sampler,
    private readonly off: Sampler,
  ) {
    this.intervalMs = spec.intervalMs;
    this.poisson = spec.arrivals === 'poisson';
  }

  first(): number {
    this.periodLength = this.on(this.periods);
    return this.at(0);
  }

  next(): number {
    if (this.poisson) {
      this.u += -this.intervalMs * Math.log(1 - this.rng());
    } else {
      this.k++;
      this.u = this.k * this.intervalMs;
    }
    return this.at(this.u);
  }

  /** The true time of on time `u`, moving through the periods as far as needed. */
  private at(u: number): number {
    while (u >= this.onTimeAtStart + this.periodLength) {
      this.periodStart += this.periodLength + this.off(this.periods);
      this.onTimeAtStart += this.periodLength;
      this.periodLength = this.on(this.periods);
    }
    return this.periodStart + (u - this.onTimeAtStart);
  }
}

/**
 * `mmpp`: a Markov-modulated Poisson process. The load is in one of its states at a time, starting
 * in the first one listed at time 0; in state i requests arrive as a Poisson process with rate
 * `rate_i` (0 is allowed: a silent state). The load stays in state i for an exponential time with
 * mean `mean-stay_i`, then moves to another state: uniformly among the others, or by row i of
 * `transitions` (the probability of moving to each state; the diagonal is 0, each row sums to 1).
 * Stays and moves are drawn from the sub-stream `load/mmpp`; gaps from `load`.
 *
 * At a change of state the Poisson process of the new state starts afresh, which is exact: it is
 * memoryless. The long-run rate is sum_i rate_i x share_i, where share_i, the long-run share of time
 * in state i, is proportional to v_i x mean-stay_i, v being the stationary distribution of the
 * moves (uniform when moves are uniform among the others, so shares are proportional to mean stays).
 */
import type { ArrivalSpec } from '../spec/scenario.js';
import type { Rng } from '../engine/rng.js';
import type { ArrivalProcess } from './arrivals.js';

type MmppSpec = Extract<ArrivalSpec, { kind: 'mmpp' }>;

export class Mmpp implements ArrivalProcess {
  readonly serviceMs = null;
  private readonly rates: Float64Array;
  private readonly stays: Float64Array;
  /** Cumulative rows of the transition matrix, or null: uniform among the others. */
  private readonly cumulative: Float64Array[] | null;
  private state = 0;
  private stayEnd = 0;

  constructor(
    spec: MmppSpec,
    private readonly rng: Rng,
    private readonly moves: Rng,
  ) {
    this.rates = Float64Array.from(spec.states, (s) => s.ratePerMs);
    this.stays = Float64Array.from(spec.states, (s) => s.meanStayMs);
    this.cumulative =
      spec.transitions === undefined
        ? null
        : spec.transitions.map((row) => {
            let sum = 0;
            return Float64Array.from(row, (p) => (sum += p));
          });
  }

  /** The state the load is in (for tests). */
  get current(): number {
    return this.state;
  }

  first(): number {
    this.state = 0;
    this.stayEnd = this.stay(0, 0);
    return this.next(0);
  }

  next(now: number): number {
    let t = now;
    for (;;) {
      const rate = this.rates[this.state];
      if (rate > 0) {
        const at = t + -Math.log(1 - this.rng()) / rate;
        if (at < this.stayEnd) return at;
      }
      t = this.stayEnd;
      this.state = this.move(this.state);
      this.stayEnd = this.stay(this.state, t);
    }
  }

  private stay(state: number, from: number): number {
    return from + -this.stays[state] * Math.log(1 - this.moves());
  }

  private move(from: number): number {
    const u = this.moves();
    const rows = this.cumulative;
    if (rows === null) {
      const j = Math.floor(u * (this.rates.length - 1));
      return j >= from ? j + 1 : j;
    }
    const row = rows[from];
    const n = row.length;
    // u below the row's total (it sums to 1 up to rounding); the last state with p > 0 otherwise
    for (let j = 0; j < n; j++) if (u < row[j] && j !== from) return j;
    for (let j = n - 1; j >= 0; j--) if (j !== from && row[j] > (j > 0 ? row[j - 1] : 0)) return j;
    return from;
  }
}

/**
 * The long-run share of time in each state: v_i x mean-stay_i, normalized, where v is the stationary
 * distribution of the moves (v P = v), found by power iteration on the lazy chain (P + I) / 2.
 */
export function mmppShares(spec: MmppSpec): number[] {
  const n = spec.states.length;
  const P = spec.transitions ?? spec.states.map((_, i) => spec.states.map((_, j) => (i === j ? 0 : 1 / (n - 1))));
  let v = new Array<number>(n).fill(1 / n);
  for (let iter = 0; iter < 100_000; iter++) {
    const w = v.map((vi) => vi / 2);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[j] += (v[i] * P[i][j]) / 2;
    const change = w.reduce((a, wj, j) => a + Math.abs(wj - v[j]), 0);
    v = w;
    if (change < 1e-15) break;
  }
  const weights = v.map((vi, i) => vi * spec.states[i].meanStayMs);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((x) => x / total);
}

/** The long-run rate (requests per ms): sum_i rate_i x share_i. */
export function mmppMeanRate(spec: MmppSpec): number {
  const shares = mmppShares(spec);
  return spec.states.reduce((a, s, i) => a + s.ratePerMs * shares[i], 0);
}

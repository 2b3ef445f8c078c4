/**
 * How long a node spent with 0, 1, 2, ... calls inside it: the time-average distribution of its
 * depth, for the fraction of the time it held at least i calls (the supermarket model's figure).
 */
export class TimeAtDepth {
  /** Time spent at each depth, up to the last change. */
  private time = new Float64Array(8);
  private since = 0;

  /** Records the time spent at depth `d` (the depth until now), just before it changes. */
  record(d: number, now: number): void {
    if (d >= this.time.length) {
      const bigger = new Float64Array(Math.max(d + 1, this.time.length * 2));
      bigger.set(this.time);
      this.time = bigger;
    }
    this.time[d] += now - this.since;
    this.since = now;
  }

  /** Fraction of the time [0, now] spent with at least i calls, for i = 0, 1, 2, ...; `d` is the depth now. */
  fractionAtLeast(d: number, now: number): number[] {
    const time = Float64Array.from(this.time);
    if (d < time.length) time[d] += now - this.since;
    const out: number[] = [];
    let tail = now;
    for (let i = 0; i < time.length; i++) {
      out.push(now > 0 ? tail / now : 0);
      tail -= time[i];
    }
    return out;
  }
}

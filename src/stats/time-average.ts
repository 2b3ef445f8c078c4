/** The time average and maximum of a piecewise-constant quantity (queue length, busy workers). */
export class TimeAverage {
  private area = 0;
  private last = 0;
  private value = 0;
  max = 0;

  /** The quantity changes to `value` at time `now`. */
  set(value: number, now: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value = value;
    if (value > this.max) this.max = value;
  }

  /** When the quantity last changed. */
  get lastChange(): number {
    return this.last;
  }

  get current(): number {
    return this.value;
  }

  /** Integral of the quantity over [0, now]. */
  integral(now: number): number {
    return this.area + this.value * (now - this.last);
  }

  mean(now: number): number {
    return now > 0 ? this.integral(now) / now : 0;
  }
}

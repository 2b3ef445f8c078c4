/**
 * Statistics over replications: the Student t quantile, means with t confidence intervals, and
 * paired ratios with intervals from the t interval of the log ratios.
 *
 * The t quantile is computed, not tabulated: the t distribution function comes from the regularized
 * incomplete beta function (continued fraction, as in Numerical Recipes' `betacf`, with Lentz's
 * method), and is inverted by Newton steps kept inside a bisection bracket. It agrees with printed
 * tables to every digit they give (t(0.975, 1) = 12.706, t(0.975, 9) = 2.262, t(0.975, 29) = 2.045)
 * and with R's `qt` to about 1e-12. Pure functions of their arguments: no randomness, no clock.
 */
/** A mean over replications with its 95% confidence interval (Student t, n - 1 degrees of freedom). */
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

/**
 * A ratio against the baseline with its 95% interval: the geometric mean over replications of the
 * paired ratios (variant / baseline on the same seed), the interval from the t interval of the
 * log ratios. `ratio` 1 with `lo` and `hi` 1 for the baseline itself.
 */
export interface RatioInterval {
  ratio: number;
  lo: number;
  hi: number;
}


/** The default confidence level of every interval. */
export const LEVEL = 0.95;

// ---------------------------------------------------------------------------------------------
// Special functions.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const EPS = 1e-16;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * The standard normal quantile (Wichura's algorithm AS 241, PPND16: about 16 significant digits).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -x : x;
}

// ---------------------------------------------------------------------------------------------
// Student's t distribution.

/** P(T <= t) for Student's t with `df` degrees of freedom (df > 0, not necessarily whole). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df === Infinity) return 0.5 * (1 + erf(t / Math.SQRT2));
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The density of Student's t with `df` degrees of freedom. */
export function studentTDensity(t: number, df: number): number {
  if (df === Infinity) return Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom: t(0.975, 9) = 2.262. Closed forms for
 * 1 and 2 degrees of freedom; otherwise Newton's method on `studentTCdf` from the normal quantile,
 * each step kept inside a bracket that bisection would also shrink, so it cannot diverge.
 */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (df === Infinity) return normalQuantile(p);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // p > 0.5 from here: the root is positive. A bracket [lo, hi] with cdf(lo) < p <= cdf(hi).
  let lo = 0;
  let hi = Math.max(1, 2 * normalQuantile(p));
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  let t = Math.min(Math.max(normalQuantile(p), lo), hi);
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(t, df) - p;
    if (f === 0) return t;
    if (f < 0) lo = t;
    else hi = t;
    let next = t - f / studentTDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

/** The error function: erf(x) = P(1/2, x²), the regularized lower incomplete gamma. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const z = x * x;
  return sign * incompleteGammaP(0.5, z);
}

/** The regularized lower incomplete gamma P(a, x) (series for x < a + 1, continued fraction beyond). */
function incompleteGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const gln = logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 10_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  const TINY = 1e-300;
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - gln) * h;
}

// ---------------------------------------------------------------------------------------------
// Intervals.

/**
 * The mean of `xs` with its `level` confidence interval, mean ± t(1 - (1 - level)/2, n - 1) · s/√n.
 * With one value there is no interval (lo = hi = NaN); with none, everything is NaN. A NaN among
 * the values makes everything NaN (a figure a replication could not measure).
 */
export function meanInterval(xs: readonly number[], level = LEVEL): Interval {
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN };
  // Identical values: that value, with no spread and no rounding error either side.
  if (Number.isFinite(xs[0]) && xs.every((x) => x === xs[0])) return { mean: xs[0], lo: n === 1 ? NaN : xs[0], hi: n === 1 ? NaN : xs[0] };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (!Number.isFinite(mean)) return { mean: NaN, lo: NaN, hi: NaN };
  if (n === 1) return { mean, lo: NaN, hi: NaN };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const se = Math.sqrt(ss / (n - 1) / n);
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * se;
  return { mean, lo: mean - half, hi: mean + half };
}

/**
 * The paired ratio of `variant` to `baseline` (same length, paired by index: the same seed): the
 * geometric mean of the per-pair ratios, and its interval, exp of the t interval of the log ratios.
 * A pair that is not positive on both sides has no log ratio: the result is then NaN.
 */
export function ratioInterval(variant: readonly number[], baseline: readonly number[], level = LEVEL): RatioInterval {
  if (variant.length !== baseline.length) throw new Error(`ratioInterval: ${variant.length} values against ${baseline.length}`);
  const logs = variant.map((v, i) => (v > 0 && baseline[i] > 0 ? Math.log(v / baseline[i]) : NaN));
  const m = meanInterval(logs, level);
  return { ratio: Math.exp(m.mean), lo: Math.exp(m.lo), hi: Math.exp(m.hi) };
}

/**
 * The paired difference `variant - baseline` (same length, paired by index: the same seed): the
 * mean of the per-pair differences and its t interval. For figures that may be zero, where a ratio
 * has no logarithm (a success fraction).
 */
export function differenceInterval(variant: readonly number[], baseline: readonly number[], level = LEVEL): Interval {
  if (variant.length !== baseline.length) throw new RangeError(`paired figures must match: ${variant.length} against ${baseline.length}`);
  return meanInterval(
    variant.map((x, i) => x - baseline[i]),
    level,
  );
}

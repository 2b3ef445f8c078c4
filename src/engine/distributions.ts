/**
 * Probability distributions of durations, in milliseconds.
 *
 * A `DistSpec` is plain data (what a scenario file says, after parsing); `makeDistribution` turns it
 * into a sampler that draws from a component's own random stream.
 */
import type { Rng } from './rng.js';

export type DistSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'exp'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; median: number; sigma: number }
  | { kind: 'pareto'; scale: number; shape: number }
  | { kind: 'weibull'; scale: number; shape: number }
  | { kind: 'empirical'; values: number[] }
  | { kind: 'sum'; terms: DistSpec[] };

export interface DistributionOptions {
  /** Round exponential draws to whole milliseconds, as Timelike did. */
  roundExponential?: boolean;
}

/** Draws one value (ms, >= 0) from `rng`. */
export type Sampler = (rng: Rng) => number;

export function makeDistribution(spec: DistSpec, options: DistributionOptions = {}): Sampler {
  switch (spec.kind) {
    case 'constant': {
      const v = spec.value;
      return () => v;
    }
    case 'exp': {
      const mean = spec.mean;
      if (options.roundExponential) return (rng) => Math.round(-mean * Math.log(1 - rng()));
      return (rng) => -mean * Math.log(1 - rng());
    }
    case 'uniform': {
      const { min, max } = spec;
      const width = max - min;
      return (rng) => min + width * rng();
    }
    case 'normal': {
      // Truncated at zero by rejection: a duration cannot be negative.
      const { mean, sd } = spec;
      return (rng) => {
        for (;;) {
          const x = mean + sd * standardNormal(rng);
          if (x >= 0) return x;
        }
      };
    }
    case 'lognormal': {
      const mu = Math.log(spec.median);
      const sigma = spec.sigma;
      return (rng) => Math.exp(mu + sigma * standardNormal(rng));
    }
    case 'pareto': {
      const { scale, shape } = spec;
      const inv = -1 / shape;
      return (rng) => scale * Math.pow(1 - rng(), inv);
    }
    case 'weibull': {
      const { scale, shape } = spec;
      const inv = 1 / shape;
      return (rng) => scale * Math.pow(-Math.log(1 - rng()), inv);
    }
    case 'empirical': {
      const values = Float64Array.from(spec.values);
      const n = values.length;
      return (rng) => values[Math.floor(rng() * n)];
    }
    case 'sum': {
      const parts = spec.terms.map((t) => makeDistribution(t, options));
      // Constants fold into one offset so `20ms + exp(100ms)` costs one draw.
      let offset = 0;
      const random: Sampler[] = [];
      spec.terms.forEach((t, i) => (t.kind === 'constant' ? (offset += t.value) : random.push(parts[i])));
      if (random.length === 0) return () => offset;
      if (random.length === 1) {
        const only = random[0];
        return (rng) => offset + only(rng);
      }
      return (rng) => {
        let x = offset;
        for (let i = 0; i < random.length; i++) x += random[i](rng);
        return x;
      };
    }
  }
}

/** Standard normal by Box-Muller (one value per two uniforms; no hidden state, so replays are exact). */
function standardNormal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The mean of a distribution, for documentation and sanity checks. */
export function meanOf(spec: DistSpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'exp':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'normal':
      return spec.mean; // before truncation
    case 'lognormal':
      return spec.median * Math.exp((spec.sigma * spec.sigma) / 2);
    case 'pareto':
      return spec.shape > 1 ? (spec.shape * spec.scale) / (spec.shape - 1) : Infinity;
    case 'weibull':
      return spec.scale * gamma(1 + 1 / spec.shape);
    case 'empirical':
      return spec.values.reduce((a, b) => a + b, 0) / spec.values.length;
    case 'sum':
      return spec.terms.reduce((a, t) => a + meanOf(t), 0);
  }
}

/**
 * -ln(u) for the smallest u = 1 - rng() a generator of doubles in [0, 1) can give (2^-53): the
 * largest standard exponential draw, 53 ln 2.
 */
const LARGEST_EXPONENTIAL = 53 * Math.LN2;
/** The largest |z| Box-Muller gives: sqrt(-2 ln u) with u = 2^-53. */
const LARGEST_NORMAL = Math.sqrt(2 * LARGEST_EXPONENTIAL);

/**
 * The largest value a draw from `spec` can take, whatever the stream (an upper bound for any
 * generator of doubles in [0, 1)), for validation: a distribution whose largest draw is not
 * finite would put an infinite time into the run. Draws are not made this way; this only bounds them.
 */
export function largestDraw(spec: DistSpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'exp':
      return spec.mean * LARGEST_EXPONENTIAL;
    case 'uniform':
      return spec.max;
    case 'normal':
      return spec.mean + spec.sd * LARGEST_NORMAL;
    case 'lognormal':
      return Math.exp(Math.log(spec.median) + spec.sigma * LARGEST_NORMAL);
    case 'pareto':
      return spec.scale * Math.pow(2, 53 / spec.shape);
    case 'weibull':
      return spec.scale * Math.pow(LARGEST_EXPONENTIAL, 1 / spec.shape);
    case 'empirical':
      return spec.values.reduce((a, b) => Math.max(a, b), 0);
    case 'sum':
      return spec.terms.reduce((a, t) => a + largestDraw(t), 0);
  }
}

/** Lanczos approximation of the gamma function. */
function gamma(z: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  z -= 1;
  let x = c[0];
  for (let i = 1; i < g + 2; i++) x += c[i] / (z + i);
  const t = z + g + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}

/** Renders a spec back into scenario syntax (for reports and error messages). */
export function formatDist(spec: DistSpec): string {
  const ms = (v: number) => `${+v.toPrecision(12)}ms`;
  switch (spec.kind) {
    case 'constant':
      return ms(spec.value);
    case 'exp':
      return `exp(${ms(spec.mean)})`;
    case 'uniform':
      return `uniform(${ms(spec.min)}, ${ms(spec.max)})`;
    case 'normal':
      return `normal(${ms(spec.mean)}, ${ms(spec.sd)})`;
    case 'lognormal':
      return `lognormal(${ms(spec.median)}, ${spec.sigma})`;
    case 'pareto':
      return `pareto(${ms(spec.scale)}, ${spec.shape})`;
    case 'weibull':
      return `weibull(${ms(spec.scale)}, ${spec.shape})`;
    case 'empirical':
      return `empirical(${spec.values.length} values)`;
    case 'sum':
      return spec.terms.map(formatDist).join(' + ');
  }
}

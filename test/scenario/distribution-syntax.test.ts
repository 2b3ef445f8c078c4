import { describe, expect, test } from 'vitest';
import { DistributionSyntaxError, parseDistribution } from '../../src/scenario/distribution-syntax.js';

function errorOf(text: string): { message: string; offset: number; hint?: string } {
  try {
    parseDistribution(text);
  } catch (e) {
    if (e instanceof DistributionSyntaxError) return { message: e.message, offset: e.offset, ...(e.hint !== undefined && { hint: e.hint }) };
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be an error`);
}

describe('parseDistribution', () => {
  test('a sum of terms', () => {
    expect(parseDistribution('20ms + exp(100ms)')).toStrictEqual({
      kind: 'sum',
      terms: [
        { kind: 'constant', value: 20 },
        { kind: 'exp', mean: 100 },
      ],
    });
  });

  test('a single term is not wrapped in a sum', () => {
    expect(parseDistribution('exp(1ms)')).toStrictEqual({ kind: 'exp', mean: 1 });
    expect(parseDistribution('  1.5s ')).toStrictEqual({ kind: 'constant', value: 1500 });
  });

  test.each([
    ['uniform(1ms, 5ms)', { kind: 'uniform', min: 1, max: 5 }],
    ['normal(10ms, 2ms)', { kind: 'normal', mean: 10, sd: 2 }],
    ['lognormal(20ms, 0.5)', { kind: 'lognormal', median: 20, sigma: 0.5 }],
    ['pareto(1ms, 2.5)', { kind: 'pareto', scale: 1, shape: 2.5 }],
    ['weibull(100us, 1.5)', { kind: 'weibull', scale: 0.1, shape: 1.5 }],
    ['empirical(1ms, 2ms, 5ms)', { kind: 'empirical', values: [1, 2, 5] }],
    ['const(5ms)', { kind: 'constant', value: 5 }],
    ['exp(1 s)', { kind: 'exp', mean: 1000 }],
  ])('%s', (text, spec) => {
    expect(parseDistribution(text)).toStrictEqual(spec);
  });

  test('three terms', () => {
    expect(parseDistribution('1ms+uniform(0ms,2ms)+exp(3ms)')).toStrictEqual({
      kind: 'sum',
      terms: [
        { kind: 'constant', value: 1 },
        { kind: 'uniform', min: 0, max: 2 },
        { kind: 'exp', mean: 3 },
      ],
    });
  });
});

describe('errors point inside the expression', () => {
  test('unknown function, with did you mean', () => {
    expect(errorOf('20ms + expo(100ms)')).toStrictEqual({
      message: 'unknown distribution "expo"; expected one of: exp, uniform, normal, lognormal, pareto, weibull, empirical, const',
      offset: 7,
      hint: 'did you mean "exp"?',
    });
  });

  test('a number without a unit', () => {
    expect(errorOf('20')).toStrictEqual({
      message: 'expected a duration with a unit such as 1ms; found the number 20',
      offset: 0,
      hint: 'did you mean "20ms"?',
    });
    expect(errorOf('exp(100)')).toStrictEqual({
      message: 'expected a duration with a unit such as 1ms for the mean of exp; found the number 100',
      offset: 4,
      hint: 'did you mean "100ms"?',
    });
  });

  test('a unit where a plain number is expected', () => {
    expect(errorOf('lognormal(20ms, 2ms)')).toStrictEqual({
      message: 'expected a number without a unit for the sigma of lognormal; found the duration "2ms"',
      offset: 16,
      hint: 'sigma has no unit: did you mean "2"?',
    });
  });

  test('wrong number of arguments, bad ranges', () => {
    expect(errorOf('1ms + uniform(1ms)')).toStrictEqual({
      message: 'expected 2 arguments, uniform(min, max); found 1',
      offset: 6,
    });
    expect(errorOf('uniform(5ms, 1ms)')).toStrictEqual({
      message: 'expected the min of uniform to be at most its max (1ms); found 5ms',
      offset: 8,
    });
    expect(errorOf('exp(0ms)')).toStrictEqual({ message: 'expected the mean of exp to be greater than 0; found 0ms', offset: 4 });
    expect(errorOf('empirical()')).toStrictEqual({ message: 'expected at least one duration in empirical(...); found none', offset: 0 });
  });

  test('syntax', () => {
    expect(errorOf('')).toStrictEqual({ message: 'expected a distribution such as exp(100ms); found an empty string', offset: 0 });
    expect(errorOf('20ms +')).toStrictEqual({
      message: 'expected a duration such as 20ms or a function such as exp(100ms); found the end',
      offset: 6,
    });
    expect(errorOf('uniform(1ms')).toStrictEqual({
      message: 'expected "," or ")" in uniform(...); found the end',
      offset: 11,
      hint: 'inside { ... }, put the distribution in quotes: "uniform(...)"',
    });
    expect(errorOf('exp 1ms')).toStrictEqual({ message: 'expected "(" after exp; found "1ms"', offset: 4 });
    expect(errorOf('20ms exp(1ms)')).toStrictEqual({
      message: 'expected "+" or the end of the distribution; found "exp"',
      offset: 5,
    });
    expect(errorOf('20ms - 1ms')).toStrictEqual({
      message: 'expected a duration such as 20ms, a function such as exp(100ms), "+" or brackets; found "-"',
      offset: 5,
      hint: 'durations cannot be negative, and terms can only be added with "+"',
    });
    expect(errorOf('exp(10sec)')).toStrictEqual({
      message: 'unknown unit "sec" in "10sec"; expected one of: ns, us, ms, s, m, min, h',
      offset: 6,
      hint: 'did you mean "s"?',
    });
  });
});

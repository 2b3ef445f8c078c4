import { describe, expect, test } from 'vitest';
import { parseDuration, parseRate, UnitError } from '../../src/scenario/units.js';

function errorOf(f: () => unknown): { message: string; hint?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof UnitError) return { message: e.message, ...(e.hint !== undefined && { hint: e.hint }) };
    throw e;
  }
  throw new Error('expected a UnitError');
}

describe('parseDuration', () => {
  test.each([
    ['2ms', 2],
    ['1.5s', 1500],
    ['100us', 0.1],
    ['250ns', 0.00025],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['2 ms', 2],
    ['0ms', 0],
    ['.5s', 500],
    ['1e3ms', 1000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test('a bare number is an error that suggests a unit', () => {
    expect(errorOf(() => parseDuration(1))).toEqual({
      message: 'expected a duration with a unit such as 1ms; found the number 1',
      hint: 'did you mean "1ms"?',
    });
    expect(errorOf(() => parseDuration('100'))).toEqual({
      message: 'expected a duration with a unit such as 1ms; found "100"',
      hint: 'did you mean "100ms"?',
    });
  });

  test('negative durations, unknown units and rates are errors', () => {
    expect(errorOf(() => parseDuration('-5ms'))).toEqual({
      message: 'expected a duration of 0 or more; found "-5ms"',
      hint: 'a duration cannot be negative',
    });
    expect(errorOf(() => parseDuration('10sec'))).toEqual({
      message: 'unknown unit "sec" in "10sec"; expected one of: ns, us, ms, s, m, min, h',
      hint: 'did you mean "s"?',
    });
    expect(errorOf(() => parseDuration('10mss'))).toEqual({
      message: 'unknown unit "mss" in "10mss"; expected one of: ns, us, ms, s, m, min, h',
      hint: 'did you mean "ms"?',
    });
    expect(errorOf(() => parseDuration('5/s')).message).toBe('expected a duration with a unit such as 1ms; found "5/s"');
    expect(errorOf(() => parseDuration('fast')).message).toBe('expected a duration with a unit such as 1ms; found "fast"');
    expect(errorOf(() => parseDuration(null)).message).toBe('expected a duration with a unit such as 1ms; found an empty value');
  });
});

describe('parseRate', () => {
  test.each([
    ['500/s', 0.5],
    ['0.9/ms', 0.9],
    ['100/min', 100 / 60_000],
    ['10/h', 10 / 3_600_000],
    ['1000 / s', 1],
  ])('%s is %d per ms', (text, perMs) => {
    expect(parseRate(text)).toBe(perMs);
  });

  test('errors say what a rate looks like', () => {
    expect(errorOf(() => parseRate(500))).toEqual({
      message: 'expected a rate such as 500/s; found the number 500',
      hint: 'did you mean "500/s"?',
    });
    expect(errorOf(() => parseRate('1ms'))).toEqual({
      message: 'expected a rate such as 500/s; found the duration "1ms"',
      hint: 'a rate counts requests per unit of time; for the time between requests write interval: 1ms',
    });
    expect(errorOf(() => parseRate('0/s'))).toEqual({ message: 'expected a rate greater than 0/s; found "0/s"' });
    expect(errorOf(() => parseRate('5/sec')).hint).toBe('did you mean "s"?');
  });
});

/** --vary values, ranges, and the variants they make. */
import { describe, test, expect } from 'vitest';
import { expandAxes, expandRange, isRange, parseVary, splitValues, variantsOf, VaryError } from '../../src/experiments/vary.js';

describe('parseVary', () => {
  test('a path and its values, as written', () => {
    expect(parseVary('topology[0].balancer.strategy=random,least-conn')).toEqual({
      path: 'topology[0].balancer.strategy',
      values: ['random', 'least-conn'],
      flag: 'topology[0].balancer.strategy=random,least-conn',
    });
    expect(parseVary('load.poisson.interval=2ms..1ms/3')).toEqual({ path: 'load.poisson.interval', values: { range: '2ms..1ms/3' }, flag: 'load.poisson.interval=2ms..1ms/3' });
  });

  test('commas inside brackets and quotes do not separate values', () => {
    expect(splitValues('uniform(1ms, 5ms),exp(3ms)')).toEqual(['uniform(1ms, 5ms)', 'exp(3ms)']);
    expect(splitValues('{ a: 1, b: 2 }, [1, 2],"x,y"')).toEqual(['{ a: 1, b: 2 }', '[1, 2]', '"x,y"']);
  });

  test('missing "=", path or value is a VaryError', () => {
    expect(() => parseVary('random,least-conn')).toThrow(VaryError);
    expect(() => parseVary('=random')).toThrow(/expected a path before "="/);
    expect(() => parseVary('x=a,,b')).toThrow(/empty value/);
    expect(() => parseVary('x=')).toThrow(/empty value/);
  });
});

describe('ranges FROM..TO/N', () => {
  test('N evenly spaced values, inclusive, in the unit of FROM', () => {
    expect(expandRange('2ms..1ms/3')).toEqual(['2ms', '1.5ms', '1ms']);
    expect(expandRange('1..5/5')).toEqual(['1', '2', '3', '4', '5']);
    expect(expandRange('1s..500ms/2')).toEqual(['1s', '0.5s']);
    expect(expandRange('900/s..1.2/ms/2')).toEqual(['900/s', '1200/s']);
    expect(expandRange('0.1..0.3/3')).toEqual(['0.1', '0.2', '0.3']);
    expect(expandRange('3ms..4ms/1')).toEqual(['3ms']);
  });

  test('8 steps from 2ms to 1ms end exactly on both ends, without float noise', () => {
    const v = expandRange('2ms..1ms/8');
    expect(v).toHaveLength(8);
    expect(v[0]).toBe('2ms');
    expect(v[7]).toBe('1ms');
    expect(v[1]).toBe('1.85714285714ms');
  });

  test('is recognized only with numbers at both ends', () => {
    expect(isRange('2ms..1ms/8')).toBe(true);
    expect(isRange('../data.csv/3')).toBe(false);
    expect(isRange('least-conn')).toBe(false);
  });

  test('mixed kinds, unknown units and N = 0 are VaryErrors', () => {
    expect(() => expandRange('2ms..5/s/3')).toThrow(/expected both ends to be durations/);
    expect(() => expandRange('2..5ms/3')).toThrow(/plain numbers/);
    expect(() => expandRange('2parsecs..5parsecs/3')).toThrow(/unknown unit "parsecs"/);
    expect(() => expandRange('2ms..1ms/0')).toThrow(/at least 1 value/);
  });
});

describe('variants', () => {
  test('the combinations of the axes, row-major (the last axis fastest); the first is the baseline', () => {
    const axes = expandAxes([
      { path: 'a', values: ['1', '2'] },
      { path: 'b', values: ['x', 'y'] },
    ]);
    expect(variantsOf(axes).map((v) => [v.name, v.set])).toEqual([
      ['1, x', ['a=1', 'b=x']],
      ['1, y', ['a=1', 'b=y']],
      ['2, x', ['a=2', 'b=x']],
      ['2, y', ['a=2', 'b=y']],
    ]);
  });

  test('ranges inside a list are expanded; the axis keeps how it was written', () => {
    const [axis] = expandAxes([{ path: 'load.poisson.interval', values: ['3ms', '2ms..1ms/2'] }]);
    expect(axis).toEqual({ path: 'load.poisson.interval', values: ['3ms', '2ms', '1ms'], written: '3ms,2ms..1ms/2' });
  });

  test('nothing to vary, or a path varied twice, is a VaryError', () => {
    expect(() => expandAxes([])).toThrow(/nothing to vary/);
    expect(() => expandAxes([{ path: 'a', values: ['1'] }, { path: 'a', values: ['2'] }])).toThrow(/varied twice/);
  });
});

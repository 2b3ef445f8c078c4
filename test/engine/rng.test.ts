import { test, expect } from 'vitest';
import { rngStream, GENERATOR } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';

const draws = (r: () => number, n: number) => Array.from({ length: n }, () => r());

test('a stream is a function of (seed, path) only', () => {
  expect(draws(rngStream(1, 'load'), 5)).toEqual(draws(rngStream(1, 'load'), 5));
  expect(draws(rngStream(1, 'load'), 5)).not.toEqual(draws(rngStream(2, 'load'), 5));
  expect(draws(rngStream(1, 'load'), 5)).not.toEqual(draws(rngStream(1, 'dyno[0]/server'), 5));
  const v = draws(rngStream(1, 'x'), 1000);
  expect(v.every((x) => x >= 0 && x < 1)).toBe(true);
});

test('the first draws of a stream never change across versions (golden values)', () => {
  // If this fails, every bundled scenario's results change: say so in the commit and the changelog.
  expect(draws(rngStream(1, 'load'), 3).map((x) => x.toFixed(12))).toMatchSnapshot();
  expect(GENERATOR).toBe('seedrandom.alea');
});

test('two components cannot share a stream', () => {
  const sim = new Simulation({ seed: 1 });
  sim.rng('server');
  expect(() => sim.rng('server')).toThrow('random stream "server" is already in use');
});

import { compareIds } from '../../src/engine/simulation.js';
test('node ids sort with pool indices as numbers', () => {
  const ids = ['balancer/dyno[10]/server', 'balancer', 'balancer/dyno[2]/server', 'balancer/dyno[2]/cable', 'retry'];
  expect([...ids].sort(compareIds)).toEqual(['balancer', 'balancer/dyno[2]/cable', 'balancer/dyno[2]/server', 'balancer/dyno[10]/server', 'retry']);
});

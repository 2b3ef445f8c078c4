import { expect, test } from 'vitest';
import { didYouMean, editDistance } from '../../src/engine/did-you-mean.js';
import { STRATEGIES } from '../../src/spec/scenario.js';

test('edit distance counts a swap of neighbours as one edit', () => {
  expect(editDistance('intreval', 'interval')).toBe(1);
  expect(editDistance('severr', 'server')).toBe(2);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('same', 'same')).toBe(0);
});

test('suggests the closest candidate only when it is close', () => {
  const steps = ['cable', 'delay', 'server', 'faulty', 'retry', 'balancer', 'service'];
  expect(didYouMean('severr', steps)).toBe('server');
  expect(didYouMean('Cable', steps)).toBe('cable');
  expect(didYouMean('ballancer', steps)).toBe('balancer');
  expect(didYouMean('queue', steps)).toBeUndefined();
  expect(didYouMean('least-con', STRATEGIES)).toBe('least-conn');
  expect(didYouMean('two-choice', STRATEGIES)).toBe('two-choices');
  expect(didYouMean('rr', STRATEGIES)).toBeUndefined();
});

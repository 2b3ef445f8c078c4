import { test, expect } from 'vitest';
import { NodePattern } from '../../src/engine/node-pattern.js';

test('node patterns: exact ids, * within a segment, ** across, [a..b] index ranges', () => {
  const m = (p: string, id: string) => new NodePattern(p).matches(id);
  expect(m('balancer/dyno[3]/server', 'balancer/dyno[3]/server')).toBe(true);
  expect(m('balancer/dyno[3]/server', 'balancer/dyno[30]/server')).toBe(false);
  expect(m('balancer/*/server', 'balancer/dyno[30]/server')).toBe(true);
  expect(m('balancer/*', 'balancer/dyno[30]/server')).toBe(false);
  expect(m('balancer/**', 'balancer/dyno[30]/server')).toBe(true);
  expect(m('balancer/dyno[0..124]/server', 'balancer/dyno[124]/server')).toBe(true);
  expect(m('balancer/dyno[0..124]/server', 'balancer/dyno[125]/server')).toBe(false);
  expect(m('dynos[2..3]/*', 'dynos[2]/cable')).toBe(true);
  expect(m('a.b', 'axb')).toBe(false);
});

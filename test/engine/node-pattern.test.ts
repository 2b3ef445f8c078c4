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

test('a wide index range is matched by value, not by listing every index (issue 8: [0..1000000000] ran out of memory)', () => {
  const m = (p: string, id: string) => new NodePattern(p).matches(id);
  expect(m('dyno[0..1000000000]/**', 'dyno[999999999]/server')).toBe(true);
  expect(m('dyno[0..1000000000]/**', 'dyno[1000000001]/server')).toBe(false);
  expect(m('dyno[7..123456789012345678901234567890]', 'dyno[123456789012345678901234567890]')).toBe(true);
  expect(m('dyno[7..123456789012345678901234567890]', 'dyno[6]')).toBe(false);
  // as node ids write them: no leading zeros; the bounds in either order
  expect(m('dyno[0..10]', 'dyno[007]')).toBe(false);
  expect(m('dyno[10..0]', 'dyno[7]')).toBe(true);
  // every index of a range that crosses digit counts, and none outside it
  const p = new NodePattern('d[7..1234]');
  for (let k = 0; k < 2000; k++) expect(p.matches(`d[${k}]`)).toBe(k >= 7 && k <= 1234);
});

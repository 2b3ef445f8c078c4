/** Shrinking: the shrunk scenario still fails the same way with the same seed, and is no larger than the original. */
import { describe, expect, test } from 'vitest';
import { describeShrink, shrink, ShrinkError, towards } from '../../src/run/shrink.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';

function stillFails(text: string, file: string, seed: number, property: string) {
  const s = parseScenario(text, file);
  const summary = simulate(s, { seed }).summary;
  return { scenario: s, summary, fails: (summary.failures ?? []).some((f) => f.kind === 'check' && f.property === property) };
}

describe('shrink', () => {
  test('towards: the target first, then closer and closer to the value', () => {
    expect([...towards(60, 1)]).toEqual([1, 31, 46, 53, 57, 59]);
    expect([...towards(2, 1)]).toEqual([1]);
    expect([...towards(1, 1)]).toEqual([]);
  });

  test('a failing p99: the faults go, the requests shrink; the shrunk scenario fails the same way', () => {
    const file = 'test/hunt/fixtures/tight-p99.yaml';
    const r = shrink({ scenario: loadScenario(file), seed: 31 });
    expect(r.failure).toMatchObject({ kind: 'check', property: 'p99 < 140ms' });
    expect(describeShrink(r)).toBe('60 requests and 2 faults -> 27 requests and 0 faults, in 23 runs');
    expect(r.steps).toEqual(['faults[0..1] removed', 'load.requests 60 -> 31', 'load.requests 31 -> 28', 'load.requests 28 -> 27']);
    const again = stillFails(r.text, file, 31, 'p99 < 140ms');
    expect(again.fails).toBe(true);
    expect(again.summary.requests.total).toBeLessThanOrEqual(r.from.requests);
    expect(r.text).toContain('requests: 27 }');
  });

  test('a lease conflict: the noise faults and half the pool go, the clock entry the failure needs stays', () => {
    const file = 'test/hunt/fixtures/lease-faults.yaml';
    const original = loadScenario(file);
    const r = shrink({ scenario: original, seed: 1 });
    expect(describeShrink(r)).toBe('3,000 requests, 4 faults, 1 clock entry and 4 pool members -> 968 requests, 0 faults, 1 clock entry and 2 pool members, in 114 runs');
    const again = stillFails(r.text, file, 1, 'lease.conflicts == 0');
    expect(again.fails).toBe(true);
    // no larger than the original, by every measure
    expect(r.to.requests).toBeLessThanOrEqual(r.from.requests);
    expect(r.to.faults).toBeLessThanOrEqual(r.from.faults);
    expect(r.to.clocks).toBeLessThanOrEqual(r.from.clocks);
    expect(r.to.members).toBeLessThanOrEqual(r.from.members);
    expect(again.scenario.spec.faults).toEqual([]);
    expect(again.scenario.spec.clocks).toEqual(original.spec.clocks);
    // the same input shrinks to the same file
    expect(shrink({ scenario: original, seed: 1 }).text).toBe(r.text);
  });

  test('--set overrides are written into the shrunk file', () => {
    const file = 'test/hunt/fixtures/tight-p99.yaml';
    const r = shrink({ scenario: loadScenario(file, ['checks[1]=p99 < 130ms']), seed: 31 });
    expect(r.failure.property).toBe('p99 < 130ms');
    expect(r.text).toContain('p99 < 130ms');
    expect(stillFails(r.text, file, 31, 'p99 < 130ms').fails).toBe(true);
  });

  test('a run budget: it stops, and what it has still fails', () => {
    const file = 'test/hunt/fixtures/lease-faults.yaml';
    const r = shrink({ scenario: loadScenario(file), seed: 1, maxRuns: 5 });
    expect(r.exhausted).toBe(true);
    expect(r.runs).toBe(5);
    expect(stillFails(r.text, file, 1, 'lease.conflicts == 0').fails).toBe(true);
  });

  test('a seed that passes has nothing to shrink', () => {
    expect(() => shrink({ scenario: loadScenario('test/hunt/fixtures/tight-p99.yaml'), seed: 1 })).toThrow(ShrinkError);
  });
});

import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { Scheduler } from '../../src/engine/scheduler.js';
import { LocalClock, PerfectClock, nextDown, nextUp, type ClockSettings } from '../../src/engine/clock.js';
import { Simulation } from '../../src/engine/simulation.js';

const clock = (s: Partial<ClockSettings>, sched = new Scheduler()) =>
  new LocalClock(sched, { offsetMs: 0, driftPpm: 0, steps: [], ...s });

describe('local time and its inverse', () => {
  test('an offset shifts the reading; toTrue undoes it', () => {
    const c = clock({ offsetMs: 50 });
    expect([c.localAt(0), c.localAt(1000), c.errorAt(1000)]).toEqual([50, 1050, 50]);
    expect([c.trueAt(1050), c.trueAt(50), c.trueAt(10)]).toEqual([1000, 0, -40]);
  });

  test('a negative offset', () => {
    const c = clock({ offsetMs: -20 });
    expect([c.localAt(100), c.trueAt(80)]).toEqual([80, 100]);
  });

  test('drift: the clock gains drift x t; exact where the rate is a binary fraction', () => {
    const fast = clock({ driftPpm: 250_000 }); // 1.25x
    const slow = clock({ driftPpm: -500_000 }); // 0.5x
    expect([fast.localAt(1000), fast.trueAt(1250), fast.errorAt(1000)]).toEqual([1250, 1000, 250]);
    expect([slow.localAt(1000), slow.trueAt(500), slow.errorAt(1000)]).toEqual([500, 1000, -500]);
  });

  test('a realistic drift: 200 ppm is 200 ms after 1000 s; toTrue inverts it to rounding, never reading short', () => {
    const c = clock({ driftPpm: 200, offsetMs: 5 });
    expect(c.localAt(1e6)).toBeCloseTo(1e6 + 205, 9);
    const t = c.trueAt(1e6 + 205);
    expect(t).toBeCloseTo(1e6, 6);
    expect(c.localAt(t)).toBeGreaterThanOrEqual(1e6 + 205);
    expect(c.localAt(t - 1e-6)).toBeLessThan(1e6 + 205);
  });

  test('a forward step: the clock jumps at its time; readings it skipped map to the step time', () => {
    const c = clock({ steps: [{ atMs: 30_000, byMs: 2000 }] });
    expect([c.localAt(29_999), c.localAt(30_000), c.localAt(30_001)]).toEqual([29_999, 32_000, 32_001]);
    expect(c.localAt(nextDown(30_000))).toBe(nextDown(30_000));
    // the inverse at the step: every reading in [30000, 32000] is first reached at the step
    expect([c.trueAt(29_999.5), c.trueAt(30_000), c.trueAt(31_000), c.trueAt(32_000), c.trueAt(32_001)]).toEqual([
      29_999.5, 30_000, 30_000, 30_000, 30_001,
    ]);
  });

  test('a backward step: a reading occurs twice; toTrue gives the first time from `from` on', () => {
    const c = clock({ steps: [{ atMs: 30_000, byMs: -2000 }] });
    expect([c.localAt(29_999), c.localAt(30_000), c.localAt(31_000)]).toEqual([29_999, 28_000, 29_000]);
    expect(c.trueAt(29_000)).toBe(29_000); // the first time
    expect(c.trueAt(29_000, 29_500)).toBe(29_500); // at 29.5 s it already reads more
    expect(c.trueAt(29_000, 30_000)).toBe(31_000); // from the step on, it reads 29 s again 1 s later
    expect(c.trueAt(28_000, 30_000)).toBe(30_000); // the inverse at the step
    expect(c.trueAt(29_999, 29_999.5)).toBe(29_999.5); // already reads at least that
    // 30 000 was never reached before the step (it read up to just under 30 000): 2 s after it
    expect(c.trueAt(30_000)).toBe(32_000);
  });

  test('steps at the same time add up; steps are sorted by time', () => {
    const c = clock({ steps: [{ atMs: 200, byMs: 5 }, { atMs: 100, byMs: -10 }, { atMs: 200, byMs: 7 }] });
    expect([c.localAt(99), c.localAt(100), c.localAt(199), c.localAt(200)]).toEqual([99, 90, 189, 202]);
    expect(c.trueAt(195)).toBe(200);
    expect(c.trueAt(190, 150)).toBe(200);
  });

  test('now() and toTrue() read the scheduler: toTrue never returns a time in the past', () => {
    const sched = new Scheduler();
    const c = clock({ offsetMs: 10, steps: [{ atMs: 50, byMs: -30 }] }, sched);
    sched.now = 40;
    expect(c.now()).toBe(50);
    expect(c.toTrue(45)).toBe(40); // already read 45 (at 35): fires now, not in the past
    expect(c.toTrue(60)).toBe(80); // the backward step at 50 delays it: reads 30 at 50, 60 at 80
    sched.now = 60;
    expect(c.now()).toBe(40);
    expect(c.toTrue(45)).toBe(65); // reads 45 again at 65
    const perfect = new PerfectClock(sched);
    expect([perfect.now(), perfect.toTrue(100), perfect.toTrue(10)]).toEqual([60, 100, 60]);
  });

  test('a drift of -1000000ppm or less is refused (the clock would stop or run backwards)', () => {
    expect(() => clock({ driftPpm: -1e6 })).toThrow(/greater than -1000000ppm/);
    expect(() => clock({ driftPpm: -999_999 })).not.toThrow();
  });

  test('nextUp and nextDown step one double', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
  });

  test('property: toTrue(L, from) is the first time from `from` on that reads at least L (to 1 ns)', () => {
    const step = fc.record({
      atMs: fc.integer({ min: 0, max: 100_000 }),
      byMs: fc.double({ min: -5000, max: 5000, noNaN: true }),
    });
    const settings = fc.record({
      offsetMs: fc.double({ min: -1000, max: 1000, noNaN: true }),
      driftPpm: fc.double({ min: -900_000, max: 1_000_000, noNaN: true }),
      steps: fc.array(step, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(settings, fc.double({ min: -2000, max: 200_000, noNaN: true }), fc.double({ min: 0, max: 150_000, noNaN: true }), (s, local, from) => {
        const c = clock(s);
        const t = c.trueAt(local, from);
        expect(t).toBeGreaterThanOrEqual(from);
        expect(c.localAt(t)).toBeGreaterThanOrEqual(local);
        // nothing earlier in [from, t) reads local: check 1 ns before t and the top of every earlier segment
        if (t - 1e-6 >= from) expect(c.localAt(t - 1e-6)).toBeLessThan(local);
        for (const st of s.steps) {
          if (st.atMs > from && st.atMs <= t) expect(c.localAt(nextDown(st.atMs))).toBeLessThan(local);
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('clockOf: each node its clock', () => {
  const sim = new Simulation({
    seed: 1,
    clocks: [
      { target: 'leaders[0..1]/**', offsetMs: 0, driftPpm: 100, steps: [] },
      { target: 'leaders[1]/lease', offsetMs: 7, driftPpm: 0, steps: [] },
      { target: 'leaders[0]/server', offsetMs: 0, driftPpm: 0, steps: [{ atMs: 5, byMs: 0 }] },
    ],
  });

  test('the last entry that matches a node gives its whole clock (nothing is merged)', () => {
    expect((sim.clockOf('leaders[1]/lease') as LocalClock).settings).toEqual({ offsetMs: 7, driftPpm: 0, steps: [] });
    expect((sim.clockOf('leaders[1]/server') as LocalClock).settings.driftPpm).toBe(100);
  });

  test('a pattern names node ids only: nothing is inherited along a chain; unmatched nodes have the perfect clock', () => {
    expect(sim.clockOf('leaders')).toBe(sim.clock);
    expect(sim.clockOf('balancer')).toBe(sim.clock);
    expect(sim.clockOf('leaders[2]/lease')).toBe(sim.clock);
  });

  test('an entry that changes nothing gives the perfect clock (and can reset an earlier one)', () => {
    expect(sim.clockOf('leaders[0]/server')).toBe(sim.clock);
    expect(sim.clockOf('leaders[0]/lease')).toBeInstanceOf(LocalClock);
  });
});

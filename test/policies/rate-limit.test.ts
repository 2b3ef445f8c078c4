import { describe, test, expect } from 'vitest';
import { RateLimit } from '../../src/components/rate-limit.js';
import { OK } from '../../src/engine/request.js';
import { newSim, Scripted, drive, every } from './harness.js';
import type { ClockSpec } from '../../src/engine/clock.js';

function limiter(ratePerMs: number, burst: number, times: number[], clocks: ClockSpec[] = []) {
  const sim = newSim({ clocks });
  const down = new Scripted(sim, () => ({ outcome: OK, afterMs: 0 }));
  const rl = new RateLimit(sim, 'rate-limit', { ratePerMs, burst }, down);
  const answers = drive(sim, rl, times);
  const admitted = answers.filter((a) => a.outcome === 'ok').map((a) => a.sent);
  const rejected = answers.filter((a) => a.outcome === 'rejected');
  return { admitted, rejected, answers, stats: rl.stats() };
}

describe('rate-limit (token bucket)', () => {
  test('exact admissions: 100/s with a burst of 2, a call every 5 ms', () => {
    // tokens: 2 at 0 (take: 1), 1.5 at 5 (0.5), 1 at 10 (0), 0.5 at 15 (reject), 1 at 20 (0), ...
    const { admitted, rejected, stats } = limiter(0.1, 2, every(5, 100));
    expect(admitted).toEqual([0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(rejected.map((a) => a.sent)).toEqual([15, 25, 35, 45, 55, 65, 75, 85, 95]);
    // rejected at once
    expect(rejected.every((a) => a.time === a.sent)).toBe(true);
    expect(stats).toMatchObject({ calls: 20, extra: { admitted: 11, rejected: 9 } });
  });

  test('a burst drains the bucket, then the rate holds: 100/s, burst 20, 1000 calls/s for 10 s', () => {
    // the bucket holds 20 + 0.1 t tokens until it runs dry: the calls at 0..21 pass (22.1 tokens
    // at t = 21), then one every 10 ms from 30 on: 22 + 997 = 1019
    const { admitted } = limiter(0.1, 20, every(1, 10000));
    expect(admitted.slice(0, 23)).toEqual([...every(1, 22), 30]);
    expect(admitted.length).toBe(1019);
    expect(admitted.slice(22).every((t, i) => t === 30 + 10 * i)).toBe(true);
  });

  test('a call that arrives after a quiet spell finds a full bucket, never more', () => {
    const { admitted } = limiter(0.1, 3, [0, 1000, 1000, 1000, 1000, 1001]);
    expect(admitted).toEqual([0, 1000, 1000, 1000]);
  });

  test('refills on the node clock: a clock running 25% fast admits 25% more', () => {
    const fast: ClockSpec = { target: 'rate-limit', offsetMs: 0, driftPpm: 250_000, steps: [] };
    const times = every(1, 10000);
    const normal = limiter(0.1, 1, times).admitted.length;
    const skewed = limiter(0.1, 1, times, [fast]).admitted.length;
    expect(normal).toBe(1000);
    // 10 s of true time is 12.5 s on the clock: 1250 tokens
    expect(Math.abs(skewed - 1250)).toBeLessThanOrEqual(1);
  });

  test('a clock that steps back refills nothing until it reads past where it was', () => {
    // one call every 10 ms at exactly the rate: all pass, until the clock steps back 50 ms at 50
    const back: ClockSpec = { target: 'rate-limit', offsetMs: 0, driftPpm: 0, steps: [{ atMs: 50, byMs: -50 }] };
    const { rejected } = limiter(0.1, 1, every(10, 200), [back]);
    expect(rejected.map((a) => a.sent)).toEqual([50, 60, 70, 80, 90]);
    // a forward step refills the bucket (to burst, no more)
    const fwd: ClockSpec = { target: 'rate-limit', offsetMs: 0, driftPpm: 0, steps: [{ atMs: 50, byMs: 1000 }] };
    const { admitted } = limiter(0.1, 2, every(1, 60), [fwd]);
    // 0 and 1 (the burst), then 10, 20, 30, 40; at 50 the clock jumps 1 s ahead and the bucket is
    // full again (2 tokens, not 100): 50 and 51 pass, and the next token comes 10 ms later
    expect(admitted).toEqual([0, 1, 10, 20, 30, 40, 50, 51]);
  });
});

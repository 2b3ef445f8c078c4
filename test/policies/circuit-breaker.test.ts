import { describe, test, expect } from 'vitest';
import { CircuitBreaker, type CircuitBreakerOptions } from '../../src/components/circuit-breaker.js';
import { ERROR, OK, TIMEOUT } from '../../src/engine/request.js';
import { newSim, Scripted, drive, every, type Script } from './harness.js';
import { spec, run, constant } from '../helpers.js';

const options = (o: Partial<CircuitBreakerOptions> = {}): CircuitBreakerOptions => ({
  failures: 3,
  windowMs: 10000,
  minCalls: 10,
  cooldownMs: 100,
  probes: 1,
  ...o,
});

function breaker(script: Script, o: Partial<CircuitBreakerOptions>, times: number[], simOptions = {}) {
  const sim = newSim(simOptions);
  const down = new Scripted(sim, script);
  const cb = new CircuitBreaker(sim, 'circuit-breaker', options(o), down);
  const answers = drive(sim, cb, times);
  return { sim, cb, down, answers, stats: cb.stats(sim.sched.now) };
}

/** Errors (after 1 ms) before `until`, ok after. */
const failingUntil = (until: number): Script => (_k, now) => ({ outcome: now < until ? ERROR : OK, afterMs: 1 });

describe('circuit-breaker', () => {
  test('closed -> open after 3 consecutive failures; rejects at once; half-open after the cooldown; a failed probe reopens, a good one closes', () => {
    const { cb, answers, stats, down } = breaker(failingUntil(150), {}, every(10, 300));
    expect(cb.transitions).toEqual([
      { time: 21, state: 'open' }, // the third failure (call at 20) answers at 21
      { time: 121, state: 'half-open' }, // 100 ms of cooldown
      { time: 131, state: 'open' }, // the probe at 130 fails at 131
      { time: 231, state: 'half-open' },
      { time: 241, state: 'closed' }, // the probe at 240 succeeds at 241
    ]);
    // while open (30..120 and 140..230), calls are rejected at once and never reach downstream
    const rejected = answers.filter((a) => a.outcome === 'rejected');
    expect(rejected.map((a) => a.sent)).toEqual([...every(10, 130, 30), ...every(10, 240, 140)]);
    expect(rejected.every((a) => a.time === a.sent)).toBe(true);
    expect(down.received.map(([, t]) => t)).toEqual([0, 10, 20, 130, 240, 250, 260, 270, 280, 290]);
    expect(stats.extra).toEqual({ state: 'closed', opened: 2, stateChanges: 5, timeOpenMs: 200, rejected: 20 });
  });

  test('a success resets the count of consecutive failures', () => {
    // fail, fail, ok, fail, fail, ok, ...: never 3 in a row
    const { cb, stats } = breaker((k) => ({ outcome: k % 3 === 2 ? OK : ERROR, afterMs: 1 }), {}, every(10, 300));
    expect(cb.transitions).toEqual([]);
    expect(stats.extra).toMatchObject({ state: 'closed', opened: 0, rejected: 0 });
  });

  test('timeouts count as failures; answers to calls sent before a state change do not count', () => {
    // calls 0..2 time out after 50 ms: open at 70, half-open at 170. Call 3, sent at 30 while closed,
    // answers ok at 175 while half-open: passed on, but it is no probe and closes nothing. The probe
    // (sent at 172) fails at 180 and reopens the breaker.
    const script: Script = (k) =>
      k < 3 ? { outcome: TIMEOUT, afterMs: 50 } : k === 3 ? { outcome: OK, afterMs: 145 } : { outcome: ERROR, afterMs: 8 };
    const { cb, answers } = breaker(script, {}, [0, 10, 20, 30, 172]);
    expect(cb.transitions).toEqual([
      { time: 70, state: 'open' },
      { time: 170, state: 'half-open' },
      { time: 180, state: 'open' },
    ]);
    expect(answers.map((a) => [a.sent, a.time, a.outcome])).toEqual([
      [0, 50, 'timeout'],
      [10, 60, 'timeout'],
      [20, 70, 'timeout'],
      [30, 175, 'ok'],
      [172, 180, 'error'],
    ]);
  });

  test('half-open lets exactly `probes` calls through; all must succeed to close', () => {
    // failing until 100; probes: 2, each taking 20 ms
    const script: Script = (_k, now) => ({ outcome: now < 100 ? ERROR : OK, afterMs: now < 100 ? 1 : 20 });
    const { cb, answers } = breaker(script, { probes: 2 }, [0, 1, 2, 150, 160, 170, 180, 200]);
    // open at 3 (third failure), half-open at 103; probes at 150 and 160 (170 and 180 rejected:
    // both probes are out), the first probe succeeds at 170, the second at 180: closed
    expect(cb.transitions.map((t) => [t.time, t.state])).toEqual([
      [3, 'open'],
      [103, 'half-open'],
      [180, 'closed'],
    ]);
    expect(answers.slice(3).map((a) => [a.sent, a.outcome, a.time])).toEqual([
      [150, 'ok', 170],
      [160, 'ok', 180],
      [170, 'rejected', 170],
      [180, 'rejected', 180],
      [200, 'ok', 220],
    ]);
  });

  test('failure-rate: opens when at least the rate of the answers in the window failed, once min-calls answers are in', () => {
    // answers at 1, 11, 21, ...: ok, error, ok, error, ... (50% failures)
    const alternate: Script = (k) => ({ outcome: k % 2 === 1 ? ERROR : OK, afterMs: 1 });
    const o = { failureRate: 0.5, windowMs: 35, minCalls: 4, failures: 1 };
    const { cb } = breaker(alternate, o, every(10, 100));
    // when the answer at 31 comes in, the window of 35 ms holds those at 1, 11, 21 and 31: 4 answers, 2 failed
    expect(cb.transitions[0]).toEqual({ time: 31, state: 'open' });
    // at 60% it stays closed: 2 of 4 failed is below 60%
    expect(breaker(alternate, { ...o, failureRate: 0.6 }, every(10, 100)).cb.transitions).toEqual([]);
    // with a window of 25 ms at most 3 answers are in it: never min-calls
    expect(breaker(alternate, { ...o, windowMs: 25 }, every(10, 100)).cb.transitions).toEqual([]);
  });

  test('the cooldown runs on the node clock: a clock that runs 25% fast (250,000 ppm) reopens 20% sooner', () => {
    const { cb } = breaker(failingUntil(1e9), {}, every(10, 300), {
      clocks: [{ target: 'circuit-breaker', offsetMs: 0, driftPpm: 250000, steps: [] }],
    });
    // open at 21 (true time); 100 ms on a clock running at 1.25 is 80 ms of true time
    expect(cb.transitions.slice(0, 2)).toEqual([
      { time: 21, state: 'open' },
      { time: 101, state: 'half-open' },
    ]);
  });

  test('in a scenario: circuit-breaker in front of a server that is down answers rejected', () => {
    const { summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 50 },
        topology: [
          { kind: 'circuit-breaker', failures: 5, windowMs: 10000, minCalls: 10, cooldownMs: 1000, probes: 1 },
          { kind: 'faulty', mtbfMs: 1e-6, mttrMs: 1e12 },
          { kind: 'server', concurrency: 1, serviceTime: constant(5) },
        ],
      }),
    );
    // the call at 0 passes (the faulty node is still up at 0) and answers ok at 5, just before the
    // call at 5 arrives; 1..4 fail at once, the ok resets the count, 5..9 fail: open at 9
    expect(summary.requests).toMatchObject({ total: 50, ok: 1, error: 9, rejected: 40 });
    expect(summary.nodes.find((n) => n.kind === 'circuit-breaker')?.extra).toMatchObject({ state: 'open', opened: 1, rejected: 40 });
  });
});

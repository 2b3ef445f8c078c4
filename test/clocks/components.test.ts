/** Components that measure time do it on their node's clock: timeout, error-hold, lease. */
import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant } from '../helpers.js';
import type { ClockSpec } from '../../src/spec/scenario.js';
import type { ScenarioSpec } from '../../src/scenario/spec.js';
import { BuildError } from '../../src/engine/errors.js';

const clockOn = (target: string, s: Partial<ClockSpec>): ClockSpec => ({ target, offsetMs: 0, driftPpm: 0, steps: [], ...s });

describe('timeout on a local clock', () => {
  /** One call at time 0 through a 100 ms timeout to a server that takes 1 s; when it times out. */
  const timedOutAt = (clock: Partial<ClockSpec> | null, atMs = 0) => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs }, requests: 1 },
        topology: [{ kind: 'timeout', afterMs: 100 }, { kind: 'server', concurrency: 1, serviceTime: constant(1000) }],
        ...(clock && { clocks: [clockOn('timeout', clock)] }),
      }),
    );
    expect(requests[0].outcome).toBe(2); // TIMEOUT
    return requests[0].end;
  };

  test('a perfect clock, or one that is only offset: at 100 ms', () => {
    expect(timedOutAt(null)).toBe(100);
    expect(timedOutAt({ offsetMs: 5000 })).toBe(100);
    expect(timedOutAt({ offsetMs: -5000 }, 20)).toBe(120);
  });

  test('a fast clock fires early and a slow one late, in true time', () => {
    expect(timedOutAt({ driftPpm: 250_000 })).toBe(80); // reads 1.25 t
    expect(timedOutAt({ driftPpm: -500_000 })).toBe(200); // reads 0.5 t
    expect(timedOutAt({ driftPpm: 250_000 }, 40)).toBe(120); // reads 50 at 40, 150 at 120
    expect(timedOutAt({ driftPpm: 1000 })).toBeCloseTo(100 / 1.001, 9);
    expect(timedOutAt({ driftPpm: -1000 })).toBeCloseTo(100 / 0.999, 9);
  });

  test('a forward step while it waits fires it early (at the step if it jumps past); a backward step delays it', () => {
    expect(timedOutAt({ steps: [{ atMs: 60, byMs: 30 }] })).toBe(70);
    expect(timedOutAt({ steps: [{ atMs: 60, byMs: 50 }] })).toBe(60);
    expect(timedOutAt({ steps: [{ atMs: 60, byMs: -50 }] })).toBe(150);
    // a step before the timeout starts only shifts the reading: 100 ms all the same
    expect(timedOutAt({ steps: [{ atMs: 10, byMs: -50 }] }, 20)).toBe(120);
  });

  test('the clock of another node does not matter', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 1 },
        topology: [{ kind: 'timeout', afterMs: 100 }, { kind: 'server', concurrency: 1, serviceTime: constant(1000) }],
        clocks: [clockOn('server', { driftPpm: 250_000 })],
      }),
    );
    expect(requests[0].end).toBe(100);
  });
});

describe('balancer error-hold on a local clock', () => {
  /**
   * A one-conn balancer over one backend that always fails: request 0 fails at 1 ms and the hold
   * keeps the backend busy; request 1 waits in the balancer's queue until the hold ends.
   */
  const secondCallAt = (clock: Partial<ClockSpec> | null) => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 1 }, requests: 2 },
        services: { b: [{ kind: 'faulty', mtbfMs: 1e-9, mttrMs: 1e15 }, { kind: 'server', concurrency: 1, serviceTime: constant(5) }] },
        topology: [
          {
            kind: 'balancer',
            strategy: 'one-conn',
            backends: { service: 'b', count: 1 },
            tieBreak: 'lowest-index',
            errorHoldMs: 1000,
            info: { source: 'own' },
          },
        ],
        ...(clock && { clocks: [clockOn('balancer', clock)] }),
      }),
    );
    expect(trace(requests[0])).toEqual([['balancer', 'call', 1], ['balancer/b[0]/faulty', 'call', 1], ['balancer', 'error', 1], ['client', 'error', 1]]);
    return trace(requests[1]).find(([node]) => node === 'balancer/b[0]/faulty')?.[2];
  };

  test('held 1000 ms on a perfect clock, 800 ms on a clock 25% fast, 2000 ms on one 50% slow', () => {
    expect(secondCallAt(null)).toBe(1001);
    expect(secondCallAt({ driftPpm: 250_000 })).toBe(801); // reads 1.25 at 1, 1001.25 at 801
    expect(secondCallAt({ driftPpm: -500_000 })).toBe(2001);
    expect(secondCallAt({ driftPpm: 100 })).toBeCloseTo(1 + 1000 / 1.0001, 9);
  });

  test('a backward step during the hold lengthens it by the step', () => {
    expect(secondCallAt({ steps: [{ atMs: 500, byMs: -300 }] })).toBe(1301);
  });
});

describe('lease', () => {
  /**
   * Two leaders behind round-robin, one call every 100 ms alternating (leader 0 at 0, 200, ...;
   * leader 1 at 100, 300, ...), contending for a 1 s lease.
   */
  const leaders = (clocks: ClockSpec[], requests = 21, marginMs = 0) => {
    const s: ScenarioSpec = spec({
      history: false,
      load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests },
      services: {
        leader: [{ kind: 'lease', name: 'p', durationMs: 1000, marginMs }, { kind: 'server', concurrency: 1, serviceTime: constant(1) }],
      },
      topology: [
        { kind: 'balancer', strategy: 'round-robin', backends: { service: 'leader', count: 2 }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } },
      ],
      clocks,
    });
    const { summary } = run(s);
    const extra = (i: number) => summary.nodes.find((n) => n.id === `balancer/leader[${i}]/lease`)?.extra;
    return { summary, l0: extra(0), l1: extra(1) };
  };

  test('perfect clocks: the lease changes hands, never two leaders at once', () => {
    const { l0, l1 } = leaders([]);
    // leader 0 holds [0, 1000) and takes it again at 1000 (its own call at 1000 finds it free)
    expect(l0).toEqual({ lease: 'p', fencing: false, grants: 3, acted: 11, rejected: 0, writes: 11, expiredAtWork: 0, conflicts: 0, fenced: 0 });
    expect(l1).toEqual({ lease: 'p', fencing: false, grants: 0, acted: 0, rejected: 10, writes: 0, expiredAtWork: 0, conflicts: 0, fenced: 0 });
  });

  test('a slow holder keeps acting after the grantor gave the lease to the other: the calls are counted', () => {
    // leader 0 reads t/2: after its grant at 0 it believes it holds the lease until true 2000
    const { l0, l1, summary } = leaders([clockOn('balancer/leader[0]/lease', { driftPpm: -500_000 })]);
    // at 1000 it acts on its own expired lease (its write at 1001 lands after the grant ended, but
    // nobody else has written: not out of turn); leader 1 takes the lease at 1100 (token 2) and
    // writes at 1101; leader 0's writes at 1201 .. 1801 (token 1) come after it: conflicts; at 2000
    // it asks again and is refused
    expect(l0).toEqual({ lease: 'p', fencing: false, grants: 1, acted: 10, rejected: 1, writes: 10, expiredAtWork: 5, conflicts: 4, fenced: 0 });
    expect(l1).toEqual({ lease: 'p', fencing: false, grants: 1, acted: 5, rejected: 5, writes: 5, expiredAtWork: 0, conflicts: 0, fenced: 0 });
    expect(summary.requests.rejected).toBe(6);
  });

  test('a margin larger than the clock error over one lease removes the conflicts', () => {
    // 600 ms margin on a clock at half speed: believes for 400 local ms = 800 true ms < 1000
    const { l0 } = leaders([clockOn('balancer/leader[0]/lease', { driftPpm: -500_000 })], 21, 600);
    expect(l0?.expiredAtWork).toBe(0);
    expect(l0?.conflicts).toBe(0);
  });

  test('a fast holder only gives the lease up early; an offset changes nothing', () => {
    const fast = leaders([clockOn('balancer/leader[0]/lease', { driftPpm: 250_000, offsetMs: 123 })], 41);
    expect(fast.l0).toMatchObject({ expiredAtWork: 0, conflicts: 0 });
    expect(fast.l1).toMatchObject({ expiredAtWork: 0, conflicts: 0 });
    // it believes for 800 true ms, then renews (the grantor still has it as the holder): grants at
    // 0, 800, 1600, 2400, 3200 and 4000, where a perfect clock takes 0, 1000, 2000, 3000 and 4000
    expect(fast.l0?.grants).toBe(6);
    expect(leaders([], 41).l0?.grants).toBe(5);
    const offset = leaders([clockOn('balancer/leader[0]/lease', { offsetMs: 5000 })]);
    expect(offset.l0).toEqual(leaders([]).l0);
  });
});

test('a clock whose target matches no node is an error', () => {
  expect(() =>
    run(spec({ topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(1) }], clocks: [clockOn('sever', { driftPpm: 1 })] })),
  ).toThrow(BuildError);
});

describe('retry backoff on a local clock', () => {
  /**
   * One call at time 0: a retry (2 attempts on timeout, 100 ms backoff, no jitter) over a 10 ms
   * timeout (perfect clock) in front of a server that takes 1 s; when the second attempt times out.
   */
  const endOf = (clock: Partial<ClockSpec> | null) => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 1 },
        topology: [
          { kind: 'retry', attempts: 2, on: ['timeout'], backoff: { baseMs: 100, maxMs: 1000, multiplier: 2, jitter: 'none' } },
          { kind: 'timeout', afterMs: 10 },
          { kind: 'server', concurrency: 2, serviceTime: constant(1000) },
        ],
        ...(clock && { clocks: [clockOn('retry', clock)] }),
      }),
    );
    expect(requests[0].outcome).toBe(2); // TIMEOUT: both attempts timed out
    return requests[0].end;
  };

  test("the wait is measured on the retrying node's clock, like every wait a node times itself", () => {
    expect(endOf(null)).toBe(120); // 10 + 100 + 10
    expect(endOf({ driftPpm: 250_000 })).toBe(100); // reads 1.25 t: its 100 ms pass in 80 ms of true time
    expect(endOf({ driftPpm: -500_000 })).toBe(220);
    expect(endOf({ offsetMs: 5000 })).toBe(120);
  });
});

/**
 * `pause`: a stop-the-world pause. Nothing starts or finishes during it; service in progress is
 * stretched by the pause; answers from downstream wait for its end; the queue keeps growing.
 */
import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant, exp } from '../helpers.js';
import type { FaultSpec } from '../../src/spec/scenario.js';
import { faultWindows } from '../../src/faults/windows.js';

describe('pause at a time', () => {
  test('stretches the service in progress and grows the queue', () => {
    // requests at 0, 4, ..., 20; one worker, 10 ms each; paused from 5 to 25
    const { requests, summary, sim } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 4 }, requests: 6 },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(10) }],
        faults: [{ kind: 'pause', target: 'server', atMs: 5, for: constant(20) }],
      }),
    );
    // 0 had 5 ms left at 5: it ends at 25 + 5; the rest follow every 10 ms
    expect(requests.map((r) => r.end)).toEqual([30, 40, 50, 60, 70, 80]);
    expect(summary.nodes[0].queue?.max).toBe(5); // 4, 8, 12, 16, 20 all waited through the pause
    expect(summary.nodes[0].extra).toEqual({ pauses: 1, pausedMs: 20 });
    expect(faultWindows(sim)).toEqual([{ node: 'server', kind: 'pause', start: 5, end: 25 }]);
  });

  test('holds an answer from downstream until the pause ends', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 1 },
        services: { db: [{ kind: 'server', concurrency: 1, serviceTime: constant(10) }] },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(1) }, { kind: 'service', name: 'db' }],
        faults: [{ kind: 'pause', target: 'server', atMs: 5, for: constant(15) }],
      }),
    );
    // the db answers at 11, during the pause: the server passes it on at 20
    expect(trace(requests[0])).toEqual([['server', 'call', 0], ['db/server', 'call', 1], ['server', 'ok', 11], ['client', 'ok', 20]]);
  });

  test('a call that arrives at an idle paused server waits for the end, and the run waits for it', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 10 }, requests: 2 },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(1) }],
        faults: [{ kind: 'pause', target: 'server', atMs: 5, for: constant(20) }],
      }),
    );
    expect(requests.map((r) => r.end)).toEqual([1, 26]);
  });

  test('overlapping pauses merge; a crash ends a pause', () => {
    const faults: FaultSpec[] = [
      { kind: 'pause', target: 'server', atMs: 5, for: constant(10) },
      { kind: 'pause', target: 'server', atMs: 8, for: constant(10) },
    ];
    const merged = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 1 },
        topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(10) }],
        faults,
      }),
    );
    expect(merged.requests[0].end).toBe(23); // paused 5-18: 5 ms done before, 5 after
    expect(faultWindows(merged.sim)).toEqual([{ node: 'server', kind: 'pause', start: 5, end: 18 }]);
    const crashed = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 1 },
        topology: [{ kind: 'timeout', afterMs: 50 }, { kind: 'server', concurrency: 1, serviceTime: constant(10) }],
        faults: [faults[0], { kind: 'crash', target: 'server', atMs: 7, restartAfterMs: 1 }],
      }),
    );
    expect(faultWindows(crashed.sim)).toEqual([
      { node: 'server', kind: 'pause', start: 5, end: 7 },
      { node: 'server', kind: 'crash', start: 7, end: 8 },
    ]);
    expect(crashed.requests[0].end).toBe(50); // lost in the crash: timed out
  });

  test('a slotted server skips the ticks that fall in a pause', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 2 },
        topology: [{ kind: 'server', concurrency: 1, tickMs: 10 }],
        faults: [{ kind: 'pause', target: 'server', atMs: 5, for: constant(10) }],
      }),
    );
    expect(requests.map((r) => r.end)).toEqual([20, 30]);
  });
});

describe('periodic pauses', () => {
  test('start every `every`, each lasting a draw of `for`, on each target its own schedule', () => {
    const { sim, summary } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'poisson', intervalMs: 1 }, requests: 20000 },
        pools: { web: { service: 'app', count: 2 } },
        services: { app: [{ kind: 'server', concurrency: 4, serviceTime: exp(1) }] },
        topology: [{ kind: 'balancer', strategy: 'round-robin', backends: { pool: 'web' }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } }],
        faults: [{ kind: 'pause', target: 'web[*]/server', every: constant(1000), for: exp(50) }],
      }),
    );
    for (const node of ['web[0]/server', 'web[1]/server']) {
      const w = faultWindows(sim).filter((x) => x.node === node);
      expect(w.map((x) => x.start)).toEqual(Array.from({ length: w.length }, (_, i) => 1000 * (i + 1)));
      expect(w.length).toBeGreaterThanOrEqual(19);
    }
    const lengths = (node: string) => faultWindows(sim).filter((x) => x.node === node).map((x) => x.end - x.start);
    expect(lengths('web[0]/server')).not.toEqual(lengths('web[1]/server'));
    const paused = summary.nodes.filter((n) => n.kind === 'server').map((n) => n.extra as { pauses: number; pausedMs: number });
    expect(paused.map((p) => p.pauses)).toEqual(['web[0]/server', 'web[1]/server'].map((id) => faultWindows(sim).filter((x) => x.node === id).length));
  });
});

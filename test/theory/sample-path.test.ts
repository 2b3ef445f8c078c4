/** Exact identities on a sample path: no statistics, so any tolerance is floating-point rounding only. */
import { test, expect } from 'vitest';
import { spec, run, exp } from '../helpers.js';
import { rngStream } from '../../src/engine/rng.js';

const mm1 = (requests: number) =>
  spec({
    history: false,
    seed: 11,
    load: { arrivals: { kind: 'poisson', intervalMs: 1.25 }, requests },
    topology: [{ kind: 'server', concurrency: 1, serviceTime: exp(1) }],
  });

test("Little's law on a sample path: the integral of the number in system equals the sum of sojourn times", () => {
  const { requests, client, sim, summary } = run(mm1(50000));
  const sumSojourn = requests.reduce((a, r) => a + (r.end - r.arrival), 0);
  const end = sim.sched.now;
  expect(client.inSystem.current).toBe(0); // starts and ends empty
  expect(client.inSystem.integral(end)).toBeCloseTo(sumSojourn, 6);
  // and per queue: the integral of the queue length equals the sum of waits in it
  const server = summary.nodes[0];
  expect((server.queue?.mean ?? 0) * end).toBeCloseTo((server.queue?.meanWait ?? 0) * server.calls, 4);
});

test("a FIFO single server obeys Lindley's recursion request by request", () => {
  const n = 20000;
  const { requests } = run(mm1(n));
  // Replay the two random streams independently: arrivals from `load`, service times from `server`.
  const load = rngStream(11, 'load');
  const service = rngStream(11, 'server');
  let arrival = 0;
  let departure = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) arrival += -1.25 * Math.log(1 - load());
    const start = Math.max(arrival, departure); // wait W_i = max(0, D_{i-1} - A_i)
    departure = start + -1 * Math.log(1 - service());
    const r = requests[i];
    expect(r.arrival).toBeCloseTo(arrival, 9);
    expect(r.end).toBeCloseTo(departure, 9);
    expect(r.waitedMs).toBeCloseTo(start - arrival, 9);
  }
});

/**
 * Common random numbers for every load shape: arrivals come from the `load` stream (and its named
 * sub-streams) only, so changing the topology never moves them; closed-loop users draw their think
 * times from their own streams, so the k-th think time of each user does not move either (though
 * their arrivals do: that is what a closed loop is).
 */
import { describe, expect, test } from 'vitest';
import { constant, exp, run, spec } from '../helpers.js';
import type { ArrivalSpec, LoadSpec } from '../../src/spec/scenario.js';
import type { ChainSpec } from '../../src/scenario/spec.js';
import { parseScenario } from '../../src/scenario/load.js';

const one: ChainSpec = [{ kind: 'server', concurrency: 3, serviceTime: exp(1) }];
const other: ChainSpec = [
  { kind: 'retry', attempts: 2, on: ['error'] },
  { kind: 'cable', latency: exp(2) },
  { kind: 'balancer', strategy: 'random', backends: { service: 'backend', count: 5 }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } },
];
const services = { backend: [{ kind: 'server' as const, concurrency: 1, serviceTime: exp(4) }] };

const runWith = (load: LoadSpec, topology: ChainSpec, seed = 1) => run(spec({ seed, history: false, load, services, topology }));
const arrivals = (r: ReturnType<typeof run>) => r.requests.map((q) => q.arrival);

const SHAPES: { name: string; arrivals: ArrivalSpec }[] = [
  { name: 'poisson', arrivals: { kind: 'poisson', intervalMs: 1 } },
  { name: 'on-off', arrivals: { kind: 'on-off', on: exp(50), off: exp(100), intervalMs: 0.5, arrivals: 'poisson' } },
  {
    name: 'mmpp',
    arrivals: {
      kind: 'mmpp',
      states: [
        { ratePerMs: 0.2, meanStayMs: 100 },
        { ratePerMs: 3, meanStayMs: 20 },
      ],
    },
  },
  { name: 'ramp', arrivals: { kind: 'ramp', fromPerMs: 0.1, toPerMs: 2, overMs: 1000 } },
  { name: 'daily', arrivals: { kind: 'daily', meanPerMs: 1, amplitude: 0.8, periodMs: 500, peakMs: 100 } },
];

describe.each(SHAPES)('$name', ({ arrivals: shape }) => {
  const load: LoadSpec = { arrivals: shape, requests: 3000 };

  test('the arrivals do not move when the topology changes; another seed moves them', () => {
    const a = runWith(load, one);
    const b = runWith(load, other);
    expect(arrivals(b)).toEqual(arrivals(a));
    expect(b.summary.latency.mean).not.toEqual(a.summary.latency.mean);
    expect(arrivals(runWith(load, one, 2))).not.toEqual(arrivals(a));
  });
});

test('replay: the same arrivals and service times under any topology', () => {
  const text = (topology: string) =>
    `name: r\nseed: 1\nload: { replay: { file: trace.csv, column: time_ms, service-column: service_ms } }\ntopology:\n${topology}\n`;
  const a = run(parseScenario(text('  - server: { service-time: exp(1ms) }'), 'test/load/fixtures/r.yaml').spec);
  const b = run(parseScenario(text('  - cable: { latency: exp(1ms) }\n  - server: { concurrency: 2, service-time: 1ms }'), 'test/load/fixtures/r.yaml').spec);
  expect(arrivals(b)).toEqual(arrivals(a));
  expect(b.requests.map((r) => r.serviceMs)).toEqual(a.requests.map((r) => r.serviceMs));
});

test('on-off: the gaps come from `load`, the periods from `load/on-off`: changing the off periods moves no gap', () => {
  const onTimes = (offMs: number) => {
    const load: LoadSpec = { arrivals: { kind: 'on-off', on: constant(100), off: constant(offMs), intervalMs: 1, arrivals: 'poisson' }, requests: 2000 };
    // on time of each arrival: whole on periods before it, plus its offset into its own
    return arrivals(runWith(load, one)).map((t) => Math.floor(t / (100 + offMs)) * 100 + (t % (100 + offMs)));
  };
  const a = onTimes(300);
  const b = onTimes(50);
  expect(b.length).toBe(a.length);
  b.forEach((t, i) => expect(t).toBeCloseTo(a[i], 9));
});

test("closed loop: each user's k-th think time does not move when the system changes", () => {
  const load: LoadSpec = { arrivals: { kind: 'closed', users: 8, think: exp(10) }, requests: 2000 };
  const thinks = (r: ReturnType<typeof run>) => {
    const byUser: number[][] = Array.from({ length: 8 }, () => []);
    const lastEnd = new Array<number>(8).fill(0);
    for (const q of [...r.requests].sort((x, y) => x.arrival - y.arrival || x.id - y.id)) {
      byUser[q.user].push(q.arrival - lastEnd[q.user]);
      lastEnd[q.user] = q.end;
    }
    return byUser;
  };
  const a = runWith(load, one);
  const b = runWith(load, other);
  expect(arrivals(b)).not.toEqual(arrivals(a)); // the system paces a closed loop...
  const ta = thinks(a);
  const tb = thinks(b);
  // ...but not the users' think times: compare each user's common prefix
  for (let u = 0; u < 8; u++) {
    const n = Math.min(ta[u].length, tb[u].length);
    expect(n).toBeGreaterThan(100);
    for (let k = 0; k < n; k++) expect(tb[u][k]).toBeCloseTo(ta[u][k], 9);
  }
  expect(a.sim.streamNames()).toContain('load/user[7]');
});

import { describe, test, expect } from 'vitest';
import { rngStream } from '../../src/engine/rng.js';
import { makeStrategy, type BalancerView, type StrategyContext } from '../../src/components/strategies/index.js';
import type { Strategy as Name } from '../../src/spec/scenario.js';
import { spec, run, constant, exp } from '../helpers.js';
import type { StepSpec } from '../../src/scenario/spec.js';

const view = (load: number[], key = -1, seed = 1): BalancerView & { load: Int32Array; key: number } => ({
  n: load.length,
  load: Int32Array.from(load),
  key,
  rng: rngStream(seed, 'test'),
});
const ctx = (n: number): StrategyContext => ({ n, speeds: Array(n).fill(1), shardRng: (k) => rngStream(1, `shard/${k}`) });
const make = (name: Name, n: number, options = {}) => makeStrategy(name, { tieBreak: 'random', ...options }, ctx(n));
const counts = (n: number, picks: number[]) => picks.reduce((c, p) => (c[p]++, c), Array(n).fill(0) as number[]);

describe('strategies', () => {
  test('two-choices takes the less loaded of two distinct random backends', () => {
    const s = make('two-choices', 5);
    const v = view([5, 4, 3, 2, 1]);
    const c = counts(5, Array.from({ length: 20000 }, () => s.pick(v)));
    // backend i wins when it is in the pair with a more loaded one: i of the 10 pairs for load rank i
    expect(c[0]).toBe(0);
    [1, 2, 3, 4].forEach((i) => expect(Math.abs(c[i] / 20000 - i / 10)).toBeLessThan(0.015));
  });

  test('best-of d = n is join-the-shortest-queue; jsq looks at every backend', () => {
    const v = view([3, 1, 2, 1]);
    const lowest = makeStrategy('jsq', { tieBreak: 'lowest-index' }, ctx(4));
    expect(lowest.pick(v)).toBe(1);
    const random = make('best-of', 4, { choices: 4 });
    const c = counts(4, Array.from({ length: 4000 }, () => random.pick(v)));
    expect(c[0] + c[2]).toBe(0);
    expect(Math.abs(c[1] - 2000)).toBeLessThan(200); // ties at random between 1 and 3
  });

  test('weighted-random picks in proportion to the weights', () => {
    const s = make('weighted-random', 3, { weights: [2, 1, 1] });
    const v = view([0, 0, 0]);
    const c = counts(3, Array.from({ length: 40000 }, () => s.pick(v)));
    expect(Math.abs(c[0] / 40000 - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(c[1] / 40000 - 0.25)).toBeLessThan(0.01);
  });

  test('weighted-round-robin is smooth: weights 5, 1, 1 give a a b a c a a', () => {
    const s = make('weighted-round-robin', 3, { weights: [5, 1, 1] });
    const v = view([0, 0, 0]);
    expect(Array.from({ length: 14 }, () => 'abc'[s.pick(v)]).join('')).toBe('aabacaaaabacaa');
  });

  test('weights default to the backends\' speeds', () => {
    const s = makeStrategy('weighted-round-robin', { tieBreak: 'random' }, { ...ctx(2), speeds: [1, 0.5] });
    expect(Array.from({ length: 6 }, () => s.pick(view([0, 0])))).toEqual([0, 1, 0, 0, 1, 0]);
  });

  test('consistent-hash: a key always reaches the same backend; adding one backend moves about 1/n of the keys', () => {
    const ten = make('consistent-hash', 10, { virtualNodes: 100 });
    const eleven = make('consistent-hash', 11, { virtualNodes: 100 });
    const keys = Array.from({ length: 20000 }, (_, k) => k);
    const a = keys.map((k) => ten.pick(view(Array(10).fill(0), k)));
    expect(keys.map((k) => ten.pick(view(Array(10).fill(9), k)))).toEqual(a); // load does not matter
    const b = keys.map((k) => eleven.pick(view(Array(11).fill(0), k)));
    const moved = a.filter((x, i) => x !== b[i]).length / keys.length;
    expect(moved).toBeGreaterThan(0.05);
    expect(moved).toBeLessThan(0.14); // 1/11 = 0.09
    // every moved key went to the new backend
    expect(a.every((x, i) => x === b[i] || b[i] === 10)).toBe(true);
    const c = counts(10, a);
    expect(Math.min(...c) / Math.max(...c)).toBeGreaterThan(0.6); // 100 virtual nodes spread keys evenly
  });

  test('shuffle-shard: each key keeps its own shard and goes to the least loaded backend in it', () => {
    const s = make('shuffle-shard', 20, { shardSize: 3 });
    const load = Array.from({ length: 20 }, (_, i) => 20 - i);
    const shardOf = (k: number) => {
      const v = view(Array(20).fill(0), k, k + 1);
      return [...new Set(Array.from({ length: 200 }, () => s.pick(v)))].sort((x, y) => x - y);
    };
    const s7 = shardOf(7);
    expect(s7.length).toBe(3);
    expect(shardOf(7)).toEqual(s7);
    expect(s.pick(view(load, 7))).toBe(Math.max(...s7)); // the least loaded (highest index here)
    const shards = new Set(Array.from({ length: 50 }, (_, k) => shardOf(k).join(',')));
    expect(shards.size).toBeGreaterThan(45); // C(20,3) = 1140 possible shards
  });
});

const dyno = (service = constant(10)): StepSpec[] => [{ kind: 'server', concurrency: 1, serviceTime: service }];
const lb = (strategy: Name, info: StepSpec & { kind: 'balancer' } extends infer B ? Partial<B> : never = {}): StepSpec => ({
  kind: 'balancer',
  strategy,
  backends: { service: 'dyno', count: 5 },
  tieBreak: 'lowest-index',
  errorHoldMs: 0,
  info: { source: 'backend' },
  ...info,
});
const backendOf = (r: { history: { node: string; event: string }[] | null }) =>
  Number((r.history ?? []).find((h) => h.event === 'call' && /dynos?\[\d+\]/.test(h.node))?.node.match(/dynos?\[(\d+)\]/)?.[1]);

describe('load information', () => {
  test('fresh backend information spreads a burst evenly; a stale snapshot herds it onto one backend', () => {
    const burst = { arrivals: { kind: 'instant' as const, atMs: 1 }, requests: 10 };
    const fresh = run(spec({ load: burst, services: { dyno: dyno() }, topology: [lb('jsq')] }));
    expect(counts(5, fresh.requests.map(backendOf))).toEqual([2, 2, 2, 2, 2]);
    const stale = run(spec({ load: burst, services: { dyno: dyno() }, topology: [lb('jsq', { info: { source: 'backend', refreshMs: 1000 } })] }));
    expect(counts(5, stale.requests.map(backendOf))).toEqual([10, 0, 0, 0, 0]);
  });

  test('a snapshot refreshes every T: after the refresh the balancer sees the pile-up', () => {
    const load = { arrivals: { kind: 'constant' as const, intervalMs: 1 }, requests: 8 };
    const r = run(spec({ load, services: { dyno: dyno(constant(100)) }, topology: [lb('jsq', { info: { source: 'backend', refreshMs: 4 } })] }));
    // snapshots at 0 and 4: arrivals 0..3 see all idle -> 0; at 4 the snapshot shows backend 0 with 4
    expect(r.requests.map(backendOf)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  test('delayed information is the load as it was T ago', () => {
    const load = { arrivals: { kind: 'constant' as const, intervalMs: 1 }, requests: 6 };
    const r = run(spec({ load, services: { dyno: dyno(constant(100)) }, topology: [lb('jsq', { info: { source: 'backend', delayMs: 2.5 } })] }));
    // at t the balancer sees the calls sent up to t - 2.5: t = 0, 1, 2 see nothing and pick 0; t = 3
    // sees one call on 0 and picks 1; t = 4 and 5 still do not see the call sent to 1 at t = 3
    expect(r.requests.map(backendOf)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  test('own information counts only this balancer\'s calls (least-conn), backend information counts everyone\'s', () => {
    const load = { arrivals: { kind: 'instant' as const, atMs: 1 }, requests: 4 };
    const pools = { dynos: { service: 'dyno', count: 2 } };
    const router = (source: 'own' | 'backend'): StepSpec[] => [
      { kind: 'balancer', strategy: 'least-conn', backends: { pool: 'dynos' }, tieBreak: 'lowest-index', errorHoldMs: 0, info: { source } },
    ];
    const top: StepSpec = { kind: 'balancer', strategy: 'round-robin', backends: { service: 'router', count: 2 }, tieBreak: 'lowest-index', errorHoldMs: 0, info: { source: 'own' } };
    const own = run(spec({ load, pools, services: { dyno: dyno(constant(100)), router: router('own') }, topology: [top] }));
    const all = run(spec({ load, pools, services: { dyno: dyno(constant(100)), router: router('backend') }, topology: [top] }));
    // routers 0 and 1 alternate; with own counts each router starts at dyno 0: 0, 0, 1, 1
    expect(own.requests.map(backendOf)).toEqual([0, 0, 1, 1]);
    // seeing every router's calls, they alternate: 0, 1, 0, 1
    expect(all.requests.map(backendOf)).toEqual([0, 1, 0, 1]);
  });
});

describe('unequal fleets, slotted servers, keys', () => {
  test('speeds divide service times', () => {
    const r = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 2 },
        services: { dyno: dyno(constant(10)) },
        topology: [{ ...lb('round-robin'), info: { source: 'own' }, backends: { service: 'dyno', count: 2, speeds: [1, 0.25] } } as StepSpec],
      }),
    );
    expect(r.requests.map((q) => q.end)).toEqual([10, 40]);
  });

  test('a slotted server completes its oldest call on each tick', () => {
    const r = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 300 }, requests: 4 },
        topology: [{ kind: 'server', concurrency: 1, tickMs: 1000 }],
      }),
    );
    // arrivals 0, 300, 600, 900; ticks at 1000, 2000, 3000, 4000
    expect(r.requests.map((q) => q.end)).toEqual([1000, 2000, 3000, 4000]);
    expect(r.requests.map((q) => q.waitedMs)).toEqual([0, 1000, 2000, 3000]);
  });

  test('keys come from their own stream: adding keys moves no arrival', () => {
    const base = spec({ history: false, load: { arrivals: { kind: 'poisson', intervalMs: 1 }, requests: 20000 }, topology: [{ kind: 'server', concurrency: 100, serviceTime: exp(1) }] });
    const plain = run(base);
    const keyed = run({ ...base, load: { ...base.load, keys: { count: 100, zipf: 1 } } });
    expect(keyed.requests.map((q) => q.arrival)).toEqual(plain.requests.map((q) => q.arrival));
    expect(plain.requests.every((q) => q.key === -1)).toBe(true);
    const c = counts(100, keyed.requests.map((q) => q.key));
    // Zipf(1) over 100 keys: key 0 has weight 1/H(100) = 0.193, key 1 half that
    expect(Math.abs(c[0] / 20000 - 0.193)).toBeLessThan(0.012);
    expect(Math.abs(c[1] / 20000 - 0.0964)).toBeLessThan(0.009);
  });
});

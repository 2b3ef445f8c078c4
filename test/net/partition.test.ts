import { describe, test, expect } from 'vitest';
import { spec, run } from '../helpers.js';
import { link, server, linkStats, node, binomialTolerance } from './helpers.js';
import type { FaultSpec, Strategy } from '../../src/spec/scenario.js';
import type { StepSpec } from '../../src/scenario/spec.js';
import { DROPPED, OK, type Request } from '../../src/engine/request.js';
import { BuildError } from '../../src/engine/errors.js';

const balancer = (strategy: Strategy, backends: { service: string; count: number } | { pool: string }): StepSpec => ({
  kind: 'balancer',
  strategy,
  backends,
  tieBreak: 'lowest-index',
  errorHoldMs: 0,
  info: { source: strategy === 'two-choices' ? 'backend' : 'own' },
});

/**
 * One request per ms for 300 ms, round-robin over two dynos, each a 1 ms link in front of a server
 * taking 2 ms: a request to a dyno enters its link at its arrival time t, and its response at t + 3.
 */
function twoDynos(faults: FaultSpec[], strategy: Strategy = 'round-robin') {
  return run(
    spec({
      load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 300 },
      services: { dyno: [link(), server(2)] },
      topology: [balancer(strategy, { service: 'dyno', count: 2 })],
      faults,
    }),
  );
}

/** The backend a request went to (from its history), or -1. */
const backendOf = (r: Request) => {
  const first = r.history!.find((e) => /dyno\[\d+\]/.test(e.node));
  return first ? Number(/dyno\[(\d+)\]/.exec(first.node)![1]) : -1;
};

/** A partition from `atMs` to `healMs` (null: it never heals). */
const partition = (between: [string[], string[]], direction: 'both' | 'a-to-b' | 'b-to-a', atMs = 100, healMs: number | null = 200): FaultSpec => ({
  kind: 'partition',
  between,
  atMs,
  ...(healMs !== null && { healMs }),
  direction,
});

/** The requests that must be lost: to dyno[0], with a message entering its link in [at, heal). */
function expectCut(result: ReturnType<typeof twoDynos>, lost: (t: number) => boolean, byPartition = true) {
  const { requests, summary } = result;
  const wanted = requests.filter((r) => backendOf(r) === 0 && lost(r.arrival)).map((r) => r.id);
  expect(wanted.length).toBeGreaterThan(0);
  expect(requests.filter((r) => r.outcome === DROPPED).map((r) => r.id)).toEqual(wanted);
  expect(requests.filter((r) => r.outcome !== DROPPED).every((r) => r.outcome === OK)).toBe(true);
  expect(linkStats(summary.nodes, 'balancer/dyno[0]/link')).toMatchObject({ lost: wanted.length, partitioned: byPartition ? wanted.length : 0 });
  expect(linkStats(summary.nodes, 'balancer/dyno[1]/link')).toMatchObject({ lost: 0 });
  return wanted;
}

describe('partition', () => {
  const A = ['balancer'];
  const B = ['balancer/dyno[0]/**'];

  test('a-to-b loses exactly the requests from A to B sent in [at, heal); the responses still get through', () => {
    const result = twoDynos([partition([A, B], 'a-to-b')]);
    expectCut(result, (t) => t >= 100 && t < 200);
    // the lost requests never reached the server
    expect(node(result.summary.nodes, 'balancer/dyno[0]/server').calls).toBe(150 - 50);
  });

  test('b-to-a loses exactly the responses from B to A sent in the window: the server did the work for nothing', () => {
    const result = twoDynos([partition([A, B], 'b-to-a')]);
    expectCut(result, (t) => t + 3 >= 100 && t + 3 < 200);
    expect(node(result.summary.nodes, 'balancer/dyno[0]/server').calls).toBe(150);
  });

  test('both directions', () => {
    expectCut(twoDynos([partition([A, B], 'both')]), (t) => (t >= 100 && t < 200) || (t + 3 >= 100 && t + 3 < 200));
  });

  test('the direction follows the order of the groups', () => {
    // A is now the dyno: a-to-b is its responses to the balancer
    expectCut(twoDynos([partition([B, A], 'a-to-b')]), (t) => t + 3 >= 100 && t + 3 < 200);
  });

  test('a group names a link by its own id or by the step after it', () => {
    expectCut(twoDynos([partition([A, ['balancer/dyno[0]/server']], 'a-to-b')]), (t) => t >= 100 && t < 200);
    expectCut(twoDynos([partition([A, ['balancer/dyno[0]/link']], 'a-to-b')]), (t) => t >= 100 && t < 200);
  });

  test('without heal it never heals', () => {
    expectCut(twoDynos([partition([A, B], 'a-to-b', 100, null)]), (t) => t >= 100);
  });

  test('the gauges of pool members under a two-choices balancer are not hops: the balancer is still the caller', () => {
    const result = twoDynos([partition([A, B], 'a-to-b')], 'two-choices');
    expectCut(result, (t) => t >= 100 && t < 200);
  });

  test('only the callers in the other group are cut off from a shared pool member', () => {
    // two routers over one pool of two dynos; only router 0 is cut off from dyno 0
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 400 },
        services: { dyno: [link(), server(2)], router: [balancer('round-robin', { pool: 'dynos' })] },
        pools: { dynos: { service: 'dyno', count: 2 } },
        topology: [balancer('random', { service: 'router', count: 2 })],
        faults: [partition([['balancer/router[0]/balancer'], ['dynos[0]/**']], 'both', 100, 300)],
      }),
    );
    const route = (r: Request) => {
      const nodes = r.history!.map((e) => e.node);
      return `${nodes.find((n) => n.includes('router['))!.slice(0, 'balancer/router[0]'.length)} ${nodes.find((n) => n.startsWith('dynos['))!.slice(0, 8)}`;
    };
    const inWindow = (t: number) => (t >= 100 && t < 300) || (t + 3 >= 100 && t + 3 < 300);
    const lost = requests.filter((r) => r.outcome === DROPPED);
    const expected = requests.filter((r) => route(r) === 'balancer/router[0] dynos[0]' && inWindow(r.arrival));
    expect(expected.length).toBeGreaterThan(10);
    expect(lost.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    // router 1 kept reaching dyno 0 during the partition
    expect(requests.some((r) => route(r) === 'balancer/router[1] dynos[0]' && r.arrival >= 100 && r.arrival < 300 && r.outcome === OK)).toBe(true);
    expect(linkStats(summary.nodes, 'dynos[0]/link').partitioned).toBe(lost.length);
  });

  test('the client can be a group: the topology\'s first link is called by the client', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 20 },
        topology: [link(), server(2)],
        faults: [partition([['client'], ['link']], 'a-to-b', 5, 10)],
      }),
    );
    expect(requests.filter((r) => r.outcome === DROPPED).map((r) => r.arrival)).toEqual([5, 6, 7, 8, 9]);
  });

  test('a partition that names no link is an error', () => {
    // both groups name nodes, but no link (the client and the balancer call links; neither is one)
    expect(() => twoDynos([partition([['client'], A], 'both')])).toThrow(BuildError);
    expect(() => twoDynos([partition([['client'], A], 'both')])).toThrow(/faults\[0\]\.partition\.between: no link step is named by \[client\] and \[balancer\]/);
  });

  test("every name in a group must name a node, even when the group's other names do (issue 8)", () => {
    const error = (between: [string[], string[]]) => {
      try {
        twoDynos([partition(between, 'both')]);
      } catch (e) {
        return e as BuildError;
      }
      throw new Error('no error');
    };
    const e = error([A, ['balancer/dyno[0]/link', 'balancr/dyno[1]/lnk']]);
    expect(e.message).toMatch(/^faults\[0\]\.partition\.between\[1\]\[1\]: "balancr\/dyno\[1\]\/lnk" names no node;/);
    expect(e.suggest).toEqual([{ line: 0, word: 'balancr/dyno[1]/lnk', candidates: expect.arrayContaining(['balancer/dyno[N]/link', 'client']) }]);
    // a whole group that matches nothing, beside one that does: an error too (it was ignored)
    expect(error([['nothing/**'], ['balancer/dyno[0]/link']]).message).toMatch(/between\[0\]\[0\]: "nothing\/\*\*" names no node/);
    // client names the caller of the first step: a name like any other
    expect(() => twoDynos([partition([['client'], ['balancer/dyno[0]/link']], 'both')])).not.toThrow();
  });
});

describe('flaky', () => {
  test('loses every message entering the targeted links in [at, at + for), and none outside', () => {
    const result = twoDynos([{ kind: 'flaky', target: 'balancer/dyno[0]/link', atMs: 100, forMs: 50, loss: 1 }]);
    expectCut(result, (t) => (t >= 100 && t < 150) || (t + 3 >= 100 && t + 3 < 150), false);
  });

  test('adds its loss to the link\'s own: a message survives with probability (1 - p)(1 - q)', () => {
    const n = 20000;
    const [p, q] = [0.2, 0.5];
    const { requests } = run(
      spec({
        history: false,
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: n },
        topology: [link({ latency: { kind: 'constant', value: 0 }, loss: p }), server(0)],
        faults: [{ kind: 'flaky', target: 'link', atMs: 5000, forMs: 10000, loss: q }],
      }),
    );
    // with no latency and no service time, a request's two messages enter the link at its arrival
    const inside = requests.filter((r) => r.arrival >= 5000 && r.arrival < 15000);
    const outside = requests.filter((r) => r.arrival < 5000 || r.arrival >= 15000);
    const ok = (rs: Request[]) => rs.filter((r) => r.outcome === OK).length;
    const pIn = ((1 - p) * (1 - q)) ** 2;
    const pOut = (1 - p) ** 2;
    expect(Math.abs(ok(inside) - inside.length * pIn)).toBeLessThan(binomialTolerance(inside.length, pIn));
    expect(Math.abs(ok(outside) - outside.length * pOut)).toBeLessThan(binomialTolerance(outside.length, pOut));
  });

  test('a target that names no link is an error', () => {
    expect(() => twoDynos([{ kind: 'flaky', target: 'balancer/dyno[0]/server', atMs: 1, forMs: 1, loss: 1 }])).toThrow(
      /faults\[0\]\.flaky\.target: "balancer\/dyno\[0\]\/server" matches only nodes that are not links \(balancer\/dyno\[0\]\/server\)/,
    );
  });
});

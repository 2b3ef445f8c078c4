import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant, exp } from '../helpers.js';
import type { ChainSpec, StepSpec } from '../../src/scenario/spec.js';
import { Hedge, QuantileSketch, RECOMPUTE_EVERY } from '../../src/components/hedge.js';
import { OK } from '../../src/engine/request.js';
import { newSim, Scripted, drive, every } from './harness.js';

/** Round-robin over three copies of a 50 ms server; the second and third are five times faster (10 ms). */
const unequal = (hedge: StepSpec): ChainSpec => [
  hedge,
  { kind: 'balancer', strategy: 'round-robin', backends: { service: 'svc', count: 3, speeds: [1, 5, 5] }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } },
];
const services = { svc: [{ kind: 'server' as const, concurrency: 1, serviceTime: constant(50) }] };

describe('hedge', () => {
  test('sends a second copy after the delay; the first answer wins and the other copy is abandoned', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests: 2 },
        services,
        topology: unequal({ kind: 'hedge', afterMs: 20, max: 1, warmup: 100 }),
      }),
    );
    // request 0: the first copy goes to the slow backend 0; at 20 ms the hedge goes to backend 1,
    // answers at 30 and wins; the first copy's answer at 50 is ignored (it still kept backend 0 busy)
    expect(trace(requests[0])).toEqual([
      ['hedge', 'call', 0],
      ['balancer', 'call', 0],
      ['balancer/svc[0]/server', 'call', 0],
      ['balancer', 'call', 20],
      ['balancer/svc[1]/server', 'call', 20],
      ['balancer', 'ok', 30],
      ['hedge', 'ok', 30],
      ['client', 'ok', 30],
      ['balancer', 'ok', 50],
      ['hedge', 'ok', 50],
    ]);
    // request 1: the first copy goes to the fast backend 2 and answers at 110, before the hedge delay
    expect(trace(requests[1])).toEqual([
      ['hedge', 'call', 100],
      ['balancer', 'call', 100],
      ['balancer/svc[2]/server', 'call', 100],
      ['balancer', 'ok', 110],
      ['hedge', 'ok', 110],
      ['client', 'ok', 110],
    ]);
    const hedge = summary.nodes.find((n) => n.kind === 'hedge');
    expect(hedge?.calls).toBe(2);
    // the attempts: 10 (hedge of request 0), 50 (its abandoned first copy), 10 (request 1)
    expect(hedge?.extra).toEqual({
      hedges: 1,
      won: 1,
      lateAnswers: 1,
      attempts: { count: 3, mean: 70 / 3, p50: 10, p99: 50 - 0.02 * 40 },
    });
    // the abandoned copy was served: backend 0 served one call
    expect(summary.nodes.find((n) => n.id === 'balancer/svc[0]/server')?.calls).toBe(1);
  });

  test('the first copy wins when it answers first; the hedge is then abandoned', () => {
    // backend 0 takes 50 ms, backend 1 100 ms; round robin sends the first copy to 0, the hedge to 1
    // (a second request at 1000 ms keeps the run going past the abandoned copy's answer: a run ends
    // with its last request)
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1000 }, requests: 2 },
        services,
        topology: [
          { kind: 'hedge', afterMs: 20, max: 1, warmup: 100 },
          { kind: 'balancer', strategy: 'round-robin', backends: { service: 'svc', count: 2, speeds: [1, 0.5] }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } },
        ],
      }),
    );
    // first copy answers at 50; the hedge sent at 20 would answer at 120
    expect(trace(requests[0])).toEqual([
      ['hedge', 'call', 0],
      ['balancer', 'call', 0],
      ['balancer/svc[0]/server', 'call', 0],
      ['balancer', 'call', 20],
      ['balancer/svc[1]/server', 'call', 20],
      ['balancer', 'ok', 50],
      ['hedge', 'ok', 50],
      ['client', 'ok', 50],
      ['balancer', 'ok', 120],
      ['hedge', 'ok', 120],
    ]);
    expect(summary.nodes.find((n) => n.kind === 'hedge')?.extra).toMatchObject({ hedges: 2, won: 0, lateAnswers: 1 });
  });

  test('max: 2 sends a third copy after a second delay', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1000 }, requests: 2 },
        services,
        topology: [
          { kind: 'hedge', afterMs: 20, max: 2, warmup: 100 },
          { kind: 'balancer', strategy: 'round-robin', backends: { service: 'svc', count: 3, speeds: [1, 1, 5] }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } },
        ],
      }),
    );
    // copies at 0 (done 50), 20 (done 70), 40 (fast: done 50); the first copy and the third tie at
    // 50: the first copy's answer was scheduled first, so it wins
    expect(trace(requests[0]).filter(([, e]) => e === 'call').map(([n, , t]) => [n, t])).toEqual([
      ['hedge', 0],
      ['balancer', 0],
      ['balancer/svc[0]/server', 0],
      ['balancer', 20],
      ['balancer/svc[1]/server', 20],
      ['balancer', 40],
      ['balancer/svc[2]/server', 40],
    ]);
    expect(requests[0].end).toBe(50);
    // request 1 (at 1000 ms) goes to the slow backend 0 again... and is hedged twice too
    expect(summary.nodes.find((n) => n.kind === 'hedge')?.extra).toMatchObject({ hedges: 4, won: 0, lateAnswers: 2 });
  });

  test('at a percentile: no hedging during the warm-up, then hedges at the percentile of the latencies seen', () => {
    // every call takes 10 ms, except every fifth, 100 ms: p50 is 10 ms
    const { requests, sim } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1000 }, requests: 10 },
        services: { svc: [{ kind: 'server', concurrency: 1, serviceTime: { kind: 'empirical', values: [10] } }] },
        topology: [
          { kind: 'hedge', percentile: 0.5, max: 1, warmup: 4 },
          {
            kind: 'balancer',
            strategy: 'round-robin',
            backends: { service: 'svc', count: 5, speeds: [0.1, 1, 1, 1, 1] },
            tieBreak: 'random',
            errorHoldMs: 0,
            info: { source: 'own' },
          },
        ],
      }),
    );
    const hedge = sim.find('hedge')[0] as Hedge;
    // warm-up: requests 0..3 see no hedge (request 0 takes 100 ms); after 4 answers (100, 10, 10,
    // 10) the p50 is 10 ms, so request 4 (to backend 4, 10 ms) answers at 10 ms, at the same time
    // as the hedge timer, which was scheduled after the service event and so fires after the answer:
    // no hedge; request 5 goes to the slow backend 0 and is hedged at 10 ms to backend 1, which
    // answers at 20 ms
    const sends = (i: number) => trace(requests[i]).filter(([n, e]) => n === 'balancer' && e === 'call').length;
    expect([0, 1, 2, 3, 4, 5].map(sends)).toEqual([1, 1, 1, 1, 1, 2]);
    expect(requests.map((r) => r.end - r.arrival).slice(0, 6)).toEqual([100, 10, 10, 10, 10, 20]);
    expect(hedge.threshold).toBe(10);
  });

  test('hedging at p95 cuts the tail of an exponential service, at the price of extra calls', () => {
    const base = (hedge: boolean) =>
      run(
        spec({
          history: false,
          load: { arrivals: { kind: 'poisson', intervalMs: 10 }, requests: 20000 },
          services: { svc: [{ kind: 'server', concurrency: 1000, serviceTime: exp(10) }] },
          topology: [
            ...(hedge ? [{ kind: 'hedge' as const, percentile: 0.95, max: 1, warmup: 100 }] : []),
            { kind: 'service', name: 'svc' },
          ],
        }),
      ).summary;
    const plain = base(false);
    const hedged = base(true);
    // Without queueing, a copy's latency is X ~ Exp(10 ms). Hedged at d, the p95 of X (29.96 ms),
    // a request takes min(X1, d + X2): P(T > t) = e^(-t/10) e^(-(t-d)/10) for t > d, so its p99 is
    // (d + 10 ln 100) / 2 = 38.0 ms against 46.05 ms unhedged. The p99 estimate has sd
    // sqrt(0.99 x 0.01 / n) / f(p99) = 0.35 ms (f = 0.2 x 0.01), the threshold's (n ~ 21,000
    // copies) 0.3 ms plus a bias of at most +1.1% (the sketch's buckets): at 4 sd, about 1.6 ms.
    expect(Math.abs(plain.latency.p99 - 46.05)).toBeLessThan(4 * Math.sqrt(0.0099 / 20000) / 0.001);
    expect(Math.abs(hedged.latency.p99 - 38.0)).toBeLessThan(1.6);
    const h = hedged.nodes.find((n) => n.kind === 'hedge')?.extra as { hedges: number; threshold: number };
    expect(h.threshold - 29.96).toBeGreaterThan(-4 * 0.3);
    expect(h.threshold - 29.96).toBeLessThan(4 * 0.3 + 0.33);
    // a call is hedged when its first copy is slower than d: e^-3 = 4.98% (sd 0.15%)
    expect(Math.abs(h.hedges / 20000 - Math.exp(-3))).toBeLessThan(4 * 0.0015 + 0.002);
  });
});

describe('the quantile sketch', () => {
  test('returns an observed value: the largest in the bucket that holds the rank', () => {
    const s = new QuantileSketch();
    for (const v of [10, 10, 10, 50, 200]) s.record(v);
    expect([0.2, 0.6, 0.61, 0.8, 0.95, 1].map((q) => s.quantile(q))).toEqual([10, 10, 50, 50, 200, 200]);
    expect(new QuantileSketch().quantile(0.5)).toBeNaN();
  });

  test('is within 1.1% of the exact quantile', () => {
    const s = new QuantileSketch();
    const values: number[] = [];
    for (let i = 1; i <= 10000; i++) {
      const v = 0.5 + ((i * 7919) % 10007) / 37;
      values.push(v);
      s.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1];
      expect(Math.abs(s.quantile(q) / exact - 1)).toBeLessThan(0.011);
    }
  });

  test('a percentile hedge recomputes its threshold after every RECOMPUTE_EVERY answers', () => {
    // 4 answers of 10 ms warm it up (p50 = 10 ms); from then on every copy takes 100 ms, so each
    // call is hedged at 10 ms and gives two answers. The threshold stays 10 ms for the next 16
    // answers (calls 4 to 11), then becomes the p50 of 4 x 10 and 16 x 100 ms: 100 ms, and call 12
    // answers at 100 ms, with the timer: no hedge. (Recomputed at every answer, the p50 would reach
    // 100 ms at the 9th answer, after call 6.)
    expect(RECOMPUTE_EVERY).toBe(16);
    const sim = newSim();
    const down = new Scripted(sim, (k) => ({ outcome: OK, afterMs: k < 4 ? 10 : 100 }));
    const hedge = new Hedge(sim, 'hedge', { percentile: 0.5, max: 1, warmup: 4 }, down);
    drive(sim, hedge, every(1000, 14000));
    expect(hedge.stats().extra).toMatchObject({ hedges: 8, won: 0, threshold: 100 });
    expect(down.received.filter(([, t]) => t % 1000 === 10).map(([, t]) => t)).toEqual(every(1000, 12000, 4000).map((t) => t + 10));
  });
});

import { describe, test, expect } from 'vitest';
import { spec, run, constant } from '../helpers.js';
import type { StepSpec } from '../../src/scenario/spec.js';

const backendOf = (r: { history: { node: string; event: string }[] | null }) =>
  (r.history ?? []).find((h) => h.event === 'call' && /\[\d+\]/.test(h.node))?.node.match(/\[(\d+)\]/)?.[1];

const balancer = (strategy: 'random' | 'round-robin' | 'least-conn' | 'one-conn', extra: Partial<Extract<StepSpec, { kind: 'balancer' }>> = {}): StepSpec => ({
  kind: 'balancer',
  strategy,
  backends: { service: 'b', count: 3 },
  tieBreak: 'lowest-index',
  info: { source: 'own' },
  errorHoldMs: 0,
  ...extra,
});

const services = (service = 10) => ({ b: [{ kind: 'server', concurrency: 1, serviceTime: constant(service) }] as StepSpec[] });

describe('balancer', () => {
  test('round-robin visits backends in turn', () => {
    const { requests } = run(spec({ load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 7 }, services: services(), topology: [balancer('round-robin')] }));
    expect(requests.map(backendOf)).toEqual(['0', '1', '2', '0', '1', '2', '0']);
  });

  test('least-conn with lowest-index ties: fills 0, 1, 2, then the first to free up', () => {
    const { requests } = run(spec({ load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 5 }, services: services(2.5), topology: [balancer('least-conn')] }));
    // t=0 -> 0; t=1 -> 1 (0 busy); t=2 -> 2; t=3: backend 0 finished at 2.5 -> 0; t=4: 1 finished at 3.5 -> 1
    expect(requests.map(backendOf)).toEqual(['0', '1', '2', '0', '1']);
  });

  test('least-conn with random ties spreads ties over all tied backends', () => {
    const { requests } = run(spec({ load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests: 300 }, services: services(1), topology: [balancer('least-conn', { tieBreak: 'random' })] }));
    const counts = [0, 0, 0];
    for (const r of requests) counts[Number(backendOf(r))]++;
    // every call finds all three idle: uniform over 3 backends (binomial sd ~ 8.2)
    for (const c of counts) expect(Math.abs(c - 100)).toBeLessThan(40);
    const lowest = run(spec({ load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests: 300 }, services: services(1), topology: [balancer('least-conn')] }));
    expect(new Set(lowest.requests.map(backendOf))).toEqual(new Set(['0']));
  });

  test('random picks from the balancer\'s own stream, uniformly', () => {
    const { requests, summary } = run(spec({ load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests: 3000 }, services: services(1), topology: [balancer('random')] }));
    const sent = summary.nodes.find((n) => n.id === 'balancer')?.extra?.sent as number[];
    expect(sent.reduce((a, b) => a + b, 0)).toBe(3000);
    for (const s of sent) expect(Math.abs(s - 1000)).toBeLessThan(4 * Math.sqrt(3000 * (1 / 3) * (2 / 3)));
    expect(requests.length).toBe(3000);
  });

  test('one-conn: at most one call per backend, the rest wait in one FIFO at the balancer', () => {
    const { requests, summary } = run(
      spec({ load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 7 }, services: services(10), topology: [balancer('one-conn')] }),
    );
    expect(requests.map((r) => [backendOf(r), r.end])).toEqual([
      ['0', 10], ['1', 10], ['2', 10], ['0', 20], ['1', 20], ['2', 20], ['0', 30],
    ]);
    const b = summary.nodes.find((n) => n.id === 'balancer');
    expect(b?.queue?.max).toBe(4);
    // no backend ever queued
    expect(summary.nodes.filter((n) => n.kind === 'server').every((n) => n.queue?.max === 0)).toBe(true);
  });

  test('error-hold keeps a failed backend counted as busy for the hold time', () => {
    // every backend is down from t = 0+ (MTBF 1 ns, MTTR 30 years) and fails at once
    const s = spec({
      load: { arrivals: { kind: 'instant', atMs: 1 }, requests: 6 },
      services: {
        b: [
          { kind: 'faulty', mtbfMs: 1e-6, mttrMs: 1e12 },
          { kind: 'server', concurrency: 1, serviceTime: constant(100) },
        ],
      },
      topology: [balancer('least-conn')],
    });
    const noHold = run(s);
    // without a hold, backend 0 is back at 0 outstanding after each fast error and takes every call
    expect(noHold.requests.map(backendOf)).toEqual(['0', '0', '0', '0', '0', '0']);
    expect(noHold.summary.requests.error).toBe(6);
    // with a hold, each error keeps its backend counted, so calls spread: 0, 1, 2, 0, 1, 2
    const hold = run({ ...s, topology: [balancer('least-conn', { errorHoldMs: 1000 })] });
    expect(hold.requests.map(backendOf)).toEqual(['0', '1', '2', '0', '1', '2']);
    const held = hold.summary.nodes.find((n) => n.id === 'balancer');
    expect(held?.extra?.sent).toEqual([2, 2, 2]);
  });
});

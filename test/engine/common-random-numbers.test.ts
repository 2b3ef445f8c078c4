/**
 * Common random numbers: a component's draws depend only on (seed, its path). Changing the
 * strategy or the topology must not move the load stream or any server's service-time stream.
 */
import { test, expect } from 'vitest';
import { spec, run, exp, constant } from '../helpers.js';
import type { Strategy } from '../../src/spec/scenario.js';
import type { StepSpec } from '../../src/scenario/spec.js';

const dyno: StepSpec[] = [{ kind: 'cable', latency: constant(2) }, { kind: 'server', concurrency: 1, serviceTime: { kind: 'sum', terms: [constant(20), exp(100)] } }];
const withStrategy = (strategy: Strategy, front: StepSpec[] = []) =>
  spec({
    history: false,
    load: { arrivals: { kind: 'poisson', intervalMs: 1.5 }, requests: 5000 },
    services: { dyno },
    topology: [...front, { kind: 'balancer', strategy, backends: { service: 'dyno', count: 50 }, tieBreak: 'random', errorHoldMs: 0, info: { source: 'own' } }],
  });

const arrivals = (r: ReturnType<typeof run>) => r.requests.map((q) => q.arrival);

test('random and least-conn see the same arrival times, and their servers draw from the same streams', () => {
  const a = run(withStrategy('random'));
  const b = run(withStrategy('least-conn'));
  expect(arrivals(b)).toEqual(arrivals(a));
  expect(b.sim.streamNames()).toEqual(a.sim.streamNames());
  expect(a.sim.streamNames()).toContain('balancer/dyno[49]/server');
  // ...and the results differ, so the test compares two different runs
  expect(b.summary.latency.p99).not.toEqual(a.summary.latency.p99);
});

test('the load stream is unchanged when the topology changes', () => {
  const a = run(withStrategy('random'));
  const b = run(withStrategy('random', [{ kind: 'retry', attempts: 2, on: ['error'] }, { kind: 'cable', latency: exp(5) }]));
  const c = run(spec({ history: false, load: { arrivals: { kind: 'poisson', intervalMs: 1.5 }, requests: 5000 }, topology: [{ kind: 'server', concurrency: 3, serviceTime: exp(1) }] }));
  expect(arrivals(b)).toEqual(arrivals(a));
  expect(arrivals(c)).toEqual(arrivals(a));
  // the servers behind the added steps keep their streams' names relative to the balancer
  expect(b.sim.streamNames()).toEqual(expect.arrayContaining(a.sim.streamNames()));
});

test('another seed gives other arrivals', () => {
  const a = run(withStrategy('random'));
  const b = run({ ...withStrategy('random'), seed: 2 });
  expect(arrivals(b)).not.toEqual(arrivals(a));
});

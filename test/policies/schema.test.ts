import { describe, test, expect } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError, type Problem } from '../../src/scenario/errors.js';

const scenario = (step: string, extra = '') =>
  `name: x\nseed: 1\n${extra}load: { poisson: { interval: 1ms }, requests: 10 }\ntopology:\n  - ${step}\n  - server: { service-time: 1ms }\n`;
const stepOf = (step: string) => parseScenario(scenario(step), 'x.yaml').spec.topology[0];

function problems(text: string): Omit<Problem, 'file' | 'line' | 'col'>[] {
  try {
    parseScenario(text, 'x.yaml');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ file: _f, line: _l, col: _c, ...rest }) => rest);
  }
  throw new Error('expected the scenario to be invalid');
}

describe('policy steps in scenario files', () => {
  test('hedge: after or at, with defaults', () => {
    expect(stepOf('hedge: { after: 20ms }')).toEqual({ kind: 'hedge', afterMs: 20, max: 1, warmup: 100 });
    expect(stepOf('hedge: { at: p99.9, max: 2, warmup: 50 }')).toEqual({ kind: 'hedge', percentile: 0.999, max: 2, warmup: 50 });
    expect(problems(scenario('hedge: {}'))).toEqual([
      {
        path: 'topology[0].hedge',
        message: 'expected after (a delay) or at (a percentile); found neither',
        hint: 'for example hedge: { after: 20ms } or hedge: { at: p95 }',
      },
    ]);
    expect(problems(scenario('hedge: { after: 1ms, at: p95 }'))).toEqual([{ path: 'topology[0].hedge.at', message: 'expected either after or at; found both' }]);
    expect(problems(scenario('hedge: { at: 95% }'))[0]).toEqual({ path: 'topology[0].hedge.at', message: 'expected a percentile such as p95 or p99.9; found "95%"' });
    expect(problems(scenario('hedge: { at: p100 }'))[0].message).toBe('expected a percentile above p0 and below p100; found "p100"');
  });

  test('circuit-breaker: consecutive failures by default, or a failure rate over a window', () => {
    expect(stepOf('circuit-breaker: {}')).toEqual({ kind: 'circuit-breaker', failures: 5, windowMs: 10000, minCalls: 10, cooldownMs: 5000, probes: 1 });
    expect(stepOf('circuit-breaker: { failure-rate: 50%, window: 2s, min-calls: 20, cooldown: 1s, probes: 3 }')).toEqual({
      kind: 'circuit-breaker',
      failures: 5,
      failureRate: 0.5,
      windowMs: 2000,
      minCalls: 20,
      cooldownMs: 1000,
      probes: 3,
    });
    expect(problems(scenario('circuit-breaker: { failures: 0 }'))[0]).toMatchObject({ path: 'topology[0].circuit-breaker.failures' });
    expect(problems(scenario('circuit-breaker: { cooldwn: 1s }'))[0]).toEqual({
      path: 'topology[0].circuit-breaker.cooldwn',
      message: 'unknown key "cooldwn"; expected one of: failures, failure-rate, window, min-calls, cooldown, probes',
      hint: 'did you mean "cooldown"?',
    });
  });

  test('rate-limit: a rate with a unit and a burst', () => {
    expect(stepOf('rate-limit: { rate: 100/s, burst: 20 }')).toEqual({ kind: 'rate-limit', ratePerMs: 0.1, burst: 20 });
    expect(stepOf('rate-limit: { rate: 5/ms }')).toEqual({ kind: 'rate-limit', ratePerMs: 5, burst: 1 });
    expect(problems(scenario('rate-limit: { rate: 100 }'))[0]).toMatchObject({ path: 'topology[0].rate-limit.rate', hint: 'did you mean "100/s"?' });
  });

  test('concurrency-limit: fixed, or adaptive aimd with defaults', () => {
    expect(stepOf('concurrency-limit: { limit: 50 }')).toEqual({ kind: 'concurrency-limit', limit: 50, queue: 0 });
    expect(stepOf('concurrency-limit: { limit: 50, queue: 100 }')).toEqual({ kind: 'concurrency-limit', limit: 50, queue: 100 });
    expect(stepOf('concurrency-limit: { adaptive: aimd, initial: 10, min: 1, max: 200, increase: 1, decrease: 0.5, latency: 100ms }')).toEqual({
      kind: 'concurrency-limit',
      limit: 10,
      queue: 0,
      aimd: { min: 1, max: 200, increase: 1, decrease: 0.5, latencyMs: 100 },
    });
    expect(stepOf('concurrency-limit: { adaptive: aimd }')).toEqual({
      kind: 'concurrency-limit',
      limit: 10,
      queue: 0,
      aimd: { min: 1, max: 200, increase: 1, decrease: 0.5, latencyMs: Infinity },
    });
    expect(problems(scenario('concurrency-limit: {}'))[0].message).toBe('expected limit (a fixed limit) or adaptive: aimd; found neither');
    expect(problems(scenario('concurrency-limit: { limit: 5, adaptive: aimd }'))[0]).toMatchObject({
      path: 'topology[0].concurrency-limit.limit',
      message: 'expected either limit (fixed) or adaptive; found both',
    });
    expect(problems(scenario('concurrency-limit: { limit: 5, latency: 10ms }'))[0]).toMatchObject({
      path: 'topology[0].concurrency-limit.latency',
      message: 'expected latency only with adaptive: aimd; found it with a fixed limit',
    });
    expect(problems(scenario('concurrency-limit: { adaptive: aimd, initial: 300 }'))[0].message).toBe(
      'expected min <= initial <= max; found min 1, initial 300, max 200',
    );
    expect(problems(scenario('concurrency-limit: { adaptive: aimd, decrease: 1 }'))[0]).toMatchObject({ path: 'topology[0].concurrency-limit.decrease' });
  });

  test('policy steps wrap a next step', () => {
    const last = (step: string) => `name: x\nseed: 1\nload: { poisson: { interval: 1ms }, requests: 10 }\ntopology:\n  - ${step}\n`;
    for (const step of ['hedge: { after: 1ms }', 'circuit-breaker: {}', 'rate-limit: { rate: 1/s }', 'concurrency-limit: { limit: 1 }']) {
      expect(problems(last(step))).toHaveLength(1);
    }
  });

  test('apdex: a threshold at the top of the scenario', () => {
    expect(parseScenario(scenario('retry: { attempts: 2 }', 'apdex: 100ms\n'), 'x.yaml').spec.apdexMs).toBe(100);
    expect(parseScenario(scenario('retry: { attempts: 2 }'), 'x.yaml').spec.apdexMs).toBeUndefined();
    expect(problems(scenario('retry: { attempts: 2 }', 'apdex: 0ms\n'))[0]).toMatchObject({ path: 'apdex', message: 'expected a duration greater than 0ms; found "0ms"' });
  });
});

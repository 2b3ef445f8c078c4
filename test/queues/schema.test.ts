/** The scenario keys of queues and node faults: what they parse to, and the messages for mistakes. */
import { describe, test, expect } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

const scenario = (topology: string, extra = '') =>
  `name: t\nseed: 1\nload: { poisson: { interval: 1ms }, requests: 10 }\ntopology:\n${topology}\n${extra}`;

function problems(text: string): { path: string; message: string; hint?: string }[] {
  try {
    parseScenario(text, 't.yaml');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ path, message, hint }) => ({ path, message, ...(hint !== undefined && { hint }) }));
  }
  throw new Error('expected the scenario to be invalid');
}

describe('server queue', () => {
  test('parses with defaults', () => {
    const spec = parseScenario(scenario('  - server: { service-time: 1ms, queue: { capacity: 10 } }'), 't.yaml').spec;
    expect(spec.topology[0]).toEqual({ kind: 'server', concurrency: 1, serviceTime: { kind: 'constant', value: 1 }, queue: { capacity: 10, overflow: 'drop-tail', discipline: 'fifo' } });
  });

  test('codel gets its defaults; a deadline is a duration', () => {
    const spec = parseScenario(scenario('  - server: { service-time: 1ms, queue: { discipline: codel, deadline: 1s } }'), 't.yaml').spec;
    expect(spec.topology[0]).toMatchObject({ queue: { overflow: 'drop-tail', discipline: 'codel', codel: { targetMs: 5, intervalMs: 100 }, deadlineMs: 1000 } });
    const tuned = parseScenario(scenario('  - server: { service-time: 1ms, queue: { discipline: codel, codel: { target: 2ms } } }'), 't.yaml').spec;
    expect(tuned.topology[0]).toMatchObject({ queue: { codel: { targetMs: 2, intervalMs: 100 } } });
  });

  test('codel settings are ignored by other disciplines (so compare can vary the discipline)', () => {
    const spec = parseScenario(scenario('  - server: { service-time: 1ms, queue: { discipline: lifo, codel: { target: 2ms } } }'), 't.yaml').spec;
    expect(spec.topology[0]).toMatchObject({ queue: { discipline: 'lifo' } });
    expect((spec.topology[0] as { queue: object }).queue).not.toHaveProperty('codel');
  });

  test('mistakes', () => {
    expect(problems(scenario('  - server: { service-time: 1ms, queue: { overflow: drop } }'))).toEqual([
      { path: 'topology[0].server.queue.overflow', message: expect.stringContaining('drop-tail, drop-head, reject, block') },
    ]);
    expect(problems(scenario('  - server: { service-time: 1ms, queue: { capacity: -1 } }'))[0].path).toBe('topology[0].server.queue.capacity');
    expect(problems(scenario('  - server: { service-time: 1ms, queue: { deadline: 5 } }'))[0]).toMatchObject({ path: 'topology[0].server.queue.deadline', hint: 'did you mean "5ms"?' });
    expect(problems(scenario('  - server: { tick: 1s, queue: { capacity: 1 } }'))).toEqual([
      { path: 'topology[0].server.queue', message: 'expected no queue options on a slotted server (tick); found queue', hint: 'a slotted server has an unbounded FIFO queue' },
    ]);
  });
});

describe('load.priorities', () => {
  test('shares as numbers or percentages, summing to 1', () => {
    const text = 'name: t\nseed: 1\nload: { poisson: { interval: 1ms }, requests: 10, priorities: [20%, 0.8] }\ntopology:\n  - server: { service-time: 1ms }\n';
    expect(parseScenario(text, 't.yaml').spec.load.priorities).toEqual([0.2, 0.8]);
    expect(problems(text.replace('0.8', '0.7'))).toEqual([{ path: 'load.priorities', message: 'expected priority shares that sum to 1; found a sum of 0.9' }]);
  });
});

describe('node faults', () => {
  const withFault = (fault: string) => scenario('  - server: { service-time: 1ms }', `faults:\n  - ${fault}\n`);

  test('parse to their specs', () => {
    const faults = (f: string) => parseScenario(withFault(f), 't.yaml').spec.faults;
    expect(faults('crash: { target: server, at: 10s, restart-after: 5s }')).toEqual([{ kind: 'crash', target: 'server', atMs: 10000, restartAfterMs: 5000 }]);
    expect(faults('crash: { target: server, mtbf: 60s, mttr: 5s }')).toEqual([{ kind: 'crash', target: 'server', mtbfMs: 60000, mttrMs: 5000 }]);
    expect(faults('pause: { target: server, at: 10s, for: 200ms }')).toEqual([
      { kind: 'pause', target: 'server', atMs: 10000, for: { kind: 'constant', value: 200 } },
    ]);
    expect(faults('pause: { target: server, every: 5s, for: exp(50ms) }')).toEqual([
      { kind: 'pause', target: 'server', every: { kind: 'constant', value: 5000 }, for: { kind: 'exp', mean: 50 } },
    ]);
    expect(faults('slow: { target: server, at: 1s, for: 2s, factor: 3 }')).toEqual([{ kind: 'slow', target: 'server', atMs: 1000, forMs: 2000, factor: 3 }]);
  });

  test('mistakes', () => {
    expect(problems(withFault('crash: { target: server }'))).toEqual([
      {
        path: 'faults[0].crash',
        message: 'expected at (when the crash happens) or mtbf and mttr; found neither',
        hint: 'for example crash: { target: dynos[3]/server, at: 10s, restart-after: 5s }',
      },
    ]);
    expect(problems(withFault('crash: { target: server, at: 1s, mtbf: 5s, mttr: 1s }'))).toEqual([
      { path: 'faults[0].crash.at', message: 'expected either at (and restart-after) or mtbf and mttr; found both' },
    ]);
    expect(problems(withFault('crash: { target: server, mtbf: 5s }'))).toEqual([
      { path: 'faults[0].crash', message: 'expected mtbf and mttr together; found mtbf without mttr', hint: 'for example mtbf: 60s, mttr: 5s' },
    ]);
    expect(problems(withFault('pause: { target: server, for: 1s }'))[0]).toMatchObject({
      path: 'faults[0].pause',
      message: 'expected at (one pause) or every (periodic pauses); found neither',
    });
    expect(problems(withFault('slow: { target: server, at: 1s, factr: 3 }')).map((p) => p.path)).toEqual(['faults[0].slow.factor', 'faults[0].slow.factr']);
  });
});

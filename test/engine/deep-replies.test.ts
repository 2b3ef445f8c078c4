/**
 * A chain of immediate answers (a retry over a node that fails at once, many attempts deep) does
 * not overflow the stack: past a depth, an answer is delivered as an event at the same instant.
 */
import { expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';

test('100,000 immediate retries, and a retry of a retry, end with an error, not a stack overflow', { timeout: 120_000 }, () => {
  const text = (retries: string[]) =>
    ['name: deep', 'load: { constant: { interval: 1ms }, requests: 2 }', 'topology:', ...retries, '  - faulty: { mtbf: 1ns, mttr: 1000h }', '  - server: { service-time: 1ms }'].join('\n');
  const one = simulate(parseScenario(text(['  - retry: { attempts: 100000 }']), 'deep.yaml'), { seed: 1 }).summary;
  // the faulty step starts up and goes down within a nanosecond: the later request fails 100,000 times
  expect(one.requests).toMatchObject({ total: 2, error: 1, inFlight: 0 });
  expect(one.nodes.find((n) => n.kind === 'retry')?.extra).toMatchObject({ retries: 99_999 });
  const nested = simulate(parseScenario(text(['  - retry: { attempts: 300 }', '  - retry: { attempts: 300 }']), 'deep.yaml'), { seed: 1 }).summary;
  expect(nested.requests).toMatchObject({ total: 2, error: 1 });
});

/**
 * Hostile input (issue 8): each reproducer is refused with a position and nothing else; none
 * crashes, hangs or exhausts memory, and none is built before it is refused.
 */
import { describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Problem, ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { DEFAULT_LIMITS, limitsFrom } from '../../src/scenario/limits.js';

function problemsOf(text: string, overrides: string[] = [], file = join(tmpdir(), 'scenario.yaml'), limits = DEFAULT_LIMITS): Omit<Problem, 'file'>[] {
  try {
    parseScenario(text, file, overrides, { limits });
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ file: _, ...rest }) => rest);
  }
  throw new Error('expected the scenario to be invalid');
}

const BASE = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'services:', '  s:', '    - server: { service-time: 1ms }'];
const scenario = (...lines: string[]) => [...BASE, ...lines].join('\n') + '\n';

describe('YAML that would crash the reader', () => {
  test('an undefined alias, in the file', () => {
    expect(problemsOf(scenario('description: *nope', 'topology:', '  - service: s'))).toEqual([
      expect.objectContaining({ line: 6, col: 14, message: 'invalid YAML: expected an anchor &nope defined before the alias *nope; found none' }),
    ]);
  });

  test('an undefined alias, in a --set value', () => {
    expect(problemsOf(scenario('topology:', '  - service: s'), ['description=*nope'])).toEqual([
      expect.objectContaining({ override: 'description=*nope', message: expect.stringContaining('expected an anchor &nope defined before the alias *nope') }),
    ]);
  });

  test('an alias bomb, even under an unknown key', () => {
    const bomb = ['bomb:', '  a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 4; i++) bomb.push(`  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const problems = problemsOf(scenario(...bomb, 'topology:', '  - service: s'));
    expect(problems).toEqual([expect.objectContaining({ line: 8, message: expect.stringContaining('expected aliases that expand to at most 1000 copies') })]);
  });

  test('a --set path of 2,000 segments', () => {
    const path = Array(2000).fill('a').join('.');
    expect(problemsOf(scenario('topology:', '  - service: s'), [`${path}=1`])).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^expected a path of at most 1000 characters/) }),
    ]);
    const short = Array(100).fill('a').join('.');
    expect(problemsOf(scenario('topology:', '  - service: s'), [`${short}=1`])).toEqual([
      expect.objectContaining({ message: 'expected a path of at most 32 segments, such as topology[0].balancer.strategy=least-conn; found 100' }),
    ]);
  });

  test('nesting deep enough to overflow a recursive reader', () => {
    const problems = problemsOf(`name: deep\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].line).toBeGreaterThan(0);
  });
});

describe('sizes that would exhaust the machine are refused before anything is built', () => {
  test('a pool of 10^15 backends', () => {
    expect(problemsOf(scenario('topology:', '  - balancer: { strategy: random, backends: { service: s, count: 1000000000000000 } }'))).toEqual([
      {
        line: 7,
        col: 66,
        path: 'topology[0].balancer.backends.count',
        message: expect.stringMatching(/^expected at most 200,000 nodes in the built system .*; found 2\.00e\+15 \(the largest pool: 1\.00e\+15 members\)$/),
        hint: 'lift the limit with --limit nodes=2000000000000001 if the machine can take it',
      },
    ]);
  });

  test('a named pool of 10 million, and the flag that lifts the limit', () => {
    const text = scenario('pools: { p: { service: s, count: 10000000 } }', 'topology:', '  - balancer: { strategy: random, backends: p }');
    expect(problemsOf(text)).toEqual([expect.objectContaining({ path: 'pools.p.count', hint: 'lift the limit with --limit nodes=20000001 if the machine can take it' })]);
    expect(() => parseScenario(text, 'x.yaml', [], { limits: limitsFrom(['nodes=20000001']) })).not.toThrow();
  });

  test('broker listeners, closed-loop users, expected requests', () => {
    const broker = scenario('  w:', '    - server: { service-time: 1ms }', 'topology:', '  - broker: { visibility-timeout: 30s, consumers: { service: w, listeners: 10000000 } }');
    expect(problemsOf(broker)).toEqual([expect.objectContaining({ path: 'topology[0].broker.consumers.listeners', message: expect.stringMatching(/^expected at most 100,000 broker listeners/) })]);
    const users = scenario('topology:', '  - service: s').replace('load: { poisson: { interval: 1ms }, requests: 10 }', 'load: { closed: { users: 10000000, think: 1s }, requests: 10 }');
    expect(problemsOf(users)).toEqual([expect.objectContaining({ path: 'load.closed.users', message: expect.stringMatching(/^expected at most 100,000 closed-loop users; found 10,000,000$/) })]);
    const rate = scenario('topology:', '  - service: s').replace('load: { poisson: { interval: 1ms }, requests: 10 }', 'load: { poisson: { rate: 1e12/s }, duration: 10s }');
    expect(problemsOf(rate)).toEqual([
      expect.objectContaining({ path: 'load.duration', message: 'expected at most 100,000,000 requests in one run; found 10,000,000,000,000 (a rate of 1,000,000,000,000/s for 10 s)' }),
    ]);
  });

  test('a CSV file that is a device or a named pipe is refused before it is opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-hostile-'));
    execFileSync('mkfifo', [join(dir, 'fifo.csv')]);
    const replay = (file: string) => scenario('topology:', '  - service: s').replace('load: { poisson: { interval: 1ms }, requests: 10 }', `load: { replay: { file: ${file}, column: time_ms } }`);
    expect(problemsOf(replay('/dev/zero'), [], join(dir, 's.yaml'))).toEqual([expect.objectContaining({ message: 'expected a CSV file at /dev/zero; found a device, not a regular file' })]);
    expect(problemsOf(replay('fifo.csv'), [], join(dir, 's.yaml'))).toEqual([expect.objectContaining({ message: `expected a CSV file at ${join(dir, 'fifo.csv')}; found a named pipe (FIFO)` })]);
    writeFileSync(join(dir, 'big.csv'), 'time_ms\n' + '1\n'.repeat(1000));
    expect(problemsOf(replay('big.csv'), [], join(dir, 's.yaml'), limitsFrom(['file-size=100']))).toEqual([
      expect.objectContaining({ message: `expected a CSV file at ${join(dir, 'big.csv')}; found a file of 2,008 bytes, over the limit of 100` }),
    ]);
  });
});

describe('the command line says it, exit 2, no stack trace', () => {
  const lightcone = (...args: string[]) => spawnSync('node', ['bin/lightcone', ...args], { encoding: 'utf8' });
  test.each([
    [['validate', 'timelike/random', '--set', 'description=*nope']],
    [['validate', 'timelike/random', '--set', 'load.requests=1e12']],
    [['validate', 'timelike/random', '--limit', 'nodez=1']],
    [['compare', 'timelike/random', '--replications', '1000000000', '--vary', 'topology[0].balancer.strategy=random,one-conn']],
  ])('%j', (args) => {
    const r = lightcone(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the worst case of retries is bounded before it runs', () => {
  test('a retry of a retry of a retry, 1,000 attempts each (or 2^31), over a node that fails at once', () => {
    const chain = (attempts: string) => [
      'name: deep',
      'load: { poisson: { interval: 1ms }, requests: 10 }',
      'topology:',
      `  - retry: { attempts: ${attempts} }`,
      `  - retry: { attempts: ${attempts} }`,
      `  - retry: { attempts: ${attempts} }`,
      '  - faulty: { mtbf: 1ns, mttr: 1000h }',
      '  - server: { service-time: 1ms }',
    ].join('\n');
    expect(problemsOf(chain('1000'))).toEqual([
      {
        line: 4,
        col: 24,
        path: 'topology[0].retry.attempts',
        message: expect.stringMatching(/^expected at most 1,000,000,000 calls one run can make at worst .*; found 10,000,000,000 \(10 requests x up to 1,000,000,000 calls each\)$/),
        hint: 'lift the limit with --limit calls=10000000000 if the machine can take it',
      },
    ]);
    expect(problemsOf(chain('2147483648'))).toEqual([expect.objectContaining({ path: 'topology[0].retry.attempts' })]);
    // five attempts over a million requests, as faults/retry-storm runs, is fine
    expect(() => parseScenario(chain('5').replace('requests: 10', 'requests: 1000000'), 'ok.yaml')).not.toThrow();
  });
});

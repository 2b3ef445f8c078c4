/**
 * Numbers that can only be mistakes (issue 8): each is refused where it is written, with what was
 * expected, by the primitive that reads it (durations, rates, sizes, distributions, periods), so
 * no infinite, zero or overflowing time reaches a run. Also `__proto__` and friends, refused like
 * every other unknown key.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Problem, ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { largestDraw, makeDistribution } from '../../src/engine/distributions.js';
import { parseDistribution } from '../../src/scenario/distribution-syntax.js';
import { buildSystem } from '../../src/run/simulate.js';
import { BuildError } from '../../src/engine/errors.js';

type Found = Omit<Problem, 'file'>;

function problemsOf(text: string, overrides: string[] = []): Found[] {
  try {
    parseScenario(text, join(tmpdir(), 'numbers.yaml'), overrides);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ file: _, ...rest }) => rest);
  }
  throw new Error('expected the scenario to be invalid');
}

/** A valid scenario around `lines` (line 4 is the first of them). */
const scenario = (...lines: string[]) => ['name: x', 'seed: 1', 'load: { poisson: { interval: 1ms }, requests: 100 }', ...lines].join('\n') + '\n';

const FINITE_DURATION = { message: 'expected a finite duration; found "1e400ms"', hint: 'it is more milliseconds than a number can hold (about 1.8e308)' };
const PERIOD_HINT = 'something that repeats this often would fire at the same instant again and again, and the run would never end';

describe('the reproducers of issue 8 are refused, at the number', () => {
  test('hedge: { at: p95 } over exp(1e400ms) (was: Invalid typed array length: Infinity)', () => {
    expect(problemsOf(scenario('topology:', '  - hedge: { at: p95 }', '  - server: { service-time: exp(1e400ms) }'))).toEqual([
      { line: 6, col: 33, path: 'topology[1].server.service-time', ...FINITE_DURATION },
    ]);
  });

  test('a 1e400ms cable with a random pause on the server behind it (was: Cannot set properties of null, in Server.endPause)', () => {
    const text = scenario('topology:', '  - cable: { latency: 1e400ms }', '  - server: { service-time: 1ms }', 'faults:', '  - pause: { target: server, every: exp(1s), for: exp(10ms) }');
    expect(problemsOf(text)).toEqual([{ line: 5, col: 23, path: 'topology[0].cable.latency', ...FINITE_DURATION }]);
  });

  test('pause every 0ms or 0s (was: run never ends)', () => {
    for (const every of ['0ms', '0s']) {
      const text = scenario('topology:', '  - server: { service-time: 1ms }', 'faults:', `  - pause: { target: server, every: ${every}, for: 1ms }`);
      expect(problemsOf(text)).toEqual([
        { line: 7, col: 37, path: 'faults[0].pause.every', message: 'expected a period of at least 1ns; found 0ms', hint: PERIOD_HINT },
      ]);
    }
  });

  test('the same three through the command line: exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-numbers-'));
    const files = {
      hedge: scenario('topology:', '  - hedge: { at: p95 }', '  - server: { service-time: exp(1e400ms) }'),
      cable: scenario('topology:', '  - cable: { latency: 1e400ms }', '  - server: { service-time: 1ms }', 'faults:', '  - pause: { target: server, every: exp(1s), for: exp(10ms) }'),
      pause: scenario('topology:', '  - server: { service-time: 1ms }', 'faults:', '  - pause: { target: server, every: 0ms, for: 1ms }'),
    };
    for (const [name, text] of Object.entries(files)) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, text);
      const r = spawnSync('node', ['bin/lightcone', 'run', file, '--out', join(dir, 'reports')], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: ${file} is not a valid scenario \\(1 problem\\)\\n\\n  ${file}:\\d+:\\d+  `));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});

describe('durations, rates, sizes and drifts must be finite numbers', () => {
  test('a duration whose unit conversion overflows: 1e308h', () => {
    expect(problemsOf(scenario('topology:', '  - timeout: { after: 1e308h }', '  - server: { service-time: 1ms }'))).toEqual([
      { line: 5, col: 23, path: 'topology[0].timeout.after', message: 'expected a finite duration; found "1e308h"', hint: FINITE_DURATION.hint },
    ]);
  });

  test('a rate that overflows, and one that underflows to 0', () => {
    const load = (rate: string) => scenario('topology:', '  - server: { service-time: 1ms }').replace('{ interval: 1ms }', `{ rate: ${rate} }`);
    expect(problemsOf(load('1e400/s'))).toEqual([
      {
        line: 3,
        col: 26,
        path: 'load.poisson.rate',
        message: 'expected a finite rate; found "1e400/s"',
        hint: 'it is more requests per millisecond than a number can hold (about 1.8e308)',
      },
    ]);
    expect(problemsOf(load('4.9e-324/s'))).toEqual([
      {
        line: 3,
        col: 26,
        path: 'load.poisson.rate',
        message: 'expected a rate greater than 0/s; found "4.9e-324/s", too small to tell from 0',
        hint: 'the time between requests (1 / rate) would be longer than any duration',
      },
    ]);
  });

  test('a size or a bandwidth out of range, and messages that would take forever to send', () => {
    const link = (options: string) => scenario('topology:', `  - link: { latency: 1ms, ${options} }`, '  - server: { service-time: 1ms }');
    expect(problemsOf(link('request-size: 1e400B'))).toEqual([
      expect.objectContaining({ line: 5, col: 41, path: 'topology[0].link.request-size', message: 'expected a finite size; found "1e400B"' }),
    ]);
    expect(problemsOf(link('bandwidth: 1e-320bit/s'))).toEqual([
      expect.objectContaining({ line: 5, col: 38, message: 'expected a bandwidth greater than 0; found "1e-320bit/s", too small to tell from 0' }),
    ]);
    expect(problemsOf(link('bandwidth: 1e-300bit/s, request-size: 1e300B'))).toEqual([
      {
        line: 5,
        col: 38,
        path: 'topology[0].link.bandwidth',
        message: 'expected messages that take a finite time to send at this bandwidth; found size / bandwidth more than a number can hold',
        hint: 'raise the bandwidth or shrink request-size and response-size',
      },
    ]);
  });

  test('a clock drift that is not finite, or faster than twice true time', () => {
    const clock = (drift: string) => scenario('topology:', '  - timeout: { after: 1s }', '  - server: { service-time: 1ms }', 'clocks:', `  - { target: timeout, drift: ${drift} }`);
    expect(problemsOf(clock('1e400ppm'))).toEqual([
      {
        line: 8,
        col: 31,
        path: 'clocks[0].drift',
        message: 'expected a drift of at most 1000000ppm (a clock twice as fast as true time); found "1e400ppm"',
        hint: 'a faster clock would turn its timers into instants; to model a faster node, shorten its durations instead',
      },
    ]);
    expect(() => parseScenario(clock('1000000ppm'), 'x.yaml')).not.toThrow();
  });

  test('backoff waits that would grow past any duration', () => {
    const text = scenario('topology:', '  - retry: { attempts: 2000, backoff: { base: 10ms } }', '  - server: { service-time: 1ms }');
    expect(problemsOf(text)).toEqual([
      {
        line: 5,
        col: 39,
        path: 'topology[0].retry.backoff',
        message: 'expected backoff waits that stay finite; found waits that grow as 2^n over 2000 attempts, with no max, past any duration',
        hint: 'give the backoff a max, such as max: 10s',
      },
    ]);
    expect(() => parseScenario(text.replace('base: 10ms', 'base: 10ms, max: 10s'), 'x.yaml')).not.toThrow();
  });

  test('a CSV value whose unit conversion overflows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-numbers-'));
    writeFileSync(join(dir, 'times.csv'), 'latency\n1\n1e308\n');
    const text = scenario('topology:', '  - server: { service: { empirical: { file: times.csv, column: latency, unit: h } } }');
    expect(() => parseScenario(text, join(dir, 's.yaml'))).toThrow(/expected a number of h, 0 or more, in column "latency" of times.csv line 3; found "1e308"/);
  });
});

describe('distributions whose draws overflow', () => {
  const server = (service: string) => problemsOf(scenario('topology:', `  - server: { service-time: "${service}" }`));

  test('a parameter that is not finite', () => {
    expect(server('exp(1e400ms)')).toEqual([{ line: 5, col: 34, path: 'topology[0].server.service-time', ...FINITE_DURATION }]);
    expect(server('lognormal(1ms, 1e400)')).toEqual([
      { line: 5, col: 45, path: 'topology[0].server.service-time', message: 'expected the sigma of lognormal to be finite; found 1e400' },
    ]);
  });

  test('a mean that is not finite', () => {
    expect(server('lognormal(1ms, 1e300)')).toEqual([
      {
        line: 5,
        col: 30,
        path: 'topology[0].server.service-time',
        message: 'expected a distribution with a finite mean; found "lognormal(1ms, 1e300)", whose mean is more than a number can hold',
      },
    ]);
    expect(server('2ms + pareto(1ms, 0.5)')).toEqual([
      {
        line: 5,
        col: 36,
        path: 'topology[0].server.service-time',
        message: 'expected a distribution with a finite mean; found "pareto(1ms, 0.5)", whose mean is infinite',
        hint: 'a pareto distribution has a finite mean only when its shape is greater than 1',
      },
    ]);
    // huge finite values are refused where written, before any mean is taken (past 1e12ms, see below)
    expect(problemsOf(scenario('topology:', '  - server: { service-time: { empirical: [1e308ms, 1e308ms] } }')).map((p) => [p.path, p.message])).toEqual([
      ['topology[0].server.service-time.empirical[0]', 'expected a duration of at most 1e12ms (about 31.7 years); found "1e308ms"'],
      ['topology[0].server.service-time.empirical[1]', 'expected a duration of at most 1e12ms (about 31.7 years); found "1e308ms"'],
    ]);
  });

  test('draws that could overflow: huge durations are refused as written, before the draws are bounded', () => {
    const tooLong = (found: string) => `expected a duration of at most 1e12ms (about 31.7 years); found "${found}"`;
    for (const [written, found] of [
      ['normal(1ms, 1e308ms)', '1e308ms'],
      ['exp(1e308ms)', '1e308ms'],
      ['1.5e308ms + exp(1e306ms)', '1.5e308ms'],
      ['1e308ms + 1e308ms', '1e308ms'],
    ]) {
      expect(server(written).map((p) => p.message)).toContain(tooLong(found));
    }
  });

  test('the largest draw bounds every draw a generator of doubles in [0, 1) can make', () => {
    const largestUniform = 1 - 2 ** -53;
    for (const text of ['exp(10ms)', 'pareto(1ms, 1.5)', 'weibull(10ms, 0.5)', 'lognormal(10ms, 2)', 'normal(10ms, 3ms)']) {
      const spec = parseDistribution(text);
      const bound = largestDraw(spec);
      expect(Number.isFinite(bound)).toBe(true);
      // the largest uniform (and, for Box-Muller, the angle at 0) gives the largest draw
      const rng = (() => {
        let i = 0;
        return () => (i++ % 2 === 0 ? largestUniform : 0);
      })();
      const draw = makeDistribution(spec)(rng);
      expect(draw).toBeLessThanOrEqual(bound * (1 + 1e-12));
      expect(draw).toBeGreaterThan(bound * (1 - 1e-9));
    }
  });

  test('heavy tails that stay finite are still accepted', () => {
    for (const s of ['pareto(1ms, 1.1)', 'lognormal(10ms, 3)', 'weibull(10ms, 0.3)', 'exp(1e12ms)']) {
      expect(() => parseScenario(scenario('topology:', `  - server: { service-time: "${s}" }`), 'x.yaml')).not.toThrow();
    }
  });
});

describe('anything that repeats for the whole run has a period of at least 1ns', () => {
  const at = (path: string, line: number, col: number, found: string) => ({ line, col, path, message: `expected a period of at least 1ns; found ${found}`, hint: PERIOD_HINT });

  test('a tick below 1ns, denormal or not', () => {
    expect(problemsOf(scenario('topology:', '  - server: { tick: 0.5ns }'))).toEqual([at('topology[0].server.tick', 5, 21, '"0.5ns"')]);
    expect(problemsOf(scenario('topology:', '  - server: { tick: 1e-320ms }'))).toEqual([at('topology[0].server.tick', 5, 21, '"1e-320ms"')]);
    expect(() => parseScenario(scenario('topology:', '  - server: { tick: 1ns }'), 'x.yaml')).not.toThrow();
  });

  test('a pause every draw with a mean below 1ns', () => {
    const text = scenario('topology:', '  - server: { service-time: 1ms }', 'faults:', '  - pause: { target: server, every: exp(0.1ns), for: 1ms }');
    expect(problemsOf(text)).toEqual([at('faults[0].pause.every', 7, 37, 'exp(1e-7ms), whose mean is 1e-7ms')]);
  });

  test('mean times between failures and to repair, refresh, long polls, visibility timeouts, stays, cycles', () => {
    expect(problemsOf(scenario('topology:', '  - faulty: { mtbf: 1e-9ms, mttr: 1ms }', '  - server: { service-time: 1ms }'))).toEqual([
      at('topology[0].faulty.mtbf', 5, 21, '"1e-9ms"'),
    ]);
    expect(problemsOf(scenario('topology:', '  - server: { service-time: 1ms }', 'faults:', '  - crash: { target: server, mtbf: 1s, mttr: 0.1ns }'))).toEqual([
      at('faults[0].crash.mttr', 7, 46, '"0.1ns"'),
    ]);
    const balancer = scenario('services:', '  s:', '    - server: { service-time: 1ms }', 'topology:', '  - balancer: { strategy: least-conn, backends: { service: s, count: 2 }, info: { refresh: 0.1ns } }');
    expect(problemsOf(balancer)).toEqual([at('topology[0].balancer.info.refresh', 8, 92, '"0.1ns"')]);
    const broker = scenario('services:', '  w:', '    - server: { service-time: 1ms }', 'topology:', '  - broker: { visibility-timeout: 0.1ns, consumers: { service: w, wait: 0.1ns } }');
    expect(problemsOf(broker)).toEqual([
      at('topology[0].broker.visibility-timeout', 8, 35, '"0.1ns"'),
      at('topology[0].broker.consumers.wait', 8, 73, '"0.1ns"'),
    ]);
    const mmpp = scenario('topology:', '  - server: { service-time: 1ms }').replace(
      '{ poisson: { interval: 1ms }, requests: 100 }',
      '{ mmpp: { states: [{ rate: 1/s, mean-stay: 0.1ns }, { rate: 2/s, mean-stay: 1s }] }, requests: 100 }',
    );
    expect(problemsOf(mmpp)).toEqual([at('load.mmpp.states[0].mean-stay', 3, 50, '"0.1ns"')]);
    const daily = scenario('topology:', '  - server: { service-time: 1ms }').replace('{ poisson: { interval: 1ms }, requests: 100 }', '{ daily: { mean: 1/s, amplitude: 0.5, period: 1e-320ms }, requests: 100 }');
    expect(problemsOf(daily)).toEqual([at('load.daily.period', 3, 53, '"1e-320ms"')]);
    const onOff = scenario('topology:', '  - server: { service-time: 1ms }').replace('{ poisson: { interval: 1ms }, requests: 100 }', '{ on-off: { on: 1e-9ms, off: 0ms, interval: 1ms }, requests: 100 }');
    expect(problemsOf(onOff)).toEqual([at('load.on-off.on', 3, 23, 'on and off periods of 1e-9ms together on average')]);
  });

  test('a period of 0 keeps the message it always had', () => {
    expect(problemsOf(scenario('topology:', '  - server: { tick: 0ms }'))).toEqual([
      { line: 5, col: 21, path: 'topology[0].server.tick', message: 'expected a duration greater than 0ms; found "0ms"' },
    ]);
  });
});

describe('__proto__, constructor and prototype are keys like any other', () => {
  const KEYS = '$schema, name, description, seed, round-exponential, history, load, warmup, cooldown, apdex, services, pools, topology, faults, clocks, compare, sweep, checks, program, processes, network, workload, until, settle';

  test('unknown in every map, reported at the key', () => {
    const text = [
      'name: x',
      '__proto__: { polluted: 1 }',
      'constructor: 1',
      'load: { poisson: { interval: 1ms, __proto__: 1 }, requests: 10 }',
      'topology:',
      '  - server: { service-time: 1ms, prototype: 2 }',
      '',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      { line: 2, col: 1, path: '__proto__', message: `unknown key "__proto__"; expected one of: ${KEYS}` },
      { line: 3, col: 1, path: 'constructor', message: `unknown key "constructor"; expected one of: ${KEYS}` },
      { line: 4, col: 35, path: 'load.poisson.__proto__', message: 'unknown key "__proto__"; expected one of: interval, rate' },
      { line: 6, col: 34, path: 'topology[0].server.prototype', message: 'unknown key "prototype"; expected one of: service-time, tick, concurrency, queue' },
    ]);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('through --set too', () => {
    expect(problemsOf(scenario('topology:', '  - server: { service-time: 1ms }'), ['__proto__.polluted=1'])).toEqual([
      { line: 0, col: 0, path: '__proto__', message: `unknown key "__proto__"; expected one of: ${KEYS}`, override: '__proto__.polluted=1' },
    ]);
  });

  test('as the name of a service or pool, or a path to vary', () => {
    const text = scenario(
      'services:',
      '  __proto__:',
      '    - server: { service-time: 1ms }',
      'pools:',
      '  __proto__: { service: s, count: 1 }',
      'topology:',
      '  - server: { service-time: 1ms }',
      'compare:',
      '  vary: { __proto__: [1, 2], seed: [1, 2] }',
    );
    const name = 'invalid name "__proto__"; expected a name of letters, digits, "-" and "_" that starts with a letter';
    expect(problemsOf(text)).toEqual([
      { line: 5, col: 3, path: 'services.__proto__', message: name },
      { line: 8, col: 3, path: 'pools.__proto__', message: name },
      {
        line: 12,
        col: 11,
        path: 'compare.vary.__proto__',
        message: 'expected a scenario path to vary, such as topology[0].balancer.strategy; found "__proto__", which names no key of a scenario',
      },
    ]);
  });

  test('constructor is a name like any other, and does not reach Object.prototype', () => {
    const text = scenario('services:', '  constructor:', '    - server: { service-time: 1ms }', 'topology:', '  - service: constructor');
    const spec = parseScenario(text, 'x.yaml').spec;
    expect(Object.keys(spec.services)).toEqual(['constructor']);
    expect(Object.getPrototypeOf(spec.services)).toBe(Object.prototype);
    expect(problemsOf(scenario('topology:', '  - service: toString'))).toEqual([
      expect.objectContaining({ path: 'topology[0].service', message: 'unknown service "toString"; expected the name of a service, but none are defined' }),
    ]);
  });
});

describe('tables the built system would hold are checked against a limit before it is built', () => {
  test('a consistent-hash ring of 10^14 points', () => {
    const text = scenario(
      'services:',
      '  s:',
      '    - server: { service-time: 1ms }',
      'topology:',
      '  - balancer: { strategy: consistent-hash, backends: { service: s, count: 100 }, virtual-nodes: 1000000000000 }',
    ).replace('requests: 100 }', 'requests: 100, keys: 10 }');
    expect(problemsOf(text)).toEqual([
      {
        line: 8,
        col: 97,
        path: 'topology[0].balancer.virtual-nodes',
        message:
          'expected at most 10,000,000 entries in the lookup tables the built system holds (consistent-hash ring points, zipf key weights); found 100,000,000,000,000 (the largest ring: 100,000,000,000,000 points)',
        hint: 'lift the limit with --limit tables=100000000000000 if the machine can take it',
      },
    ]);
  });

  test('the weights of 10^12 zipf keys', () => {
    const text = scenario('topology:', '  - server: { service-time: 1ms }').replace('requests: 100 }', 'requests: 100, keys: { count: 1000000000000, zipf: 1.1 } }');
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ line: 3, col: 67, path: 'load.keys.count', message: expect.stringMatching(/; found 1,000,000,000,000 \(the zipf weights of 1,000,000,000,000 keys\)$/) }),
    ]);
  });
});

describe('crashes found by fuzzing validate', () => {
  test('a pool of 2^31 members with slow ones (was: out of memory listing a speed per member before the size was checked)', () => {
    const text = scenario('services:', '  s:', '    - server: { service-time: 1ms }', 'topology:', '  - balancer: { strategy: random, backends: { service: s, count: 2147483648, slow: { count: 4, factor: 3 } } }');
    expect(problemsOf(text)).toEqual([
      {
        line: 8,
        col: 66,
        path: 'topology[0].balancer.backends.count',
        message: 'expected at most 200,000 nodes in the built system (every step of every chain, every pool member); found 4,294,967,297 (the largest pool: 2,147,483,648 members)',
        hint: 'lift the limit with --limit nodes=4294967297 if the machine can take it',
      },
    ]);
  });

  test('services nested 20,000 deep (was: Maximum call stack size exceeded in the check for cycles)', () => {
    const lines = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'services:'];
    for (let i = 0; i < 19_999; i++) lines.push(`  s${i}:`, '    - cable: { latency: 1ms }', `    - service: s${i + 1}`);
    lines.push('  s19999:', '    - server: { service-time: 1ms }', 'topology:', '  - service: s0');
    expect(problemsOf(lines.join('\n') + '\n')).toEqual([
      {
        line: 5,
        col: 5,
        path: 'services.s0',
        message: 'expected services nested at most 64 deep; found "s0", which holds services 20000 deep',
        hint: 'a service step or a pool inside a service is one level: flatten the chain',
      },
    ]);
  }, 60_000);

  test('a cycle through 20,000 services is named by its first ones', () => {
    const lines = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'services:'];
    for (let i = 0; i < 20_000; i++) lines.push(`  s${i}:`, `    - service: s${(i + 1) % 20_000}`);
    lines.push('topology:', '  - service: s0');
    const problems = problemsOf(lines.join('\n') + '\n');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ line: 5, col: 5, path: 'services.s0', message: expect.stringMatching(/^expected services nested at most 64 deep/) });
    expect(problems[1]).toMatchObject({ line: 5, col: 16, path: 'services.s0[0].service' });
    expect(problems[1].message).toBe(
      `expected services that do not contain themselves; found the cycle ${Array.from({ length: 30 }, (_, i) => `s${i}`).join(' -> ')} -> ... -> s0`,
    );
  }, 60_000);

  test('a node pattern with a range of a billion indices (was: out of memory while building the pattern)', () => {
    const text = scenario('topology:', '  - server: { service-time: 1ms }', 'faults:', '  - slow: { target: "nothing[0..1000000000]/**", at: 5s, for: 2s, factor: 10 }');
    const { spec } = parseScenario(text, 'x.yaml');
    expect(() => buildSystem(spec, 1)).toThrow(BuildError);
    expect(() => buildSystem(spec, 1)).toThrow(/faults\[0\]\.slow\.target: "nothing\[0\.\.1000000000\]\/\*\*" matches no node/);
  });
});

describe('durations longer than the clock can resolve (issue 8: huge finite times)', () => {
  test('1e300ms and friends are refused where written, with the stated maximum; 1e12ms is the last allowed', () => {
    const text = (service: string) => ['name: t', 'seed: 1', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'topology:', `  - server: { service-time: "${service}" }`, ''].join('\n');
    for (const [service, found] of [
      ['1e300ms', '1e300ms'],
      ['1e300ms + exp(1ms)', '1e300ms'],
      ['exp(2e12ms)', '2e12ms'],
      ['1e10s', '1e10s'],
    ]) {
      const problems = problemsOf(text(service));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ line: 5, path: 'topology[0].server.service-time', message: `expected a duration of at most 1e12ms (about 31.7 years); found "${found}"` });
      expect(problems[0].hint).toMatch(/cannot tell a microsecond apart/);
    }
    expect(() => parseScenario(text('1e12ms'), 'ok.yaml')).not.toThrow();
    // non-finite ones keep their own message
    expect(problemsOf(text('1e400ms'))[0].message).toBe('expected a finite duration; found "1e400ms"');
  });
});

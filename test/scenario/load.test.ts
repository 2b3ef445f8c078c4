import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type Problem, ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import type { ScenarioSpec } from '../../src/scenario/spec.js';

const FIXTURES = 'test/scenario/fixtures';

/** The problems of an invalid scenario, without the file name. */
function problemsOf(text: string, overrides: string[] = [], file = 'scenario.yaml'): Omit<Problem, 'file'>[] {
  try {
    parseScenario(text, file, overrides);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ file: _, ...rest }) => rest);
  }
  throw new Error('expected the scenario to be invalid');
}

const MM1: ScenarioSpec = {
  name: 'mm1',
  seed: 7,
  load: { arrivals: { kind: 'poisson', intervalMs: 2 }, requests: 1_100_000 },
  warmup: { kind: 'requests', count: 100_000 },
  cooldown: { kind: 'requests', count: 0 },
  roundExponential: false,
  history: false,
  services: {},
  pools: {},
  topology: [{ kind: 'server', concurrency: 1, serviceTime: { kind: 'exp', mean: 1 } }],
  faults: [],
};

describe('valid scenarios', () => {
  test('heroku-random parses to the expected spec', () => {
    const loaded = loadScenario(`${FIXTURES}/heroku-random.yaml`);
    expect(loaded.spec).toStrictEqual({
      name: 'heroku-random',
      description: 'One line for `lightcone list`',
      seed: 1,
      load: { arrivals: { kind: 'poisson', intervalMs: 1.5 }, requests: 100_000 },
      warmup: { kind: 'fraction', fraction: 0.25 },
      cooldown: { kind: 'fraction', fraction: 0.25 },
      roundExponential: true,
      history: false,
      services: {
        dyno: [
          { kind: 'cable', latency: { kind: 'constant', value: 2 } },
          {
            kind: 'server',
            concurrency: 1,
            serviceTime: {
              kind: 'sum',
              terms: [
                { kind: 'constant', value: 20 },
                { kind: 'exp', mean: 100 },
              ],
            },
          },
        ],
      },
      pools: { dynos: { service: 'dyno', count: 250 } },
      topology: [
        {
          kind: 'balancer',
          info: { source: 'own' },
          strategy: 'random',
          backends: { service: 'dyno', count: 250 },
          tieBreak: 'random',
          errorHoldMs: 0,
        },
      ],
      faults: [],
    } satisfies ScenarioSpec);
    expect(loaded.file).toBe(`${FIXTURES}/heroku-random.yaml`);
    expect(loaded.overrides).toEqual([]);
    expect(loaded.hash).toBe('sha256:' + createHash('sha256').update(loaded.text).digest('hex'));
    expect(loaded.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('mm1 parses to the expected spec, from YAML and from JSON', () => {
    const yaml = [
      'name: mm1',
      'seed: 7',
      'load: { poisson: { rate: 500/s }, requests: 1100000 }',
      'warmup: 100000',
      'topology: [ { server: { concurrency: 1, service-time: exp(1ms) } } ]',
    ].join('\n');
    expect(parseScenario(yaml, 'mm1.yaml').spec).toStrictEqual(MM1);
    expect(loadScenario(`${FIXTURES}/mm1.json`).spec).toStrictEqual(MM1);
  });

  test('defaults and the other forms of load, steps and windows', () => {
    const spec = parseScenario(
      [
        'name: forms',
        'load: { constant: { interval: 2s }, duration: 1h }',
        'warmup: 10s',
        'cooldown: 12.5%',
        'services:',
        '  leaf: [ { delay: { time: "uniform(1ms, 2ms)" } }, { server: { service-time: 1ms } } ]',
        'pools:',
        '  leaves: { service: leaf, count: 3 }',
        'topology:',
        '  - retry: { attempts: 3 }',
        '  - faulty: { mtbf: 1m, mttr: 500ms }',
        '  - balancer: { strategy: least-conn, backends: leaves, tie-break: lowest-index, error-hold: 1s }',
      ].join('\n'),
      'forms.yaml',
    ).spec;
    expect(spec.load).toStrictEqual({ arrivals: { kind: 'constant', intervalMs: 2000 }, durationMs: 3_600_000 });
    expect(spec.warmup).toStrictEqual({ kind: 'time', ms: 10_000 });
    expect(spec.cooldown).toStrictEqual({ kind: 'fraction', fraction: 0.125 });
    expect(spec.topology).toStrictEqual([
      { kind: 'retry', attempts: 3, on: ['error'] },
      { kind: 'faulty', mtbfMs: 60_000, mttrMs: 500 },
      { kind: 'balancer', strategy: 'least-conn', backends: { pool: 'leaves' }, tieBreak: 'lowest-index', errorHoldMs: 1000, info: { source: 'own' } },
    ]);
    expect(spec.services.leaf).toStrictEqual([
      { kind: 'delay', time: { kind: 'uniform', min: 1, max: 2 } },
      { kind: 'server', concurrency: 1, serviceTime: { kind: 'constant', value: 1 } },
    ]);
    expect(parseScenario('name: i\nload: { instant: {}, requests: 5 }\ntopology: [ { service: s } ]\nservices: { s: [ { cable: { latency: 1ms } }, { server: { service-time: 1ms } } ] }', 'i.yaml').spec.load).toStrictEqual({
      arrivals: { kind: 'instant', atMs: 0 },
      requests: 5,
    });
  });

  test('every bundled scenario is valid', () => {
    const yamlIn = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? yamlIn(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
      );
    const files = yamlIn('scenarios');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(() => loadScenario(file), file).not.toThrow();
  });

  test('empirical distributions: inline, as a list, and from a CSV file next to the scenario', () => {
    const text = (latency: string) =>
      `name: e\nload: { instant: { at: 1s }, requests: 3 }\ntopology:\n  - cable: { latency: ${latency} }\n  - server: { service-time: 1ms }\n`;
    const latencyOf = (latency: string) => {
      const step = parseScenario(text(latency), `${FIXTURES}/inline.yaml`).spec.topology[0];
      return step.kind === 'cable' ? step.latency : undefined;
    };
    expect(latencyOf('"empirical(1ms, 2ms, 5ms)"')).toStrictEqual({ kind: 'empirical', values: [1, 2, 5] });
    expect(latencyOf('{ empirical: [1ms, 2ms, 5s] }')).toStrictEqual({ kind: 'empirical', values: [1, 2, 5000] });
    expect(latencyOf('{ empirical: { file: latency.csv, column: latency_ms } }')).toStrictEqual({
      kind: 'empirical',
      values: [1.5, 2, 10],
    });
    expect(latencyOf('{ empirical: { file: latency.csv, column: id, unit: s } }')).toStrictEqual({
      kind: 'empirical',
      values: [1000, 2000, 3000],
    });

    expect(problemsOf(text('{ empirical: { file: latency.csv, column: latncy_ms } }'), [], `${FIXTURES}/inline.yaml`)).toStrictEqual([
      {
        line: 4,
        col: 65,
        path: 'topology[0].cable.latency.empirical.column',
        message: 'unknown column "latncy_ms" in latency.csv; expected one of: id, latency_ms, note',
        hint: 'did you mean "latency_ms"?',
      },
    ]);
    expect(problemsOf(text('{ empirical: { file: nope.csv, column: x } }'), [], `${FIXTURES}/inline.yaml`)).toStrictEqual([
      {
        line: 4,
        col: 44,
        path: 'topology[0].cable.latency.empirical.file',
        message: `expected a CSV file at ${resolve(FIXTURES, 'nope.csv')}; found no such file`,
      },
    ]);
    expect(problemsOf(text('{ empirical: { file: latency.csv, column: note } }'), [], `${FIXTURES}/inline.yaml`)[0].message).toBe(
      'expected a number of ms, 0 or more, in column "note" of latency.csv line 2; found "fast"',
    );
  });
});

describe('scenario errors', () => {
  test('the report names file:line:col, the path, the problem and a hint', () => {
    const text = [
      'name: p2c',
      'load: { poisson: { interval: 1ms }, requests: 1000 }',
      'services:',
      '  dyno:',
      '    - cable: { latency: 2ms }',
      '    - severr: { service: exp(100ms) }',
      'topology:',
      '  - balancer: { strategy: least-con, backends: { service: dyno, count: 2 } }',
    ].join('\n');
    let error: unknown;
    try {
      parseScenario(text, 'scenarios/p2c.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).format()).toBe(
      [
        'error: scenarios/p2c.yaml is not a valid scenario (2 problems)',
        '',
        '  scenarios/p2c.yaml:6:7  services.dyno[1].severr',
        '    unknown step "severr"; expected one of: cable, link, delay, server, faulty, retry, timeout, lease, hedge, circuit-breaker, rate-limit, concurrency-limit, balancer, service, broker, fan-out, process',
        '    hint: did you mean "server"?',
        '',
        '  scenarios/p2c.yaml:8:27  topology[0].balancer.strategy',
        '    unknown strategy "least-con"; expected one of: random, round-robin, least-conn, one-conn, two-choices, best-of, jsq, least-requests, weighted-random, weighted-round-robin, consistent-hash, shuffle-shard, best-of-N',
        '    hint: did you mean "least-conn"?',
      ].join('\n'),
    );
  });

  test('one problem says "1 problem"', () => {
    expect(() => parseScenario('name: x\nload: { poisson: { interval: 1ms }, requests: 10 }\n', 'x.yaml')).toThrow(
      [
        'error: x.yaml is not a valid scenario (1 problem)',
        '',
        '  x.yaml:1:1  topology',
        '    missing required key "topology"; expected a chain: a list of steps',
      ].join('\n'),
    );
  });

  test('a bare number where a duration is expected', () => {
    expect(problemsOf('name: x\nload: { poisson: { interval: 1 }, requests: 1000 }\ntopology: [ { server: { service-time: 1ms } } ]')).toStrictEqual([
      {
        line: 2,
        col: 30,
        path: 'load.poisson.interval',
        message: 'expected a duration with a unit such as 1ms; found the number 1',
        hint: 'did you mean "1ms"?',
      },
    ]);
  });

  test('errors inside a distribution point at the column inside the value, quoted or not', () => {
    const text = (service: string) => `name: x\nload: { instant: {}, requests: 1 }\ntopology:\n  - server: { concurrency: 1, service-time: ${service} }\n`;
    const expected = {
      line: 4,
      path: 'topology[0].server.service-time',
      message: 'unknown distribution "expo"; expected one of: exp, uniform, normal, lognormal, pareto, weibull, empirical, const',
      hint: 'did you mean "exp"?',
    };
    // The value starts at column 45; "expo" is 7 characters into it.
    expect(problemsOf(text('20ms + expo(100ms)'))).toStrictEqual([{ ...expected, col: 52 }]);
    expect(problemsOf(text('"20ms + expo(100ms)"'))).toStrictEqual([{ ...expected, col: 53 }]);
    expect(problemsOf(text('20'))).toStrictEqual([
      {
        line: 4,
        col: 45,
        path: 'topology[0].server.service-time',
        message: 'expected a distribution such as 20ms, exp(100ms) or 20ms + exp(100ms); found the number 20',
        hint: 'did you mean "20ms"?',
      },
    ]);
  });

  test('a distribution cut at a comma by a YAML flow map gets a hint to quote it', () => {
    const text = 'name: x\nload: { instant: {}, requests: 1 }\ntopology: [ { delay: { time: uniform(1ms, 5ms) } } ]';
    expect(problemsOf(text)).toStrictEqual([
      {
        line: 3,
        col: 41,
        path: 'topology[0].delay.time',
        message: 'expected "," or ")" in uniform(...); found the end',
        hint: 'inside { ... }, put the distribution in quotes: "uniform(...)"',
      },
      { line: 3, col: 43, path: 'topology[0].delay["5ms)"]', message: 'unknown key "5ms)"; expected one of: time' },
    ]);
  });

  test('several problems are reported at once, in file order', () => {
    const text = [
      'name: many', // 1
      'sead: 3', // 2
      'load: { poisson: { intreval: 1ms }, requests: 0 }', // 3
      'services:', // 4
      '  dyno:', // 5
      '    - server: { service-time: exp(1ms), concurrency: 0 }', // 6
      '  empty: []', // 7
      'topology:', // 8
      '  - server: 3', // 9
      '  - cable: {}', // 10
      '  - server', // 11
      '  - { cable: { latency: 1ms }, server: { service-time: 1ms } }', // 12
      'warmup: true', // 13
    ].join('\n');
    expect(problemsOf(text)).toStrictEqual([
      {
        line: 2,
        col: 1,
        path: 'sead',
        message: 'unknown key "sead"; expected one of: $schema, name, description, seed, round-exponential, history, load, warmup, cooldown, apdex, services, pools, topology, faults, clocks, compare, sweep, checks, program, processes, network, workload, until, settle',
        hint: 'did you mean "seed"?',
      },
      {
        line: 3,
        col: 20,
        path: 'load.poisson.intreval',
        message: 'unknown key "intreval"; expected one of: interval, rate',
        hint: 'did you mean "interval"?',
      },
      { line: 3, col: 47, path: 'load.requests', message: 'expected 1 or more; found the number 0' },
      { line: 6, col: 54, path: 'services.dyno[0].server.concurrency', message: 'expected 1 or more; found the number 0' },
      { line: 7, col: 10, path: 'services.empty', message: 'expected a chain of at least one step; found an empty list' },
      {
        line: 9,
        col: 13,
        path: 'topology[0].server',
        message: 'expected a map such as { concurrency: 1, service-time: exp(100ms) }; found the number 3',
      },
      {
        line: 10,
        col: 12,
        path: 'topology[1].cable.latency',
        message: 'missing required key "latency"; expected a distribution such as 20ms, exp(100ms) or 20ms + exp(100ms)',
      },
      {
        line: 11,
        col: 5,
        path: 'topology[2]',
        message: 'expected a step such as { server: { service-time: exp(1ms) } }; found "server"',
        hint: 'write server: { ... }',
      },
      {
        line: 12,
        col: 5,
        path: 'topology[3]',
        message: 'expected one step per list item; found 2: cable, server',
        hint: 'start each step on its own line with "- "',
      },
      {
        line: 13,
        col: 9,
        path: 'warmup',
        message: 'expected a number of requests such as 1000, a percentage such as 25% or a duration such as 10s; found true',
      },
    ]);
  });

  test('load needs one arrival process and one end', () => {
    expect(problemsOf('name: x\nload: { requests: 1, duration: 1s }\ntopology: [ { server: { service-time: 1ms } } ]')).toStrictEqual([
      {
        line: 2,
        col: 7,
        path: 'load',
        message: 'expected an arrival process, one of: poisson, constant, instant, on-off, mmpp, ramp, daily, replay, closed; found none',
        hint: 'for example poisson: { interval: 1ms }',
      },
      { line: 2, col: 22, path: 'load.duration', message: 'expected either requests or duration; found both' },
    ]);
    expect(problemsOf('name: x\nload:\n  constant: { interval: 1ms, rate: 5/s }\ntopology: [ { server: { service-time: 1ms } } ]')).toStrictEqual([
      { line: 3, col: 30, path: 'load.constant.rate', message: 'expected either interval or rate; found both' },
    ]);
  });

  test('unknown services and pools, with did you mean', () => {
    const text = [
      'name: refs',
      'load: { poisson: { interval: 1ms }, requests: 10 }',
      'services:',
      '  dyno: [ { server: { service-time: exp(1ms) } } ]',
      'pools:',
      '  dynos: { service: dyno, count: 3 }',
      '  ghosts: { service: ghost, count: 3 }',
      'topology:',
      '  - balancer: { strategy: random, backends: dyno }',
      '  - balancer: { strategy: random, backends: dynoss }',
      '  - balancer: { strategy: random, backends: { service: dino, count: 1 } }',
      '  - service: dyno',
    ].join('\n');
    // (the balancers that do not end the chain are problems too; this test looks at the references)
    expect(problemsOf(text).filter((p) => p.message.startsWith('unknown'))).toStrictEqual([
      {
        line: 7,
        col: 22,
        path: 'pools.ghosts.service',
        message: 'unknown service "ghost"; expected one of: dyno',
      },
      {
        line: 9,
        col: 45,
        path: 'topology[0].balancer.backends',
        message: 'unknown pool "dyno"; expected one of: dynos, ghosts',
        hint: '"dyno" is a service, not a pool: write backends: { service: dyno, count: N }',
      },
      {
        line: 10,
        col: 45,
        path: 'topology[1].balancer.backends',
        message: 'unknown pool "dynoss"; expected one of: dynos, ghosts',
        hint: 'did you mean "dynos"?',
      },
      {
        line: 11,
        col: 56,
        path: 'topology[2].balancer.backends.service',
        message: 'unknown service "dino"; expected one of: dyno',
        hint: 'did you mean "dyno"?',
      },
    ]);
  });

  test('a service that contains itself names the cycle; a service step must come last', () => {
    const text = [
      'name: loop',
      'load: { poisson: { interval: 1ms }, requests: 10 }',
      'services:',
      '  dyno:',
      '    - cable: { latency: 2ms }',
      '    - balancer: { strategy: random, backends: routers }',
      '  router:',
      '    - service: dyno',
      '    - server: { service-time: 1ms }',
      'pools:',
      '  routers: { service: router, count: 2 }',
      'topology:',
      '  - service: dyno',
    ].join('\n');
    expect(problemsOf(text)).toStrictEqual([
      {
        line: 6,
        col: 47,
        path: 'services.dyno[1].balancer.backends',
        message: 'expected services that do not contain themselves; found the cycle dyno -> router -> dyno',
        hint: 'a request would go round for ever: remove one of the references in the cycle',
      },
      {
        line: 8,
        col: 7,
        path: 'services.router[0]',
        message: 'expected a service step to be the last step of its chain; found 1 more step after it',
        hint: 'the chain of service "dyno" continues here, so nothing can follow it',
      },
    ]);
    expect(problemsOf(text.replace('backends: routers', 'backends: { service: dyno, count: 1 }'))[0]).toMatchObject({
      path: 'services.dyno[1].balancer.backends.service',
      message: 'expected services that do not contain themselves; found the cycle dyno -> dyno',
    });
  });

  test('steps that need a next step cannot end a chain; a balancer must end its chain', () => {
    const text = [
      'name: ends',
      'load: { poisson: { interval: 1ms }, requests: 10 }',
      'services:',
      '  ends:',
      '    - cable: { latency: 2ms }',
      'topology:',
      '  - balancer: { strategy: random, backends: { service: ends, count: 2 } }',
      '  - retry: { attempts: 2 }',
    ].join('\n');
    expect(problemsOf(text)).toStrictEqual([
      {
        line: 5,
        col: 7,
        path: 'services.ends[0]',
        message: 'expected a step after this cable to pass calls to; found the end of the chain',
        hint: 'end a chain with a server, a balancer or a service step',
      },
      {
        line: 7,
        col: 5,
        path: 'topology[0]',
        message: 'expected a balancer to be the last step of its chain; found 1 more step after it',
        hint: 'a balancer passes calls to its backends, not to a next step',
      },
      {
        line: 8,
        col: 5,
        path: 'topology[1]',
        message: 'expected a step after this retry to pass calls to; found the end of the chain',
        hint: 'end a chain with a server, a balancer or a service step',
      },
    ]);
  });

  test('a cooldown must fit the load; an instant burst needs a number of requests', () => {
    const text = (load: string, cooldown: string) =>
      `name: w\nload: { ${load} }\ncooldown: ${cooldown}\ntopology: [ { server: { service-time: 1ms } } ]`;
    expect(problemsOf(text('poisson: { interval: 1ms }, requests: 100', '10s'))[0]).toMatchObject({
      path: 'cooldown',
      message: 'expected a cooldown that fits the load; found a time, which needs load.duration',
    });
    expect(problemsOf(text('poisson: { interval: 1ms }, duration: 10s', '100'))[0]).toMatchObject({
      path: 'cooldown',
      message: 'expected a cooldown that fits the load; found a number of requests, which needs load.requests',
    });
    expect(problemsOf(text('instant: {}, duration: 10s', '0'))[0]).toMatchObject({
      path: 'load.duration',
      message: 'expected requests: N with an instant burst; found duration',
    });
    expect(() => parseScenario(text('poisson: { interval: 1ms }, duration: 10s', '2s'), 'w.yaml')).not.toThrow();
  });

  test('warmup and cooldown that leave nothing measured', () => {
    const text = (warmup: string, cooldown: string, end = 'requests: 100') =>
      `name: w\nload: { poisson: { interval: 1ms }, ${end} }\nwarmup: ${warmup}\ncooldown: ${cooldown}\ntopology: [ { server: { service-time: 1ms } } ]`;
    expect(problemsOf(text('60', '40%'))).toStrictEqual([
      {
        line: 4,
        col: 11,
        path: 'cooldown',
        message: 'expected warmup (60 requests) and cooldown (40%) to leave some of the 100 requests measured; found they leave out 100 requests',
      },
    ]);
    expect(problemsOf(text('50%', '50%', 'duration: 10s'))[0].message).toBe(
      'expected warmup (50%) and cooldown (50%) to leave some of the requests measured; found they leave out 100%',
    );
    expect(problemsOf(text('100', '0'))[0]).toMatchObject({ path: 'warmup', line: 3 });
    expect(() => parseScenario(text('59', '40%'), 'w.yaml')).not.toThrow();
    expect(() => parseScenario(text('10s', '99%'), 'w.yaml')).not.toThrow();
    expect(problemsOf(text('"100"', '0'))[0]).toStrictEqual({
      line: 3,
      col: 9,
      path: 'warmup',
      message: 'expected a number of requests such as 1000, a percentage such as 25% or a duration such as 10s; found "100"',
      hint: 'for 100 requests write 100 without quotes; for a share of the run write 100%',
    });
  });

  test('YAML syntax errors are problems too', () => {
    expect(problemsOf('name: x\nload: { poisson: { interval: 1ms }, requests: 10\ntopology: []\n')).toStrictEqual([
      {
        line: 3,
        col: 1,
        path: '',
        message: 'invalid YAML: flow map in block collection must be sufficiently indented and end with a }',
        hint: 'the items of a map or list must line up',
      },
    ]);
    expect(problemsOf('name: x\nname: y\n')).toStrictEqual([
      { line: 2, col: 1, path: '', message: 'invalid YAML: map keys must be unique', hint: 'each key may appear only once in a map' },
    ]);
  });

  test('an empty file', () => {
    expect(problemsOf('')).toStrictEqual([
      { line: 1, col: 1, path: '', message: 'expected a map with name, load and topology; found an empty value' },
    ]);
  });

  test('JSON files have positions too', () => {
    let error: unknown;
    try {
      loadScenario(`${FIXTURES}/broken.json`);
    } catch (e) {
      error = e;
    }
    expect((error as ScenarioError).format()).toBe(
      [
        `error: ${FIXTURES}/broken.json is not a valid scenario (2 problems)`,
        '',
        `  ${FIXTURES}/broken.json:4:38  load.poisson.interval`,
        '    expected a duration with a unit such as 1ms; found the number 1',
        '    hint: did you mean "1ms"?',
        '',
        `  ${FIXTURES}/broken.json:6:33  topology[0].balancer.strategy`,
        '    unknown strategy "least-con"; expected one of: random, round-robin, least-conn, one-conn, two-choices, best-of, jsq, least-requests, weighted-random, weighted-round-robin, consistent-hash, shuffle-shard, best-of-N',
        '    hint: did you mean "least-conn"?',
      ].join('\n'),
    );
  });

  test('a missing file is a scenario error, with a suggestion', () => {
    let error: unknown;
    try {
      loadScenario(`${FIXTURES}/heroku-randon.yaml`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).format()).toBe(
      [
        `error: ${FIXTURES}/heroku-randon.yaml is not a valid scenario (1 problem)`,
        '',
        `  ${FIXTURES}/heroku-randon.yaml`,
        `    expected a scenario file at ${resolve(FIXTURES, 'heroku-randon.yaml')}; found no such file`,
        '    hint: did you mean "heroku-random.yaml"?',
      ].join('\n'),
    );
  });
});

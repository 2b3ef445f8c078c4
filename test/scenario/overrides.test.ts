import { describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { type Problem, ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { applyOverride, OverrideError, parseOverride } from '../../src/scenario/overrides.js';

const P2C = [
  'name: p2c',
  'seed: 1',
  'load: { poisson: { interval: 1ms }, requests: 1000 }',
  'services:',
  '  dyno:',
  '    - cable: { latency: 2ms }',
  '    - server: { concurrency: 1, service-time: exp(100ms) }',
  'topology:',
  '  - balancer: { strategy: random, backends: { service: dyno, count: 2 } }',
].join('\n');

function problemsOf(overrides: string[], text = P2C): Omit<Problem, 'file'>[] {
  try {
    parseScenario(text, 'p2c.yaml', overrides);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ file: _, ...rest }) => rest);
  }
  throw new Error('expected the scenario to be invalid');
}

describe('parseOverride', () => {
  test('the value is read as YAML', () => {
    expect(parseOverride('seed=3')).toStrictEqual({ text: 'seed=3', path: ['seed'], value: 3 });
    expect(parseOverride('load.poisson.interval=1ms').value).toBe('1ms');
    expect(parseOverride('topology[0].balancer.backends={service: dyno, count: 3}')).toStrictEqual({
      text: 'topology[0].balancer.backends={service: dyno, count: 3}',
      path: ['topology', 0, 'balancer', 'backends'],
      value: { service: 'dyno', count: 3 },
    });
    expect(parseOverride('description=a=b').value).toBe('a=b');
  });

  test('a malformed override is an error', () => {
    expect(() => parseOverride('seed')).toThrow(
      new OverrideError('expected path=value, such as topology[0].balancer.strategy=least-conn; found no "=" in "seed"'),
    );
    expect(() => parseOverride('=3')).toThrow('expected a path before "=", such as topology[0].balancer.strategy=least-conn; found nothing');
    expect(() => parseOverride('topology[x].y=1')).toThrow(/found "\[x\]\.y" where "\.key" or "\[index\]" should be/);
    expect(() => parseOverride('name={a')).toThrow(/^expected a YAML value after "=", such as 3, 1ms or "\{ a: 1 \}"; found "\{a"/);
  });
});

describe('applyOverride', () => {
  test('creates missing maps but not lists', () => {
    const doc = parseDocument('a: { b: 1 }\nlist: [1]\n');
    applyOverride(doc, parseOverride('a.c.d=2'));
    applyOverride(doc, parseOverride('list[0]=5'));
    expect(doc.toJS()).toStrictEqual({ a: { b: 1, c: { d: 2 } }, list: [5] });
    expect(() => applyOverride(doc, parseOverride('x[0].y=1'))).toThrow(OverrideError);
    expect(() => applyOverride(doc, parseOverride('list[1]=1'))).toThrow(
      'expected an index from 0 to 0 after list, which has 1 item; found [1]',
    );
  });
});

describe('overrides in a scenario', () => {
  test('an override changes the spec', () => {
    const loaded = parseScenario(P2C, 'p2c.yaml', [
      'topology[0].balancer.strategy=least-conn',
      'seed=3',
      'load.poisson.interval=2ms',
      'services.dyno[1].server.concurrency=2',
      'pools.extra.service=dyno',
      'pools.extra.count=4',
    ]);
    const balancer = loaded.spec.topology[0];
    expect(balancer.kind === 'balancer' && balancer.strategy).toBe('least-conn');
    expect(loaded.spec.seed).toBe(3);
    expect(loaded.spec.load.arrivals).toStrictEqual({ kind: 'poisson', intervalMs: 2 });
    expect(loaded.spec.services.dyno[1]).toStrictEqual({ kind: 'server', concurrency: 2, serviceTime: { kind: 'exp', mean: 100 } });
    expect(loaded.spec.pools).toStrictEqual({ extra: { service: 'dyno', count: 4 } });
    // The hash is of the file, not of the overridden document; the overrides are kept as given.
    expect(loaded.hash).toBe(parseScenario(P2C, 'p2c.yaml').hash);
    expect(loaded.overrides).toEqual([
      'topology[0].balancer.strategy=least-conn',
      'seed=3',
      'load.poisson.interval=2ms',
      'services.dyno[1].server.concurrency=2',
      'pools.extra.service=dyno',
      'pools.extra.count=4',
    ]);
  });

  test('problems in overridden values are placed at the override; the file keeps its positions', () => {
    let error: unknown;
    try {
      parseScenario(P2C.replace('requests: 1000', 'requests: 0'), 'p2c.yaml', [
        'topology[0].balancer.strategy=two-choice',
        'load.poisson.interval=1',
      ]);
    } catch (e) {
      error = e;
    }
    expect((error as ScenarioError).format()).toBe(
      [
        'error: p2c.yaml is not a valid scenario (3 problems)',
        '',
        '  --set topology[0].balancer.strategy=two-choice  topology[0].balancer.strategy',
        '    unknown strategy "two-choice"; expected one of: random, round-robin, least-conn, one-conn, two-choices, best-of, jsq, least-requests, weighted-random, weighted-round-robin, consistent-hash, shuffle-shard, best-of-N',
        '    hint: did you mean "two-choices"?',
        '',
        '  --set load.poisson.interval=1  load.poisson.interval',
        '    expected a duration with a unit such as 1ms; found the number 1',
        '    hint: did you mean "1ms"?',
        '',
        '  p2c.yaml:3:47  load.requests',
        '    expected 1 or more; found the number 0',
      ].join('\n'),
    );
  });

  test('malformed overrides are reported with the rest', () => {
    expect(problemsOf(['seed', 'services.cache[0].server=1', 'topology[3].cable=1', 'seed.x=1', 'topology.x=1', 'round-exponential=yes'])).toStrictEqual([
      {
        line: 0,
        col: 0,
        path: '',
        override: 'seed',
        message: 'expected path=value, such as topology[0].balancer.strategy=least-conn; found no "=" in "seed"',
      },
      {
        line: 0,
        col: 0,
        path: 'services.cache[0].server',
        override: 'services.cache[0].server=1',
        message: 'expected services.cache to exist, since --set creates maps but not lists; found nothing there',
        hint: 'set the whole list instead, such as services.cache=[...]',
      },
      {
        line: 0,
        col: 0,
        path: 'topology[3].cable',
        override: 'topology[3].cable=1',
        message: 'expected an index from 0 to 0 after topology, which has 1 item; found [3]',
      },
      {
        line: 0,
        col: 0,
        path: 'seed.x',
        override: 'seed.x=1',
        message: 'expected seed to be a map or a list, to set seed.x; found the number 1',
      },
      {
        line: 0,
        col: 0,
        path: 'topology.x',
        override: 'topology.x=1',
        message: 'expected an index such as [0] after topology, which is a list; found the key "x"',
      },
      {
        line: 0,
        col: 0,
        path: 'round-exponential',
        override: 'round-exponential=yes',
        message: 'expected true or false; found "yes"',
      },
    ]);
  });
});

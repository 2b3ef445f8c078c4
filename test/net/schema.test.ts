import { describe, test, expect } from 'vitest';
import { BANDWIDTH_PATTERN, parseBandwidth, parseSize, SIZE_PATTERN } from '../../src/scenario/sizes.js';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError, type Problem } from '../../src/scenario/errors.js';
import { UnitError } from '../../src/scenario/units.js';

describe('sizes and bandwidths', () => {
  test('sizes in bytes, decimal and binary prefixes', () => {
    expect([parseSize('64B'), parseSize('1KB'), parseSize('1.5MB'), parseSize('4KiB'), parseSize('1 GB'), parseSize('0B')]).toEqual([
      64, 1000, 1.5e6, 4096, 1e9, 0,
    ]);
  });

  test('bandwidths in bytes per millisecond: bits are an eighth of a byte', () => {
    expect(parseBandwidth('1MB/s')).toBe(1000);
    expect(parseBandwidth('10Mbit/s')).toBe(1250);
    expect(parseBandwidth('10Mbps')).toBe(1250);
    expect(parseBandwidth('1Gbit/s')).toBe(125000);
    expect(parseBandwidth('100 kbit / ms')).toBe(12500);
    expect(parseBandwidth('8bit/ms')).toBe(1);
  });

  test('the JSON Schema patterns accept what the parsers accept', () => {
    const b = new RegExp(BANDWIDTH_PATTERN);
    const s = new RegExp(SIZE_PATTERN);
    expect(['10Mbit/s', '1MB/s', '1Gbps', '100 kbit / ms', '8bit/ms'].every((x) => b.test(x))).toBe(true);
    expect(['10', '10Mbit', '10mb/s'].some((x) => b.test(x))).toBe(false);
    expect(['64B', '1KB', '1.5MB', '4KiB', '1 GB'].every((x) => s.test(x))).toBe(true);
    expect(['1kb', '10'].some((x) => s.test(x))).toBe(false);
  });

  test.each([
    ['1024', 'expected a size in bytes such as 64B, 1KB or 1.5MB; found "1024"', 'did you mean "1024B"?'],
    ['1kb', 'unknown size unit "kb" in "1kb"; expected one of: B, KB, MB, GB, KiB, MiB, GiB', 'did you mean "KB"? (B is a byte)'],
    ['-1KB', 'expected a size of 0 or more; found "-1KB"', undefined],
  ])('size %s', (text, message, hint) => {
    const e = (() => {
      try {
        parseSize(text);
      } catch (err) {
        return err as UnitError;
      }
      throw new Error('expected an error');
    })();
    expect(e).toBeInstanceOf(UnitError);
    expect([e.message, e.hint]).toEqual([message, hint]);
  });

  test.each([
    ['10Mbit', 'a bandwidth is data per unit of time: did you mean "10Mbit/s"?'],
    ['10mb/s', 'did you mean "MB" (bytes) or "Mbit" (bits)?'],
    ['10Mbit/sec', undefined],
    ['0MB/s', undefined],
  ])('bandwidth %s is an error', (text, hint) => {
    expect(() => parseBandwidth(text)).toThrow(UnitError);
    try {
      parseBandwidth(text);
    } catch (e) {
      if (hint !== undefined) expect((e as UnitError).hint).toBe(hint);
    }
  });
});

const scenario = (topology: string, faults = '') => `
name: t
seed: 1
load: { constant: { interval: 1ms }, requests: 10 }
services:
  dyno:
    - ${topology}
    - server: { service-time: 1ms }
topology:
  - balancer: { strategy: random, backends: { service: dyno, count: 4 } }
${faults}`;

function problemsOf(text: string): Omit<Problem, 'file'>[] {
  try {
    parseScenario(text, 's.yaml');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ file: _, ...rest }) => rest);
  }
  throw new Error('expected the scenario to be invalid');
}

describe('the link step in a scenario file', () => {
  test('defaults: no loss, no duplication, no reordering, unlimited bandwidth, 1 KB messages', () => {
    const spec = parseScenario(scenario('link: { latency: 2ms }'), 's.yaml').spec;
    expect(spec.services.dyno[0]).toStrictEqual({
      kind: 'link',
      latency: { kind: 'constant', value: 2 },
      loss: 0,
      duplicate: 0,
      requestBytes: 1000,
      responseBytes: 1000,
    });
  });

  test('every key: probabilities as numbers or percentages, a bandwidth and sizes', () => {
    const spec = parseScenario(
      scenario('link: { latency: "exp(2ms)", loss: 1%, duplicate: 0.001, reorder: { probability: 10%, extra: "exp(5ms)" }, bandwidth: 10Mbit/s, request-size: 64B, response-size: 4KB }'),
      's.yaml',
    ).spec;
    expect(spec.services.dyno[0]).toStrictEqual({
      kind: 'link',
      latency: { kind: 'exp', mean: 2 },
      loss: 0.01,
      duplicate: 0.001,
      reorder: { probability: 0.1, extra: { kind: 'exp', mean: 5 } },
      bandwidthBytesPerMs: 1250,
      requestBytes: 64,
      responseBytes: 4000,
    });
  });

  test('problems name the key, what was expected and what was found', () => {
    expect(problemsOf(scenario('link: { latency: 2ms, loss: 1.5, bandwidth: 10, request-size: 1kb }'))).toMatchObject([
      { path: 'services.dyno[0].link.loss', message: 'expected a probability from 0 to 1, or a percentage such as 1%; found the number 1.5' },
      { path: 'services.dyno[0].link.bandwidth', message: 'expected a bandwidth such as 10Mbit/s or 1MB/s; found the number 10', hint: 'did you mean "10Mbit/s"?' },
      { path: 'services.dyno[0].link.request-size', message: 'unknown size unit "kb" in "1kb"; expected one of: B, KB, MB, GB, KiB, MiB, GiB' },
    ]);
  });

  test('a link needs a next step', () => {
    expect(problemsOf(scenario('server: { service-time: 1ms }').replace('    - server: { service-time: 1ms }\ntopology', '    - link: { latency: 1ms }\ntopology'))).toMatchObject([
      { path: 'services.dyno[1]', message: 'expected a step after this link to pass calls to; found the end of the chain' },
    ]);
  });
});

describe('partition and flaky in a scenario file', () => {
  test('a partition: groups as patterns or lists, a heal time and a direction (default both)', () => {
    const spec = parseScenario(
      scenario('link: { latency: 1ms }', `faults:\n  - partition: { between: [balancer, ['balancer/dyno[0..1]/**']], at: 1s, heal: 2s }\n  - partition: { between: [[a, b], [c]], at: 5ms, direction: b-to-a }`),
      's.yaml',
    ).spec;
    expect(spec.faults).toStrictEqual([
      { kind: 'partition', between: [['balancer'], ['balancer/dyno[0..1]/**']], atMs: 1000, healMs: 2000, direction: 'both' },
      { kind: 'partition', between: [['a', 'b'], ['c']], atMs: 5, direction: 'b-to-a' },
    ]);
  });

  test('a flaky window', () => {
    const spec = parseScenario(scenario('link: { latency: 1ms }', `faults:\n  - flaky: { target: 'balancer/dyno[0]/link', at: 10s, for: 5s, loss: 50% }`), 's.yaml').spec;
    expect(spec.faults).toStrictEqual([{ kind: 'flaky', target: 'balancer/dyno[0]/link', atMs: 10000, forMs: 5000, loss: 0.5 }]);
  });

  test('problems: three groups, a heal before the start, an unknown direction, a loss above 100%', () => {
    const problems = problemsOf(
      scenario(
        'link: { latency: 1ms }',
        `faults:\n  - partition: { between: [a, b, c], at: 1s }\n  - partition: { between: [a, b], at: 2s, heal: 1s }\n  - partition: { between: [a, b], at: 1s, direction: one-way }\n  - flaky: { target: link, at: 1s, for: 1s, loss: 150% }`,
      ),
    );
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['faults[0].partition.between', 'expected two groups (A and B); found 3'],
      ['faults[1].partition.heal', 'expected heal after at (2s); found 1s'],
      ['faults[2].partition.direction', 'unknown direction "one-way"; expected one of: both, a-to-b, b-to-a'],
      ['faults[3].flaky.loss', 'expected a percentage from 0% to 100%; found "150%"'],
    ]);
  });
});

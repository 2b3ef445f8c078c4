/** Swarm runs: ranges in faults and load, picked by the seed from the `swarm` stream; both ends validated on load. */
import { describe, expect, test } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/run/simulate.js';
import { shrink } from '../../src/run/shrink.js';

const FIXTURE = 'test/hunt/fixtures/swarm.yaml';

function problems(text: string): string[] {
  try {
    parseScenario(text, 'swarm.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path} ${p.message}`);
    throw e;
  }
  return [];
}

const BASE = `name: s
seed: 1
load: { poisson: { rate: 70/s }, requests: 50 }
topology:
  - server: { concurrency: 1, service-time: exp(10ms) }
`;

describe('swarm', () => {
  test('the seed picks every value, and the summary lists them', () => {
    const scenario = loadScenario(FIXTURE);
    const one = simulate(scenario, { seed: 1 }).summary;
    expect(one.swarm).toEqual({
      'faults[0].count': 2,
      'faults[0].pause.at': '373.067ms',
      'faults[0].pause.for': '3.669ms',
      'faults[1].pause.at': '57.021ms',
      'faults[1].pause.for': '36.416ms',
      'faults[2].slow.for': '336.851ms',
      'faults[2].slow.factor': 1.603778,
      'load.requests': 45,
    });
    expect(one.requests.total).toBe(45);
    const two = simulate(scenario, { seed: 2 }).summary;
    expect(two.swarm?.['faults[0].count']).toBe(1);
    expect(simulate(scenario, { seed: 1 }).summary).toEqual(one);
  });

  test('the picks come from their own stream: the run equals the scenario with the picked values written in', () => {
    const scenario = loadScenario(FIXTURE);
    const swarmed = simulate(scenario, { seed: 1 }).summary;
    const written = parseScenario(
      `name: swarm
seed: 1
load: { poisson: { rate: 70/s }, requests: 45 }
topology:
  - server: { concurrency: 1, service-time: exp(10ms) }
faults:
  - pause: { target: server, at: 373.067ms, for: 3.669ms }
  - pause: { target: server, at: 57.021ms, for: 36.416ms }
  - slow: { target: server, at: 100ms, for: 336.851ms, factor: 1.603778 }
checks:
  - p99 < 140ms
`,
      FIXTURE,
    );
    const plain = simulate(written, { seed: 1 }).summary;
    const { stamp: _a, swarm: _b, ...rest } = swarmed;
    const { stamp: _c, ...restPlain } = plain;
    expect(rest).toEqual(restPlain);
  });

  test('a shrunk swarm scenario has the picked values written in, and still fails', () => {
    const r = shrink({ scenario: loadScenario(FIXTURE), seed: 2 });
    expect(r.text).not.toMatch(/{ swarm:/);
    const again = simulate(parseScenario(r.text, FIXTURE), { seed: 2 }).summary;
    expect(again.failures?.[0]).toMatchObject({ kind: 'check', property: 'p99 < 140ms' });
  });

  test('bad ranges, and values out of range at either end, are problems at their place', () => {
    expect(
      problems(`${BASE}faults:
  - pause: { target: server, at: { swarm: [1s] }, for: 5ms }
  - pause: { target: server, at: { swarm: [2s, 1s] }, for: 5ms }
  - pause: { target: server, at: { swarm: [1s, 5%] }, for: 5ms }
  - swarm: { count: [0, 2.5], fault: { pause: { target: server, at: 1s, for: 5ms } } }
`),
    ).toEqual([
      '7:43 faults[0].pause.at.swarm expected a range [LOW, HIGH] of two numbers, durations (10ms) or percentages (1%), such as { swarm: [10ms, 2s] }; found a list of 1',
      '8:43 faults[1].pause.at.swarm expected LOW <= HIGH in a swarm range; found [2s, 1s]',
      '9:43 faults[2].pause.at.swarm expected both ends of a swarm range of one kind; found a duration and a percent',
      '10:21 faults[3].swarm.count expected a range of counts, whole numbers such as [0, 3]; found [0, 2.5]',
    ]);
    // the high end breaks the schema: a loss above 100%
    expect(problems(`${BASE}faults:\n  - flaky: { target: "**", at: 1s, for: 1s, loss: { swarm: [1%, 150%] } }\n`)).toEqual([
      expect.stringMatching(/^7:\d+ faults\[0\]\.flaky\.loss expected a percentage from 0% to 100%/),
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ScenarioError, type Problem } from '../../src/scenario/errors.js';
import { parseScenarioObject } from '../../src/scenario/from-object.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';

function problems(run: () => unknown): Problem[] {
  try {
    run();
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems;
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenarioObject', () => {
  test('an object in the file shape gives the spec the file gives', { timeout: 30_000 }, () => {
    for (const file of ['scenarios/timelike/random.yaml', 'scenarios/faults/retry-storm.yaml', 'scenarios/load/bursts.yaml']) {
      const object = parse(readFileSync(file, 'utf8'));
      const loaded = parseScenarioObject(object, file);
      expect(loaded.spec).toStrictEqual(loadScenario(file).spec);
      expect(loaded.file).toBe(file);
      // The text is the object as YAML: it parses back to the same spec (compare and sweep re-read it).
      expect(parseScenario(loaded.text, file).spec).toStrictEqual(loaded.spec);
      expect(loaded.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  test('overrides apply as --set does', () => {
    const object = { name: 'x', seed: 3, load: { poisson: { interval: '2ms' }, requests: 10 }, topology: [{ server: { concurrency: 1, 'service-time': 'exp(1ms)' } }] };
    const loaded = parseScenarioObject(object, 'x.yaml', ['load.requests=20']);
    expect(loaded.spec.load.requests).toBe(20);
    expect(loaded.overrides).toEqual(['load.requests=20']);
  });

  test("a problem has the file's path, message and hint, with no line or column", () => {
    const text = [
      'name: x',
      'load: { poisson: { interval: 2 }, requests: 10 }',
      'topology:',
      '  - balancer: { strategy: two-choice, backends: { service: s, count: 2 } }',
      'services:',
      '  s: [ { server: { concurrency: 1, service-time: exp(1ms) } } ]',
    ].join('\n');
    const fromText = problems(() => parseScenario(text, 'x.yaml'));
    const fromObject = problems(() => parseScenarioObject(parse(text), 'x.yaml'));
    expect(fromText.length).toBe(2);
    expect(fromObject).toEqual(fromText.map((p) => ({ ...p, line: 0, col: 0 })));
    expect(fromObject.map((p) => p.path)).toEqual(['load.poisson.interval', 'topology[0].balancer.strategy']);
    expect(fromObject[1].hint).toBe('did you mean "two-choices"?');
  });

  test('a problem from an override keeps naming the override', () => {
    const object = { name: 'x', load: { poisson: { interval: '2ms' }, requests: 10 }, topology: [{ server: { concurrency: 1, 'service-time': 'exp(1ms)' } }] };
    const [p] = problems(() => parseScenarioObject(object, 'x.yaml', ['load.requests=-1']));
    expect(p).toMatchObject({ override: 'load.requests=-1', path: 'load.requests', line: 0, col: 0 });
  });

  test('something that is not a scenario is a ScenarioError, not a crash', () => {
    for (const value of [undefined, null, 42, 'name: x', []]) {
      const found = problems(() => parseScenarioObject(value, 'x.yaml'));
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((p) => p.line === 0 && p.col === 0)).toBe(true);
    }
  });
});

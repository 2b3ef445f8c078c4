/**
 * Checking a scenario takes time linear in its size (issue 8): 50,000 unknown keys took minutes
 * (the YAML library's duplicate-key check and the search for each problem's position were both
 * quadratic). The report lists the first problems and says how many more there are.
 */
import { describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { MAX_REPORTED_PROBLEMS, ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { parseYamlDocument } from '../../src/scenario/yaml-document.js';

const KEYS = '$schema, name, description, seed, round-exponential, history, load, warmup, cooldown, apdex, services, pools, topology, faults, clocks, compare, sweep, checks, program, processes, network, workload, until, settle';

function errorOf(text: string): ScenarioError {
  try {
    parseScenario(text, 'big.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected the scenario to be invalid');
}

describe('a scenario with 50,000 unknown keys', () => {
  // No assertion on time (it depends on the machine); the timeout is generous: the check takes a
  // few seconds, where it took minutes when it was quadratic.
  test('is rejected, every key reported, the first 100 shown', () => {
    const lines = ['name: big', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'topology:', '  - server: { service-time: 1ms }'];
    for (let i = 0; i < 50_000; i++) lines.push(`unknown${i}: 1`);
    const e = errorOf(lines.join('\n') + '\n');
    expect(e.problems).toHaveLength(50_000);
    expect(e.problems[0]).toEqual({ file: 'big.yaml', line: 5, col: 1, path: 'unknown0', message: `unknown key "unknown0"; expected one of: ${KEYS}` });
    expect(e.problems[49_999]).toMatchObject({ line: 50_004, col: 1, path: 'unknown49999' });
    const report = e.format().split('\n');
    expect(report[0]).toBe('error: big.yaml is not a valid scenario (50000 problems)');
    expect(report.slice(1, 4)).toEqual(['', '  big.yaml:5:1  unknown0', `    unknown key "unknown0"; expected one of: ${KEYS}`]);
    expect(report.filter((l) => l.startsWith('  big.yaml:'))).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(report.at(-1)).toBe('  and 49900 more problems, not shown: fix these first');
  }, 120_000);

  test('so are 20,000 unknown keys in one nested map, with a hint for a misspelt one', () => {
    const lines = ['name: big', 'load:', '  poisson: { interval: 1ms }', '  requests: 10', '  requets: 10'];
    for (let i = 0; i < 20_000; i++) lines.push(`  k${i}: 1`);
    lines.push('topology:', '  - server: { service-time: 1ms }');
    const e = errorOf(lines.join('\n') + '\n');
    expect(e.problems).toHaveLength(20_001);
    expect(e.problems[0]).toMatchObject({ line: 5, col: 3, path: 'load.requets', hint: 'did you mean "requests"?' });
    expect(e.problems[20_000]).toMatchObject({ line: 20_005, col: 3, path: 'load.k19999' });
  }, 120_000);
});

describe('5,000 references to services that do not exist, among 5,000 that do', () => {
  // "did you mean" compares a name with every service: for the first 100 unknown names only, and
  // the list of services a message offers is cut short, so the check stays linear
  test('each is reported; the first ones with a hint', () => {
    const lines = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'services:'];
    for (let i = 0; i < 5000; i++) lines.push(`  service${i}:`, `    - service: servic${i}`);
    lines.push('topology:', '  - server: { service-time: 1ms }');
    const e = errorOf(lines.join('\n') + '\n');
    expect(e.problems).toHaveLength(5000);
    const names = Array.from({ length: 30 }, (_, i) => `service${i}`).join(', ');
    expect(e.problems[0]).toEqual({
      file: 'big.yaml',
      line: 5,
      col: 16,
      path: 'services.service0[0].service',
      message: `unknown service "servic0"; expected one of: ${names} and 4970 more`,
      hint: 'did you mean "service0"?',
    });
    expect(e.problems.filter((p) => p.hint !== undefined)).toHaveLength(MAX_REPORTED_PROBLEMS);
  }, 120_000);
});

describe('a report of up to 100 problems shows them all', () => {
  test('100 problems: no count line', () => {
    const lines = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'topology:', '  - server: { service-time: 1ms }'];
    for (let i = 0; i < MAX_REPORTED_PROBLEMS; i++) lines.push(`k${i}: 1`);
    const report = errorOf(lines.join('\n') + '\n').format();
    expect(report).not.toMatch(/more problems?, not shown/);
    expect(report.split('\n').filter((l) => l.startsWith('  big.yaml:'))).toHaveLength(MAX_REPORTED_PROBLEMS);
  });

  test('101 problems: one more, not shown', () => {
    const lines = ['name: x', 'load: { poisson: { interval: 1ms }, requests: 10 }', 'topology:', '  - server: { service-time: 1ms }'];
    for (let i = 0; i <= MAX_REPORTED_PROBLEMS; i++) lines.push(`k${i}: 1`);
    expect(errorOf(lines.join('\n') + '\n').format().split('\n').at(-1)).toBe('  and 1 more problem, not shown: fix these first');
  });
});

describe('duplicate keys are found as the YAML library finds them, in linear time', () => {
  test.each([
    'a: 1\na: 2\n',
    'a: 1\nb: 2\na: 3\nb: 4\n',
    '{ a: 1, a: 2 }',
    '[{ a: 1, a: 2 }, { b: 1 }]',
    '&x a: 1\na: 2\n',
    'a: 1\n!!str a: 2\n',
    '"a": 1\na: 2\n',
    "1: a\n'1': b\n",
    '1: a\n1.0: b\n',
    '.nan: 1\n.nan: 2\n',
    '? \n: 1\n? \n: 2\n',
    'a: &k 1\n*k : 2\n*k : 3\n',
    'x:\n  a: 1\n  a: 2\n  a: 3\n',
    'a: 1\na: [\n',
    '{ a: 1, b: { c: 1, c: 2 }, a: 3 }',
    'null: 1\n~: 2\n',
    '- a: 1\n  a: 2\n- a: 1\n',
    '? [a]\n: 1\n? [a]\n: 2\n',
  ])('%j', (text) => {
    const errors = (doc: { errors: { code: string; pos: [number, number]; message: string }[] }) => doc.errors.map((e) => [e.code, e.pos, e.message]);
    expect(errors(parseYamlDocument(text))).toEqual(errors(parseDocument(text, { prettyErrors: false })));
  });

  test('50,000 keys, two of them the same', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) lines.push(`k${i}: 1`);
    lines.push('k17: 2');
    const doc = parseYamlDocument(lines.join('\n') + '\n');
    expect(doc.errors.map((e) => [e.code, e.pos[0]])).toEqual([['DUPLICATE_KEY', lines.slice(0, 50_000).join('\n').length + 1]]);
  }, 120_000);
});

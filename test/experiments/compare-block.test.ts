/**
 * A compare block names its variants and says what the verdict weighs (issue 8: "Variants take a
 * name; the raw --set text is shown only as a detail", "a verdict: key"). Mistakes are placed at
 * their value in the file.
 */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { compare } from '../../src/experiments/compare.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEAD = `name: small
seed: 7
load: { poisson: { interval: 2ms }, requests: 300 }
services:
  dyno:
    - server: { concurrency: 1, service-time: exp(5ms) }
topology:
  - balancer: { strategy: random, backends: { service: dyno, count: 4 } }
`;

function problemsOf(text: string) {
  try {
    parseScenario(text, 'small.yaml');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ line, col, path, message, hint }) => ({ line, col, path, message, ...(hint !== undefined && { hint }) }));
  }
  throw new Error('expected the scenario to be invalid');
}

describe('compare block: named values and verdict', () => {
  const block = `compare:
  vary:
    topology[0].balancer.strategy: [{ name: blind, value: random }, least-conn]
  verdict: { metric: [p99, success] }
  replications: 2
`;

  test('the spec carries the names and the metrics', () => {
    const { spec } = parseScenario(HEAD + block, 'small.yaml');
    expect(spec.compare).toEqual({
      vary: [{ path: 'topology[0].balancer.strategy', values: ['random', 'least-conn'], names: ['blind', undefined] }],
      replications: 2,
      verdict: { metrics: ['p99', 'success'] },
    });
    expect(parseScenario(HEAD + block.replace('[p99, success]', 'mean'), 'small.yaml').spec.compare?.verdict).toEqual({ metrics: ['mean'] });
  });

  test('variants go by their names; the --set text stays as the detail; the verdict weighs what the file says', async () => {
    const { spec } = parseScenario(HEAD + block, 'small.yaml');
    const result = await compare({ file: 'small.yaml', text: HEAD + block, seed: 1, replications: 2, vary: spec.compare!.vary, metrics: spec.compare!.verdict!.metrics });
    expect(result.variants.map((v) => [v.name, v.set])).toEqual([
      ['blind', ['topology[0].balancer.strategy=random']],
      ['least-conn', ['topology[0].balancer.strategy=least-conn']],
    ]);
    expect(result.metrics).toEqual(['p99', 'success']);
    expect(result.verdict.some((l) => l.startsWith('least-conn') && l.includes('blind') && l.includes('p99'))).toBe(true);
  }, 60_000);

  test('mistakes are placed at their value, with what was expected', () => {
    const bad = `compare:
  vary:
    topology[0].balancer.strategy: [{ name: a, value: random }, { name: a, value: least-conn }, { nmae: b, value: jsq }]
  verdict: { metric: [p99, sucess] }
`;
    const problems = problemsOf(HEAD + bad);
    expect(problems).toEqual([
      { line: 11, col: 65, path: 'compare.vary["topology[0].balancer.strategy"][1]', message: 'expected each value of an axis to have its own name; found "a" twice' },
      { line: 11, col: 97, path: 'compare.vary["topology[0].balancer.strategy"][2].name', message: 'missing required key "name"; expected a name such as no-hedge' },
      {
        line: 11,
        col: 99,
        path: 'compare.vary["topology[0].balancer.strategy"][2].nmae',
        message: 'unknown key "nmae"; expected one of: name, value',
        hint: 'did you mean "name"?',
      },
      {
        line: 12,
        col: 28,
        path: 'compare.verdict.metric[1]',
        message: 'unknown value "sucess"; expected one of: p50, p90, p99, p999, mean, success, throughput',
        hint: 'did you mean "success"?',
      },
    ]);
    expect(problemsOf(HEAD + 'compare: { vary: { seed: [1, 2] }, verdict: { metrics: p99 } }\n')).toContainEqual({
      line: 9,
      col: 47,
      path: 'compare.verdict.metrics',
      message: 'unknown key "metrics"; expected one of: metric',
      hint: 'did you mean "metric"?',
    });
    expect(problemsOf(HEAD + 'compare: { vary: { seed: [1, 2] }, verdict: { metric: p99.9 } }\n')).toEqual([
      expect.objectContaining({ line: 9, col: 55, path: 'compare.verdict.metric', hint: 'did you mean "p999"?' }),
    ]);
    // a verdict belongs to compare: a sweep block has none
    expect(problemsOf(HEAD + 'sweep: { vary: { seed: [1, 2] }, verdict: { metric: p99 } }\n')).toEqual([
      expect.objectContaining({ path: 'sweep.verdict', message: expect.stringMatching(/^unknown key "verdict"/) }),
    ]);
  });

  test.runIf(process.env.LIGHTCONE_NO_CLI !== '1')('the CLI takes the verdict from the block unless --metric says otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-test-'));
    const file = join(dir, 'small.yaml');
    writeFileSync(file, HEAD + block);
    const run = (...args: string[]) => spawnSync('node', ['bin/lightcone', 'compare', file, '--jobs', '1', '--json', '--out', join(dir, 'out'), ...args], { encoding: 'utf8' });
    const fromFile = JSON.parse(run().stdout);
    expect(fromFile.metrics).toEqual(['p99', 'success']);
    expect(fromFile.variants.map((v: { name: string }) => v.name)).toEqual(['blind', 'least-conn']);
    expect(JSON.parse(run('--metric', 'mean').stdout).metrics).toEqual(['mean']);
    expect(readFileSync(join(dir, 'out', 'variants.csv'), 'utf8')).toContain('blind');
  }, 60_000);
});

/** `checks:`: the grammar (every operator and unit), figures by kind and by node, and the errors a bad check gets. */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/run/simulate.js';
import { parseCheck, holds, CheckSyntaxError } from '../../src/check/figures.js';
import { withBuildPositions } from '../../src/scenario/build-problems.js';
import { renderSummary } from '../../src/report/table.js';

const LEASE = `name: lease-checks
seed: 1
load: { poisson: { rate: 100/s }, requests: 2000 }
services:
  leader:
    - lease: { name: primary, duration: 10s, margin: 0ms }
    - server: { concurrency: 1, service-time: exp(2ms) }
pools:
  leaders: { service: leader, count: 2 }
topology:
  - balancer: { strategy: random, backends: leaders }
clocks:
  - { target: "leaders[0]/**", drift: -5000ppm }
`;

function runWith(checks: string[], text = LEASE) {
  const scenario = parseScenario(`${text}checks:\n${checks.map((c) => `  - '${c}'`).join('\n')}\n`, 'checks.yaml');
  return withBuildPositions(scenario, () => simulate(scenario)).summary;
}

function problems(checks: string[], text = LEASE): string[] {
  try {
    const scenario = parseScenario(`${text}checks:\n${checks.map((c) => `  - ${c}`).join('\n')}\n`, 'checks.yaml');
    withBuildPositions(scenario, () => simulate(scenario));
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path} ${p.message}${p.hint ? ` | ${p.hint}` : ''}`);
    throw e;
  }
  return [];
}

describe('the grammar', () => {
  test.each([
    ['x == 3', 3, true], ['x == 3', 4, false],
    ['x != 3', 4, true], ['x != 3', 3, false],
    ['x < 3', 2, true], ['x < 3', 3, false],
    ['x <= 3', 3, true], ['x <= 3', 4, false],
    ['x > 3', 4, true], ['x > 3', 3, false],
    ['x >= 3', 3, true], ['x >= 3', 2, false],
  ])('%s with %d: %s', (text, actual, expected) => {
    const c = parseCheck(text.replace('x', 'requests.timeout'));
    expect(holds(c, actual)).toBe(expected);
  });

  test('units: % is a hundredth, s a thousand ms, ms as is; a fraction may be bare', () => {
    expect(parseCheck('success >= 99%')).toMatchObject({ figure: 'success', op: '>=', value: 99, unit: '%' });
    expect(holds(parseCheck('success >= 99%'), 0.99)).toBe(true);
    expect(holds(parseCheck('success >= 99%'), 0.989)).toBe(false);
    expect(holds(parseCheck('success >= 0.99'), 0.99)).toBe(true);
    expect(holds(parseCheck('p99 < 1.5s'), 1499)).toBe(true);
    expect(holds(parseCheck('p99 < 1.5s'), 1500)).toBe(false);
    expect(holds(parseCheck('latency.p99<500ms'), 499.9)).toBe(true);
  });

  test('no data passes no check', () => {
    expect(holds(parseCheck('p99 < 500ms'), NaN)).toBe(false);
    expect(holds(parseCheck('p99 != 500ms'), NaN)).toBe(false);
  });

  test('figures: short names, summary paths, kinds, nodes', () => {
    expect(parseCheck('p99 < 1ms')).toMatchObject({ target: { of: 'summary' }, figure: 'latency.p99' });
    expect(parseCheck('requests.measured.ok > 1')).toMatchObject({ target: { of: 'summary' }, figure: 'requests.measured.ok' });
    expect(parseCheck('broker.duplicates == 0')).toMatchObject({ target: { of: 'kind', kind: 'broker' }, figure: 'duplicates' });
    expect(parseCheck('broker.endToEnd.p99 < 3s')).toMatchObject({ target: { of: 'kind', kind: 'broker' }, figure: 'endToEnd.p99' });
    expect(parseCheck('nodes["leaders[0]/lease"].conflicts == 0')).toMatchObject({ target: { of: 'nodes', pattern: 'leaders[0]/lease' }, figure: 'conflicts' });
  });

  test('bad syntax', () => {
    expect(() => parseCheck('p99')).toThrow(CheckSyntaxError);
    expect(() => parseCheck('p99 < ')).toThrow(/expected a number after </);
    expect(() => parseCheck('p99 < fast')).toThrow(/expected a number after </);
    expect(() => parseCheck('p99 =< 3ms')).toThrow(/one operator/);
  });
});

describe('a run with checks', () => {
  test('each check is evaluated over the summary; failures are RunFailures of kind check', () => {
    const s = runWith(['lease.conflicts == 0', 'success >= 40%', 'p99 < 500ms', 'nodes["leaders[0]/lease"].grants > 0', 'nodes["leaders[*]/lease"].conflicts <= 1', 'requests.timeout <= 10']);
    expect(s.checks?.map((c) => [c.check, c.passed, c.reached])).toEqual([
      ['lease.conflicts == 0', false, '1'],
      ['success >= 40%', true, '50.8%'],
      ['p99 < 500ms', true, '7.90267ms'],
      ['nodes["leaders[0]/lease"].grants > 0', true, '1'],
      ['nodes["leaders[*]/lease"].conflicts <= 1', true, '1'],
      ['requests.timeout <= 10', true, '0'],
    ]);
    expect(s.failures).toEqual([{ kind: 'check', property: 'lease.conflicts == 0', message: 'lease.conflicts is 1; expected == 0' }]);
    const report = renderSummary(s);
    expect(report).toContain('checks     5 passed, 1 failed');
    expect(report).toContain('  FAIL  lease.conflicts == 0');
    expect(report).toContain('  PASS  success >= 40%');
  });

  test('a scenario whose checks all pass has no failures', () => {
    const s = runWith(['success >= 40%']);
    expect(s.failures).toBeUndefined();
    expect(s.checks).toHaveLength(1);
  });
});

describe('bad checks are problems at their place in the file', () => {
  test('unknown figure, with did you mean', () => {
    expect(problems(['sucess >= 99%', 'lease.conflict == 0'])).toEqual([
      expect.stringMatching(/^15:5 checks\[0\] unknown figure "sucess"; expected a figure, one of: .* \| did you mean "success"\?$/),
      expect.stringMatching(/^16:11 checks\[1\] unknown figure "lease.conflict"; .* \| did you mean "lease.conflicts"\?$/),
    ]);
  });

  test('bad syntax and wrong units', () => {
    expect(problems(['p99 < 500', 'requests.timeout <= 10ms', 'success == 3ms', '5', 'p99 about 3ms'])).toEqual([
      '15:11 checks[0] p99 is a time: write its unit, such as 500ms or 500s | did you mean "p99 < 500ms"?',
      '16:25 checks[1] requests.timeout is a count, not a time: it takes no ms',
      '17:16 checks[2] success is a fraction, not a time: it takes no ms',
      '18:5 checks[3] expected a check such as "p99 < 500ms" (a figure, an operator, a number); found the number 5',
      expect.stringMatching(/^19:5 checks\[4\] expected a check such as/),
    ]);
  });

  test('a kind the scenario does not have; a node pattern that matches nothing', () => {
    expect(problems(['broker.duplicates == 0'])).toEqual([
      '15:5 checks[0] broker.duplicates == 0: broker.duplicates is a figure of broker steps, and this scenario has none | its step kinds: balancer, lease, server',
    ]);
    expect(problems(['nodes["leaders[9]/lease"].conflicts == 0', 'nodes["leaders[0]/server"].conflicts == 0'])).toEqual([
      expect.stringMatching(/^15:5 checks\[0\] nodes\["leaders\[9\]\/lease"\] matches no node of the system; its nodes: /),
      '16:5 checks[1] nodes["leaders[0]/server"] matches server nodes, which have no figure conflicts',
    ]);
  });
});

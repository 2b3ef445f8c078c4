/**
 * scenarios/faults/clock-skew.yaml: two leaders share a 10 s lease; leaders[0]'s clock runs 0.5%
 * slow and NTP steps both clocks back 2 s at 45 s. Also: the clocks in the series and the summary.
 */
import { describe, test, expect } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import type { NodeStats } from '../../src/engine/node.js';
import { renderSummary } from '../../src/report/table.js';
import { runCharts } from '../../src/report/charts/index.js';
import { clockGroups } from '../../src/report/charts/clock-error.js';
import { compileSpec, renderSvg } from '../../src/report/render.js';

const FILE = 'scenarios/faults/clock-skew.yaml';

const leases = (nodes: NodeStats[]) => nodes.filter((n) => n.kind === 'lease');
const sum = (nodes: NodeStats[], key: string) => leases(nodes).reduce((a, n) => a + Number(n.extra?.[key]), 0);

describe('clock-skew', () => {
  const run = (margin: string) => simulate(loadScenario(FILE, [`services.leader[0].lease.margin=${margin}`]), { series: true });
  const plain = run('0ms');

  test('the backward step makes two leaders at once for about 2 s: about 99 conflicting calls', () => {
    // Whoever holds the lease at 45 s (granted at g in (35 s, 45 s]) believes it until true g + 12 s;
    // the lock service lets it go at g + 10 s and the other leader takes it at its next call (Exp,
    // mean 20 ms). The holder then gets Poisson(50/s x ~1.98 s) calls, ~99, sd ~10: 4 sd is 40. The
    // drift adds a few (each of leaders[0]'s leases overstays by 50 ms).
    const conflicts = sum(plain.summary.nodes, 'conflicts');
    expect(conflicts).toBeGreaterThan(99 - 40);
    expect(conflicts).toBeLessThan(99 + 40 + 25);
    // every request reached one leader and was acted on or rejected
    const r = plain.summary.requests;
    expect(sum(plain.summary.nodes, 'acted')).toBe(r.ok);
    expect(sum(plain.summary.nodes, 'rejected')).toBe(r.rejected);
    expect(r.ok + r.rejected).toBe(12000);
  });

  test('a 100 ms margin covers the drift but not the step; 3 s covers both: no conflict, nothing stale', () => {
    const m100 = run('100ms').summary.nodes;
    expect(sum(m100, 'conflicts')).toBeGreaterThan(99 - 40);
    expect(sum(m100, 'conflicts')).toBeLessThan(99 + 40);
    const m3s = run('3s').summary.nodes;
    expect(sum(m3s, 'conflicts')).toBe(0);
    expect(sum(m3s, 'expiredAtWork')).toBe(0);
  });

  test('the summary lists each skewed node clock and its final error; perfect clocks are not listed', () => {
    const { summary } = plain;
    const end = summary.run.simulatedMs;
    const byId = new Map(summary.nodes.map((n) => [n.id, n]));
    expect(byId.get('balancer')?.clock).toBeUndefined();
    const c0 = byId.get('leaders[0]/lease')?.clock;
    expect(c0).toMatchObject({ offsetMs: 0, driftPpm: -5000, steps: [{ atMs: 45000, byMs: -2000 }] });
    expect(c0?.errorMs).toBeCloseTo(-0.005 * end - 2000, 6);
    expect(byId.get('leaders[1]/server')?.clock).toEqual({ offsetMs: 0, driftPpm: 0, steps: [{ atMs: 45000, byMs: -2000 }], errorMs: -2000 });
  });

  test("the series holds each skewed node's clock error on the queue grid", () => {
    const clocks = plain.series?.clocks;
    if (!clocks) throw new Error('no clock series');
    expect(clocks.ids).toEqual(['leaders[0]/lease', 'leaders[0]/server', 'leaders[1]/lease', 'leaders[1]/server']);
    expect(clocks.t).toEqual(plain.series?.queues.t);
    expect(clocks.error.length).toBe(clocks.t.length);
    expect(clocks.t.length).toBeGreaterThan(90); // a sample every 1% of the load's expected length
    clocks.t.forEach((t, k) => {
      const step = t >= 45000 ? -2000 : 0;
      const [l0, s0, l1, s1] = clocks.error[k];
      expect(l0).toBeCloseTo(-0.005 * t + step, 6);
      expect(s0).toBe(l0);
      expect(l1).toBe(step);
      expect(s1).toBe(step);
    });
  });

  test('the text report has a line for the clocks and one per lease', () => {
    const text = renderSummary(plain.summary);
    const c = plain.summary.nodes.find((n) => n.id === 'leaders[0]/lease')?.clock?.errorMs as number;
    expect(text).toContain(`clocks     4 node(s) with a skewed clock; final error (local - true) from ${c.toFixed(1)} to -2000.0 ms`);
    const n = (key: string) => sum(plain.summary.nodes, key);
    expect(text).toContain(
      `lease      primary: 2 node(s), ${n('grants')} grants, ${n('acted')} calls acted on, ${n('rejected')} rejected; ` +
        `${n('writes')} writes, ${n('expiredAtWork')} after the grant ended, ${n('conflicts')} conflicts (out of turn), no fencing`,
    );
  });

  test('the run report charts the clock error: one line per distinct clock', async () => {
    const clocks = plain.series?.clocks;
    if (!clocks) throw new Error('no clock series');
    expect(clockGroups(clocks)).toEqual([
      { label: 'leaders[0]/lease (+1)', column: 0 },
      { label: 'leaders[1]/lease (+1)', column: 2 },
    ]);
    const chart = runCharts(plain.summary, plain.series!).find((c) => c.name === 'clock-error');
    if (!chart) throw new Error('no clock-error chart');
    expect((await compileSpec(chart.spec)).warnings).toEqual([]);
    const svg = await renderSvg(chart.spec);
    expect(svg).toContain('leaders[0]/lease (+1)');
    expect(svg).toContain('clock error (ms, local - true)');
  });

  test('without skewed clocks there is no clock series', () => {
    const { series } = simulate(loadScenario(FILE, ['clocks=[]']), { series: true });
    expect(series?.clocks).toBeUndefined();
    expect(runCharts(plain.summary, series!).some((c) => c.name === 'clock-error')).toBe(false);
  });
});

describe('the clocks: section', () => {
  const base = `name: t
seed: 1
load: { constant: { interval: 1ms }, requests: 10 }
topology:
  - timeout: { after: 10ms }
  - server: { service-time: 1ms }
`;
  const problems = (text: string) => {
    try {
      parseScenario(text, 't.yaml');
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}${p.hint ? `\nhint: ${p.hint}` : ''}`);
      throw e;
    }
    return [];
  };

  test('parses offsets, drifts and steps with signs and units; defaults are zero', () => {
    const spec = parseScenario(
      base + 'clocks:\n  - { target: timeout, offset: -50ms, drift: +200ppm, steps: [{ at: 30s, by: -2s }, { at: 1m, by: 1.5s }] }\n  - { target: server }\n',
      't.yaml',
    ).spec;
    expect(spec.clocks).toEqual([
      { target: 'timeout', offsetMs: -50, driftPpm: 200, steps: [{ atMs: 30000, byMs: -2000 }, { atMs: 60000, byMs: 1500 }] },
      { target: 'server', offsetMs: 0, driftPpm: 0, steps: [] },
    ]);
    expect(parseScenario(base, 't.yaml').spec.clocks).toBeUndefined();
  });

  test('says what it expected and what it found', () => {
    expect(problems(base + 'clocks:\n  - { target: timeout, drift: 200 }\n').join('\n')).toMatch(/drift.*expected a drift in parts per million.*found the number 200[\s\S]*200ppm/);
    expect(problems(base + 'clocks:\n  - { target: timeout, drift: 5% }\n').join('\n')).toMatch(/expected a drift in parts per million such as 200ppm or -50ppm; found "5%"/);
    expect(problems(base + 'clocks:\n  - { target: timeout, drift: -1000000ppm }\n').join('\n')).toMatch(/greater than -1000000ppm/);
    expect(problems(base + 'clocks:\n  - { target: timeout, steps: [{ at: -1s, by: 1s }] }\n').join('\n')).toMatch(/clocks\[0\]\.steps\[0\]\.at: expected a duration of 0 or more; found "-1s"/);
    expect(problems(base + 'clocks:\n  - { target: timeout, steps: [{ at: 1s, by: 1 }] }\n').join('\n')).toMatch(
      /clocks\[0\]\.steps\[0\]\.by: expected a duration such as 50ms or -2s; found the number 1\nhint: did you mean "1ms"\?/,
    );
    expect(problems(base + 'clocks:\n  - { target: timeout, ofset: 1ms }\n').join('\n')).toMatch(/unknown key "ofset"[\s\S]*did you mean "offset"/);
    expect(problems(base + 'clocks:\n  - { drift: 1ppm }\n').join('\n')).toMatch(/clocks\[0\]\.target: missing required key "target"/);
  });

  test('a lease margin must be less than its duration', () => {
    const text = base.replace('  - timeout: { after: 10ms }', '  - lease: { name: p, duration: 1s, margin: 1s }');
    expect(problems(text).join('\n')).toMatch(/margin: expected a margin less than the duration \(1000ms\); found 1000ms/);
  });
});

/**
 * Warnings for systems that cannot keep up (issue 8, section 4), and the truth about what a run
 * counted (section 3): offered load and capacity from the scenario, overload and a latency still
 * climbing at the end, one-conn wasting workers, unfinished requests that are not successes.
 */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { renderSummary } from '../../src/report/table.js';
import { TrendRecorder } from '../../src/run/trend.js';

const run = (lines: string[], options: { untilMs?: number } = {}) => simulate(parseScenario(lines.join('\n'), 'w.yaml'), { seed: 1, ...options }).summary;

const mm1 = (rate: string, requests = 20000) => ['name: mm1', `load: { poisson: { rate: ${rate} }, requests: ${requests} }`, 'warmup: 10%', 'topology:', '  - server: { service-time: exp(1ms) }'];

describe('offered load and capacity', () => {
  test('an M/M/1 at 50%: offered 500/s, capacity 1000/s, no warning', () => {
    const s = run(mm1('0.5/ms'));
    expect(s.capacity).toEqual([{ id: 'server', count: 1, offeredPerSec: 500, capacityPerSec: 1000, utilization: 0.5, atLeast: false }]);
    expect(s.warnings).toBeUndefined();
    expect(renderSummary(s)).toMatch(/\nserver +500\.0 +1000\.0 +0\.500 +0\.\d{3}\n/);
  });

  test('at 120% it cannot keep up, and the latency is still climbing at the end', () => {
    const s = run(mm1('1.2/ms'));
    expect(s.capacity?.[0].utilization).toBeCloseTo(1.2, 9);
    expect(s.warnings).toEqual([
      expect.stringMatching(/^server is offered 1200 calls\/s against a capacity of 1000\/s \(120%\): it cannot keep up/),
      expect.stringMatching(/^latency was still climbing at the end of the run: the fitted line rose [\d.]+ ms \(\d+% of the mean\)/),
    ]);
    expect(renderSummary(s)).toMatch(/\nwarning: server is offered 1200 calls\/s/);
  });

  test('slow backends under random routing: offered 225% of their capacity; least-conn sends by capacity and is fine', () => {
    const fleet = (strategy: string) => [
      'name: fleet',
      'load: { poisson: { rate: 1.5/ms }, requests: 20000 }',
      'warmup: 2000',
      'services:',
      '  backend:',
      '    - server: { concurrency: 1, service-time: exp(10ms) }',
      'topology:',
      `  - balancer: { strategy: ${strategy}, backends: { service: backend, count: 20, slow: { count: 4, factor: 3 } } }`,
    ];
    const random = run(fleet('random'));
    expect(random.capacity?.[0]).toMatchObject({ id: 'balancer/backend[*]/server', count: 20, offeredPerSec: 75, utilization: 2.25 });
    expect(random.warnings?.[0]).toMatch(/^balancer\/backend\[\*\]\/server is offered 75\.0 calls\/s each \(the busiest of 20\) against a capacity of 33\.3\/s \(225%\)/);
    const least = run(fleet('least-conn'));
    expect(least.capacity?.[0].utilization).toBeLessThan(1);
    expect(least.warnings).toBeUndefined();
  });

  test('one-conn over servers with 4 workers uses a quarter of them, and says so', () => {
    const s = run([
      'name: one-conn',
      'load: { poisson: { rate: 0.2/ms }, requests: 2000 }',
      'services:',
      '  backend:',
      '    - server: { concurrency: 4, service-time: exp(10ms) }',
      'topology:',
      '  - balancer: { strategy: one-conn, backends: { service: backend, count: 4 } }',
    ]);
    expect(s.warnings).toContain('topology[0].balancer: one-conn sends each backend one call at a time, but its servers have 4 workers: it uses 1 of 4; use least-conn (or jsq), or give the servers concurrency: 1');
  });
});

describe('what a run counted', () => {
  test('requests that never finished are not successes, and are said', () => {
    const s = run(mm1('1.5/ms', 10000), { untilMs: 3000 });
    const m = s.requests.measured as typeof s.requests.measured & { inFlight?: number };
    expect(s.requests.total).toBe(s.requests.ok + s.requests.inFlight);
    expect(m.inFlight).toBeGreaterThan(0);
    expect(m.total).toBe(m.ok + (m.inFlight ?? 0));
    expect(s.success).toBeCloseTo(m.ok / m.total, 12);
    expect(s.success).toBeLessThan(1);
    const text = renderSummary(s);
    expect(text).toMatch(new RegExp(`^requests   ${s.requests.total} issued: ${s.requests.ok} ok, 0 error, ${s.requests.inFlight} never finished \\(still in flight at the end\\)$`, 'm'));
    expect(text).toContain(`, ${m.inFlight} never finished   success`);
    expect(text).toMatch(/mean in system [\d.]+ requests/);
  });
});

describe('the latency trend', () => {
  test('flat noise is steady; a ramp is climbing', () => {
    const flat = new TrendRecorder();
    const ramp = new TrendRecorder();
    let x = 12345;
    const noise = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * 10;
    for (let t = 0; t < 10000; t++) {
      flat.record(t, 20 + noise());
      ramp.record(t, t / 100 + noise());
    }
    expect(flat.trend()?.climbing).toBe(false);
    expect(ramp.trend()?.climbing).toBe(true);
    expect(new TrendRecorder().trend()).toBeNull();
  });
});

/**
 * Trace replay: exact arrival times and service times from a CSV file, read relative to the scenario.
 */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import type { ClientRequest as Request } from '../../src/load/request.js';

const FIXTURES = 'test/load/fixtures';

function runText(load: string, topology = '  - server: { service-time: exp(1ms) }') {
  const text = `name: replay\nseed: 1\nload: ${load}\ntopology:\n${topology}\n`;
  const scenario = parseScenario(text, `${FIXTURES}/replay.yaml`);
  const requests: Request[] = [];
  const { summary } = simulate(scenario, { onRequest: (r) => requests.push(r) });
  requests.sort((a, b) => a.id - b.id);
  return { scenario, summary, requests };
}

describe('replay', () => {
  test('arrival and service times exactly as in the file (trace.csv: 0/5, 1/5, 1/2.5, 10/1, 30/4 ms)', () => {
    const { scenario, summary, requests } = runText('{ replay: { file: trace.csv, column: time_ms, service-column: service_ms } }');
    expect(scenario.spec.load).toStrictEqual({
      arrivals: { kind: 'replay', file: 'trace.csv', timesMs: [0, 1, 1, 10, 30], serviceMs: [5, 5, 2.5, 1, 4] },
      requests: 5,
    });
    // one worker: 0-5, 5-10 (arrived 1), 10-12.5 (arrived 1), 12.5-13.5 (arrived 10), 30-34
    expect(requests.map((r) => [r.arrival, r.end])).toEqual([
      [0, 5],
      [1, 10],
      [1, 12.5],
      [10, 13.5],
      [30, 34],
    ]);
    // the two requests at 1 ms arrive in one event: 4 arrival events + 5 service completions
    expect(summary.run.events).toBe(9);
  });

  test('every server a request reaches uses its service time', () => {
    const topology = '  - server: { concurrency: 10, service-time: exp(1ms) }\n  - server: { concurrency: 10, service-time: exp(1ms) }';
    const { requests } = runText('{ replay: { file: trace.csv, column: time_ms, service-column: service_ms } }', topology);
    expect(requests.map((r) => r.end - r.arrival)).toEqual([10, 10, 5, 2, 8]);
  });

  test('without a service column, servers draw their own service times', () => {
    const { requests } = runText('{ replay: { file: trace.csv, column: time_ms } }');
    expect(requests.map((r) => r.arrival)).toEqual([0, 1, 1, 10, 30]);
    expect(requests.every((r) => Number.isNaN(r.serviceMs))).toBe(true);
    expect(requests.map((r) => r.end)).not.toEqual([5, 10, 12.5, 13.5, 34]);
  });

  test('requests: N replays the first N; duration stops before it; unit converts', () => {
    expect(runText('{ replay: { file: trace.csv, column: time_ms }, requests: 3 }').requests.map((r) => r.arrival)).toEqual([0, 1, 1]);
    expect(runText('{ replay: { file: trace.csv, column: time_ms }, duration: 10ms }').requests.map((r) => r.arrival)).toEqual([0, 1, 1]);
    expect(runText('{ replay: { file: seconds.csv, column: time_s, unit: s } }').requests.map((r) => r.arrival)).toEqual([500, 1000, 1500]);
  });
});

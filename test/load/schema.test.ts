/**
 * The load shapes in scenario files: what each parses to, and every problem reported with its
 * position (file:line:col in the scenario, and file:line in a trace).
 */
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type Problem, ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

const FIXTURES = 'test/load/fixtures';
const FILE = `${FIXTURES}/load.yaml`;
const text = (load: string) => `name: l\nseed: 1\nload: ${load}\ntopology:\n  - server: { service-time: 1ms }\n`;
const loadOf = (load: string) => parseScenario(text(load), FILE).spec.load;

function problemsOf(load: string): Omit<Problem, 'file'>[] {
  try {
    parseScenario(text(load), FILE);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map(({ file: _, ...rest }) => rest);
  }
  throw new Error('expected the scenario to be invalid');
}

describe('load shapes parse to their specs', () => {
  test('on-off, mmpp, ramp, daily, closed', () => {
    expect(loadOf('{ on-off: { on: 1s, off: 4s, interval: 1ms }, duration: 60s }')).toStrictEqual({
      arrivals: { kind: 'on-off', on: { kind: 'constant', value: 1000 }, off: { kind: 'constant', value: 4000 }, intervalMs: 1, arrivals: 'poisson' },
      durationMs: 60_000,
    });
    expect(loadOf('{ on-off: { on: exp(1s), off: 4s, rate: 500/s, arrivals: constant }, requests: 10 }').arrivals).toStrictEqual({
      kind: 'on-off',
      on: { kind: 'exp', mean: 1000 },
      off: { kind: 'constant', value: 4000 },
      intervalMs: 2,
      arrivals: 'constant',
    });
    expect(loadOf('{ mmpp: { states: [ { rate: 100/s, mean-stay: 10s }, { rate: 2000/s, mean-stay: 1s } ] }, duration: 60s }').arrivals).toStrictEqual({
      kind: 'mmpp',
      states: [
        { ratePerMs: 0.1, meanStayMs: 10_000 },
        { ratePerMs: 2, meanStayMs: 1000 },
      ],
    });
    expect(loadOf('{ mmpp: { states: [ { rate: 0/s, mean-stay: 1s }, { rate: 1/ms, mean-stay: 1s } ], transitions: [[0, 1], [1, 0]] }, requests: 5 }').arrivals).toMatchObject({
      states: [{ ratePerMs: 0 }, { ratePerMs: 1 }],
      transitions: [
        [0, 1],
        [1, 0],
      ],
    });
    expect(loadOf('{ ramp: { from: 100/s, to: 1000/s, over: 60s }, duration: 60s }').arrivals).toStrictEqual({
      kind: 'ramp',
      fromPerMs: 0.1,
      toPerMs: 1,
      overMs: 60_000,
    });
    expect(loadOf('{ ramp: { from: 0/s, to: 10/ms, over: 1s }, requests: 9 }').arrivals).toMatchObject({ fromPerMs: 0, toPerMs: 10 });
    expect(loadOf('{ daily: { mean: 500/s, amplitude: 0.5, period: 24h, peak: 14h }, duration: 48h }').arrivals).toStrictEqual({
      kind: 'daily',
      meanPerMs: 0.5,
      amplitude: 0.5,
      periodMs: 86_400_000,
      peakMs: 50_400_000,
    });
    expect(loadOf('{ daily: { mean: 500/s, amplitude: 1 }, duration: 1h }').arrivals).toMatchObject({ periodMs: 86_400_000, peakMs: 0 });
    expect(loadOf('{ closed: { users: 50, think: exp(1s) }, duration: 60s }')).toStrictEqual({
      arrivals: { kind: 'closed', users: 50, think: { kind: 'exp', mean: 1000 } },
      durationMs: 60_000,
    });
  });

  test('replay without requests or duration replays the whole trace', () => {
    expect(loadOf('{ replay: { file: trace.csv, column: time_ms } }')).toStrictEqual({
      arrivals: { kind: 'replay', file: 'trace.csv', timesMs: [0, 1, 1, 10, 30] },
      requests: 5,
    });
  });
});

describe('problems, each at its place', () => {
  test('a missing trace file, an unknown column', () => {
    expect(problemsOf('{ replay: { file: nope.csv, column: time_ms } }')).toStrictEqual([
      { line: 3, col: 25, path: 'load.replay.file', message: `expected a CSV file at ${resolve(FIXTURES, 'nope.csv')}; found no such file` },
    ]);
    expect(problemsOf('{ replay: { file: trace.csv, column: time, service-column: svc_ms } }')).toStrictEqual([
      {
        line: 3,
        col: 44,
        path: 'load.replay.column',
        message: 'unknown column "time" in trace.csv; expected one of: id, time_ms, service_ms, note',
        hint: 'did you mean "time_ms"?',
      },
    ]);
    expect(problemsOf('{ replay: { file: trace.csv, column: time_ms, service-column: service-ms } }')).toStrictEqual([
      {
        line: 3,
        col: 69,
        path: 'load.replay.service-column',
        message: 'unknown column "service-ms" in trace.csv; expected one of: id, time_ms, service_ms, note',
        hint: 'did you mean "service_ms"?',
      },
    ]);
  });

  test('unsorted times, non-numbers and empty cells name file:line', () => {
    expect(problemsOf('{ replay: { file: unsorted.csv, column: time_ms } }')).toStrictEqual([
      {
        line: 3,
        col: 47,
        path: 'load.replay.column',
        message: 'unsorted.csv:4: expected arrival times in increasing order; found 3 after 5 (line 3)',
        hint: 'sort the file by time_ms',
      },
    ]);
    expect(problemsOf('{ replay: { file: trace.csv, column: note } }')[0]).toMatchObject({
      path: 'load.replay.column',
      message: 'trace.csv:2: expected an arrival time in ms, 0 or more, in column "note"; found "a"',
    });
    expect(problemsOf('{ replay: { file: bad-service.csv, column: time_ms, service-column: service_ms } }')).toStrictEqual([
      {
        line: 3,
        col: 75,
        path: 'load.replay.service-column',
        message: 'bad-service.csv:4: expected a service time in ms, 0 or more, in column "service_ms"; found "fast"',
      },
    ]);
  });

  test('more requests than the trace holds', () => {
    expect(problemsOf('{ replay: { file: trace.csv, column: time_ms }, requests: 6 }')).toStrictEqual([
      { line: 3, col: 65, path: 'load.requests', message: 'expected at most 5 requests, the arrivals in trace.csv; found 6' },
    ]);
  });

  test('on-off: interval or rate, and some on time', () => {
    expect(problemsOf('{ on-off: { on: 0ms, off: 4s }, duration: 20s }')).toStrictEqual([
      {
        line: 3,
        col: 17,
        path: 'load.on-off',
        message: 'expected interval (the time between requests) or rate; found neither',
        hint: 'for example on-off: { on: 1s, off: 4s, interval: 1ms }',
      },
      {
        line: 3,
        col: 23,
        path: 'load.on-off.on',
        message: 'expected on periods longer than 0ms on average; found 0ms',
        hint: 'with no on time no request would ever arrive',
      },
    ]);
    expect(problemsOf('{ on-off: { on: 1s, off: 4, interval: 1ms }, duration: 20s }')).toStrictEqual([
      {
        line: 3,
        col: 32,
        path: 'load.on-off.off',
        message: 'expected a distribution such as 20ms, exp(100ms) or 20ms + exp(100ms); found the number 4',
        hint: 'did you mean "4ms"?',
      },
    ]);
  });

  test('mmpp: at least two states, some rate, a stochastic matrix with a zero diagonal', () => {
    expect(problemsOf('{ mmpp: { states: [ { rate: 10/s, mean-stay: 1s } ] }, duration: 1s }')).toStrictEqual([
      {
        line: 3,
        col: 25,
        path: 'load.mmpp.states',
        message: 'expected at least 2 states; found 1',
        hint: 'with one state the load is a Poisson process: write poisson: { rate: R }',
      },
    ]);
    const states = 'states: [ { rate: 0/s, mean-stay: 1s }, { rate: 0/s, mean-stay: 2s }, { rate: 0/s, mean-stay: 3s } ]';
    expect(problemsOf(`{ mmpp: { ${states}, transitions: [[0.5, 0.5, 0], [1, 0], [0.5, 0.4, 0]] }, duration: 1s }`)).toStrictEqual([
      {
        line: 3,
        col: 25,
        path: 'load.mmpp.states',
        message: 'expected a state with a rate greater than 0/s; found only 0/s',
        hint: 'with no rate no request would ever arrive',
      },
      {
        line: 3,
        col: 134,
        path: 'load.mmpp.transitions[0][0]',
        message: 'expected 0 on the diagonal; found 0.5',
        hint: 'a stay ends with a move to another state',
      },
      { line: 3, col: 148, path: 'load.mmpp.transitions[1]', message: 'expected one probability per state (3); found 2' },
      { line: 3, col: 156, path: 'load.mmpp.transitions[2]', message: 'expected probabilities that sum to 1; found a sum of 0.9' },
    ]);
    expect(problemsOf('{ mmpp: { states: [ { rate: 1/s, mean-stay: 0s }, { rate: 1/s } ] }, duration: 1s }')).toStrictEqual([
      { line: 3, col: 51, path: 'load.mmpp.states[0].mean-stay', message: 'expected a duration greater than 0ms; found "0s"' },
      {
        line: 3,
        col: 57,
        path: 'load.mmpp.states[1].mean-stay',
        message: 'missing required key "mean-stay"; expected a duration with a unit such as 1ms',
      },
    ]);
  });

  test('ramp and daily', () => {
    expect(problemsOf('{ ramp: { from: 0/s, to: 0/min, over: 1s }, duration: 1s }')).toStrictEqual([
      {
        line: 3,
        col: 32,
        path: 'load.ramp.to',
        message: 'expected from or to greater than 0/s; found both 0/s',
        hint: 'with no rate no request would ever arrive',
      },
    ]);
    expect(problemsOf('{ ramp: { from: -1/s, to: 1/s, over: 1 }, duration: 1s }')).toStrictEqual([
      { line: 3, col: 23, path: 'load.ramp.from', message: 'expected a rate greater than 0/s; found "-1/s"' },
      {
        line: 3,
        col: 44,
        path: 'load.ramp.over',
        message: 'expected a duration with a unit such as 1ms; found the number 1',
        hint: 'did you mean "1ms"?',
      },
    ]);
    expect(problemsOf('{ daily: { mean: 500/s, amplitude: 0.5, period: 1h, peak: 2h }, duration: 1s }')).toStrictEqual([
      {
        line: 3,
        col: 65,
        path: 'load.daily.peak',
        message: 'expected a peak within the period (less than 1h); found 2h',
        hint: 'the run starts at the beginning of a period',
      },
    ]);
    expect(problemsOf('{ daily: { mean: 500/s, amplitude: 1.5 }, duration: 1s }')).toStrictEqual([
      { line: 3, col: 42, path: 'load.daily.amplitude', message: 'expected 1 or less; found the number 1.5' },
    ]);
  });

  test('closed: users and a think time, and when to stop', () => {
    expect(problemsOf('{ closed: { users: 0, think: 1 }, duration: 60s }')).toStrictEqual([
      { line: 3, col: 26, path: 'load.closed.users', message: 'expected 1 or more; found the number 0' },
      {
        line: 3,
        col: 36,
        path: 'load.closed.think',
        message: 'expected a distribution such as 20ms, exp(100ms) or 20ms + exp(100ms); found the number 1',
        hint: 'did you mean "1ms"?',
      },
    ]);
    expect(problemsOf('{ closed: { users: 2, think: 1s } }')).toStrictEqual([
      {
        line: 3,
        col: 7,
        path: 'load',
        message: 'expected requests or duration, which says when the load stops; found neither',
        hint: 'for example requests: 100000',
      },
    ]);
    expect(problemsOf('{ closed: { users: 2, think: 1s }, ramp: { from: 1/s, to: 2/s, over: 1s }, requests: 3 }')).toStrictEqual([
      { line: 3, col: 7, path: 'load', message: 'expected one arrival process; found 2: ramp, closed' },
    ]);
  });
});

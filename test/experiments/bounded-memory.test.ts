/**
 * An experiment keeps nothing per replication but the numbers its intervals need (issue 8: compare
 * grew with every replication): tasks are made as they are handed out, figures are columns of
 * numbers, warnings a running tally.
 */
import { test, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { prepareExperiment, runTasks, WORKER_FILE, type TaskList } from '../../src/experiments/experiment.js';
import { experimentTaskList } from '../../src/experiments/compare.js';
import { experimentTasks, replicationWarnings } from './oracles.js';
import { FigureColumns, WarningTally, METRICS } from '../../src/experiments/result.js';

const TEXT = `name: small
seed: 7
load: { poisson: { interval: 2ms }, requests: 100 }
topology:
  - server: { concurrency: 1, service-time: exp(1ms) }
`;

/** A task list that records which tasks were made, and when. */
function watched(list: TaskList) {
  const made: number[] = [];
  return {
    made,
    tasks: { length: list.length, at: (i: number) => (made.push(i), list.at(i)) } satisfies TaskList,
  };
}

for (const jobs of [1, 2]) {
  test.runIf(jobs === 1 || existsSync(WORKER_FILE))(`runTasks (jobs ${jobs}) makes each task only shortly before it runs, never all up front`, async () => {
    const x = prepareExperiment({ file: 'small.yaml', text: TEXT, vary: [{ path: 'load.poisson.interval', values: ['2ms', '3ms'] }] });
    const list = experimentTaskList(x, { seed: 1, replications: 20 }, { series: false, histogram: false });
    expect(list.length).toBe(40);
    const { made, tasks } = watched(list);
    const ahead: number[] = [];
    await runTasks(tasks, (i) => ahead.push(Math.max(...made) - i), { jobs });
    expect([...made].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i)); // each once
    // when result i arrives, at most a few tasks past it exist (4 per thread)
    expect(Math.max(...ahead)).toBeLessThanOrEqual(4 * jobs);
  }, 60_000);
}

test('the lazy task list gives the same tasks as the array', () => {
  const x = prepareExperiment({ file: 'small.yaml', text: TEXT, vary: [{ path: 'load.poisson.interval', values: ['2ms', '3ms'] }] });
  const run = { seed: 5, replications: 3 };
  const list = experimentTaskList(x, run, { series: true, histogram: true });
  expect(Array.from({ length: list.length }, (_, i) => list.at(i))).toEqual(experimentTasks(x, run, { series: true, histogram: true }));
});

test('FigureColumns keeps one number per metric and replication and gives back the rows', () => {
  const c = new FigureColumns(3, 10);
  const fig = (k: number) => Object.fromEntries(METRICS.map((m, j) => [m, k * 10 + j])) as Record<(typeof METRICS)[number], number>;
  c.set(2, fig(3), []);
  c.set(0, fig(1), ['server s is overloaded: utilization 120%']);
  c.set(1, fig(2), ['server s is overloaded: utilization 130%', 'server s is overloaded: utilization 130%']);
  expect(c.column('p99')).toEqual([12, 22, 32]);
  expect(c.rows()).toEqual([1, 2, 3].map((k, r) => ({ seed: 10 + r, ...fig(k) })));
  expect(c.warnings.lines()).toEqual(['server s is overloaded: utilization 120% (2 of 3 replications)']);
});

test('WarningTally counts as replicationWarnings did over kept arrays', () => {
  const per = [['a 1', 'b'], [], ['a 2'], ['b', 'b']];
  const t = new WarningTally();
  for (const w of per) t.add(w);
  expect(t.lines()).toEqual(['a 1 (2 of 4 replications)', 'b (2 of 4 replications)']);
  expect(replicationWarnings(per)).toEqual(t.lines());
  expect(new WarningTally().lines()).toBeUndefined();
});

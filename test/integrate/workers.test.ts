/** compare's and sweep's replications run a scenario's program, in-process and on worker threads. */
import { describe, expect, test } from 'vitest';
import { runTasks } from '../../src/experiments/experiment.js';
import { runReplication, type ReplicationOutput, type ReplicationTask } from '../../src/experiments/worker.js';
import { resolveScenario } from '../../src/cli/scenario-path.js';

const FILE = resolveScenario('bugs/lock-lease/buggy');
const task = (seed: number): ReplicationTask => ({ file: FILE, overrides: [], seed, wantSeries: false, wantHistogram: false });

describe('replications of a scenario with processes', () => {
  test('one replication loads the program and reports the invariant it broke', async () => {
    expect((await runReplication(task(5))).failed).toEqual(['oneWriterAtATime']);
    expect((await runReplication(task(1))).failed).toBeUndefined();
  });

  test.each([1, 2])('runTasks at --jobs %i: the same failures by seed', async (jobs) => {
    const failed: (string[] | undefined)[] = [];
    await runTasks([task(4), task(5), task(6)], (i, o: ReplicationOutput) => (failed[i] = o.failed), { jobs });
    expect(failed[1]).toEqual(['oneWriterAtATime']);
    expect(failed[0]).toBeUndefined();
  });
});

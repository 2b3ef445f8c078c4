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

describe('a program error on a worker thread', () => {
  test.each([1, 2])('is an error the command line answers with exit 2 (placed in the scenario in process, a BuildError from a thread), with the message, at --jobs %i', async (jobs) => {
    const { BuildError } = await import('../../src/engine/errors.js');
    const { ScenarioError } = await import('../../src/scenario/errors.js');
    const file = 'test/integrate/fixtures/missing-kind.yaml';
    const tasks = [0, 1].map((seed): ReplicationTask => ({ file, overrides: [], seed, wantSeries: false, wantHistogram: false }));
    const error = await runTasks(tasks, () => undefined, { jobs }).then(() => null, (e: unknown) => e);
    expect(error instanceof BuildError || error instanceof ScenarioError).toBe(true);
    expect(String((error as Error).message)).toMatch(/does not export the process kind "Registr"/);
    if (jobs > 1) expect(error).toBeInstanceOf(BuildError);
  });
});

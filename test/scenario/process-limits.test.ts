/**
 * The size limits count processes and workload clients: a group's count or the clients beyond the
 * nodes limit, or more processes and clients than their vector clocks can hold (N x N entries,
 * against the tables limit), are refused before anything is built, at the key that asks for them.
 */
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { DEFAULT_LIMITS } from '../../src/scenario/limits.js';

const FILE = 'scenarios/bugs/sqs-visibility/buggy.yaml';

function refusal(set: string[]): string {
  try {
    loadScenario(FILE, set);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('limits on processes', () => {
  test('a group count or a number of clients beyond the nodes limit', () => {
    expect(refusal(['processes[1].count=1000000000000000'])).toContain('processes[1].count\n    expected at most 200,000 nodes in the built system');
    expect(refusal(['workload.clients=300000'])).toContain('workload.clients\n    expected at most 200,000 nodes in the built system (every step of every chain, every pool member); found 300,004 (the largest group: 300,000)');
  });

  test('more processes and clients than their vector clocks allow, and --limit lifts it', () => {
    expect(refusal(['processes[1].count=5000'])).toContain('found 25,040,016 (the vector clocks of 5,004 processes and clients)');
    expect(() => loadScenario(FILE, ['processes[1].count=5000'], { limits: { ...DEFAULT_LIMITS, tables: 30_000_000 } })).not.toThrow();
  });
});

/**
 * A run's events are numbered the same with and without a trace: `processes.events` and the event
 * of a failure do not depend on whether the run writes `trace.jsonl`.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../src/run/simulate.js';
import { load, parseTrace, runTraced } from './helpers.js';

describe('event numbers', { timeout: 60_000 }, () => {
  test('are the same with and without a trace on a network that duplicates messages', async () => {
    // seed 3 of the buggy gossip with duplicates fails its end-of-run property
    const { scenario, program } = await load('scenarios/bugs/gossip/buggy.yaml', ['network.duplicate=0.3']);
    const plain = simulate(scenario, { program, seed: 3 }).summary;
    const { result, text } = runTraced(scenario, program, 3);
    const traced = result.summary;
    const events = parseTrace(text).events;
    expect(events.some((e) => e.kind === 'duplicate')).toBe(true);
    expect(traced.processes!.events).toBe(events.length);
    expect(plain.processes!.events).toBe(traced.processes!.events);
    const failure = (s: typeof plain) => s.failures?.find((f) => f.kind === 'invariant');
    expect(failure(traced)).toBeDefined();
    expect(failure(plain)?.event).toBe(failure(traced)!.event);
    expect(events[failure(traced)!.event! + 1].kind).toBe('violation'); // the violation follows the event it was seen after
  });
});

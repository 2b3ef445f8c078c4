/** replay --until: the run stops right after event N, and every node with a state() is dumped. */
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { runState } from '../../src/run/state.js';

describe('replay --until', () => {
  test('stops right after event N and dumps the state of every node', () => {
    const scenario = loadScenario('scenarios/faults/clock-skew.yaml');
    const r = simulate(scenario, { seed: 1, untilEvent: 500 });
    const state = runState(r.sim);
    expect(state.event).toBe(500);
    expect(Object.keys(state.nodes)).toEqual(['leaders[0]/lease', 'leaders[0]/server', 'leaders[1]/lease', 'leaders[1]/server']);
    expect(state.nodes['leaders[1]/lease']).toMatchObject({ lease: 'primary', holder: 'leaders[0]/lease' });
    expect(state.nodes['leaders[0]/server']).toEqual({ queued: expect.any(Number), inService: expect.any(Number), atDoor: 0, down: false, paused: false });
  });

  test('the state at event N is the same in two runs, and a run cut at N agrees with the whole run up to N', () => {
    const scenario = loadScenario('test/hunt/fixtures/tight-p99.yaml');
    const a = runState(simulate(scenario, { seed: 31, untilEvent: 60 }).sim);
    const b = runState(simulate(scenario, { seed: 31, untilEvent: 60 }).sim);
    expect(a).toEqual(b);
    expect(a.event).toBe(60);
    const whole = simulate(scenario, { seed: 31 }).summary;
    expect(whole.run.events).toBeGreaterThan(60);
  });

  test('an event number past the end: the run ends at its end', () => {
    const scenario = loadScenario('test/hunt/fixtures/tight-p99.yaml');
    const whole = simulate(scenario, { seed: 31 }).summary;
    const r = simulate(scenario, { seed: 31, untilEvent: 1_000_000 });
    expect(r.summary).toEqual(whole);
  });
});

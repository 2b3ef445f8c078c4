/** The `process` step: a chain that ends at processes (here behind a timeout), under a crash. */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';

describe('a chain that ends at a process step', { timeout: 60_000 }, () => {
  test('every call becomes an operation of a process; those sent to the crashed one time out', async () => {
    const { scenario, program } = await load('test/process/fixtures/chain.yaml');
    const { result, text } = runTraced(scenario, program);
    const r = result.summary.requests;
    const figures = result.summary.processes!;
    expect(r.total).toBe(200);
    expect(r.ok + r.timeout).toBe(200);
    expect(r.timeout).toBe(figures.messages.dropped.down);
    expect(r.timeout).toBeGreaterThan(0);
    const step = result.summary.nodes.find((n) => n.id === 'process')!;
    expect(step.extra).toEqual({ ok: r.ok, failed: 0, lost: r.timeout });
    const { header, events } = parseTrace(text);
    expect(header.nodes).toEqual(['reg[0]', 'reg[1]', 'chain']);
    // round-robin: both registers get calls, and every call the chain sent was delivered or dropped
    const sends = events.filter((e) => e.kind === 'send' && e.node === 'chain');
    expect(new Set(sends.map((e) => e.to))).toEqual(new Set(['reg[0]', 'reg[1]']));
    expect(sends.length).toBe(200);
    expect(runTraced(scenario, program).text).toBe(text);
  });

  test('without a timeout step, a call that reaches the crashed process is lost: its request ends dropped', async () => {
    const { scenario, program } = await load('test/process/fixtures/chain.yaml', ['topology=[{ process: { to: "reg[*]", f: read } }]']);
    const { result } = runTraced(scenario, program);
    const r = result.summary.requests;
    expect(r.dropped).toBe(result.summary.processes!.messages.dropped.down);
    expect(r.ok + r.dropped).toBe(200);
    expect(r.inFlight).toBe(0);
  });

  test('a process step in a scenario without processes is reported at the step', async () => {
    const { parseScenario } = await import('../../src/scenario/load.js');
    expect(() => parseScenario('name: s\nload: { poisson: { interval: 1ms }, requests: 1 }\ntopology:\n  - process: { to: n }\n', 's.yaml')).toThrow(
      /s\.yaml:4:20  topology\[0\]\.process\.to\n    expected processes: in the scenario for a process step to call; found none/,
    );
  });
});

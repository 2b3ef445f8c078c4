/**
 * `flaky` on processes: a target that matches process addresses makes every pair wire from or to
 * them lose a further `loss` while the window is open, wires built during the window included.
 */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import { loadScenario } from '../../src/scenario/load.js';
import { checkBuild } from '../../src/run/check-build.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const PINGERS = 'test/process/fixtures/pingers.yaml';

describe('flaky on processes', { timeout: 60_000 }, () => {
  test('every message from or to a matching process, sent while the window is open, is lost; a window open before the first message applies', async () => {
    // the window opens at 0ms, before any pair's first message (the wires are built then)
    const { scenario, program } = await load(PINGERS, ['faults=[{ flaky: { target: "p[2]", at: 0ms, for: 50ms, loss: 100% } }]']);
    const events = parseTrace(runTraced(scenario, program).text).events;
    const sentAt = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg, e.t]));
    const touches = (e: { from?: string; to?: string }) => e.from === 'p[2]' || e.to === 'p[2]';
    const lost = events.filter((e) => e.kind === 'drop' && e.reason !== 'end');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((e) => e.reason === 'loss' && touches(e) && (sentAt.get(e.msg) as number) < 50)).toBe(true);
    // every message of p[2] sent in the window is lost, every one sent after it arrives (the run ends with some in flight)
    const delivered = new Set(events.filter((e) => e.kind === 'deliver').map((e) => e.msg));
    const sends = events.filter((e) => e.kind === 'send' && touches(e));
    expect(sends.filter((e) => e.t < 50).every((e) => lost.some((d) => d.msg === e.msg))).toBe(true);
    expect(sends.filter((e) => e.t >= 50 && e.t < 90).every((e) => delivered.has(e.msg))).toBe(true);
    // p[0] and p[1] talk undisturbed
    expect(events.filter((e) => e.kind === 'deliver' && e.from === 'p[0]' && e.to === 'p[1]' && e.t < 50).length).toBeGreaterThan(0);
  });

  test('a window that opens after the wires are built thins them too, and only while it is open', async () => {
    const { scenario, program } = await load(PINGERS, ['faults=[{ flaky: { target: "p[1]", at: 30ms, for: 20ms, loss: 100% } }]']);
    const { result, text } = runTraced(scenario, program);
    const events = parseTrace(text).events;
    const sends = events.filter((e) => e.kind === 'send' && (e.from === 'p[1]' || e.to === 'p[1]'));
    const lost = new Set(events.filter((e) => e.kind === 'drop' && e.reason === 'loss').map((e) => e.msg));
    expect(sends.some((e) => e.t < 30)).toBe(true);
    for (const e of sends) expect([e.t, lost.has(e.msg)]).toEqual([e.t, e.t >= 30 && e.t < 50]);
    expect(result.summary.processes!.messages.dropped.loss).toBe(lost.size);
  });

  test('a target that matches neither a link nor a process is an error at its place, naming what it may match', () => {
    const scenario = loadScenario(PINGERS, ['faults=[{ flaky: { target: "q[*]", at: 0ms, for: 50ms, loss: 10% } }]']);
    let problems: string[] = [];
    try {
      checkBuild(scenario, 1);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems = e.problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual([
      'faults[0].flaky.target: "q[*]" matches no node; expected the id of one or more link steps, such as balancer/dyno[0..3]/link, or addresses (of processes, a broker and its consumers), such as p[0], p[1], p[2]',
    ]);
  });
});

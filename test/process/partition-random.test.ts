/**
 * Random partitions of processes (`partition: { among, split, every, for }`): each time, the seed
 * splits the addresses as `split` says (Jepsen's partitioners), from the fault's own stream; the cut
 * messages are drops with reason `partition` inside the fault's windows.
 */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { faultWindows, type FaultWindow } from '../../src/faults/windows.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { checkBuild } from '../../src/run/check-build.js';
import { ScenarioError } from '../../src/scenario/errors.js';

const PINGERS = 'test/process/fixtures/pingers.yaml';

async function run(count: number, fault: string, extra: string[] = []) {
  const { scenario, program } = await load(PINGERS, [`processes[0].count=${count}`, `faults=[{ partition: ${fault} }${extra.map((f) => `, ${f}`).join('')}]`]);
  const { result, text } = runTraced(scenario, program);
  const windows = faultWindows(result.sim).filter((w) => w.node === 'faults[0]');
  return { result, text, events: parseTrace(text).events, windows };
}

/** In each window: the pairs whose messages (sent in it) were cut, and those whose messages arrived. */
function pairsByWindow(events: TraceEvent[], windows: FaultWindow[]): { cut: Set<string>; ok: Set<string> }[] {
  const sent = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg, e]));
  const out = windows.map(() => ({ cut: new Set<string>(), ok: new Set<string>() }));
  for (const e of events) {
    if (e.kind !== 'deliver' && !(e.kind === 'drop' && e.reason === 'partition')) continue;
    const t = (sent.get(e.msg) as TraceEvent).t;
    const w = windows.findIndex((x) => t >= x.start && t < x.end);
    if (w < 0) {
      expect(e.kind).toBe('deliver'); // no message is cut outside a window
      continue;
    }
    out[w][e.kind === 'deliver' ? 'ok' : 'cut'].add(`${e.from}>${e.to}`);
  }
  return out;
}

const addresses = (n: number) => Array.from({ length: n }, (_, i) => `p[${i}]`);

/** The connected groups of `ok` pairs. */
function groups(n: number, ok: Set<string>): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const a of addresses(n)) {
    if (seen.has(a)) continue;
    const group = [a];
    seen.add(a);
    for (let i = 0; i < group.length; i++)
      for (const b of addresses(n)) if (!seen.has(b) && (ok.has(`${group[i]}>${b}`) || ok.has(`${b}>${group[i]}`))) (seen.add(b), group.push(b));
    out.push(group.sort());
  }
  return out.sort((x, y) => x.length - y.length || x[0].localeCompare(y[0]));
}

describe('random partitions of processes', { timeout: 60_000 }, () => {
  test('halves: in each window the addresses are cut into two halves, drawn anew each time; nothing is cut outside the windows', async () => {
    const { windows, events } = await run(6, '{ among: "p[*]", split: halves, at: 5ms, every: 20ms, for: 10ms }');
    expect(windows.map((w) => [w.start, w.end])).toEqual([
      [5, 15],
      [25, 35],
      [45, 55],
      [65, 75],
      [85, 95],
    ]);
    const splits = pairsByWindow(events, windows).map(({ cut, ok }) => {
      const g = groups(6, ok);
      expect(g.map((x) => x.length)).toEqual([3, 3]);
      // every pair across the halves was cut (each pinger pings every peer every 10ms), none within
      for (const a of g[0]) for (const b of g[1]) expect(cut.has(`${a}>${b}`) && cut.has(`${b}>${a}`)).toBe(true);
      for (const pair of cut) expect(g.some((x) => x.includes(pair.split('>')[0]) && x.includes(pair.split('>')[1]))).toBe(false);
      return g[0].join(',') < g[1].join(',') ? g[0].join(',') : g[1].join(',');
    });
    expect(new Set(splits).size).toBeGreaterThan(1);
  });

  test('one: in each window one drawn address is cut off from the rest', async () => {
    const { windows, events } = await run(5, '{ among: "p[*]", split: one, at: 5ms, every: 20ms, for: 10ms }');
    const alone = pairsByWindow(events, windows).map(({ ok }) => {
      const g = groups(5, ok);
      expect(g.map((x) => x.length)).toEqual([1, 4]);
      return g[0][0];
    });
    expect(new Set(alone).size).toBeGreaterThan(1);
  });

  test('majorities-ring: every address keeps a bare majority (itself and its two ring neighbours of 5), no two the same, symmetric', async () => {
    const { windows, events } = await run(5, '{ among: "p[*]", split: majorities-ring, at: 5ms, every: 20ms, for: 10ms }');
    for (const { cut, ok } of pairsByWindow(events, windows)) {
      const sees = addresses(5).map((a) => addresses(5).filter((b) => b !== a && ok.has(`${a}>${b}`)).sort());
      for (const [i, a] of addresses(5).entries()) {
        expect(sees[i]).toHaveLength(2);
        for (const b of sees[i]) expect(ok.has(`${b}>${a}`)).toBe(true);
        for (const b of addresses(5)) if (b !== a && !sees[i].includes(b)) expect(cut.has(`${a}>${b}`)).toBe(true);
      }
      expect(new Set(sees.map((s, i) => [...s, addresses(5)[i]].sort().join())).size).toBe(5);
    }
  });

  test('random lengths and gaps: a partition still in effect at the next start is replaced; the draws are the fault\'s own', async () => {
    const fault = '{ among: "p[*]", every: exp(15ms), for: exp(10ms) }';
    const a = await run(4, fault);
    // the first start is one draw of every; windows never overlap; each begins where the last began + a draw
    expect(a.windows.length).toBeGreaterThan(2);
    for (let i = 1; i < a.windows.length; i++) expect(a.windows[i].start).toBeGreaterThanOrEqual(a.windows[i - 1].end);
    // a slowdown changes every message's timing, not the partition's draws (stream faults[0]/partition)
    const b = await run(4, fault, ['{ slow: { target: "p[0]", at: 0ms, factor: 3 } }']);
    expect(b.windows).toEqual(a.windows);
    expect(b.text).not.toBe(a.text);
    // and the same seed gives the same bytes
    expect((await run(4, fault)).text).toBe(a.text);
    expect(a.result.summary.processes!.messages.dropped.partition).toBeGreaterThan(0);
  });

  test('swarm ranges apply to its numbers: the seed picks every and for', async () => {
    const { result, windows } = await run(4, '{ among: "p[*]", at: 5ms, every: { swarm: [10ms, 30ms] }, for: { swarm: [1ms, 5ms] } }');
    const picked = result.summary.swarm as Record<string, string>;
    const every = parseFloat(picked['faults[0].partition.every']);
    const length = parseFloat(picked['faults[0].partition.for']);
    expect(picked['faults[0].partition.every']).toMatch(/^[\d.]+ms$/);
    expect(every).toBeGreaterThanOrEqual(10);
    expect(every).toBeLessThanOrEqual(30);
    expect(windows[0].start).toBe(5);
    expect(windows[0].end).toBeCloseTo(5 + length, 2);
    expect(windows[1].start).toBeCloseTo(5 + every, 2);
  });
});

describe('random partitions: mistakes', () => {
  const problems = (text: string) => {
    try {
      parseScenario(text, 's.yaml');
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
      throw e;
    }
    return [];
  };
  const BASE = ['name: s', 'program: p.ts', 'processes:', '  - { name: n, kind: K, count: 5 }', 'faults:'];

  test('in the file, at their place', () => {
    expect(problems([...BASE, '  - partition: { among: "n[*]", between: [[a], [b]], every: 1s, for: 1s }'].join('\n'))).toEqual([
      expect.stringMatching(/^6:33 faults\[0\]\.partition\.between: expected either between \(a scheduled partition\) or among \(random partitions\); found both/),
    ]);
    expect(problems([...BASE, '  - partition: { among: "n[*]", every: 1s }'].join('\n'))).toEqual([
      expect.stringMatching(/^6:16 faults\[0\]\.partition: expected every and for with among \(random partitions\); found no for/),
    ]);
    expect(problems([...BASE, '  - partition: { among: "n[*]", split: thirds, every: 1s, for: 1s }'].join('\n'))).toEqual([
      expect.stringMatching(/^6:40 faults\[0\]\.partition\.split: unknown split "thirds"; expected one of: halves, one, majorities-ring/),
    ]);
    expect(problems([...BASE, '  - partition: { among: "n[*]", split: majorities-ring, direction: a-to-b, every: 1s, for: 1s }'].join('\n'))).toEqual([
      expect.stringMatching(/^6:\d+ faults\[0\]\.partition\.direction: expected direction both with split majorities-ring/),
    ]);
    expect(problems([...BASE, '  - partition: { between: [[a], [b]], every: 1s, at: 1s }'].join('\n'))).toEqual([
      expect.stringMatching(/^6:\d+ faults\[0\]\.partition\.every: expected every only with among/),
    ]);
    expect(problems([...BASE, '  - partition: { among: "n[*]", heal: 1s, every: 1s, for: 1s }'].join('\n'))).toEqual([
      expect.stringMatching(/^6:\d+ faults\[0\]\.partition\.heal: expected either between \(a scheduled partition\) or among \(random partitions\); found heal, which only a scheduled partition has/),
    ]);
    expect(problems([...BASE, '  - partition: { heal: 1s }'].join('\n'))).toEqual([expect.stringMatching(/^6:16 faults\[0\]\.partition: expected between \(a scheduled partition\) or among \(random partitions\); found neither/)]);
  });

  const built = (set: string[]) => {
    try {
      checkBuild(loadScenario(PINGERS, set), 1);
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}${p.hint !== undefined ? ` (${p.hint})` : ''}`);
      throw e;
    }
    return [];
  };

  test('when the system is built: names that name no process, too few addresses', () => {
    expect(built(['faults=[{ partition: { among: "q[*]", every: 1s, for: 1s } }]'])).toEqual([
      expect.stringMatching(/faults\[0\]\.partition\.among: "q\[\*\]" names no process address; random partitions split the addresses of processes, such as p\[0\], p\[1\], p\[2\] \(did you mean "p\[\*\]"\?\)$/),
    ]);
    // an index past the group's end: the first member, not the name itself
    expect(built(['faults=[{ partition: { among: ["p[7]", "p[0]"], every: 1s, for: 1s } }]'])).toEqual([expect.stringMatching(/\(did you mean "p\[0\]"\?\)$/)]);
    expect(built(['faults=[{ partition: { among: ["p[0]"], every: 1s, for: 1s } }]'])).toEqual([
      expect.stringMatching(/faults\[0\]\.partition\.among: "p\[0\]" names only one process address; a random partition splits at least 2$/),
    ]);
    expect(built(['faults=[{ partition: { among: "p[*]", split: majorities-ring, every: 1s, for: 1s } }]'])).toEqual([
      expect.stringMatching(/needs at least 4 \(with 3, every address would see every other\)$/),
    ]);
  });

  test('a scenario without processes: random partitions say they split processes, and what links take', () => {
    let problems: string[] = [];
    try {
      checkBuild(loadScenario('scenarios/faults/partition.yaml', ['faults=[{ partition: { among: balancer, every: 1s, for: 1s } }]']), 1);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems = e.problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual([
      'faults[0].partition.among: "balancer" names no process address; random partitions (among) split the addresses of processes, and this scenario has none (link steps take a scheduled partition: between, at, heal)',
    ]);
  });
});

/** `run --trace` on a chain scenario, then `diagram` on its trace: the built bin/lightcone, end to end. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from '../../src/trace/read.js';
import { historyLines } from '../../src/trace/history.js';

const lightcone = (args: string[]) => {
  const r = spawnSync('node', [join(process.cwd(), 'bin/lightcone'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'lightcone-chain-trace-'));
const FIXTURE = join(process.cwd(), 'test', 'trace', 'fixtures', 'chain.yaml');

/** The arrows of messages.svg: delivered and lost. */
const arrows = (svg: string) => ({ delivered: (svg.match(/<line class="msg delivered/g) ?? []).length, lost: (svg.match(/<line class="msg lost/g) ?? []).length });

describe('run --trace on a chain', { timeout: 120_000 }, () => {
  test('the bundled mm1 with 300 requests: byte-identical trace.jsonl from two runs; the diagram draws an arrow per message', () => {
    const [a, b] = [tmp(), tmp()];
    const args = ['run', 'mm1', '--set', 'load.requests=300', '--set', 'warmup=0', '--trace'];
    const r = lightcone([...args, '--out', a]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(a, 'trace.jsonl')}, ${join(a, 'summary.json')}`);
    expect(lightcone([...args, '--out', b]).code).toBe(0);
    const text = readFileSync(join(a, 'trace.jsonl'), 'utf8');
    expect(readFileSync(join(b, 'trace.jsonl'), 'utf8')).toBe(text);
    const t = parseTrace(text);
    expect(t.header.nodes).toEqual(['client', 'server']);
    // each request: invoke, send + deliver of the call, send + deliver of the answer, complete
    expect(t.events.length).toBe(300 * 6);
    const out = tmp();
    const d = lightcone(['diagram', join(a, 'trace.jsonl'), '--out', out, '--svg-only']);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain('1,800 events at 2 nodes');
    expect(d.stderr).toContain('messages.svg draws 600 delivered and 0 lost messages');
    expect(arrows(readFileSync(join(out, 'messages.svg'), 'utf8'))).toEqual({ delivered: 600, lost: 0 });
  });

  test('losses, timeouts and a crash: lost messages end in a cross; history.jsonl is the view of trace.jsonl', () => {
    const dir = tmp();
    // 60 requests: the whole trace fits the diagram's window
    const r = lightcone(['run', FIXTURE, '--set', 'load.requests=60', '--set', 'faults[0].crash.at=20ms', '--set', 'faults[1].pause.at=40ms', '--trace', '--out', dir]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'trace.jsonl'), 'utf8');
    const t = parseTrace(text);
    const delivered = t.events.filter((e) => e.kind === 'deliver').length;
    const lost = t.events.filter((e) => e.kind === 'drop').length;
    expect(lost).toBeGreaterThan(0);
    expect(t.events.some((e) => e.kind === 'crash')).toBe(true);
    expect(readFileSync(join(dir, 'history.jsonl'), 'utf8')).toBe(historyLines(t.events));
    const out = tmp();
    const d = lightcone(['diagram', join(dir, 'trace.jsonl'), '--out', out]);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain(`messages.svg draws ${delivered} delivered and ${lost} lost messages`);
    const svg = readFileSync(join(out, 'messages.svg'), 'utf8');
    expect(arrows(svg)).toEqual({ delivered, lost });
    expect((svg.match(/class="cross"/g) ?? []).length).toBe(lost);
    expect(readFileSync(join(out, 'diagram.html'), 'utf8')).toContain('<html');
  });

  test('replay --trace (--double) writes the trace run --trace does; hunt writes the failing seed\'s trace, the same bytes at any --jobs', () => {
    const [a, b] = [tmp(), tmp()];
    expect(lightcone(['run', FIXTURE, '--seed', '5', '--trace', '--out', a]).code).toBe(0);
    // --double: the second run's trace is compared with the first's, event by event
    const r = lightcone(['replay', FIXTURE, '--seed', '5', '--trace', '--double', '--out', b]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/deterministic: two runs of seed 5, \d+ identical events/);
    expect(readFileSync(join(b, 'trace.jsonl'), 'utf8')).toBe(readFileSync(join(a, 'trace.jsonl'), 'utf8'));
    expect(readFileSync(join(b, 'history.jsonl'), 'utf8')).toBe(readFileSync(join(a, 'history.jsonl'), 'utf8'));
    // a check that seed 1 fails: hunt writes seed-1/trace.jsonl
    const scenario = join(tmp(), 'failing.yaml');
    writeFileSync(scenario, readFileSync(FIXTURE, 'utf8') + 'checks:\n  - success >= 99%\n');
    const traces = ['1', '2'].map((jobs) => {
      const out = tmp();
      const h = lightcone(['hunt', scenario, '--seeds', '1..3', '--jobs', jobs, '--no-shrink', '--out', out]);
      expect(h.code).toBe(1);
      expect(h.stdout).toMatch(/trace: [\d,]+ events of seed 1; messages.svg draws \d+ delivered and \d+ lost messages/);
      return readFileSync(join(out, 'seed-1', 'trace.jsonl'), 'utf8');
    });
    expect(traces[1]).toBe(traces[0]);
    expect(parseTrace(traces[0]).header.seed).toBe(1);
  });
});

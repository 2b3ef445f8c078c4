/** `lightcone diagram`, end to end: the built bin/lightcone (npm test builds it first). */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTrace, traceText } from '../diagram/generate.js';

const lightcone = (args: string[], cwd?: string) => {
  const r = spawnSync('node', [join(process.cwd(), 'bin/lightcone'), ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'lightcone-diagram-cli-'));
const traceFile = (text: string) => {
  const p = join(tmp(), 'trace.jsonl');
  writeFileSync(p, text);
  return p;
};

describe('lightcone diagram', () => {
  const t = generateTrace({ seed: 11, events: 300 });
  const trace = traceFile(traceText(t));

  test('writes messages.svg and diagram.html, prints their paths, says what it drew', () => {
    const out = join(tmp(), 'out');
    const r = lightcone(['diagram', trace, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(out, 'messages.svg')}\n${join(out, 'diagram.html')}\n`);
    const delivers = t.events.filter((e) => e.kind === 'deliver').length;
    const drops = t.events.filter((e) => e.kind === 'drop').length;
    expect(r.stderr).toContain(`${t.events.length} events at 5 nodes from ${trace}; messages.svg draws ${delivers} delivered and ${drops} lost messages`);
    expect(readdirSync(out).sort()).toEqual(['diagram.html', 'messages.svg']);
  });

  test("by default into the run's folder, reports/<scenario>/<seed>/; --svg-only writes the SVG alone", () => {
    const cwd = tmp();
    expect(lightcone(['diagram', trace, '--svg-only'], cwd).code).toBe(0);
    expect(readdirSync(join(cwd, 'reports', 'synthetic', '11'))).toEqual(['messages.svg']);
  });

  test('a window by time or around an event', () => {
    const out = tmp();
    const r = lightcone(['diagram', trace, '--out', out, '--from', '20ms', '--to', '0.04s']);
    expect(r.code).toBe(0);
    const svg = readFileSync(join(out, 'messages.svg'), 'utf8');
    expect((svg.match(/<g class="ev /g) ?? []).length).toBe(t.events.filter((e) => e.t >= 20 && e.t <= 40).length);
    expect(lightcone(['diagram', trace, '--out', out, '--around', '100']).code).toBe(0);
  });

  test('a malformed line: file:line and what was expected, exit 2, nothing written, no stack', () => {
    const lines = traceText(t).split('\n');
    lines[5] = lines[5].replace('"kind":"', '"kind":"x');
    const bad = traceFile(lines.join('\n'));
    const out = join(tmp(), 'out');
    const r = lightcone(['diagram', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${bad} is not a valid trace\\n  ${bad}:6  event field "kind": expected one of send, deliver, .*; found "x\\w+"\\n$`));
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  test('a trace over the limit is refused with the limit and the flag that lifts it', () => {
    const r = lightcone(['diagram', trace, '--out', tmp(), '--limit', 'trace-events=100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: expected at most 100 events in a trace that \`lightcone diagram\` reads (diagram.html embeds them all); found ${t.events.length} in ${trace} (counted as its lines after the header)\n  hint: lift the limit with --limit trace-events=${t.events.length} if the machine can take it\n`);
    expect(lightcone(['diagram', trace, '--out', tmp(), '--limit', `trace-events=${t.events.length}`]).code).toBe(0);
  });

  test('usage errors: a missing file, a folder, a bad window', () => {
    const missing = lightcone(['diagram', join(tmp(), 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read the trace .*nope.jsonl: expected a trace file \(trace.jsonl\); found no such file\n$/);
    expect(lightcone(['diagram', tmp()]).stderr).toMatch(/found a folder\n$/);
    const around = lightcone(['diagram', trace, '--out', tmp(), '--around', '99999']);
    expect(around.code).toBe(2);
    expect(around.stderr).toMatch(/^error: --around: expected the seq of an event of the trace; found 99999/);
    const from = lightcone(['diagram', trace, '--out', tmp(), '--from', 'soon']);
    expect(from.code).toBe(2);
    expect(from.stderr).toBe('error: --from: expected a virtual time such as 1500ms, 1.5s or 1500 (ms); found "soon"\n');
  });
});

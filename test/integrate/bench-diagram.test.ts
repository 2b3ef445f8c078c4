/** bench/diagram.ts is a row of `npm run bench`; writeDiagram is part of the public API. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { diagramLine, diagramOk, syntheticTrace } from '../../bench/diagram.js';
import * as api from '../../src/index.js';
import { parseTrace } from '../../src/trace/read.js';

describe('the diagram benchmark', () => {
  test('bench/run.ts runs it as a row, with its targets', () => {
    const run = readFileSync('bench/run.ts', 'utf8');
    expect(run).toMatch(/await benchDiagramBest\(runs\)/);
    expect(run).toContain("'diagram, 100,000-event trace (command; page in Chromium)'");
  });

  test('its synthetic trace is a valid trace ending in a violation; its line and verdict', () => {
    const t = parseTrace(syntheticTrace(500));
    expect(t.events.length).toBe(500);
    expect(t.events[t.events.length - 1].kind).toBe('violation');
    const b = { events: 100_000, traceMiB: 26, wallS: 0.8, cpuS: 0.9, maxRssMiB: 262, htmlMiB: 26, svgMiB: 1.3, openMs: 718, coneMs: 52, moveMs: 186 };
    expect(diagramLine(b)).toBe('0.80 s wall, 0.90 CPU s, 262 MiB (26.0 MiB of trace; diagram.html 26.0 MiB, messages.svg 1.3 MiB); Chromium: open 718 ms, light a cone 52 ms, move the window 186 ms');
    expect(diagramOk(b)).toBe(true);
    expect(diagramOk({ ...b, openMs: 60_000 })).toBe(false);
  });
});

describe('writeDiagram from the package', () => {
  test('draws a trace into an OutputSet', async () => {
    const { mkdtempSync, readFileSync: read } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const t = parseTrace(syntheticTrace(300));
    const out = api.OutputSet.open(join(mkdtempSync(join(tmpdir(), 'integrate-diagram-')), 'out'));
    const w = api.writeDiagram(out, t.header, t.events);
    const [svg] = out.commit();
    expect(w.files).toEqual(['messages.svg', 'diagram.html']);
    expect(w.delivered).toBeGreaterThan(10);
    expect(read(svg, 'utf8')).toContain('class="msg delivered"');
  });
});

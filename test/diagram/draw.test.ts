/** messages.svg and diagram.html as text: every message drawn, drops crossed, crashes and pauses shaded, hostile strings escaped, windows chosen. */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawDiagram } from '../../src/report/diagram/draw.js';
import { chooseWindow, stateBefore, WindowChoiceError } from '../../src/report/diagram/window.js';
import { writeDiagram } from '../../src/report/diagram/write.js';
import { diagramPage } from '../../src/report/diagram/page.js';
import { OutputSet } from '../../src/report/output.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { generateTrace, HOSTILE } from './generate.js';

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
const kinds = (events: readonly TraceEvent[], kind: string) => events.filter((e) => e.kind === kind).length;

describe('the SVG', () => {
  const { header, events } = generateTrace({ seed: 4, events: 400 });
  const drawn = drawDiagram({ nodes: header.nodes, events });

  test('one arrow per delivered copy and per lost message, a cross per drop, a mark per event', () => {
    expect(kinds(events, 'drop')).toBeGreaterThan(3);
    expect(kinds(events, 'duplicate')).toBeGreaterThan(0);
    expect(count(drawn.svg, /<line class="msg delivered( dup)?"/g)).toBe(kinds(events, 'deliver'));
    expect(count(drawn.svg, /<line class="msg lost"/g)).toBe(kinds(events, 'drop'));
    expect(count(drawn.svg, /<line class="msg delivered dup"/g)).toBe(events.filter((e) => e.kind === 'deliver' && e.copy).length);
    expect(count(drawn.svg, /<path class="cross"/g)).toBe(kinds(events, 'drop'));
    expect(count(drawn.svg, /<g class="ev /g)).toBe(events.length);
    expect([drawn.delivered, drawn.lost, drawn.marks]).toEqual([kinds(events, 'deliver'), kinds(events, 'drop'), events.length]);
  });

  test('every arrow starts at its send and ends at its deliver or drop', () => {
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    for (const m of drawn.svg.matchAll(/<line class="msg (?:delivered|lost)[^"]*" data-msg="(\d+)" data-send="(-?\d+)" data-seq="(\d+)"/g)) {
      const [, msg, send, end] = m.map(Number);
      expect(bySeq.get(send)).toMatchObject({ kind: 'send', msg });
      expect(bySeq.get(end)).toMatchObject({ msg });
    }
  });

  test('crashes and pauses are shaded, clock steps and the violation marked', () => {
    expect(count(drawn.svg, /<rect class="span down" data-node="n2"/g)).toBe(kinds(events, 'crash'));
    expect(count(drawn.svg, /<rect class="span paused" data-node="n1"/g)).toBe(kinds(events, 'pause'));
    expect(drawn.svg).toMatch(/<g class="ev k-clock-step" data-seq="\d+">.*clock [+-]\d+ ms/);
    expect(count(drawn.svg, /<g class="ev k-violation"/g)).toBe(1);
    expect(drawn.svg).toContain('violation: two leaders');
    expect(drawn.svg).toMatch(/<title>#\d+ deliver at n\d\nt = [\d.]+ ms {3}local clock = [\d.-]+ ms\nLamport = \d+ {3}vc = \{/);
  });

  test('time flows down: an event never sits above an earlier one, and a deliver sits below its send', () => {
    const ys = new Map<number, number>();
    for (const m of drawn.svg.matchAll(/<g class="ev [^"]*" data-seq="(\d+)"><circle class="hit" cx="[\d.]+" cy="([\d.]+)"/g)) ys.set(Number(m[1]), Number(m[2]));
    for (let i = 1; i < events.length; i++) {
      if (events[i].t > events[i - 1].t) expect(ys.get(events[i].seq)!).toBeGreaterThan(ys.get(events[i - 1].seq)!);
    }
    const sendY = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg, ys.get(e.seq)!]));
    for (const e of events) if (e.kind === 'deliver') expect(ys.get(e.seq)!).toBeGreaterThan(sendY.get(e.msg)!);
  });

  test('a crash that began before the window is shaded from its top', () => {
    const crash = events.findIndex((e) => e.kind === 'crash');
    const before = stateBefore(events, crash + 1);
    expect(before.down).toEqual(['n2']);
    const w = drawDiagram({ nodes: header.nodes, events: events.slice(crash + 1, crash + 5), before });
    expect(count(w.svg, /<rect class="span down" data-node="n2" x="[\d.]+" y="56"/g)).toBe(1);
  });

  test('a hidden process takes its line, its events and every message to or from it; a hidden type its messages', () => {
    const h = drawDiagram({ nodes: header.nodes, events, hiddenNodes: ['n3'] });
    const touches = (e: TraceEvent) => e.node === 'n3' || e.from === 'n3' || e.to === 'n3';
    expect(h.marks).toBe(events.filter((e) => !touches(e)).length);
    expect(h.delivered).toBe(events.filter((e) => e.kind === 'deliver' && !touches(e)).length);
    expect(h.svg).not.toContain('>n3<');
    const t = drawDiagram({ nodes: header.nodes, events, hiddenTypes: ['gossip'] });
    expect(t.delivered).toBe(events.filter((e) => e.kind === 'deliver' && e.type !== 'gossip').length);
  });
});

describe('hostile strings', () => {
  const { header, events } = generateTrace({ seed: 2, events: 200, hostile: true });
  const svg = drawDiagram({ nodes: header.nodes, events, title: header.scenario }).svg;

  test('are escaped in the SVG: no element, no CDATA end, no character XML forbids', () => {
    expect(HOSTILE).toContain('</script><img src=x onerror=alert(1)>]]>');
    expect(svg).not.toMatch(/<img|<script|<\/script|]]>|<!--|<b>/i);
    expect(svg).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(svg).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;]]&gt;&lt;!-- \u2028\u2029 &quot;&#39; &amp; \uFFFD');
    expect(svg).toContain('>n3&lt;b&gt;&quot;&amp;&#39;<title>');
  });

  test('stay data in the page: the JSON cannot end its script, and U+2028/2029 are escaped', () => {
    const html = diagramPage({ header, events, window: chooseWindow(events), size: 2000 });
    expect(count(html, /<script/g)).toBe(2);
    expect(count(html, /<\/script/gi)).toBe(2);
    expect(html).not.toMatch(/<img|<!--|[\u0000-\u0008]/);
    expect(html).toContain('<title>Messages: hostile &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;]]&gt;&lt;!-- ');
    expect(html).not.toMatch(/<[a-z]+[^<>]*\s(src|href)=/i);
    const data = /<script type="application\/json" id="lightcone-trace">(.*)<\/script>/.exec(html)![1];
    expect(data).not.toMatch(/[<>\u2028\u2029]/);
    expect(JSON.parse(data).events).toEqual(JSON.parse(JSON.stringify(events)));
  });
});

describe('windows', () => {
  const { events } = generateTrace({ seed: 9, events: 6000, processes: 4, clients: 3 });

  test('a small trace is drawn whole; a large one around its violation, never more than the window', () => {
    expect(chooseWindow(events.slice(0, 1500))).toEqual({ first: 0, count: 1500, note: '' });
    const w = chooseWindow(events);
    expect(w.count).toBe(2000);
    expect(w.first + w.count).toBe(events.length); // the violation is last
    expect(w.note).toMatch(/^the trace has \d+ events; drawing 2000 around the violation: events \d+\.\.\d+/);
    const noViolation = events.filter((e) => e.kind !== 'violation');
    expect(chooseWindow(noViolation)).toMatchObject({ first: 0, count: 2000 });
  });

  test('--from/--to by virtual time, --around by seq, and their errors', () => {
    const w = chooseWindow(events, { fromMs: 100, toMs: 200 });
    const inside = events.filter((e) => e.t >= 100 && e.t <= 200);
    expect(events.slice(w.first, w.first + w.count)).toEqual(inside);
    expect(chooseWindow(events, { around: 3000, size: 100 })).toMatchObject({ first: 2950, count: 100 });
    expect(() => chooseWindow(events, { around: 10 ** 9 })).toThrow(WindowChoiceError);
    expect(() => chooseWindow(events, { around: 1, fromMs: 0 })).toThrow(/--around cannot be combined/);
    expect(() => chooseWindow(events, { fromMs: 5, toMs: 1 })).toThrow(/--from must not be later than --to/);
    expect(chooseWindow(events, { fromMs: 10 ** 9 })).toMatchObject({ count: 0, note: expect.stringContaining('no event') });
  });

  test('writeDiagram writes messages.svg (the window) and diagram.html (the whole trace) through the output set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-diagram-'));
    const out = OutputSet.open(dir);
    const { header } = generateTrace({ seed: 9, events: 10, processes: 4, clients: 3 });
    const written = writeDiagram(out, header, events, {});
    expect(written.files).toEqual(['messages.svg', 'diagram.html']);
    out.commit();
    const svg = readFileSync(join(dir, 'messages.svg'), 'utf8');
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(count(svg, /<g class="ev /g)).toBe(2000);
    expect(readFileSync(join(dir, 'diagram.html'), 'utf8')).toContain(`"seq":${events[0].seq},`);
    const only = OutputSet.open(join(dir, 'svg'));
    expect(writeDiagram(only, header, events, { svgOnly: true, dir: 'd' }).files).toEqual(['d/messages.svg']);
    only.abort();
  });

  test('the same trace gives the same bytes; a trace with no events draws its lines and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-diagram-'));
    const { header } = generateTrace({ seed: 9, events: 10, processes: 4, clients: 3 });
    const texts = [0, 1].map((i) => {
      const out = OutputSet.open(join(dir, String(i)));
      writeDiagram(out, header, events.slice(0, 500));
      return out.commit().map((f) => readFileSync(f, 'utf8'));
    });
    expect(texts[0]).toEqual(texts[1]);
    const empty = drawDiagram({ nodes: header.nodes, events: [] });
    expect([empty.marks, empty.delivered, empty.lost]).toEqual([0, 0, 0]);
    expect(count(empty.svg, /<line class="lane"/g)).toBe(header.nodes.length);
    expect(diagramPage({ header, events: [], window: chooseWindow([]), size: 2000 })).toContain('0 events at 7 nodes');
  });
});

describe('the page\'s help ("Reading it")', () => {
  // a message still on its way at the end (a drop with reason end), and a violation about an earlier event
  const header = { trace: 1 as const, scenario: 'help', seed: 1, nodes: ['a', 'b'] };
  const events: TraceEvent[] = [
    { t: 0, seq: 0, node: 'a', kind: 'send', msg: 0, from: 'a', to: 'b', type: 'ping' },
    { t: 1, seq: 1, node: 'b', kind: 'deliver', msg: 0, from: 'a', to: 'b', type: 'ping' },
    { t: 1, seq: 2, node: 'b', kind: 'send', msg: 1, from: 'b', to: 'a', type: 'pong' },
    { t: 2, seq: 3, node: 'b', kind: 'violation', text: 'bad', about: [1] },
    { t: 2, seq: 4, node: 'a', kind: 'drop', msg: 1, from: 'b', to: 'a', type: 'pong', reason: 'end' },
  ];
  const help = /<h2>Reading it<\/h2><p>(.*?)<\/p>/.exec(diagramPage({ header, events, window: chooseWindow(events), size: 2000 }))![1];
  const svg = drawDiagram({ nodes: header.nodes, events }).svg;

  test('says what a violation\'s ring is, as drawn: a dashed red circle around each event the violation is about', () => {
    expect(svg).toContain('.about-ring{fill:none;stroke:#dc2626;stroke-width:2;stroke-dasharray:3 2}');
    expect(count(svg, /<circle class="about-ring"/g)).toBe(1);
    expect(help).toContain('A dashed red ring circles each event a violation is about');
  });

  test('says what a message still on its way at the end is, as drawn: a grey dotted arrow ending in a hollow circle', () => {
    expect(svg).toContain('.msg.pending{stroke:#94a3b8;stroke-dasharray:1 3}');
    expect(svg).toContain('.k-drop .open{stroke:#6b7280;stroke-width:1.5;fill:#fff}');
    expect(count(svg, /<line class="msg pending"/g)).toBe(1);
    expect(count(svg, /<circle class="open"/g)).toBe(1);
    expect(help).toContain('a grey dotted one ending in a hollow circle a message still on its way when the run ended');
  });
});

/**
 * diagram.html in real headless Chromium (Debian's, /usr/bin/chromium; never a downloaded one),
 * opened from a file:// URL: no console error, no request but the file itself, every message of the
 * trace drawn, a click lights up exactly the event's light cone, filters hide a process and a
 * message type, the window moves over a large trace, and hostile payloads stay text. In CI a missing
 * browser is a failure; elsewhere these tests are skipped without it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeDiagram } from '../../src/report/diagram/write.js';
import { lightCone } from '../../src/report/diagram/cone.js';
import { OutputSet } from '../../src/report/output.js';
import type { TraceEvent, TraceHeader } from '../../src/trace/event.js';
import { generateTrace, HOSTILE, traceText } from './generate.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Opened {
  page: Page;
  errors: string[];
  /** Requests other than the file itself (each was aborted). */
  requests: string[];
  dialogs: string[];
  close: () => Promise<void>;
}

const kinds = (events: readonly TraceEvent[], kind: string) => events.filter((e) => e.kind === kind).length;

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('diagram.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lightcone-diagram-browser-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 0 });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, header: TraceHeader, events: readonly TraceEvent[]): { html: string; svg: string } {
    const out = OutputSet.open(join(dir, name));
    writeDiagram(out, header, events);
    const [svg, html] = out.commit();
    return { html, svg };
  }

  async function open(file: string): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(0); // the project's testTimeout bounds the test
    const page = await context.newPage();
    const href = pathToFileURL(file).href;
    const o: Opened = { page, errors: [], requests: [], dialogs: [], close: () => context.close() };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') o.errors.push(m.text());
    });
    page.on('pageerror', (e) => o.errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      o.dialogs.push(d.message());
      void d.dismiss();
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === href) return route.continue();
      o.requests.push(url);
      return route.abort();
    });
    await page.goto(href);
    if (file.endsWith('.html')) await page.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) > 0, null, { timeout: 0 });
    return o;
  }

  const drawnSeqs = (page: Page, selector: string) => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((g) => Number(g.getAttribute('data-seq'))).sort((a, b) => a - b), selector);

  test('a small hostile trace: offline, no error, every message drawn, its script inert', async () => {
    const { header, events } = generateTrace({ seed: 3, events: 250, hostile: true });
    const { html } = write('small', header, events);
    const o = await open(html);
    try {
      const { page } = o;
      const counts = await page.evaluate(() => ({
        delivered: document.querySelectorAll('#view line.msg.delivered').length,
        lost: document.querySelectorAll('#view line.msg.lost').length,
        crosses: document.querySelectorAll('#view .ev.k-drop .cross').length,
        marks: document.querySelectorAll('#view g.ev').length,
        down: document.querySelectorAll('#view rect.span.down').length,
        paused: document.querySelectorAll('#view rect.span.paused').length,
        imgs: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        names: [...document.querySelectorAll('#view .node-name')].map((t) => t.childNodes[0].textContent),
      }));
      expect(counts).toEqual({
        delivered: kinds(events, 'deliver'),
        lost: kinds(events, 'drop'),
        crosses: kinds(events, 'drop'),
        marks: events.length,
        down: kinds(events, 'crash'),
        paused: kinds(events, 'pause'),
        imgs: 0,
        scripts: 2,
        names: header.nodes,
      });
      // the details of an event with a hostile payload show it as text
      const hostile = events.find((e) => e.kind === 'deliver' && JSON.stringify(e.body).includes('onerror'))!;
      await page.locator(`#view g.ev[data-seq="${hostile.seq}"]`).dispatchEvent('click');
      expect(await page.locator('#details pre.payload').textContent()).toContain('</script><img src=x onerror=alert(1)>]]>');
      expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
      expect(o.dialogs).toEqual([]);
      expect(o.errors).toEqual([]);
      expect(o.requests).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('clicking an event lights up exactly its past and future light cone', async () => {
    const { header, events } = generateTrace({ seed: 7, events: 300, processes: 4 });
    const { html } = write('cone', header, events);
    const o = await open(html);
    try {
      const { page } = o;
      // a deliver in the middle whose mark is on top at its centre, clicked with the mouse
      const target = await page.evaluate(() => {
        for (const g of document.querySelectorAll<SVGGElement>('#view g.ev.k-deliver')) {
          const r = g.querySelector('.hit')!.getBoundingClientRect();
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          if (y < 200 || y > 800 || x > 1000) continue;
          if (document.elementFromPoint(x, y)?.closest('.ev') === g) return { seq: Number(g.getAttribute('data-seq')), x, y };
        }
        return null;
      });
      expect(target).not.toBeNull();
      await page.mouse.click(target!.x, target!.y);
      const cone = lightCone(events, events.findIndex((e) => e.seq === target!.seq));
      expect(cone.past.length).toBeGreaterThan(0);
      expect(cone.future.length).toBeGreaterThan(0);
      expect(await drawnSeqs(page, '#view g.ev.selected')).toEqual([target!.seq]);
      expect(await drawnSeqs(page, '#view g.ev.past')).toEqual(cone.past);
      expect(await drawnSeqs(page, '#view g.ev.future')).toEqual(cone.future);
      expect(await page.locator('#details .cone-past').textContent()).toContain(`Past: ${cone.past.length} events`);
      const vc = await page.locator('#details dd').nth(3).textContent();
      expect(JSON.parse(vc!)).toEqual(events.find((e) => e.seq === target!.seq)!.vc);
      // Escape clears it
      await page.keyboard.press('Escape');
      expect(await drawnSeqs(page, '#view g.ev.past, #view g.ev.future, #view g.ev.selected')).toEqual([]);
      expect(o.errors).toEqual([]);
      expect(o.requests).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('filters hide a process and a message type; zoom scales the drawing', async () => {
    const { header, events } = generateTrace({ seed: 8, events: 300 });
    const { html } = write('filters', header, events);
    const o = await open(html);
    try {
      const { page } = o;
      const rendered = () => page.evaluate(() => Number(document.body.dataset.rendered));
      const before = await rendered();
      await page.locator('#filter-nodes input[data-node="2"]').uncheck();
      await page.waitForFunction((n) => Number(document.body.dataset.rendered) > n, before, { timeout: 0 });
      const touches = (e: TraceEvent) => e.node === 'n3' || e.from === 'n3' || e.to === 'n3';
      expect(await page.evaluate(() => [...document.querySelectorAll('#view .node-name')].map((t) => t.childNodes[0].textContent))).toEqual(['n1', 'n2', 'c0', 'c1']);
      expect(await page.locator('#view g.ev').count()).toBe(events.filter((e) => !touches(e)).length);
      expect(await page.locator('#view line.msg.delivered').count()).toBe(events.filter((e) => e.kind === 'deliver' && !touches(e)).length);
      await page.locator('#filter-nodes input[data-node="2"]').check();
      await page.getByLabel('gossip').uncheck();
      expect(await page.locator('#view line.msg.delivered').count()).toBe(events.filter((e) => e.kind === 'deliver' && e.type !== 'gossip').length);
      const width = async () => Number(await page.locator('#view svg').getAttribute('width'));
      const w0 = await width();
      await page.locator('#zoom-in').click();
      expect(await width()).toBeCloseTo(w0 * 1.25, 5);
      await page.locator('#zoom-reset').click();
      expect(await width()).toBe(w0);
      expect(o.errors).toEqual([]);
      expect(o.requests).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('a large trace is drawn a window at a time, and the window moves', async () => {
    const { header, events } = generateTrace({ seed: 9, events: 6000, processes: 4, clients: 3 });
    const { html } = write('large', header, events);
    const o = await open(html);
    try {
      const { page } = o;
      expect(await page.locator('#view g.ev').count()).toBe(2000);
      expect(await page.locator('#view g.ev.k-violation').count()).toBe(1);
      await page.locator('#window').fill('0'); // a range input: fill sets the value and fires input
      await page.waitForFunction(() => document.querySelector('#window-label')!.textContent!.startsWith('events 0–'), null, { timeout: 0 });
      expect(await page.locator('#view g.ev').count()).toBe(2000);
      expect(await drawnSeqs(page, '#view g.ev')).toEqual(events.slice(0, 2000).map((e) => e.seq));
      await page.locator('#go-violation').click();
      expect(await drawnSeqs(page, '#view g.ev.selected')).toEqual([events[events.length - 1].seq]);
      expect(o.errors).toEqual([]);
      expect(o.requests).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('a violation about an earlier event (a history failure): the event is ringed, and go to the violation selects it', async () => {
    const { header, events } = generateTrace({ seed: 9, events: 6000, processes: 4, clients: 3 });
    // the last event becomes a violation about a complete event early in the trace
    const about = events.find((e) => e.kind === 'complete' && e.seq > 100)!.seq;
    const last = events[events.length - 1];
    const withAbout = [...events.slice(0, -1).filter((e) => e.kind !== 'violation'), { ...last, kind: 'violation' as const, text: 'history: cas-register: not linearizable', about: [about] }];
    const { html } = write('about', header, withAbout);
    const o = await open(html);
    try {
      const { page } = o;
      // the default window is around the event the violation is about
      expect(await drawnSeqs(page, '#view g.ev.about')).toEqual([about]);
      await page.locator('#window').fill('0');
      await page.locator('#window').fill('4000');
      await page.waitForFunction(() => document.querySelector('#window-label')!.textContent!.startsWith('events 4000'), null, { timeout: 0 });
      expect(await page.locator('#view g.ev.about').count()).toBe(0);
      await page.locator('#go-violation').click();
      expect(await drawnSeqs(page, '#view g.ev.selected')).toEqual([about]);
      expect(await page.locator('#view .about-ring').count()).toBe(1);
      expect(o.errors).toEqual([]);
      expect(o.requests).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('messages.svg opens on its own as well-formed SVG, hostile strings as text', async () => {
    const { header, events } = generateTrace({ seed: 3, events: 250, hostile: true });
    const { svg } = write('svg', header, events);
    const o = await open(svg);
    try {
      const found = await o.page.evaluate(() => ({
        root: document.documentElement.tagName,
        errors: document.getElementsByTagName('parsererror').length,
        arrows: document.querySelectorAll('line.msg.delivered, line.msg.lost').length,
        foreign: document.querySelectorAll('img, script, b').length,
      }));
      expect(found).toEqual({ root: 'svg', errors: 0, arrows: kinds(events, 'deliver') + kinds(events, 'drop'), foreign: 0 });
      expect(o.dialogs).toEqual([]);
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test.skipIf(!existsSync('dist/lightcone.mjs'))('the page written by the built command draws too (its inlined drawing code comes from the bundle)', async () => {
    const t = generateTrace({ seed: 5, events: 200, hostile: true });
    const file = join(dir, 'trace.jsonl');
    writeFileSync(file, traceText(t));
    const r = spawnSync('node', ['bin/lightcone', 'diagram', file, '--out', join(dir, 'cli')], { encoding: 'utf8' });
    expect(r.stderr).not.toContain('error');
    expect(r.status).toBe(0);
    const o = await open(join(dir, 'cli', 'diagram.html'));
    try {
      expect(await o.page.locator('#view line.msg.delivered, #view line.msg.lost').count()).toBe(kinds(t.events, 'deliver') + kinds(t.events, 'drop'));
      expect(readFileSync(join(dir, 'cli', 'diagram.html'), 'utf8')).not.toContain(HOSTILE);
      expect(o.errors).toEqual([]);
      expect(o.requests).toEqual([]);
      expect(o.dialogs).toEqual([]);
    } finally {
      await o.close();
    }
  });
});

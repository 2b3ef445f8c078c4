/**
 * Opens the reports in real headless Chromium (Debian's, at /usr/bin/chromium; never a downloaded
 * one): every chart must draw, nothing may be logged as an error, no request may leave the
 * machine, and nothing in a hostile scenario may run as script. In CI (.ci/run installs Chromium)
 * a missing browser is a failure; elsewhere these tests are skipped without it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeRunReport } from '../../src/report/write-report.js';
import { writeCompareReport, writeSweepReport } from '../../src/experiments/write-report.js';
import { compareFixture, runFixture, SCENARIO_TEXT, sweepFixture } from './fixtures/results.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where the screenshot of the compare report goes, for a person to look at (not kept in the repository). */
export const SCREENSHOT = join(tmpdir(), 'lightcone-report-screenshot.png');

interface Opened {
  errors: string[];
  requests: string[];
  dialogs: string[];
  /** Per chart: its name and the number of marks drawn in its SVG. */
  charts: { name: string; marks: number; rendered: string | null }[];
  cdfLines: number;
  heading: string;
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('report.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lightcone-browser-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 0 }); // the project's hookTimeout bounds it
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string, screenshot?: string): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, offline: true });
    context.setDefaultTimeout(0); // no Playwright time limit: the project's testTimeout bounds the test
    const page = await context.newPage();
    const out: Opened = { errors: [], requests: [], dialogs: [], charts: [], cdfLines: 0, heading: '' };
    page.on('console', (m) => {
      if (m.type() === 'error') out.errors.push(m.text());
    });
    page.on('pageerror', (e) => out.errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      out.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => out.requests.push(r.url()));
    await context.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith('file:') || url.startsWith('data:') ? route.continue() : route.abort();
    });
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.vega[data-chart]')].every(
            (el) => el.querySelector('.chart-error') !== null || el.querySelector('svg g.role-mark > :is(path, line, rect)') !== null || el.querySelector('canvas') !== null,
          ),
        null,
        { timeout: 0 },
      );
      const found = await page.evaluate(() => ({
        charts: [...document.querySelectorAll<HTMLElement>('.vega[data-chart]')].map((el) => ({
          name: el.dataset.chart ?? '',
          marks: el.querySelectorAll('svg g.role-mark > :is(path, line, rect)').length,
          rendered: el.getAttribute('data-rendered'),
        })),
        cdfLines: document.querySelectorAll('#chart-latency-cdf svg g.mark-line.role-mark > path').length,
        heading: document.querySelector('h1')?.textContent ?? '',
      }));
      Object.assign(out, found);
      if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    } finally {
      await context.close();
    }
    return out;
  }

  test(
    'a compare report with hostile names draws all five charts, offline, with no error and no script of theirs run',
    async () => {
      const result = compareFixture(250, {
        scenario: '<script>alert(1)</script>',
        names: ['random', 'least-conn', '<img src=x onerror=alert(2)>'],
      });
      const files = await writeCompareReport(join(dir, 'compare'), result, `${SCENARIO_TEXT}# </script><script>alert(3)</script>\n`);
      const opened = await open(files[0], SCREENSHOT);
      expect(opened.errors).toEqual([]);
      expect(opened.dialogs).toEqual([]);
      expect(opened.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      expect(opened.heading).toBe('Compare: <script>alert(1)</script>');
      expect(opened.charts.map((c) => c.name)).toEqual(['latency-cdf', 'percentiles', 'latency-over-time', 'calls-in-server', 'backend-share']);
      for (const c of opened.charts) {
        expect(c.rendered, c.name).toBe('true');
        expect(c.marks, c.name).toBeGreaterThan(0);
      }
      expect(opened.cdfLines).toBe(3);
    },
  );

  /** For each table on the page at this viewport width: its id (section) and how far it overflows (px; 0 fits). */
  async function tableOverflow(file: string, width: number, screenshot?: string): Promise<{ section: string; overflow: number }[]> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, offline: true });
    const page = await context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });
      return await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.table-wrap')].map((w) => ({
          section: w.closest('section')?.id ?? '',
          overflow: w.scrollWidth - w.clientWidth,
        })),
      );
    } finally {
      await context.close();
    }
  }

  test(
    'every column of the variants and points tables fits a laptop screen (1280 and 1024 px): no scrolling to find success and throughput',
    async () => {
      // Variant names as a retry comparison makes them: long, with their --set text below.
      const retry = [
        '{ attempts: 1 }',
        '{ attempts: 5, on: [timeout, rejected] }',
        '{ attempts: 5, on: [timeout, rejected], budget: 10% }',
        '{ attempts: 5, on: [timeout, rejected], backoff: { base: 200ms, jitter: full } }',
      ];
      const compare = compareFixture(20, { names: retry.slice(0, 3) });
      compare.variants.push({ ...compare.variants[2], name: retry[3] });
      compare.variants.forEach((v, i) => (v.set = [`topology[1].retry=${retry[i]}`]));
      const [compareFile] = await writeCompareReport(join(dir, 'wide-compare'), compare, SCENARIO_TEXT);
      // A sweep over long paths, with figures in the tens of thousands of ms.
      const sweep = sweepFixture();
      sweep.axes = [
        { path: 'topology[0].balancer.info.refresh', values: ['1s', '2s', '5s', '10s'] },
        { path: 'topology[0].balancer.strategy', values: ['random', 'jsq', 'best-of-2'] },
      ];
      sweep.points = sweep.points.map((p, i) => ({
        ...p,
        values: [sweep.axes[0].values[i % 4], sweep.axes[1].values[Math.floor(i / 4)]],
        metrics: { ...p.metrics, p999: { mean: 108116.4, lo: 24952.7, hi: 191280.0 }, p99: { mean: 83212.8, lo: 82013.9, hi: 84411.6 } },
      }));
      const [sweepFile] = await writeSweepReport(join(dir, 'wide-sweep'), sweep, SCENARIO_TEXT);
      for (const width of [1280, 1024]) {
        const c = await tableOverflow(compareFile, width, width === 1280 ? SCREENSHOT.replace(/\.png$/, '-variants.png') : undefined);
        expect(c.find((t) => t.section === 'variants'), `compare at ${width}`).toEqual({ section: 'variants', overflow: 0 });
        expect(c.find((t) => t.section === 'replications'), `compare at ${width}`).toEqual({ section: 'replications', overflow: 0 });
        const s = await tableOverflow(sweepFile, width);
        expect(s.find((t) => t.section === 'points'), `sweep at ${width}`).toEqual({ section: 'points', overflow: 0 });
      }
    },
  );

  test(
    'sweep and run reports draw every chart too',
    async () => {
      const sweep = await writeSweepReport(join(dir, 'sweep'), sweepFixture(), SCENARIO_TEXT);
      const { summary, series } = runFixture(20);
      const run = await writeRunReport(join(dir, 'run'), summary, series, SCENARIO_TEXT);
      for (const [file, names] of [
        [sweep[0], ['p99-vs-load-poisson-interval']],
        [run[0], ['percentiles', 'latency-over-time', 'calls-in-server', 'backend-share']],
      ] as const) {
        const opened = await open(file);
        expect(opened.errors, file).toEqual([]);
        expect(opened.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
        expect(opened.charts.map((c) => c.name)).toEqual(names);
        for (const c of opened.charts) expect(c.marks, `${file} ${c.name}`).toBeGreaterThan(0);
      }
    },
  );
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCharts } from '../../src/report/charts/index.js';
import { compareCharts, sweepCharts } from '../../src/experiments/charts/index.js';
import { escapeHtml, jsonForScript, scriptSource } from '../../src/report/escape.js';
import { librarySourcesInline, runHtml } from '../../src/report/html.js';
import { compareHtml, sweepHtml } from '../../src/experiments/html.js';
import { writeRunReport } from '../../src/report/write-report.js';
import { reproduceCompare, reproduceSweep, writeCompareReport, writeSweepReport } from '../../src/experiments/write-report.js';
import { compareFixture, runFixture, SCENARIO_TEXT, sweepFixture } from './fixtures/results.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** `text` contains `needle` (a failure shows the needle, not the whole megabyte of report). */
function expectIn(text: string, needle: string): void {
  expect(text.includes(needle), `expected the report to contain ${needle}`).toBe(true);
}

/** The text of the JSON script that carries the charts. */
function chartsJson(html: string): string {
  const m = /<script type="application\/json" id="lightcone-charts">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error('no charts JSON in the report');
  return m[1];
}

/** The page without the bodies of the inlined libraries and the boot code (their own strings hold HTML). */
const withoutCode = (html: string) => html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');

/** A compare whose every name is an attack. */
function hostileCompare() {
  const result = compareFixture(20, {
    scenario: '<script>alert(1)</script>',
    names: ['</script><script>alert(2)</script>', 'least-conn <!--', 'two-choices"><img src=x onerror=alert(3)>'],
  });
  result.stamp.file = 'scenarios/<b>bold</b>.yaml';
  result.stamp.overrides = ['services.dyno[1].server.service=<i>20ms</i>'];
  result.variants[0].set = ['topology[0].balancer.strategy=</script>'];
  result.verdict = result.verdict.map((v) => `${v} <u>underlined</u>`);
  return result;
}
const HOSTILE_TEXT = 'name: "</script><script>alert(4)</script>"\n# <!-- a comment -->\n';

describe('escaping', () => {
  test('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
    expect(escapeHtml(42)).toBe('42');
  });

  test('jsonForScript hides </script and <!-- and still parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', c: '<!-- x -->', amp: 'a & b', ls: 'line\u2028sep\u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/<|>|&|\u2028|\u2029/);
    expect(json).toContain('\\u003c/script');
    expect(JSON.parse(json)).toEqual(value);
  });

  test('scriptSource refuses code that would end the <script> element, and drops source-map comments', () => {
    expect(() => scriptSource('evil', 'var s = "</script>";')).toThrow(/evil contains "<\/script" at offset 9/);
    expect(() => scriptSource('evil', 'var s = "<!--";')).toThrow(/<!--/);
    expect(scriptSource('ok', 'var a = 1;\n//# sourceMappingURL=ok.min.js.map')).toBe('var a = 1;\n');
  });

  test('a scenario named <script>alert(1)</script> renders as text, and so does every other value', () => {
    const result = hostileCompare();
    const html = compareHtml(result, HOSTILE_TEXT, compareCharts(result), reproduceCompare(result));
    expectIn(html, '<h1>Compare: &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expectIn(html, '<title>&lt;script&gt;alert(1)&lt;/script&gt;: compare (lightcone)</title>');
    expectIn(html, '&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expectIn(html, 'two-choices&quot;&gt;&lt;img src=x onerror=alert(3)&gt;');
    expectIn(html, 'name: &quot;&lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt;&quot;');
    expectIn(html, 'scenarios/&lt;b&gt;bold&lt;/b&gt;.yaml');
    expectIn(html, '&lt;u&gt;underlined&lt;/u&gt;');
    const page = withoutCode(html);
    for (const raw of ['<script>alert', '<img', '<b>', '<i>', '<u>', '<!--']) expect(page, raw).not.toContain(raw);
    // Exactly our own scripts: the charts' JSON, vega, vega-lite, vega-embed and the boot code.
    expect(html.match(/<script\b/gi)).toHaveLength(5);
    expect(html.match(/<\/script/gi)).toHaveLength(5);
  });

  test("the charts' JSON has no '<' and gives back the specs exactly", () => {
    const result = hostileCompare();
    const charts = compareCharts(result);
    const json = chartsJson(compareHtml(result, HOSTILE_TEXT, charts, 'x'));
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(charts.map((c) => ({ name: c.name, spec: c.spec })))));
  });
});

describe('report.html', () => {
  const result = compareFixture(20);
  const charts = compareCharts(result);
  const html = compareHtml(result, SCENARIO_TEXT, charts, reproduceCompare(result));

  test('inlines vega, vega-lite and vega-embed, and forbids every request', () => {
    const libs = librarySourcesInline();
    expect(libs).toHaveLength(3);
    for (const lib of libs) {
      expectIn(html, lib.slice(0, 2000));
      expect(lib).not.toMatch(/sourceMappingURL/);
    }
    expect(libs[1]).toContain('"6.4.0"');
    expectIn(html, `<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(withoutCode(html)).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/i);
  });

  test('holds the tables, the verdict, a container per chart, the stamp, the reproduce line and the scenario', () => {
    for (const line of result.verdict) expectIn(html, `<li>${line}</li>`);
    for (const v of result.variants) expectIn(html, `<th>${v.name}<span class="set">`);
    const p99 = result.variants[0].metrics.p99; // random's, with its CI
    expectIn(html, `<td class="num">${p99.mean.toFixed(1)}<span class="ci">${p99.lo.toFixed(1)} – ${p99.hi.toFixed(1)}</span></td>`);
    const ratio = result.variants[1].vsBaseline.p99; // least-conn against random
    expectIn(html, `<td class="num">${ratio.ratio.toFixed(2)}x<span class="ci">${ratio.lo.toFixed(2)}x – ${ratio.hi.toFixed(2)}x</span></td>`);
    for (const c of charts) expectIn(html, `<div class="vega" id="chart-${c.name}" data-chart="${c.name}"></div>`);
    for (const field of ['tool', 'version', 'command', 'seeds', 'replications', 'scenario', 'file', 'scenarioHash', 'overrides', 'generator', 'node']) {
      expectIn(html, `<tr><th>${field}</th>`);
    }
    expectIn(html, result.stamp.scenarioHash);
    expectIn(html, 
      '<pre class="command"><code>lightcone compare heroku-pool --seed 1 --replications 5 --vary topology[0].balancer.strategy=random,least-conn,two-choices</code></pre>',
    );
    expectIn(html, '<pre class="scenario"><code>name: heroku-pool\n');
  });

  test('the same result gives the same bytes', () => {
    const again = compareFixture(20);
    expect(compareHtml(again, SCENARIO_TEXT, compareCharts(again), reproduceCompare(again)) === html).toBe(true);
  });

  test('sweep and run reports', () => {
    const sweep = sweepFixture();
    const s = sweepHtml(sweep, SCENARIO_TEXT, sweepCharts(sweep), reproduceSweep(sweep));
    expectIn(s, '<h1>Sweep: heroku-pool</h1>');
    // Paths as headers break after a dot, not inside a word.
    expectIn(s, '<th>topology[0].<wbr>balancer.<wbr>strategy</th><th>load.<wbr>poisson.<wbr>interval</th>');
    expect(reproduceSweep(sweep)).toBe(
      'lightcone sweep heroku-pool --seed 1 --replications 3 --vary topology[0].balancer.strategy=random,least-conn,two-choices --vary load.poisson.interval=2ms,1.5ms,1.2ms,1ms',
    );
    const { summary, series } = runFixture(20);
    const r = runHtml(summary, SCENARIO_TEXT, runCharts(summary, series), 'lightcone run x');
    expectIn(r, '<h1>Run: heroku-random</h1>');
    expectIn(r, '<th>balancer/dyno[*]/server</th><td>server</td><td class="num">20</td>');
    expectIn(r, '<thead><tr><th>requests</th><th>total</th><th>ok</th><th>error</th><th>timeout</th><th>dropped</th><th>rejected</th></tr></thead>');
    expectIn(r, '<tr><th>goodput, ok responses (/s)</th><td class="num">665.2</td></tr>');
  });
});

describe('writing reports', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'lightcone-report-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('writeCompareReport writes report.html and an SVG per chart, and returns them in order', async () => {
    const dir = tmp();
    const written = await writeCompareReport(dir, compareFixture(20), SCENARIO_TEXT);
    expect(written).toEqual([
      join(dir, 'report.html'),
      ...['latency-cdf', 'percentiles', 'latency-over-time', 'calls-in-server', 'backend-share'].map((n) => join(dir, 'charts', `${n}.svg`)),
    ]);
    for (const f of written) expect(readFileSync(f).length, f).toBeGreaterThan(1000);
    for (const f of written.slice(1)) expect(readFileSync(f, 'utf8')).toMatch(/^<svg /);
    expect(existsSync(join(dir, 'charts', 'latency-cdf.png'))).toBe(false);
  });

  test('with { png: true } a PNG follows each SVG', async () => {
    const dir = tmp();
    const written = await writeSweepReport(dir, sweepFixture(), SCENARIO_TEXT, { png: true });
    expect(written).toEqual([join(dir, 'report.html'), join(dir, 'charts', 'p99-vs-load-poisson-interval.svg'), join(dir, 'charts', 'p99-vs-load-poisson-interval.png')]);
    expect([...readFileSync(written[2]).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  test('writeRunReport leaves out charts without data', async () => {
    const { summary, series } = runFixture(250);
    const dir = tmp();
    const written = await writeRunReport(dir, summary, series, SCENARIO_TEXT);
    expect(written.map((f) => f.slice(dir.length + 1))).toEqual([
      'report.html',
      'charts/percentiles.svg',
      'charts/latency-over-time.svg',
      'charts/calls-in-server.svg',
      'charts/backend-share.svg',
    ]);
    const html = readFileSync(written[0], 'utf8');
    expectIn(html, '<pre class="command"><code>lightcone run heroku-random --seed 1 --set topology[0].balancer.strategy=random</code></pre>');

    const bare = { ...series, queues: { ids: [], t: [], depth: [] }, shares: [] };
    const dir2 = tmp();
    const fewer = await writeRunReport(dir2, summary, bare, SCENARIO_TEXT, { reproduce: 'lightcone run mine.yaml' });
    expect(fewer.map((f) => f.slice(dir2.length + 1))).toEqual(['report.html', 'charts/percentiles.svg', 'charts/latency-over-time.svg']);
    expect(readFileSync(fewer[0], 'utf8')).toContain('<code>lightcone run mine.yaml</code>');
  });
});

/**
 * The HTML report: one self-contained file. vega, vega-lite and vega-embed are inlined from
 * node_modules, the charts' specs (with their data) sit in a JSON <script>, and a content security
 * policy forbids every request, so the report opens offline (on conference wifi, from an e-mail)
 * and can never call home. Every value from the scenario or the result is escaped.
 *
 * Page builders are pure: the same result, scenario text and charts give the same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chartSafe, type Chart } from './charts/common.js';
import { escapeHtml, jsonForScript, pageHead, scriptSource } from './escape.js';
import type { Stamp, Summary } from '../run/summary.js';
import { groupNodes } from './table.js';

// ---------------------------------------------------------------------------------------------
// The libraries, inlined.

/** The browser builds inlined in every report, in load order (vega-lite and vega-embed need vega). */
export const LIBRARIES = [
  { name: 'vega', file: 'build/vega.min.js' },
  { name: 'vega-lite', file: 'build/vega-lite.min.js' },
  { name: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

let librarySources: string[] | null = null;

/** A package's directory: resolve its entry point, then walk up to its package.json. */
function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      /* no package.json here */
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the directory of package ${name}`);
    dir = up;
  }
}

/** The minified browser builds of vega, vega-lite and vega-embed, checked safe for a <script>. */
export function librarySourcesInline(): string[] {
  librarySources ??= LIBRARIES.map(({ name, file }) => scriptSource(name, readFileSync(join(packageDir(name), file), 'utf8')));
  return librarySources;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

/** A latency in ms: 3 decimals below 10 ms, 2 below 100, 1 beyond. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return x.toFixed(a < 10 ? 3 : a < 100 ? 2 : 1);
}

// ---------------------------------------------------------------------------------------------
// HTML pieces. Everything that is not a literal of this file goes through escapeHtml.

/** A table cell: text (escaped here) or HTML built from escaped parts; numbers align right. */
export type Cell = string | number | { html: string; num?: boolean };

function cellHtml(c: Cell, tag: 'td' | 'th'): string {
  if (typeof c === 'object') return `<${tag}${c.num ? ' class="num"' : ''}>${c.html}</${tag}>`;
  return `<${tag}${typeof c === 'number' ? ' class="num"' : ''}>${escapeHtml(c)}</${tag}>`;
}

/** A header cell: text (escaped here) or HTML built from escaped parts. */
export type HeaderCell = string | { html: string };

/**
 * A table. Wide tables fit the page: headers and first-column names wrap (at spaces; a header given
 * as HTML may offer more break points, such as `<wbr>` after each dot of a path) and a figure's
 * interval may wrap under it; only a table that still does not fit scrolls.
 */
export function table(header: HeaderCell[], rows: Cell[][], caption?: string): string {
  return [
    '<div class="table-wrap"><table>',
    caption ? `<caption>${escapeHtml(caption)}</caption>` : '',
    `<thead><tr>${header.map((h) => `<th>${typeof h === 'string' ? escapeHtml(h) : h.html}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i === 0 ? 'th' : 'td')).join('')}</tr>`),
    '</tbody></table></div>',
  ].join('\n');
}

/** A section of the page: `body` is HTML built from escaped parts. */
export interface Section {
  id: string;
  heading: string;
  body: string;
}

export function section(id: string, heading: string, body: string): Section {
  return { id, heading, body };
}

function sectionHtml(s: Section): string {
  return `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.heading)}</h2>\n${s.body}\n</section>`;
}

export function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** The chart containers; the specs themselves travel in the JSON script. */
function chartsSection(charts: readonly Chart[]): Section {
  const figures = charts.map(
    (c) =>
      `<figure class="chart" aria-label="${escapeHtml(c.title)}">\n` +
      `<div class="vega" id="chart-${escapeHtml(c.name)}" data-chart="${escapeHtml(c.name)}"></div>\n` +
      `<figcaption>${escapeHtml(c.caption)} <span class="file">charts/${escapeHtml(c.name)}.svg</span></figcaption>\n</figure>`,
  );
  return section('charts', 'Charts', figures.join('\n'));
}

/**
 * The reproduction stamp: every field that makes the run what it is, and the command. `runRows`
 * say how the run was seeded (a run: its seed; an experiment: its command, seeds and replications).
 */
function stampSection(stamp: Stamp, runRows: [string, string][], reproduce: string): Section {
  const rows: [string, string][] = [
    ['tool', stamp.tool],
    ['version', stamp.version],
    ...runRows,
    ['scenario', stamp.scenario],
    ['file', stamp.file],
    ['scenarioHash', stamp.scenarioHash],
    ['overrides', stamp.overrides.length > 0 ? stamp.overrides.join('\n') : '(none)'],
    ['generator', stamp.generator],
    ['node', stamp.node],
  ];
  const body =
    `<table class="stamp"><tbody>\n${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`).join('\n')}\n</tbody></table>\n` +
    `<p>Reproduce:</p>\n<pre class="command"><code>${escapeHtml(reproduce)}</code></pre>`;
  return section('reproduce', 'Reproduction', body);
}

function scenarioSection(file: string, text: string): Section {
  return section('scenario', 'Scenario', `<p>${code(file)}</p>\n<pre class="scenario"><code>${escapeHtml(text)}</code></pre>`);
}

const STYLE = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --accent: #2f6db5; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); margin: 0; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 64px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header .lead { color: var(--muted); margin: 0 0 8px; }
nav { font-size: 14px; margin: 8px 0 16px; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.verdict { font-size: 16px; padding: 10px 16px; background: #f3f7fc; border-left: 4px solid var(--accent); margin: 12px 0; }
.verdict ul { margin: 0; padding-left: 18px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #aab; font-weight: 600; vertical-align: bottom; overflow-wrap: break-word; }
tbody th { font-weight: 600; overflow-wrap: break-word; min-width: 7em; }
#variants tbody th, #replications tbody th { width: 16em; }
tbody th .set { display: block; font-weight: normal; font-size: 12px; color: var(--muted); white-space: normal; overflow-wrap: anywhere; max-width: 15em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ci { display: block; color: var(--muted); font-size: 11.5px; white-space: normal; }
table.stamp th { color: var(--muted); font-weight: normal; white-space: nowrap; }
table.stamp code { white-space: pre-wrap; overflow-wrap: anywhere; }
pre { background: #f6f7f9; border: 1px solid var(--line); padding: 10px 14px; overflow-x: auto; font-size: 13px; }
pre.command { white-space: pre-wrap; overflow-wrap: anywhere; }
figure.chart { margin: 20px 0 32px; }
figure.chart .vega { min-height: 120px; overflow-x: auto; }
figcaption { color: var(--muted); font-size: 14px; max-width: 820px; }
figcaption .file { font-family: ui-monospace, monospace; font-size: 12px; margin-left: 6px; }
.chart-error { color: #b00020; white-space: pre-wrap; }
details summary { cursor: pointer; color: var(--accent); }
`;

/** Draws every chart with vega-embed; a failure shows in its place and on the console. */
const BOOT = `
(function () {
  var charts = JSON.parse(document.getElementById('lightcone-charts').textContent);
  charts.forEach(function (chart) {
    var el = document.getElementById('chart-' + chart.name);
    vegaEmbed(el, chart.spec, { renderer: 'svg', actions: false }).then(function () {
      el.setAttribute('data-rendered', 'true');
    }).catch(function (error) {
      var p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = 'This chart could not be drawn: ' + error;
      el.appendChild(p);
      console.error(error);
    });
  });
})();
`;

/** No request of any kind may leave the page; scripts and styles are the inline ones. */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'";

export interface Page {
  /** The document title. */
  title: string;
  heading: string;
  lead: string;
  /** Shown before the charts. */
  sections: Section[];
  charts: readonly Chart[];
  /** Sections shown after the charts (details). */
  after?: Section[];
  stamp: Stamp;
  /** How the run was seeded, in the stamp table (default: the stamp's seed). */
  stampRows?: [string, string][];
  reproduce: string;
  scenarioText: string;
}

/** The whole document. */
export function renderPage(page: Page): string {
  const chartsJson = jsonForScript(page.charts.map((c) => ({ name: c.name, spec: chartSafe(c.spec) })));
  const all = [
    ...page.sections,
    ...(page.charts.length > 0 ? [chartsSection(page.charts)] : []),
    ...(page.after ?? []),
    stampSection(page.stamp, page.stampRows ?? [['seed', String(page.stamp.seed)]], page.reproduce),
    scenarioSection(page.stamp.file, page.scenarioText),
  ];
  const nav = all.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a>`).join('');
  return [
    ...pageHead({ csp: CSP, title: page.title, style: STYLE, meta: [`<meta name="generator" content="${escapeHtml(`${page.stamp.tool} ${page.stamp.version}`)}">`] }),
    '<body>',
    '<main>',
    `<header>\n<h1>${escapeHtml(page.heading)}</h1>\n<p class="lead">${escapeHtml(page.lead)}</p>\n<nav>${nav}</nav>\n</header>`,
    ...all.map(sectionHtml),
    '</main>',
    page.charts.length > 0 ? '<noscript><p>The charts need JavaScript; the SVG files next to this report show the same.</p></noscript>' : '',
    `<script type="application/json" id="lightcone-charts">${chartsJson}</script>`,
    ...(page.charts.length > 0 ? [...librarySourcesInline().map((src) => `<script>${src}</script>`), `<script>${BOOT}</script>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The run report.

const THROUGHPUT_LABEL: Record<string, string> = {
  requestRate: 'request rate (/s)',
  responseRate: 'response rate (/s)',
  goodput: 'goodput, ok responses (/s)',
};

/** A count from the summary's outcome counts (absent outcomes are blank). */
function count(counts: Record<string, unknown>, key: string): Cell {
  const v = counts[key];
  return typeof v === 'number' ? v : '';
}

export function runHtml(summary: Summary, scenarioText: string, charts: readonly Chart[], reproduce: string): string {
  const { stamp, requests, latency, latencyOk } = summary;
  // total, ok, error, then any other outcome the summary counts (timeout, dropped, ...), in its order.
  const outcomes = ['total', ...Object.keys(requests.measured).filter((k) => k !== 'total')];
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(3)}%` : '–');
  const num = (x: number, digits = 1): Cell => ({ html: escapeHtml(Number.isFinite(x) ? x.toFixed(digits) : '–'), num: true });
  const latencyRow = (name: string, l: Summary['latency']): Cell[] => [
    name,
    l.count,
    ...[l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.p999, l.max].map((x): Cell => ({ html: escapeHtml(ms(x)), num: true })),
  ];
  const sections = [
    section(
      'results',
      'Results',
      table(
        ['requests', ...outcomes],
        [
          ['issued', ...outcomes.map((o) => count(requests as unknown as Record<string, unknown>, o))],
          ['measured', ...outcomes.map((o) => count(requests.measured as unknown as Record<string, unknown>, o))],
        ],
      ) +
        '\n' +
        table(
          ['', 'count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'],
          [latencyRow('latency (ms)', latency), ...(requests.measured.ok < requests.measured.total ? [latencyRow('successful only', latencyOk)] : [])],
          `Latency of the measured requests (${latency.method === 'exact' ? 'exact percentiles' : 'HDR histogram, within 0.1%'})`,
        ) +
        '\n' +
        table(
          ['figure', 'value'],
          [
            ['success', { html: escapeHtml(pct(summary.success)), num: true }],
            ...Object.entries(summary.throughput).map(([k, v]): Cell[] => [THROUGHPUT_LABEL[k] ?? `${k} (/s)`, num(Number(v))]),
            ['requests that waited in a queue', { html: escapeHtml(pct(summary.queueing.waitedFraction)), num: true }],
            ['mean wait (ms)', num(summary.queueing.meanWaitMs, 3)],
            ['mean number in system', num(summary.queueing.meanInSystem, 3)],
            ['simulated time (s)', num(summary.run.simulatedMs / 1000, 3)],
            ['events', summary.run.events],
          ],
        ),
    ),
  ];
  const groups = groupNodes(summary.nodes);
  const range = (u: { mean: number; min: number; max: number } | null) =>
    u === null ? '' : u.min === u.max ? `${(u.mean * 100).toFixed(1)}%` : `${(u.mean * 100).toFixed(1)}% (${(u.min * 100).toFixed(1)}–${(u.max * 100).toFixed(1)}%)`;
  const after = [
    section(
      'nodes',
      'Nodes',
      table(
        ['node', 'kind', 'count', 'calls', 'utilization', 'mean queue', 'max queue', 'mean wait (ms)'],
        groups.map((g) => [
          g.id,
          g.kind,
          g.count,
          g.calls,
          { html: escapeHtml(range(g.utilization)), num: true },
          g.queue ? num(g.queue.mean, 3) : '',
          g.queue ? g.queue.max : '',
          g.queue ? num(g.queue.meanWait, 2) : '',
        ]),
        'Nodes of a pool gathered in one line: utilization mean (min–max over the pool)',
      ),
    ),
  ];
  return renderPage({
    title: `${stamp.scenario}: run (lightcone)`,
    heading: `Run: ${stamp.scenario}`,
    lead: `seed ${stamp.seed}; ${stamp.file}`,
    sections,
    charts,
    after,
    stamp,
    reproduce,
    scenarioText,
  });
}

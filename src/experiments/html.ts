/**
 * The HTML pages of `lightcone compare` and `lightcone sweep`: the variants (or points) with their
 * intervals, the ratios against the baseline, every replication; on the run report's page shell
 * (report/html.ts), so the three reports look alike and share one escaping discipline.
 */
import { METRICS, type CompareResult, type CompareStamp, type Interval, type MetricName, type RatioInterval, type SweepResult } from './result.js';
import type { Chart } from '../report/charts/common.js';
import { escapeHtml } from '../report/escape.js';
import { code, ms, paragraph, renderPage, section, table, type Cell, type HeaderCell, type Section } from '../report/html.js';

function value(metric: MetricName, x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (metric === 'success') return `${(x * 100).toFixed(3)}%`;
  if (metric === 'throughput') return x.toFixed(1);
  return ms(x);
}

function factor(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(x >= 10 ? 1 : 2)}x` : '–';
}

const METRIC_HEADER: Record<MetricName, string> = {
  p50: 'p50 (ms)',
  p90: 'p90 (ms)',
  p99: 'p99 (ms)',
  p999: 'p99.9 (ms)',
  mean: 'mean (ms)',
  success: 'success',
  throughput: 'throughput (/s)',
};

/** A cell: the mean, and below it the 95% interval. */
function intervalCell(metric: MetricName, i: Interval): Cell {
  const ci = Number.isFinite(i.lo) && Number.isFinite(i.hi) ? `${value(metric, i.lo)} – ${value(metric, i.hi)}` : 'no CI';
  return { html: `${escapeHtml(value(metric, i.mean))}<span class="ci">${escapeHtml(ci)}</span>`, num: true };
}

function ratioCell(r: RatioInterval): Cell {
  const ci = Number.isFinite(r.lo) && Number.isFinite(r.hi) ? `${factor(r.lo)} – ${factor(r.hi)}` : 'no CI';
  return { html: `${escapeHtml(factor(r.ratio))}<span class="ci">${escapeHtml(ci)}</span>`, num: true };
}

/** A `--set` path as a header, with a line-break opportunity after each dot (paths are long, single words). */
function pathHeader(path: string): HeaderCell {
  return { html: escapeHtml(path).replace(/\./g, '.<wbr>') };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function seedsText(stamp: CompareStamp): string {
  return stamp.seeds.first === stamp.seeds.last ? `seed ${stamp.seeds.first}` : `seeds ${stamp.seeds.first}..${stamp.seeds.last}`;
}

export function compareHtml(result: CompareResult, scenarioText: string, charts: readonly Chart[], reproduce: string): string {
  const { stamp, variants } = result;
  const sections: Section[] = [];
  const said = [...result.verdict, ...result.warnings, ...(result.summary !== undefined ? [result.summary] : [])];
  if (said.length > 0) {
    sections.push(section('verdict', 'Verdict', `<div class="verdict"><ul>${said.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul></div>`));
  }
  sections.push(
    section(
      'variants',
      'Variants',
      paragraph(`Each figure is the mean over ${plural(stamp.replications, 'replication')} with its 95% confidence interval below it; every variant ran on the same ${seedsText(stamp)}.`) +
        '\n' +
        table(
          ['variant', ...METRICS.map((m) => METRIC_HEADER[m])],
          variants.map((v) => [
            { html: `${escapeHtml(v.name)}${v.set.map((s) => `<span class="set">${code(s)}</span>`).join('')}` },
            ...METRICS.map((m) => intervalCell(m, v.metrics[m])),
          ]),
        ),
    ),
  );
  if (variants.length > 1) {
    sections.push(
      section(
        'baseline',
        `Against ${variants[0].name}`,
        paragraph(
          `Ratio of each variant to the baseline (${variants[0].name}): the geometric mean of the paired ratios on the same seed, with its 95% confidence interval. Below 1x is faster.`,
        ) +
          '\n' +
          table(
            ['variant', 'p50', 'p99', 'mean'],
            variants.slice(1).map((v) => [v.name, ratioCell(v.vsBaseline.p50), ratioCell(v.vsBaseline.p99), ratioCell(v.vsBaseline.mean)]),
          ),
      ),
    );
  }
  const perReplication = variants.flatMap((v) =>
    v.perReplication.map((r): Cell[] => [v.name, r.seed, ...METRICS.map((m) => ({ html: escapeHtml(value(m, r[m])), num: true }))]),
  );
  const after = [
    section(
      'replications',
      'Replications',
      `<details><summary>Every replication's figures (${perReplication.length} rows)</summary>\n${table(['variant', 'seed', ...METRICS.map((m) => METRIC_HEADER[m])], perReplication)}\n</details>`,
    ),
  ];
  return renderPage({
    title: `${stamp.scenario}: compare (lightcone)`,
    heading: `Compare: ${stamp.scenario}`,
    lead: `${plural(variants.length, 'variant')} x ${plural(stamp.replications, 'replication')}, ${seedsText(stamp)}; ${stamp.file}`,
    sections,
    charts,
    after,
    stamp,
    stampRows: experimentRows(stamp),
    reproduce,
    scenarioText,
  });
}

export function sweepHtml(result: SweepResult, scenarioText: string, charts: readonly Chart[], reproduce: string): string {
  const { stamp, axes, points } = result;
  const axesText = axes.map((a) => `${a.path} in ${a.values.join(', ')}`).join('; ');
  const sections = [
    section(
      'points',
      'Points',
      paragraph(`Each figure is the mean over ${plural(stamp.replications, 'replication')} with its 95% confidence interval below it; every point ran on the same ${seedsText(stamp)}.`) +
        '\n' +
        table(
          [...axes.map((a) => pathHeader(a.path)), ...METRICS.map((m) => METRIC_HEADER[m])],
          points.map((p) => [...p.values, ...METRICS.map((m) => intervalCell(m, p.metrics[m]))]),
        ),
    ),
  ];
  return renderPage({
    title: `${stamp.scenario}: sweep (lightcone)`,
    heading: `Sweep: ${stamp.scenario}`,
    lead: `${plural(points.length, 'point')} x ${plural(stamp.replications, 'replication')}, ${seedsText(stamp)}; ${axesText}`,
    sections,
    charts,
    stamp,
    stampRows: experimentRows(stamp),
    reproduce,
    scenarioText,
  });
}

/** How an experiment was seeded, for the stamp table. */
function experimentRows(stamp: CompareStamp): [string, string][] {
  return [
    ['command', stamp.command],
    ['seeds', stamp.seeds.first === stamp.seeds.last ? String(stamp.seeds.first) : `${stamp.seeds.first}..${stamp.seeds.last}`],
    ['replications', String(stamp.replications)],
  ];
}

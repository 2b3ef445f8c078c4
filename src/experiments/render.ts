/**
 * The outputs of compare and sweep: the text tables `lightcone compare`/`sweep` print, the JSON
 * document (`--json`, summary.json) and the CSV files. Pure functions of the result: nothing here
 * reads a clock, so the same result gives the same bytes.
 */
import { checkLinesOf, METRICS, type CompareResult, type Interval, type MetricName, type RatioInterval, type SweepResult, type VariantResult } from './result.js';
import { formatFactor } from './verdict.js';

/** How each metric is named in tables and how its values are written. */
const METRIC_LABEL: Record<MetricName, string> = {
  p50: 'p50 (ms)',
  p90: 'p90 (ms)',
  p99: 'p99 (ms)',
  p999: 'p99.9 (ms)',
  mean: 'mean latency (ms)',
  success: 'success',
  throughput: 'throughput (responses/s)',
};

/** A latency: 3 decimals below 10 ms, 2 below 100, 1 beyond (decided by `scale`, x itself by default). */
function ms(x: number, scale = x): string {
  if (!Number.isFinite(x)) return '-';
  const a = Math.abs(scale);
  return x.toFixed(a < 10 ? 3 : a < 100 ? 2 : 1);
}

/** A value of `metric` as tables show it; `scale` picks the decimals (to write a half-width like its mean). */
export function formatValue(metric: MetricName, x: number, scale = x): string {
  if (!Number.isFinite(x)) return '-';
  if (metric === 'success') return `${(x * 100).toFixed(3)}%`;
  if (metric === 'throughput') return x.toFixed(1);
  return ms(x, scale);
}

function interval(metric: MetricName, i: Interval): string {
  if (!Number.isFinite(i.lo) || !Number.isFinite(i.hi)) return Number.isFinite(i.mean) ? 'n/a (1 replication)' : '-';
  return `${formatValue(metric, i.lo, i.mean)}..${formatValue(metric, i.hi, i.mean)}`;
}

function ratio(r: RatioInterval): string {
  if (!Number.isFinite(r.ratio)) return '-';
  if (!Number.isFinite(r.lo) || !Number.isFinite(r.hi)) return `${formatFactor(r.ratio)} (no CI)`;
  return `${formatFactor(r.ratio)} (${formatFactor(r.lo)}..${formatFactor(r.hi)})`;
}

/** The first `left` columns left-aligned, the others right-aligned, two spaces apart. */
function table(header: string[], rows: string[][], left = 1): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => (c < left ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderCompare(result: CompareResult): string {
  const { stamp, variants } = result;
  const n = variants.length;
  const lines: string[] = [];
  lines.push(
    `${stamp.scenario}  (${stamp.file}): ${n} ${n === 1 ? 'variant' : 'variants'} x ${stamp.replications} ${stamp.replications === 1 ? 'replication' : 'replications'}, ` +
      `seeds ${stamp.seeds.first}..${stamp.seeds.last}, the same for every variant`,
  );
  for (const m of METRICS) {
    lines.push('');
    lines.push(...table([METRIC_LABEL[m], 'mean', '95% CI'], variants.map((v) => [v.name, formatValue(m, v.metrics[m].mean), interval(m, v.metrics[m])])));
  }
  if (n > 1) {
    lines.push('');
    lines.push(`against ${variants[0].name}: geometric mean of the paired ratios (same seed), 95% CI`);
    const ratios = (v: VariantResult) => [v.name, ratio(v.vsBaseline.p50), ratio(v.vsBaseline.p99), ratio(v.vsBaseline.mean)];
    lines.push(...table(['variant', 'p50', 'p99', 'mean'], variants.slice(1).map(ratios)));
    lines.push('');
    lines.push(...result.verdict);
    if (result.warnings.length > 0) lines.push(...result.warnings);
    if (result.summary !== undefined) lines.push(result.summary);
  }
  const checked = checkLinesOf(variants);
  if (checked.length > 0) lines.push('', ...checked);
  return lines.join('\n');
}

export function renderSweep(result: SweepResult): string {
  const { stamp, axes, points } = result;
  const lines: string[] = [];
  lines.push(
    `${stamp.scenario}  (${stamp.file}): ${points.length} ${points.length === 1 ? 'point' : 'points'} x ${stamp.replications} ${stamp.replications === 1 ? 'replication' : 'replications'}, ` +
      `seeds ${stamp.seeds.first}..${stamp.seeds.last}, the same for every point`,
  );
  lines.push('mean ± half-width of the 95% CI; latencies in ms, throughput in responses/s');
  lines.push('');
  const label: Record<MetricName, string> = { ...METRIC_LABEL, p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p99.9', mean: 'mean', throughput: 'throughput' };
  const cell = (m: MetricName, i: Interval) => {
    if (!Number.isFinite(i.lo) || !Number.isFinite(i.hi)) return formatValue(m, i.mean);
    const half = (i.hi - i.lo) / 2;
    return `${formatValue(m, i.mean)} ±${formatValue(m, half, i.mean)}`;
  };
  const header = [...axes.map((a) => a.path), ...METRICS.map((m) => label[m])];
  const rows = points.map((p) => [...p.values, ...METRICS.map((m) => cell(m, p.metrics[m]))]);
  lines.push(...table(header, rows, axes.length));
  const warned = points.flatMap((p) => (p.warnings ?? []).map((w) => `warning: ${p.name}: ${w}`));
  if (warned.length > 0) lines.push('', ...warned);
  const checked = checkLinesOf(points);
  if (checked.length > 0) lines.push('', ...checked);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON and CSV.

/** Stable JSON: key order as built, two-space indent, a final newline; NaN and infinities as null. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

/**
 * The result as `--json` prints it and summary.json holds it: every figure, without the time
 * series of the charts (they grow with the system's size: seriesJson has them, for series.json).
 */
export function resultJson(result: CompareResult | SweepResult): string {
  if (!('variants' in result)) return stableJson(result);
  return stableJson({ ...result, variants: result.variants.map(({ series: _, ...v }) => v) });
}

/** series.json of a compare: each variant's time series of replication 0 (latency per window, calls in each server, shares, clocks). */
export function seriesJson(result: CompareResult): string {
  return stableJson({ variants: result.variants.map((v) => ({ name: v.name, series: v.series })) });
}

/**
 * A CSV field: quoted when it holds a comma, a quote or a line break; NaN as empty. Text that a
 * spreadsheet would take for a formula (it begins with =, +, -, @, a tab or a carriage return, and
 * is not a plain number) is neutralized the usual way, with a leading apostrophe: a variant named
 * `=HYPERLINK(...)` stays text.
 */
export function csvField(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = /^[=+\-@\t\r]/.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const csvLine = (cells: (string | number)[]) => cells.map(csvField).join(',');

/** variants.csv: one row per variant per metric: mean, lo, hi, and for p50, p99 and mean the paired ratio. */
export function variantsCsv(result: CompareResult): string {
  const lines = [csvLine(['variant', 'metric', 'mean', 'lo', 'hi', 'ratio', 'ratio_lo', 'ratio_hi'])];
  for (const v of result.variants) {
    for (const m of METRICS) {
      const i = v.metrics[m];
      const r = (v.vsBaseline as Partial<Record<MetricName, RatioInterval>>)[m];
      lines.push(csvLine([v.name, m, i.mean, i.lo, i.hi, r?.ratio ?? '', r?.lo ?? '', r?.hi ?? '']));
    }
  }
  return lines.join('\n') + '\n';
}

/** replications.csv: one row per variant (or sweep point) and replication, with its seed and figures. */
export function replicationsCsv(result: CompareResult | SweepResult): string {
  if ('variants' in result) {
    const lines = [csvLine(['variant', 'replication', 'seed', ...METRICS])];
    for (const v of result.variants) v.perReplication.forEach((f, r) => lines.push(csvLine([v.name, r, f.seed, ...METRICS.map((m) => f[m])])));
    return lines.join('\n') + '\n';
  }
  const lines = [csvLine([...result.axes.map((a) => a.path), 'replication', 'seed', ...METRICS])];
  for (const p of result.points) p.perReplication.forEach((f, r) => lines.push(csvLine([...p.values, r, f.seed, ...METRICS.map((m) => f[m])])));
  return lines.join('\n') + '\n';
}

/** sweep.csv: one row per point: the axis values, the replications, then mean, lo and hi of each metric. */
export function sweepCsv(result: SweepResult): string {
  const lines = [csvLine([...result.axes.map((a) => a.path), 'replications', ...METRICS.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`])])];
  for (const p of result.points) {
    lines.push(csvLine([...p.values, p.replications, ...METRICS.flatMap((m) => [p.metrics[m].mean, p.metrics[m].lo, p.metrics[m].hi])]));
  }
  return lines.join('\n') + '\n';
}

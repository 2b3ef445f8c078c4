/**
 * Writes a report directory: `report.html` (one self-contained file) and `charts/<name>.svg`
 * (plus `charts/<name>.png` when asked). Each function returns the paths it wrote, in a fixed
 * order: report.html, then for each chart in report order its .svg (and its .png).
 *
 * vega, vega-lite and resvg are loaded here on first use (see render.ts), never by a plain run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCharts, type Chart } from './charts/index.js';
import { runHtml } from './html.js';
import { renderSvg, svgToPng } from './render.js';
import type { RunSeries } from '../run/series.js';
import type { Summary } from '../run/summary.js';

export interface WriteReportOptions {
  /** Also write a PNG next to each SVG (default false). */
  png?: boolean;
  /** The command that reproduces the result (default: built from the stamp, as the CLI prints it). */
  reproduce?: string;
}

export async function writeRunReport(
  dir: string,
  summary: Summary,
  series: RunSeries,
  scenarioText: string,
  options: WriteReportOptions = {},
): Promise<string[]> {
  const charts = runCharts(summary, series);
  const { stamp } = summary;
  const reproduce = options.reproduce ?? command('run', stamp.file, ['--seed', String(stamp.seed)], [], stamp.overrides);
  return writeReport(dir, runHtml(summary, scenarioText, charts, reproduce), charts, options);
}

/** Renders every chart first, so that a chart that fails leaves no half-written report behind. */
export async function writeReport(dir: string, html: string, charts: readonly Chart[], options: WriteReportOptions): Promise<string[]> {
  const files: { path: string; data: string | Buffer }[] = [{ path: join(dir, 'report.html'), data: html }];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    files.push({ path: join(dir, 'charts', `${chart.name}.svg`), data: svg });
    if (options.png) files.push({ path: join(dir, 'charts', `${chart.name}.png`), data: await svgToPng(svg) });
  }
  mkdirSync(join(dir, 'charts'), { recursive: true });
  for (const f of files) writeFileSync(f.path, f.data);
  return files.map((f) => f.path);
}

// ---------------------------------------------------------------------------------------------
// Reproduce lines, as the CLI prints them.

function quote(s: string): string {
  return /^[\w./:=\[\]@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function command(name: string, file: string, flags: string[], vary: { path: string; values: string[] }[], set: readonly string[]): string {
  return [
    `lightcone ${name}`,
    quote(file),
    ...flags,
    ...vary.flatMap((a) => ['--vary', quote(`${a.path}=${a.values.join(',')}`)]),
    ...set.flatMap((o) => ['--set', quote(o)]),
  ].join(' ');
}

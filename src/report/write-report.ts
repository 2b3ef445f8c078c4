/**
 * Writes a report directory: `report.html` (one self-contained file) and `charts/<name>.svg`
 * (plus `charts/<name>.png` when asked). Each function returns the paths it wrote, in a fixed
 * order: report.html, then for each chart in report order its .svg (and its .png).
 *
 * vega, vega-lite and resvg are loaded here on first use (see render.ts), never by a plain run.
 */
import { join } from 'node:path';
import { runCharts, type Chart } from './charts/index.js';
import { runHtml } from './html.js';
import { renderSvg, svgToPng } from './render.js';
import { OutputSet } from './output.js';
import { reproduceRun } from './reproduce.js';
import type { RunSeries } from '../run/series.js';
import type { Summary } from '../run/summary.js';

export interface WriteReportOptions {
  /** Also write a PNG next to each SVG (default false). */
  png?: boolean;
  /** The command that reproduces the result (default: built from the stamp, as the CLI prints it). */
  reproduce?: string;
}

export async function writeRunReport(
  dir: string | OutputSet,
  summary: Summary,
  series: RunSeries,
  scenarioText: string,
  options: WriteReportOptions = {},
): Promise<string[]> {
  const charts = runCharts(summary, series);
  const { stamp } = summary;
  const reproduce = options.reproduce ?? reproduceRun(stamp.file, stamp.seed, stamp.overrides);
  return writeReport(dir, runHtml(summary, scenarioText, charts, reproduce), charts, options);
}

/**
 * Renders every chart first, then writes report.html and charts/ into `target`: an output folder
 * (written whole, or not at all, when everything is rendered) or a command's open output set (the
 * files join it, and appear when the command commits it). Returns the final paths.
 */
export async function writeReport(target: string | OutputSet, html: string, charts: readonly Chart[], options: WriteReportOptions): Promise<string[]> {
  const files: { path: string; data: string | Uint8Array }[] = [{ path: 'report.html', data: html }];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    files.push({ path: join('charts', `${chart.name}.svg`), data: svg });
    if (options.png) files.push({ path: join('charts', `${chart.name}.png`), data: await svgToPng(svg) });
  }
  const set = typeof target === 'string' ? OutputSet.open(target) : target;
  try {
    for (const f of files) set.write(f.path, f.data);
    if (typeof target === 'string') return set.commit();
  } catch (e) {
    if (typeof target === 'string') set.abort();
    throw e;
  }
  return files.map((f) => set.finalPath(f.path));
}

/**
 * Writes the report directory of `lightcone compare` and `lightcone sweep` (report.html and
 * charts/), as report/write-report.ts does for a run, and the commands that reproduce them.
 */
import type { CompareResult, MetricName, SweepResult } from './result.js';
import { writeReport, type WriteReportOptions } from '../report/write-report.js';
import { commandLine } from '../report/reproduce.js';
import type { OutputSet } from '../report/output.js';
import { compareCharts, DEFAULT_SWEEP_METRIC, sweepCharts } from './charts/index.js';
import { compareHtml, sweepHtml } from './html.js';

export async function writeCompareReport(dir: string | OutputSet, result: CompareResult, scenarioText: string, options: WriteReportOptions = {}): Promise<string[]> {
  const charts = compareCharts(result);
  const reproduce = options.reproduce ?? reproduceCompare(result);
  return writeReport(dir, compareHtml(result, scenarioText, charts, reproduce), charts, options);
}

export interface WriteSweepReportOptions extends WriteReportOptions {
  /** The metric the chart draws against the swept key (default p99; as `--metric`). */
  metric?: MetricName;
}

export async function writeSweepReport(dir: string | OutputSet, result: SweepResult, scenarioText: string, options: WriteSweepReportOptions = {}): Promise<string[]> {
  const charts = sweepCharts(result, { metric: options.metric });
  const reproduce = options.reproduce ?? reproduceSweep(result, options.metric);
  return writeReport(dir, sweepHtml(result, scenarioText, charts, reproduce), charts, options);
}

/** The axes of a compare, recovered from its variants' overrides (paths and values in first-seen order). */
function compareAxes(result: CompareResult): { path: string; values: string }[] {
  const axes = new Map<string, string[]>();
  for (const v of result.variants) {
    for (const s of v.set) {
      const eq = s.indexOf('=');
      const path = s.slice(0, eq);
      const value = s.slice(eq + 1);
      const values = axes.get(path) ?? [];
      if (!values.includes(value)) values.push(value);
      axes.set(path, values);
    }
  }
  return [...axes].map(([path, values]) => ({ path, values: values.join(',') }));
}

function experimentFlags(stamp: CompareResult['stamp']): string[] {
  return ['--seed', String(stamp.seeds.first), '--replications', String(stamp.replications)];
}

export function reproduceCompare(result: CompareResult): string {
  return commandLine('compare', result.stamp.file, experimentFlags(result.stamp), compareAxes(result), result.stamp.overrides);
}

/** The sweep command, with `--metric` when a metric other than the default was drawn. */
export function reproduceSweep(result: SweepResult, metric?: MetricName): string {
  const flags = [...experimentFlags(result.stamp), ...(metric !== undefined && metric !== DEFAULT_SWEEP_METRIC ? ['--metric', metric] : [])];
  return commandLine('sweep', result.stamp.file, flags, result.axes.map((a) => ({ path: a.path, values: a.values.join(',') })), result.stamp.overrides);
}

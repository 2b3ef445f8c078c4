/**
 * `lightcone compare <scenario> --vary path=v1,v2,...`: every variant replicated on the same seeds,
 * each figure with its 95% confidence interval, the paired ratios against the first variant and a
 * verdict; summary.json, variants.csv, replications.csv and the HTML report on disk.
 *
 * The shared part of `compare` and `sweep` lives here too (`experimentCommand`): choosing the axes,
 * replications, seed and threads, validating every variant before anything runs, Ctrl-C, progress,
 * files and the reproduce line.
 */
import { checkBuild } from '../run/check-build.js';
import { availableParallelism } from 'node:os';
import { loadScenario } from '../scenario/load.js';
import { countVariants, prepareExperiment, InterruptedError } from '../experiments/experiment.js';
import { DEFAULT_COMPARE_REPLICATIONS, runCompare } from '../experiments/compare.js';
import { DEFAULT_SWEEP_REPLICATIONS, runSweep } from '../experiments/sweep.js';
import { parseVary, type Axis, type WrittenAxis } from '../experiments/vary.js';
import { renderCompare, renderSweep, replicationsCsv, resultJson, seriesJson, sweepCsv, variantsCsv } from '../experiments/render.js';
import { METRICS, type CompareResult, type MetricName, type SweepResult } from '../experiments/result.js';
import { didYouMeanHint } from '../scenario/messages.js';
import { resolveScenario } from './scenario-path.js';
import { chooseSeed } from './seed.js';
import { progressBar } from './progress.js';
import { EXIT_INTERRUPTED, EXIT_OK, UsageError } from './exit-codes.js';
import { positiveInt } from './numbers.js';
import { OutputSet } from '../report/output.js';
import { commandLine } from '../report/reproduce.js';
import { defaultOutputDir, guardOutput } from './output.js';
import { cliLimits } from './limits.js';
import { printScenarioWarnings, printVaryWarnings } from './warnings.js';
import { checkRuns, LimitError } from '../scenario/limits.js';

export { EXIT_INTERRUPTED } from './exit-codes.js';

export interface ExperimentFlags {
  vary: string[];
  replications?: string;
  seed?: string;
  jobs?: string;
  json?: boolean;
  out?: string;
  set: string[];
  /** Also write charts/*.png. */
  png?: boolean;
  limit?: string[];
  /** compare: the metrics the verdict weighs, comma-separated; sweep: the metric the chart draws. */
  metric?: string;
}

export function compareCommand(scenarioArg: string, flags: ExperimentFlags): Promise<number> {
  return experimentCommand('compare', scenarioArg, flags);
}

export async function experimentCommand(command: 'compare' | 'sweep', scenarioArg: string, flags: ExperimentFlags): Promise<number> {
  const file = resolveScenario(scenarioArg);
  const limits = cliLimits(flags.limit);
  // compare weighs a list of metrics in its verdict; sweep draws one in its chart
  const flagMetrics = command === 'compare' && flags.metric !== undefined ? parseMetrics(flags.metric) : undefined;
  const metric = command === 'sweep' && flags.metric !== undefined ? parseMetric(flags.metric) : undefined;
  const base = loadScenario(file, flags.set, { limits });
  printScenarioWarnings(base);
  const block = base.spec[command];
  // --metric, else the file's `verdict: { metric }`, else the default (p99)
  const metrics: MetricName[] = flagMetrics ?? block?.verdict?.metrics ?? [];
  const vary: WrittenAxis[] = flags.vary.length > 0 ? flags.vary.map(parseVary) : (block?.vary ?? []);
  if (flags.vary.length > 0) printVaryWarnings(file, vary);
  if (vary.length === 0) {
    throw new UsageError(
      `nothing to ${command}: give --vary path=value,value,... (such as --vary topology[0].balancer.strategy=random,least-conn) ` +
        `or a ${command}: block in ${file}`,
    );
  }
  const replications =
    flags.replications !== undefined
      ? positiveInt(flags.replications, '--replications')
      : (block?.replications ?? (command === 'compare' ? DEFAULT_COMPARE_REPLICATIONS : DEFAULT_SWEEP_REPLICATIONS));
  const jobs = flags.jobs !== undefined ? positiveInt(flags.jobs, '--jobs') : availableParallelism();
  const { seed, drawn } = chooseSeed(flags.seed, base.spec.seed);
  const variantCount = countVariants(vary);
  try {
    checkRuns(variantCount * replications, limits); // before validating a million variants
  } catch (e) {
    if (e instanceof LimitError) throw new UsageError(`${command}: ${e.message} (${variantCount} x ${replications}); ${e.hint}`);
    throw e;
  }
  // Every variant is validated here, before anything runs (exit 2 on a bad path or value).
  const prepared = prepareExperiment({ file, text: base.text, set: flags.set, vary, limits, ...(flags.vary.length === 0 && { block: command }) });
  const total = prepared.variants.length * replications;
  // what only a built system can tell (fault and clock targets), at its place in the file, before anything runs
  for (const v of prepared.variants) checkBuild(v.scenario, seed);

  const threads = Math.min(jobs, total);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.on('SIGINT', onSigint);
  const n = prepared.variants.length;
  const what = command === 'compare' ? (n === 1 ? 'variant' : 'variants') : n === 1 ? 'point' : 'points';
  process.stderr.write(`${command}: ${n} ${what} x ${replications} ${replications === 1 ? 'replication' : 'replications'}, seeds ${seed}..${seed + replications - 1}, on ${threads} ${threads === 1 ? 'thread' : 'threads'} (Ctrl-C stops)\n`);
  const progress = await progressBar(command, total, flags.json === true);
  const started = process.hrtime.bigint();
  let result: CompareResult | SweepResult;
  try {
    const run = { replications, seed, jobs, metrics, signal: abort.signal, onProgress: (done: number, n: number) => progress.update(done, n) };
    result = command === 'compare' ? await runCompare(prepared, run) : await runSweep(prepared, run);
  } catch (e) {
    if (!(e instanceof InterruptedError)) throw e;
    progress.stop();
    process.stderr.write(`\ninterrupted: ${command} of ${file} stopped after ${e.done} of ${e.total} replications; nothing was written\n`);
    return EXIT_INTERRUPTED;
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;

  const out = flags.out ?? defaultOutputDir(base.spec.name, `${command}-${seed}`, flags.set);
  const json = resultJson(result);
  const reproduce = reproduceExperiment(command, file, seed, replications, prepared.axes, flags.set, metric ?? (metrics.length > 0 ? metrics.join(',') : undefined));
  const output = OutputSet.open(out);
  const unguard = guardOutput(output, `${command} of ${file}`);
  let written: string[];
  let problem: string | undefined;
  try {
    output.write('summary.json', json);
    if ('variants' in result) {
      output.write('series.json', seriesJson(result));
      output.write('variants.csv', variantsCsv(result));
    }
    else output.write('sweep.csv', sweepCsv(result));
    output.write('replications.csv', replicationsCsv(result));
    problem = await writeReport(output, result, base.text, reproduce, flags.png === true, metric);
    written = output.commit();
  } finally {
    output.abort();
    unguard();
  }

  if (flags.json) {
    process.stdout.write(json);
  } else {
    process.stdout.write(('variants' in result ? renderCompare(result) : renderSweep(result)) + '\n\n');
    process.stdout.write(`wrote ${written.join(', ')}\n`);
  }
  if (problem !== undefined) process.stderr.write(`warning: no HTML report: ${problem}\n`);
  process.stderr.write(
    `${drawn ? `seed ${seed} (drawn at random)\n` : ''}` +
      `${total} replications in ${wallS.toFixed(2)} s of wall time\n` +
      `Reproduce: ${reproduce}\n`,
  );
  return EXIT_OK;
}

/**
 * The HTML report and charts, staged with the data files; a failure to render them leaves the data
 * files standing (the problem is returned, to be printed as a warning).
 */
async function writeReport(
  output: OutputSet,
  result: CompareResult | SweepResult,
  scenarioText: string,
  reproduce: string,
  png: boolean,
  metric: MetricName | undefined,
): Promise<string | undefined> {
  try {
    const { writeCompareReport, writeSweepReport } = await import('../experiments/write-report.js');
    if ('variants' in result) await writeCompareReport(output, result, scenarioText, { reproduce, png });
    else await writeSweepReport(output, result, scenarioText, { reproduce, png, metric });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** `lightcone compare <file> --seed S --replications N [--metric M] --vary ... [--set ...]`. */
export function reproduceExperiment(
  command: 'compare' | 'sweep',
  file: string,
  seed: number,
  replications: number,
  axes: readonly Axis[],
  set: readonly string[],
  metric?: string,
): string {
  const flags = ['--seed', String(seed), '--replications', String(replications), ...(metric !== undefined ? ['--metric', metric] : [])];
  return commandLine(command, file, flags, axes.map((a) => ({ path: a.path, values: a.written })), set);
}

/** `--metric` of sweep: one metric. */
function parseMetric(text: string): MetricName {
  const names = parseMetrics(text);
  if (names.length !== 1) throw new UsageError(`--metric ${text}: expected one metric for the sweep chart, one of ${METRICS.join(', ')}; found ${names.length}`);
  return names[0];
}


/** `p99,success` as metric names; an unknown one is a usage error with a suggestion. */
export function parseMetrics(text: string): MetricName[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`--metric: expected one or more of ${METRICS.join(', ')}, comma-separated; found nothing`);
  for (const n of names) {
    if (!(METRICS as readonly string[]).includes(n)) {
      const hint = didYouMeanHint(n, [...METRICS, 'p99.9']);
      throw new UsageError(`--metric: expected one of ${METRICS.join(', ')}; found "${n}"${n === 'p99.9' ? ' (write p999)' : hint ? ` (${hint})` : ''}`);
    }
  }
  return [...new Set(names)] as MetricName[];
}

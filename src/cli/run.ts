/** `lightcone run <scenario>`: one simulation, a report on stdout, summary.json (and, when asked, latencies.csv and the HTML report) on disk. */
import { loadScenario } from '../scenario/load.js';
import { simulate } from '../run/simulate.js';
import { withBuildPositions } from '../scenario/build-problems.js';
import { summaryJson, type Summary } from '../run/summary.js';
import { renderSummary } from '../report/table.js';
import { LatencyCsv } from '../report/latency-csv.js';
import type { Request } from '../engine/request.js';
import { resolveScenario } from './scenario-path.js';
import { chooseSeed } from './seed.js';
import { reproduceRun } from '../report/reproduce.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from './exit-codes.js';
import { writeRunReport } from '../report/write-report.js';
import { OutputSet } from '../report/output.js';
import { defaultOutputDir, guardOutput } from './output.js';
import { cliLimits } from './limits.js';
import { printScenarioWarnings } from './warnings.js';
import { scenarioProgram } from '../run/program.js';
import type { LoadedProgram } from '../process/runtime.js';
import { fileSink, TraceWriter } from '../trace/writer.js';
import { historyText } from '../run/process-failures.js';
import { describeFailure } from '../run/failure.js';
import type { LoadedScenario } from '../scenario/load.js';

export interface RunFlags {
  seed?: string;
  set: string[];
  json?: boolean;
  out?: string;
  /** Write latencies.csv (one row per request): opt-in, since it is large and slows a long run down. */
  latencies?: boolean;
  exactLimit?: string;
  /** Write report.html and charts/*.svg (time series are collected for it). */
  report?: boolean;
  png?: boolean;
  limit?: string[];
  /** Write trace.jsonl: every event of the processes and their clients, or of the chain's requests. */
  trace?: boolean;
  /** The program of a scenario with processes (instead of, or without, its `program:`). */
  program?: string;
}

export async function runCommand(scenarioArg: string, flags: RunFlags): Promise<number> {
  const file = resolveScenario(scenarioArg);
  // --trace on a chain: its requests within the trace-requests limit, refused with the others before anything runs
  const scenario = loadScenario(file, flags.set, { limits: cliLimits(flags.limit), traced: flags.trace === true });
  printScenarioWarnings(scenario);
  const { seed, drawn } = chooseSeed(flags.seed, scenario.spec.seed);
  const out = flags.out ?? defaultOutputDir(scenario.spec.name, String(seed), scenario.overrides);
  const exactLimit = flags.exactLimit !== undefined ? parseCount(flags.exactLimit, '--exact-limit') : undefined;
  const program = await programOf(scenario, flags);
  const output = OutputSet.open(out);
  let unguard = () => {};
  let csv: LatencyCsv | null = null;
  let trace: TraceWriter | null = null;
  let wallMs: number;
  let summary: Summary;
  let written: string[];
  try {
    csv = flags.latencies === true ? new LatencyCsv(output.stagePath('latencies.csv')) : null;
    const onRequest = csv !== null ? (req: Request) => csv?.write(req) : undefined;
    const started = process.hrtime.bigint();
    trace = flags.trace === true ? new TraceWriter(fileSink(output.stagePath('trace.jsonl'))) : null;
    const result = withBuildPositions(scenario, () =>
      simulate(scenario, { seed, ...(onRequest !== undefined && { onRequest }), exactLimit, series: flags.report === true, ...(program !== undefined && { program }), ...(trace !== null && { trace }) }),
    );
    trace?.close();
    trace = null;
    wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    summary = result.summary;
    unguard = guardOutput(output, `run of ${file}`);
    csv?.close();
    csv = null;
    output.write('summary.json', summaryJson(summary));
    // the requests' histories: a view of the run's trace (trace/history.ts)
    const histories = result.requestHistory?.text() ?? '';
    if (histories !== '') output.write('history.jsonl', histories);
    if (result.processes?.hasWorkload === true) output.write('history.jsonl', historyText(result.processes));
    if (result.series) {
      await writeRunReport(output, summary, result.series, scenario.text, { reproduce: reproduceRun(file, seed, scenario.overrides), png: flags.png === true });
    }
    written = output.commit();
  } finally {
    csv?.close();
    trace?.close();
    output.abort();
    unguard();
  }

  const reproduce = reproduceRun(file, seed, scenario.overrides);
  if (flags.json) {
    process.stdout.write(summaryJson(summary));
  } else {
    process.stdout.write(renderSummary(summary) + '\n');
    process.stdout.write(`wrote ${written.join(', ')}\n`);
  }
  const failures = summary.failures ?? [];
  for (const f of failures) process.stderr.write(`FAILED ${describeFailure(f, seed)}\n`);
  process.stderr.write(`${drawn ? `seed ${seed} (drawn at random)\n` : ''}ran in ${(wallMs / 1000).toFixed(2)} s of wall time\nReproduce: ${reproduce}${flags.program !== undefined ? ` --program ${flags.program}` : ''}\n`);
  return failures.length > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
}

/**
 * The program of a scenario with processes, loaded: `--program` (relative to the working folder)
 * or the scenario's `program:`. A scenario without processes runs no code, and takes no --program.
 */
export async function programOf(scenario: LoadedScenario, flags: { program?: string }): Promise<LoadedProgram | undefined> {
  if (scenario.spec.processes === undefined && flags.program !== undefined) throw new UsageError(`--program: the scenario ${scenario.file} has no processes: to run a program on`);
  return scenarioProgram(scenario, flags);
}

function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag}: expected a whole number; found "${text}"`);
  return Number(text);
}

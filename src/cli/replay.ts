/**
 * `lightcone replay <scenario> --seed S [--until N] [--double]`: runs one seed again, exactly, and
 * prints its summary with its checks and failures; `--until N` stops right after event N (numbered
 * as failures name them: trace.jsonl's numbers with processes, else 1, 2, ... in firing order) and
 * prints the state of every node as JSON; `--double` runs
 * the seed twice and compares the runs event by event; `--trace` writes the run's trace.jsonl,
 * messages.svg and diagram.html (a scenario with processes). Writes nothing else. Exit code 1 when
 * the run has failures (or the two runs differ), 0 when not.
 */
import { loadScenario } from '../scenario/load.js';
import { withBuildPositions } from '../scenario/build-problems.js';
import { simulate, type SimulateResult } from '../run/simulate.js';
import { OutputSet } from '../report/output.js';
import { defaultOutputDir, guardOutput } from './output.js';
import { programOf } from './run.js';
import { writeTracedRun } from './traced-run.js';
import { stringSink, teeSink, TraceWriter } from '../trace/writer.js';
import { parseTrace } from '../trace/read.js';
import { TraceComparison, describeTraceDifference } from '../trace/compare.js';
import type { TraceEvent } from '../trace/event.js';
import { summaryJson } from '../run/summary.js';
import { runState } from '../run/state.js';
import { renderSummary } from '../report/table.js';
import { reproduceRun, commandLine } from '../report/reproduce.js';
import { Fingerprint, describeDivergence, divergence } from '../engine/fingerprint.js';
import { resolveScenario } from './scenario-path.js';
import { chooseSeed } from './seed.js';
import { describeFailure } from '../run/failure.js';
import { cliLimits } from './limits.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UsageError } from './exit-codes.js';

export interface ReplayFlags {
  seed?: string;
  until?: string;
  double?: boolean;
  json?: boolean;
  set: string[];
  limit?: string[];
  /** Write trace.jsonl, messages.svg and diagram.html of the run. */
  trace?: boolean;
  out?: string;
  /** The program of a scenario with processes (instead of its `program:`). */
  program?: string;
}

export async function replayCommand(scenarioArg: string, flags: ReplayFlags): Promise<number> {
  const file = resolveScenario(scenarioArg);
  const limits = cliLimits(flags.limit);
  const scenario = loadScenario(file, flags.set, { limits, traced: flags.trace === true });
  const { seed, drawn } = chooseSeed(flags.seed, scenario.spec.seed);
  const until = flags.until !== undefined ? eventNumber(flags.until) : undefined;
  const program = await programOf(scenario, flags);
  const withProgram = program !== undefined ? { program } : {};
  const fingerprint = flags.double ? new Fingerprint() : undefined;
  /** --double on a scenario with processes, or with --trace: the two runs' traces, compared event by event. */
  const traces = flags.double === true && (program !== undefined || flags.trace === true) ? new TraceComparison() : null;
  const err: string[] = [];
  let result: SimulateResult;
  /** A run with processes stopped at --until: its trace so far, for the messages in flight. */
  let events: TraceEvent[] | undefined;
  if (flags.trace === true) {
    const out = flags.out ?? defaultOutputDir(scenario.spec.name, `replay-${seed}`, flags.set);
    const output = OutputSet.open(out);
    const unguard = guardOutput(output, `replay of ${file}`);
    try {
      // --double: this run is the first of the two, its trace also going to the comparison
      const traced = withBuildPositions(scenario, () =>
        writeTracedRun(output, '', scenario, seed, program, { limits, ...(until !== undefined && { untilEvent: until }), ...(fingerprint && { fingerprint }), ...(traces !== null && { alsoTo: traces.first }) }),
      );
      result = traced.result;
      events = traced.trace;
      const written = output.commit();
      err.push(`trace: ${traced.events.toLocaleString('en-US')} events${traced.note !== '' ? ` (${traced.note})` : ''}; wrote ${written.join(', ')}`);
    } finally {
      output.abort();
      unguard();
    }
  } else {
    // --until: the trace so far, for the messages in flight; --double: the trace to compare; both: one run, its trace to both
    const sink = until !== undefined && program !== undefined ? stringSink() : undefined;
    const to = sink !== undefined && traces !== null ? teeSink(sink, traces.first) : (sink ?? traces?.first);
    const trace = to !== undefined ? new TraceWriter(to) : undefined;
    result = withBuildPositions(scenario, () => simulate(scenario, { seed, ...withProgram, ...(until !== undefined && { untilEvent: until }), ...(fingerprint && { fingerprint }), ...(trace && { trace }) }));
    trace?.close();
    if (sink !== undefined) events = parseTrace(sink.text()).events;
  }
  const summary = result.summary;
  const failures = summary.failures ?? [];
  if (drawn) err.push(`seed ${seed} (drawn at random)`);

  let differs = false;
  if (fingerprint !== undefined) {
    const again = new Fingerprint();
    const w2 = traces !== null ? new TraceWriter(traces.second) : undefined;
    const second = simulate(scenario, { seed, ...withProgram, ...(until !== undefined && { untilEvent: until }), fingerprint: again, ...(w2 !== undefined && { trace: w2 }) }).summary;
    w2?.close();
    const t = traces?.difference() ?? null;
    const d = divergence(fingerprint, again);
    differs = d !== null || t !== null || summaryJson(second) !== summaryJson(summary);
    err.push(
      t !== null
        ? `NONDETERMINISTIC: the two runs of seed ${seed} differ at ${describeTraceDifference(t)}`
        : d !== null
        ? `NONDETERMINISTIC: the two runs of seed ${seed} differ at ${describeDivergence(d)}`
        : differs
          ? `NONDETERMINISTIC: the two runs of seed ${seed} fired the same ${fingerprint.length} events but their summaries differ`
          : `deterministic: two runs of seed ${seed}, ${fingerprint.length} identical events`,
    );
  }

  if (until !== undefined) {
    const state = runState(result.sim, events, result.processes?.lastEvent);
    if (state.event < until) err.push(`the run ended after event ${state.event}, before event ${until}: the state at its end`);
    process.stdout.write(JSON.stringify({ seed, ...state }, null, 2) + '\n');
  } else if (flags.json) {
    process.stdout.write(summaryJson(summary));
  } else {
    process.stdout.write(renderSummary(summary) + '\n');
  }
  for (const f of failures) err.push(`FAILED ${describeFailure(f, seed)}`);
  const flagsOut = ['--seed', String(seed), ...(until !== undefined ? ['--until', String(until)] : []), ...(flags.double ? ['--double'] : []), ...(flags.program !== undefined ? ['--program', flags.program] : [])];
  err.push(`Replay: ${commandLine('replay', file, flagsOut, [], scenario.overrides)}`, `Reproduce: ${reproduceRun(file, seed, scenario.overrides)}`);
  process.stderr.write(err.join('\n') + '\n');
  return failures.length > 0 || differs ? EXIT_CHECK_FAILED : EXIT_OK;
}

function eventNumber(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--until: expected an event number, a whole number of at least 1; found "${text}"`);
  return n;
}

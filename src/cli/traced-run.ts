/**
 * One run of a scenario, again, with its trace and its diagram (and, with a workload, its
 * clients' history.jsonl; for a chain with `history: true`, its requests' history.jsonl) written
 * into an output folder: what `hunt` writes for its failing seed and `replay --trace` for the seed
 * it replays. A scenario with processes traces their events; one without, its chain's requests
 * (trace/chain.ts). The run goes to `trace.jsonl` as it happens (trace/writer.ts), is read back, and drawn
 * (report/diagram/: `messages.svg` around the violation, when there is one, and `diagram.html`).
 */
import { simulate, type SimulateOptions, type SimulateResult } from '../run/simulate.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { LoadedProgram } from '../process/runtime.js';
import type { Limits } from '../scenario/limits.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { fileSink, teeSink, TraceWriter, type TraceSink } from '../trace/writer.js';
import { readTraceFile, TraceTooLargeError } from '../trace/read.js';
import { writeDiagram, type DiagramWritten } from '../report/diagram/write.js';
import type { OutputSet } from '../report/output.js';
import type { TraceEvent } from '../trace/event.js';
import { historyText } from '../run/process-failures.js';

export interface TracedRun {
  result: SimulateResult;
  /** Events in trace.jsonl. */
  events: number;
  /** The trace, read back (absent: over the `trace-events` limit). */
  trace?: TraceEvent[];
  /** The diagram (absent: the trace is over the `trace-events` limit, see `note`). */
  diagram?: DiagramWritten;
  /** Why there is no diagram, or which window messages.svg draws. */
  note: string;
}

/**
 * Runs `scenario` with `seed` (and `options`), writing `<dir>trace.jsonl`, `<dir>messages.svg`,
 * `<dir>diagram.html` and, with a workload, `<dir>history.jsonl` (what a history failure names) into `output`; `options.alsoTo` gets the trace too (`replay --double`'s
 * comparison), and `options.fingerprint` the run's events.
 */
export function writeTracedRun(
  output: OutputSet,
  dir: string,
  scenario: LoadedScenario,
  seed: number,
  program: LoadedProgram | undefined,
  options: { limits?: Limits; alsoTo?: TraceSink } & Pick<SimulateOptions, 'untilEvent' | 'fingerprint'> = {},
): TracedRun {
  const path = output.stagePath(`${dir}trace.jsonl`);
  const file = fileSink(path);
  const trace = new TraceWriter(options.alsoTo !== undefined ? teeSink(file, options.alsoTo) : file);
  let result: SimulateResult;
  try {
    result = simulate(scenario, {
      seed,
      ...(program !== undefined && { program }),
      trace,
      ...(options.untilEvent !== undefined && { untilEvent: options.untilEvent }),
      ...(options.fingerprint !== undefined && { fingerprint: options.fingerprint }),
    });
  } finally {
    trace.close();
  }
  if (result.processes?.hasWorkload === true) output.write(`${dir}history.jsonl`, historyText(result.processes));
  const histories = result.requestHistory?.text() ?? '';
  if (histories !== '') output.write(`${dir}history.jsonl`, histories);
  const limit = (options.limits ?? DEFAULT_LIMITS)['trace-events'];
  try {
    const t = readTraceFile(path, { maxEvents: limit });
    const diagram = writeDiagram(output, t.header, t.events, dir !== '' ? { dir } : {});
    return { result, events: trace.events, trace: t.events, diagram, note: diagram.window.note };
  } catch (e) {
    if (!(e instanceof TraceTooLargeError)) throw e;
    return { result, events: trace.events, note: `the trace has ${trace.events} events, over --limit trace-events=${limit}: no diagram (draw it with lightcone diagram ${dir}trace.jsonl --limit trace-events=N)` };
  }
}

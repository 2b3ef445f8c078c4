/**
 * One run of a scenario with processes, again, with its trace and its diagram written into an
 * output folder: what `hunt` writes for its failing seed and `replay --trace` for the seed it
 * replays. The run goes to `trace.jsonl` as it happens (trace/writer.ts), is read back, and drawn
 * (report/diagram/: `messages.svg` around the violation, when there is one, and `diagram.html`).
 */
import { simulate, type SimulateOptions, type SimulateResult } from '../run/simulate.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { LoadedProgram } from '../process/runtime.js';
import type { Limits } from '../scenario/limits.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { fileSink, TraceWriter } from '../trace/writer.js';
import { readTraceFile, TraceTooLargeError } from '../trace/read.js';
import { writeDiagram, type DiagramWritten } from '../report/diagram/write.js';
import type { OutputSet } from '../report/output.js';
import type { TraceEvent } from '../trace/event.js';

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

/** Runs `scenario` with `seed` (and `options`), writing `<dir>trace.jsonl`, `<dir>messages.svg` and `<dir>diagram.html` into `output`. */
export function writeTracedRun(
  output: OutputSet,
  dir: string,
  scenario: LoadedScenario,
  seed: number,
  program: LoadedProgram,
  options: { limits?: Limits } & Pick<SimulateOptions, 'untilEvent'> = {},
): TracedRun {
  const path = output.stagePath(`${dir}trace.jsonl`);
  const trace = new TraceWriter(fileSink(path));
  let result: SimulateResult;
  try {
    result = simulate(scenario, { seed, program, trace, ...(options.untilEvent !== undefined && { untilEvent: options.untilEvent }) });
  } finally {
    trace.close();
  }
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

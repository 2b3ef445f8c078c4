/**
 * `lightcone diagram <trace.jsonl>`: the space-time diagram of a run's trace, as messages.svg and a
 * self-contained diagram.html, in the run's report folder (`reports/<scenario>/<seed>/`) unless
 * `--out` says otherwise. The trace is read as a stream and checked line by line; a line that is not
 * an event of the format, or a trace over `--limit trace-events=N`, stops the command with exit 2
 * before anything is written.
 */
import { resolve } from 'node:path';
import { countLines, readTraceFile, TraceError, TraceTooLargeError } from '../trace/read.js';
import { writeDiagram } from '../report/diagram/write.js';
import { WindowChoiceError } from '../report/diagram/window.js';
import { OutputSet } from '../report/output.js';
import { overLimit } from '../scenario/limits.js';
import { parseDuration, UnitError } from '../scenario/units.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exit-codes.js';
import { cliLimits } from './limits.js';
import { defaultOutputDir, guardOutput } from './output.js';

export interface DiagramFlags {
  out?: string;
  svgOnly?: boolean;
  from?: string;
  to?: string;
  around?: string;
  limit?: string[];
}

/** `--from 1.5s`, `--from 1500ms` or `--from 1500` (ms). */
function parseTime(flag: string, text: string): number {
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Number(text);
  try {
    return parseDuration(text);
  } catch (e) {
    if (!(e instanceof UnitError)) throw e;
    throw new UsageError(`${flag}: expected a virtual time such as 1500ms, 1.5s or 1500 (ms); found ${JSON.stringify(text)}`);
  }
}

export function diagramCommand(file: string, flags: DiagramFlags): number {
  const limits = cliLimits(flags.limit);
  const fromMs = flags.from === undefined ? undefined : parseTime('--from', flags.from);
  const toMs = flags.to === undefined ? undefined : parseTime('--to', flags.to);
  let around: number | undefined;
  if (flags.around !== undefined) {
    around = Number(flags.around);
    if (!Number.isSafeInteger(around) || around < 0) throw new UsageError(`--around: expected the seq of an event (an integer from 0); found ${JSON.stringify(flags.around)}`);
  }
  let trace;
  try {
    trace = readTraceFile(file, { maxEvents: limits['trace-events'] });
  } catch (e) {
    if (e instanceof TraceError) {
      process.stderr.write(e.format() + '\n');
      return EXIT_USAGE;
    }
    if (e instanceof TraceTooLargeError) {
      const lines = countLines(file);
      throw overLimit('trace-events', e.limit, Math.max(lines - 1, e.limit + 1), [], ` in ${file} (counted as its lines after the header)`);
    }
    throw e;
  }
  const out = flags.out ?? defaultOutputDir(trace.header.scenario, String(trace.header.seed), []);
  const output = OutputSet.open(out);
  const unguard = guardOutput(output, 'the diagram');
  let written;
  try {
    written = writeDiagram(output, trace.header, trace.events, { svgOnly: flags.svgOnly, fromMs, toMs, around });
    output.commit();
  } catch (e) {
    output.abort();
    if (e instanceof WindowChoiceError) throw new UsageError(e.message);
    throw e;
  } finally {
    unguard();
  }
  if (written.window.note !== '') process.stderr.write(`note: ${written.window.note}\n`);
  process.stderr.write(
    `${trace.events.length.toLocaleString('en-US')} events at ${trace.header.nodes.length} nodes from ${resolve(file)}; messages.svg draws ${written.delivered} delivered and ${written.lost} lost messages${written.pending > 0 ? ` (and ${written.pending} in flight at the window's end)` : ''}\n`,
  );
  for (const f of written.files) process.stdout.write(output.finalPath(f) + '\n');
  return EXIT_OK;
}

/**
 * A trace to replay (`load.replay`): a CSV file with a header line, one request a line, its arrival
 * time in `column` and optionally its service time in `service-column`, both in `unit`. Read when
 * the scenario is loaded, relative to the scenario file's folder. Each problem names the file and
 * line (`arrivals.csv:7`), and the scenario key it is about, so the report points at both.
 */
import { cellNumber, columnIndex, CsvFileError, readCsvTable } from './csv-file.js';
import { describeValue, quote } from './messages.js';
import { type TimeUnit, toMs } from './units.js';

export interface TraceFileSpec {
  /** Path of the CSV file, relative to the scenario file. */
  file: string;
  /** Header of the arrival-time column. */
  column: string;
  /** Header of the service-time column, if any. */
  serviceColumn?: string;
  unit: TimeUnit;
}

export interface Trace {
  /** Arrival times (ms), in file order, never decreasing. */
  timesMs: number[];
  /** Service times (ms), one per arrival, when the spec names a service column. */
  serviceMs?: number[];
}

/** A problem with the trace; `key` is the scenario key it is about. */
export { CsvFileError as TraceFileError } from './csv-file.js';

export function readTraceFile(baseDir: string, spec: TraceFileSpec, maxBytes?: number): Trace {
  const table = readCsvTable(baseDir, spec.file, maxBytes);
  const timeAt = columnIndex(table, spec.column, 'column');
  const serviceAt = spec.serviceColumn === undefined ? -1 : columnIndex(table, spec.serviceColumn, 'service-column');

  const timesMs: number[] = [];
  const serviceMs: number[] = [];
  let previousLine = 0;
  for (const { line: i, cells } of table.rows) {
    const where = `${spec.file}:${i + 1}`;
    const value = (at: number, name: string, key: 'column' | 'service-column', what: string) => {
      const v = cellNumber(cells[at]);
      // finite in the file's unit and in ms (1e308 h is not)
      if (!Number.isFinite(v) || v < 0 || !Number.isFinite(toMs(v, spec.unit))) {
        throw new CsvFileError(`${where}: expected ${what} in ${spec.unit}, 0 or more, in column ${quote(name)}; found ${describeValue(cells[at]?.trim())}`, key);
      }
      return toMs(v, spec.unit);
    };
    const t = value(timeAt, spec.column, 'column', 'an arrival time');
    const last = timesMs.length > 0 ? timesMs[timesMs.length - 1] : -Infinity;
    if (t < last) {
      throw new CsvFileError(
        `${where}: expected arrival times in increasing order; found ${cells[timeAt].trim()} after ${formatMs(last, spec.unit)} (line ${previousLine + 1})`,
        'column',
        `sort the file by ${spec.column}`,
      );
    }
    timesMs.push(t);
    previousLine = i;
    if (serviceAt >= 0) serviceMs.push(value(serviceAt, spec.serviceColumn as string, 'service-column', 'a service time'));
  }
  if (timesMs.length === 0) {
    throw new CsvFileError(`expected at least one arrival in column ${quote(spec.column)} of ${spec.file}; found none`, 'column');
  }
  return serviceAt >= 0 ? { timesMs, serviceMs } : { timesMs };
}

/** A time in ms, back in the file's unit, as the file would say it. */
function formatMs(ms: number, unit: TimeUnit): string {
  return String(+(ms / toMs(1, unit)).toPrecision(12));
}

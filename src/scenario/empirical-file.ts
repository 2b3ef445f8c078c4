/**
 * Empirical distributions read from a column of a CSV file:
 * `{ empirical: { file: data.csv, column: latency_ms, unit: ms } }`. The file is read when the
 * scenario is loaded, relative to the scenario file's folder.
 */
import { describeValue, quote } from './messages.js';
import { cellNumber, columnIndex, CsvFileError, readCsvTable } from './csv-file.js';
import { type TimeUnit, toMs } from './units.js';

export interface EmpiricalFileSpec {
  /** Path of the CSV file, relative to the scenario file. */
  file: string;
  /** Header of the column to read. */
  column: string;
  unit: TimeUnit;
}

/** A problem with the file or the column. */
export { CsvFileError as EmpiricalFileError, splitCsvLine } from './csv-file.js';

/** The values (ms) in `spec.column` of `spec.file`, in file order. */
export function readEmpiricalFile(baseDir: string, spec: EmpiricalFileSpec, maxBytes?: number): number[] {
  const table = readCsvTable(baseDir, spec.file, maxBytes);
  const index = columnIndex(table, spec.column, 'column');
  const values: number[] = [];
  for (const { line, cells } of table.rows) {
    const value = cellNumber(cells[index]);
    if (!Number.isFinite(value) || value < 0 || !Number.isFinite(toMs(value, spec.unit))) {
      throw new CsvFileError(
        `expected a number of ${spec.unit}, 0 or more, in column ${quote(spec.column)} of ${spec.file} line ${line + 1}; found ${describeValue(cells[index]?.trim())}`,
        'column',
      );
    }
    values.push(toMs(value, spec.unit));
  }
  if (values.length === 0) {
    throw new CsvFileError(`expected at least one value in column ${quote(spec.column)} of ${spec.file}; found none`, 'column');
  }
  return values;
}

/**
 * Empirical distributions read from a column of a CSV file:
 * `{ empirical: { file: data.csv, column: latency_ms, unit: ms } }`. The file is read when the
 * scenario is loaded, relative to the scenario file's folder.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeValue, didYouMeanHint, list, quote } from './messages.js';
import { type TimeUnit, toMs } from './units.js';

export interface EmpiricalFileSpec {
  /** Path of the CSV file, relative to the scenario file. */
  file: string;
  /** Header of the column to read. */
  column: string;
  unit: TimeUnit;
}

/** A problem with the file or the column; `key` is the scenario key the problem is about. */
export class EmpiricalFileError extends Error {
  constructor(
    message: string,
    readonly key: 'file' | 'column',
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'EmpiricalFileError';
  }
}

/** The values (ms) in `spec.column` of `spec.file`, in file order. */
export function readEmpiricalFile(baseDir: string, spec: EmpiricalFileSpec): number[] {
  const path = resolve(baseDir, spec.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : String((e as Error).message);
    throw new EmpiricalFileError(`expected a CSV file at ${path}; found ${found}`, 'file');
  }
  const lines = text.split(/\r?\n/);
  const headerLine = lines.findIndex((l) => l.trim() !== '');
  if (headerLine < 0) throw new EmpiricalFileError(`expected a CSV file with a header line; found an empty file ${quote(spec.file)}`, 'file');
  const header = splitCsvLine(lines[headerLine]).map((h) => h.trim());
  const index = header.indexOf(spec.column);
  if (index < 0) {
    throw new EmpiricalFileError(
      `unknown column ${quote(spec.column)} in ${spec.file}; expected one of: ${list(header)}`,
      'column',
      didYouMeanHint(spec.column, header),
    );
  }
  const values: number[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cell = splitCsvLine(lines[i])[index]?.trim();
    const value = cell === undefined || cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(value) || value < 0) {
      throw new EmpiricalFileError(
        `expected a number of ${spec.unit}, 0 or more, in column ${quote(spec.column)} of ${spec.file} line ${i + 1}; found ${describeValue(cell)}`,
        'column',
      );
    }
    values.push(toMs(value, spec.unit));
  }
  if (values.length === 0) {
    throw new EmpiricalFileError(`expected at least one value in column ${quote(spec.column)} of ${spec.file}; found none`, 'column');
  }
  return values;
}

/** One CSV line's fields; a field may be quoted, with "" for a quote inside it. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * CSV files a scenario names (empirical distributions, traces to replay): read relative to the
 * scenario file's folder, a header line, then one row a line. Problems say which file, which line
 * and which column, and carry the scenario key they are about, so the report points at both.
 */
import { resolve } from 'node:path';
import { didYouMeanHint, list, quote } from './messages.js';
import { FileReadError, readRegularFile } from './regular-file.js';

/** A problem with a CSV file; `key` is the scenario key it is about (file, column, ...). */
export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly key: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CsvFileError';
  }
}

export interface CsvTable {
  /** The file as the scenario names it. */
  file: string;
  header: string[];
  /** The non-blank lines after the header, with their 0-based line numbers. */
  rows: { line: number; cells: string[] }[];
}

/** The table in `file` (relative to `baseDir`), a regular file of at most `maxBytes` (default: the `file-size` limit). */
export function readCsvTable(baseDir: string, file: string, maxBytes?: number): CsvTable {
  const path = resolve(baseDir, file);
  let text: string;
  try {
    text = readRegularFile(path, maxBytes);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new CsvFileError(`expected a CSV file at ${path}; found ${e.message}`, 'file', e.hint);
  }
  const lines = text.split(/\r?\n/);
  const headerLine = lines.findIndex((l) => l.trim() !== '');
  if (headerLine < 0) throw new CsvFileError(`expected a CSV file with a header line; found an empty file ${quote(file)}`, 'file');
  const header = splitCsvLine(lines[headerLine]).map((h) => h.trim());
  const rows: CsvTable['rows'] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    if (lines[i].trim() !== '') rows.push({ line: i, cells: splitCsvLine(lines[i]) });
  }
  return { file, header, rows };
}

/** The index of column `name`; `key` is the scenario key that names it. */
export function columnIndex(table: CsvTable, name: string, key: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    throw new CsvFileError(
      `unknown column ${quote(name)} in ${table.file}; expected one of: ${list(table.header)}`,
      key,
      didYouMeanHint(name, table.header),
    );
  }
  return i;
}

/** A cell as a number: NaN when it is missing, empty or not a number. */
export function cellNumber(cell: string | undefined): number {
  const text = cell?.trim();
  return text === undefined || text === '' ? NaN : Number(text);
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

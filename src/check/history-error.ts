/**
 * A history file that cannot be read: where (1-based line and column), what was expected and what
 * was found. The command prints it without a stack trace and exits 2.
 */
export class HistoryError extends Error {
  constructor(
    /** What was expected and what was found: `expected ...; found ...`. */
    readonly problem: string,
    readonly line: number,
    readonly col: number,
    /** The file, when the reader was given its name. */
    readonly file = '',
  ) {
    super(`${file === '' ? '' : file + ':'}${line}:${col}: ${problem}`);
    this.name = 'HistoryError';
  }

  /** The same error, naming `file`. */
  inFile(file: string): HistoryError {
    return new HistoryError(this.problem, this.line, this.col, file);
  }

  /**
   * The report printed for the user:
   *
   *     error: history.edn is not a valid history
   *       history.edn:3:14  expected a keyword after ':'; found a space
   */
  format(): string {
    const where = `${this.file === '' ? '' : this.file + ':'}${this.line}:${this.col}`;
    return `error: ${this.file === '' ? 'the input' : this.file} is not a valid history\n  ${where}  ${this.problem}`;
  }
}

/**
 * A read position in a text, with its line and column kept up to date: what both readers (EDN
 * and JSON Lines) use to say where a problem is.
 */
export class Cursor {
  pos = 0;
  line = 1;
  col = 1;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  /** Moves one character (one UTF-16 unit) on. */
  next(): string {
    const c = this.text[this.pos++];
    if (c === '\n') {
      this.line++;
      this.col = 1;
    } else {
      this.col++;
    }
    return c;
  }

  /** An error at the current position: expected `expected`, found what is here. */
  fail(expected: string, found = this.describeHere()): HistoryError {
    return new HistoryError(`expected ${expected}; found ${found}`, this.line, this.col);
  }

  /** The character at the current position, for a message: `'@'`, `a line break`, `the end of the file`. */
  describeHere(): string {
    if (this.done) return 'the end of the file';
    const c = this.text.codePointAt(this.pos) as number;
    if (c === 10 || c === 13) return 'a line break';
    if (c === 9) return 'a tab';
    if (c === 32) return 'a space';
    if (c < 32 || c === 127) return `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return `'${String.fromCodePoint(c)}'`;
  }
}

/**
 * The character a backslash escape in a string stands for, the cursor just past the backslash:
 * one of `simple` (`n` -> newline, ...), or `uXXXX`. `end` names the end of the input in messages.
 */
export function readEscape(c: Cursor, simple: Record<string, string>, end: string): string {
  const e = c.peek();
  if (e in simple) {
    c.next();
    return simple[e];
  }
  if (e === 'u') {
    c.next();
    let hex = '';
    for (let i = 0; i < 4; i++) {
      if (!/[0-9a-fA-F]/.test(c.peek())) throw c.fail('four hexadecimal digits after \\u');
      hex += c.next();
    }
    return String.fromCharCode(parseInt(hex, 16));
  }
  throw c.fail('an escape such as \\n, \\t, \\", \\\\ or \\u0041 in a string', c.done ? end : `'\\${e}'`);
}


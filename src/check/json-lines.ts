/**
 * JSON Lines: one JSON value per line, blank lines skipped. A small strict JSON reader of its own,
 * rather than JSON.parse, so that a problem names its line and column and what was expected, and
 * so that each field of an event keeps its position for later messages.
 */
import { Cursor, HistoryError, readEscape } from './history-error.js';
import { MAX_DEPTH, type Located } from './edn.js';
import { DataMap, type MapEntry, type Value } from './values.js';

const A_VALUE = 'a JSON value (an object, array, string, number, true, false or null)';

/** The value on each non-blank line of `text`, in order. Throws HistoryError. */
export function readJsonLines(text: string): Located[] {
  const out: Located[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    const c = new Cursor(raw);
    c.line = i + 1;
    skipSpace(c);
    const col = c.col;
    const value = readValue(c, 0);
    skipSpace(c);
    if (!c.done) throw c.fail('the end of the line (one JSON value per line)');
    out.push({ value, line: i + 1, col });
  }
  return out;
}

function skipSpace(c: Cursor): void {
  while (c.peek() === ' ' || c.peek() === '\t') c.next();
}

function readValue(c: Cursor, depth: number): Value {
  if (depth > MAX_DEPTH) throw c.fail(`values nested at most ${MAX_DEPTH} deep`, 'deeper nesting');
  const ch = c.peek();
  if (ch === '{') return readObject(c, depth);
  if (ch === '[') return readArray(c, depth);
  if (ch === '"') return readString(c);
  if (ch === '-' || (ch >= '0' && ch <= '9')) return readNumber(c);
  for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
    if (c.text.startsWith(word, c.pos)) {
      for (let i = 0; i < word.length; i++) c.next();
      return value;
    }
  }
  if (ch === "'") throw c.fail(A_VALUE, "a single quote (JSON strings take double quotes)");
  throw c.fail(A_VALUE);
}

function readObject(c: Cursor, depth: number): DataMap {
  const line = c.line;
  const col = c.col;
  c.next();
  const entries: MapEntry[] = [];
  const seen = new Set<string>();
  skipSpace(c);
  if (c.peek() === '}') {
    c.next();
    return new DataMap(entries, line, col);
  }
  for (;;) {
    skipSpace(c);
    if (c.peek() !== '"') throw c.fail(entries.length === 0 ? `a key in double quotes or the closing '}'` : 'a key in double quotes');
    const kLine = c.line;
    const kCol = c.col;
    const key = readString(c);
    if (seen.has(key)) throw new HistoryError(`expected each key once in an object; found ${JSON.stringify(key)} a second time`, kLine, kCol);
    seen.add(key);
    skipSpace(c);
    if (c.peek() !== ':') throw c.fail(`':' after the key ${JSON.stringify(key)}`);
    c.next();
    skipSpace(c);
    const vLine = c.line;
    const vCol = c.col;
    entries.push({ key, value: readValue(c, depth + 1), line: vLine, col: vCol });
    skipSpace(c);
    const sep = c.peek();
    if (sep === '}') {
      c.next();
      return new DataMap(entries, line, col);
    }
    if (sep !== ',') throw c.fail(`',' or the closing '}' of the object opened at ${line}:${col}`);
    c.next();
  }
}

function readArray(c: Cursor, depth: number): Value[] {
  const line = c.line;
  const col = c.col;
  c.next();
  const items: Value[] = [];
  skipSpace(c);
  if (c.peek() === ']') {
    c.next();
    return items;
  }
  for (;;) {
    skipSpace(c);
    items.push(readValue(c, depth + 1));
    skipSpace(c);
    const sep = c.peek();
    if (sep === ']') {
      c.next();
      return items;
    }
    if (sep !== ',') throw c.fail(`',' or the closing ']' of the array opened at ${line}:${col}`);
    c.next();
  }
}

const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readString(c: Cursor): string {
  const line = c.line;
  const col = c.col;
  c.next();
  let out = '';
  for (;;) {
    if (c.done) throw c.fail(`the closing '"' of the string opened at ${line}:${col} (a JSON string ends on its line)`);
    const ch = c.peek();
    if (ch < ' ') throw c.fail(`the closing '"' of the string opened at ${line}:${col}`);
    c.next();
    if (ch === '"') return out;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    out += readEscape(c, JSON_ESCAPES, 'the end of the line');
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function readNumber(c: Cursor): number | bigint {
  NUMBER.lastIndex = c.pos;
  const m = NUMBER.exec(c.text);
  if (m === null || m[0] === '-') throw c.fail('a number such as 12, -3 or 1.5');
  const text = m[0];
  const digit = text[0] === '-' ? 1 : 0;
  const after = c.text[c.pos + digit + 1];
  if (text[digit] === '0' && after >= '0' && after <= '9') throw c.fail('a number without leading zeros, such as 12', `'${text}' followed by a digit`);
  // A number holds no line break: move the cursor on at once (a set's reads hold millions of them).
  c.pos += text.length;
  c.col += text.length;
  const n = Number(text);
  if (!Number.isSafeInteger(n) && /^-?\d+$/.test(text)) return BigInt(text);
  return n;
}

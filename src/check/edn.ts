/**
 * Just enough EDN to read a Jepsen `history.edn`: maps, vectors, lists, sets, keywords, symbols,
 * strings, integers (with an optional N), floats (with an optional M), `##Inf`, `##-Inf`, `##NaN`,
 * nil, true, false, `;` comments, commas as whitespace, `#_` discards and tagged values such as
 * `#jepsen.history.Op{...}` or `#inst "..."` (read as the value they tag). Anything else (a
 * character literal, a ratio, a reader macro) is a HistoryError naming its line and column.
 */
import { Cursor, HistoryError, readEscape } from './history-error.js';
import { DataMap, Keyword, Sym, valueKey, type MapEntry, type Value } from './values.js';

/** A top-level form and where it starts. */
export interface Located {
  value: Value;
  line: number;
  col: number;
}

/** Deeper nesting than this is refused (a history needs three or four levels). */
export const MAX_DEPTH = 500;

const WHITESPACE = new Set([' ', '\t', '\n', '\r', ',', '\f']);
const DELIMITERS = new Set(['{', '}', '[', ']', '(', ')', '"', ';']);
const SYMBOL = /^(?:[A-Za-z.*+!\-_?$%&=<>'][A-Za-z0-9.*+!\-_?$%&=<>':#]*(?:\/[A-Za-z.*+!\-_?$%&=<>'][A-Za-z0-9.*+!\-_?$%&=<>':#]*)?|\/)$/;
const INTEGER = /^[+-]?\d+N?$/;
const FLOAT = /^[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?M?$/;
const A_FORM = 'a value (a map, vector, list, keyword, string, number, nil, true or false)';

/** Every top-level form of `text`, in order. Throws HistoryError. */
export function readEdn(text: string): Located[] {
  const c = new Cursor(text);
  const forms: Located[] = [];
  for (;;) {
    skip(c, 0);
    if (c.done) return forms;
    const line = c.line;
    const col = c.col;
    if (isClosing(c.peek())) throw c.fail(A_FORM, `'${c.peek()}' with nothing open before it`);
    forms.push({ value: readForm(c, 0), line, col });
  }
}

const isClosing = (ch: string) => ch === '}' || ch === ']' || ch === ')';

/** Skips whitespace, commas, comments and `#_` discarded forms. */
function skip(c: Cursor, depth: number): void {
  for (;;) {
    const ch = c.peek();
    if (WHITESPACE.has(ch)) c.next();
    else if (ch === ';') {
      while (!c.done && c.peek() !== '\n') c.next();
    } else if (ch === '#' && c.peek(1) === '_') {
      c.next();
      c.next();
      skip(c, depth);
      if (c.done || isClosing(c.peek())) throw c.fail('a value after #_ (the form it discards)');
      readForm(c, depth);
    } else return;
  }
}

function readForm(c: Cursor, depth: number): Value {
  if (depth > MAX_DEPTH) throw c.fail(`values nested at most ${MAX_DEPTH} deep`, 'deeper nesting');
  const ch = c.peek();
  switch (ch) {
    case '{':
      return readMap(c, depth);
    case '[':
      return readSeq(c, ']', 'vector', depth);
    case '(':
      return readSeq(c, ')', 'list', depth);
    case '"':
      return readString(c);
    case ':':
      return readKeyword(c);
    case '#':
      return readDispatch(c, depth);
    case '\\':
      throw c.fail(A_FORM, 'a character literal (\\...), which histories do not use');
    case '':
      throw c.fail(A_FORM);
  }
  if (isClosing(ch)) throw c.fail(A_FORM);
  return readAtom(c);
}

function readMap(c: Cursor, depth: number): DataMap {
  const line = c.line;
  const col = c.col;
  c.next();
  const entries: MapEntry[] = [];
  const seen = new Set<string>();
  for (;;) {
    skip(c, depth + 1);
    if (c.peek() === '}') {
      c.next();
      return new DataMap(entries, line, col);
    }
    if (c.done || isClosing(c.peek())) throw c.fail(`a key or the closing '}' of the map opened at ${line}:${col}`);
    const kLine = c.line;
    const kCol = c.col;
    const key = readForm(c, depth + 1);
    const k = valueKey(key);
    if (seen.has(k)) throw new HistoryError(`expected each key once in a map; found ${keyText(key)} a second time`, kLine, kCol);
    seen.add(k);
    skip(c, depth + 1);
    if (c.done || isClosing(c.peek())) throw c.fail(`a value for ${keyText(key)} (a map holds key-value pairs)`);
    const vLine = c.line;
    const vCol = c.col;
    entries.push({ key, value: readForm(c, depth + 1), line: vLine, col: vCol });
  }
}

const keyText = (k: Value) => (k instanceof Keyword ? 'the key :' + k.name : typeof k === 'string' ? 'the key ' + JSON.stringify(k) : 'its key');

function readSeq(c: Cursor, close: string, what: string, depth: number): Value[] {
  const line = c.line;
  const col = c.col;
  c.next();
  const items: Value[] = [];
  for (;;) {
    skip(c, depth + 1);
    if (c.peek() === close) {
      c.next();
      return items;
    }
    if (c.done || isClosing(c.peek())) throw c.fail(`a value or the closing '${close}' of the ${what} opened at ${line}:${col}`);
    items.push(readForm(c, depth + 1));
  }
}

const EDN_ESCAPES: Record<string, string> = { t: '\t', r: '\r', n: '\n', '\\': '\\', '"': '"', b: '\b', f: '\f' };

function readString(c: Cursor): string {
  const line = c.line;
  const col = c.col;
  c.next();
  let out = '';
  for (;;) {
    if (c.done) throw c.fail(`the closing '"' of the string opened at ${line}:${col}`);
    const ch = c.next();
    if (ch === '"') return out;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    out += readEscape(c, EDN_ESCAPES, 'the end of the file');
  }
}

/** The characters up to the next whitespace or delimiter. */
function token(c: Cursor): string {
  let t = '';
  while (!c.done && !WHITESPACE.has(c.peek()) && !DELIMITERS.has(c.peek())) t += c.next();
  return t;
}

function readKeyword(c: Cursor): Keyword {
  const line = c.line;
  const col = c.col;
  c.next();
  const name = token(c);
  if (name === '') throw c.fail("a keyword's name after ':'");
  if (!SYMBOL.test(name.startsWith(':') ? name.slice(1) : name)) throw new HistoryError(`expected a keyword such as :write; found ':${name}'`, line, col);
  return new Keyword(name);
}

function readDispatch(c: Cursor, depth: number): Value {
  const line = c.line;
  const col = c.col;
  const next = c.peek(1);
  if (next === '{') {
    c.next();
    return readSet(c, depth, line, col);
  }
  if (next === '#') {
    c.next();
    c.next();
    const t = token(c);
    if (t === 'Inf') return Infinity;
    if (t === '-Inf') return -Infinity;
    if (t === 'NaN') return NaN;
    throw new HistoryError(`expected ##Inf, ##-Inf or ##NaN; found '##${t}'`, line, col);
  }
  c.next();
  const tag = token(c);
  if (!/^[A-Za-z]/.test(tag) || !SYMBOL.test(tag)) {
    throw new HistoryError(`expected a tagged value such as #jepsen.history.Op{...}, a set #{...} or a discard #_; found ${tag === '' ? `'#' followed by ${c.describeHere()}` : `'#${tag}'`}`, line, col);
  }
  skip(c, depth);
  if (c.done || isClosing(c.peek())) throw c.fail(`the value tagged #${tag}`);
  return readForm(c, depth + 1);
}

/** `#{...}`: a set, read as an array in the order written. */
function readSet(c: Cursor, depth: number, line: number, col: number): Value[] {
  const items: Value[] = [];
  c.next();
  for (;;) {
    skip(c, depth + 1);
    if (c.peek() === '}') {
      c.next();
      return items;
    }
    if (c.done || isClosing(c.peek())) throw c.fail(`a value or the closing '}' of the set opened at ${line}:${col}`);
    items.push(readForm(c, depth + 1));
  }
}

function readAtom(c: Cursor): Value {
  const line = c.line;
  const col = c.col;
  const t = token(c);
  if (t === '') throw c.fail(A_FORM);
  const at = (problem: string) => new HistoryError(problem, line, col);
  if (/^[+-]?\d/.test(t)) {
    if (INTEGER.test(t)) {
      const digits = t.endsWith('N') ? t.slice(0, -1) : t;
      const n = Number(digits);
      return Number.isSafeInteger(n) ? n : BigInt(digits);
    }
    if (FLOAT.test(t)) return Number(t.endsWith('M') ? t.slice(0, -1) : t);
    if (/^[+-]?\d+\/\d+$/.test(t)) throw at(`expected an integer or a decimal number; found the ratio '${t}'`);
    throw at(`expected a number such as 12, -3 or 1.5; found '${t}'`);
  }
  if (t === 'nil') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (SYMBOL.test(t)) return new Sym(t);
  throw at(`expected ${A_FORM}; found '${t}'`);
}

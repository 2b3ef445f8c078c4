/**
 * The values a history carries, from either of its two formats: JSON Lines and Jepsen's EDN.
 * JSON gives null, booleans, numbers, strings, arrays and objects; EDN adds keywords (`:write`),
 * symbols (`java.net.SocketTimeoutException`, found in Jepsen's `:exception` maps), lists and
 * sets (read as arrays, in the order written) and integers beyond 2^53 (read as bigint).
 */

/** An EDN keyword such as `:write`, without its colon. */
export class Keyword {
  constructor(readonly name: string) {}
}

/** An EDN symbol such as `java.lang.Exception` (never nil, true or false). */
export class Sym {
  constructor(readonly name: string) {}
}

/** One entry of a map, with the 1-based line and column where its value starts. */
export interface MapEntry {
  key: Value;
  value: Value;
  line: number;
  col: number;
}

/** A JSON object or an EDN map: its entries in the order written, and where it starts. */
export class DataMap {
  constructor(
    readonly entries: MapEntry[],
    readonly line: number,
    readonly col: number,
  ) {}

  /** The entry whose key is the string or keyword `name`, if any. */
  get(name: string): MapEntry | undefined {
    for (const e of this.entries) {
      if (e.key === name || (e.key instanceof Keyword && e.key.name === name)) return e;
    }
    return undefined;
  }
}

export type Value = null | boolean | number | bigint | string | Keyword | Sym | Value[] | DataMap;

/**
 * A string that is equal for two values exactly when the values are equal: how a model compares
 * what was written with what was read. Maps compare without regard to the order of their entries.
 */
export function valueKey(v: Value): string {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Object.is(v, -0) ? '0' : String(v);
    case 'bigint':
      return v.toString();
    case 'string':
      return JSON.stringify(v);
  }
  if (v instanceof Keyword) return ':' + v.name;
  if (v instanceof Sym) return "'" + v.name;
  if (Array.isArray(v)) return '[' + v.map(valueKey).join(' ') + ']';
  const entries = v.entries.map((e) => valueKey(e.key) + ' ' + valueKey(e.value));
  entries.sort();
  return '{' + entries.join(', ') + '}';
}

/** The two notations a value is shown in: the file's own. */
export type Notation = 'json' | 'edn';

/** A value as the user wrote it, in the file's notation (`null` in JSON, `nil` in EDN). */
export function showValue(v: Value, notation: Notation): string {
  if (v === null) return notation === 'edn' ? 'nil' : 'null';
  switch (typeof v) {
    case 'boolean':
    case 'number':
    case 'bigint':
      return String(v);
    case 'string':
      return JSON.stringify(v);
  }
  if (v instanceof Keyword) return ':' + v.name;
  if (v instanceof Sym) return v.name;
  if (Array.isArray(v)) return notation === 'edn' ? '[' + v.map((x) => showValue(x, notation)).join(' ') + ']' : '[' + v.map((x) => showValue(x, notation)).join(', ') + ']';
  const sep = notation === 'edn' ? ' ' : ': ';
  return '{' + v.entries.map((e) => showValue(e.key, notation) + sep + showValue(e.value, notation)).join(', ') + '}';
}

/** A value's kind, for the "found ..." part of a message: `the keyword :foo`, `a vector`. */
export function describeValue(v: Value | undefined, notation: Notation): string {
  if (v === undefined) return 'nothing';
  if (v === null) return notation === 'edn' ? 'nil' : 'null';
  const short = (s: string) => (s.length > 40 ? s.slice(0, 37) + '...' : s);
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'number':
    case 'bigint':
      return `the number ${v}`;
    case 'string':
      return `the string ${short(JSON.stringify(v))}`;
  }
  if (v instanceof Keyword) return `the keyword :${short(v.name)}`;
  if (v instanceof Sym) return `the symbol ${short(v.name)}`;
  if (Array.isArray(v)) return `${notation === 'edn' ? 'a vector' : 'an array'} of ${v.length} ${v.length === 1 ? 'item' : 'items'}`;
  return notation === 'edn' ? 'a map' : 'an object';
}

/** The name of a keyword or a string (`:write` and `"write"` both name `write`); undefined otherwise. */
export function nameOf(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Keyword) return v.name;
  return undefined;
}

/** A value as plain JSON: keywords and symbols as their names (`:write` as ":write"), integers beyond 2^53 as strings. */
export function jsonValue(v: Value): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Keyword) return ':' + v.name;
  if (v instanceof Sym) return v.name;
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v instanceof DataMap) return Object.fromEntries(v.entries.map((e) => [typeof e.key === 'string' ? e.key : showValue(e.key, 'edn'), jsonValue(e.value)]));
  return String(v);
}

/** A name (an operation's f, a field, a type) as written in the file's notation: `:add` or `"add"`. */
export const showF = (f: string, n: Notation) => (n === 'edn' ? ':' + f : JSON.stringify(f));

/** `a, b or c`. */
export const oneOf = (names: readonly string[]) => (names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`);

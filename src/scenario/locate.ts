/**
 * From a path in the scenario (`topology[0].balancer.strategy`) to a line and column in the file,
 * through the YAML document's nodes.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Pair, type YAMLMap } from 'yaml';

export interface Source {
  doc: Document;
  text: string;
  lineCounter: LineCounter;
}

export interface Position {
  line: number;
  col: number;
}

export interface LocateOptions {
  /** Point at the map key rather than its value (an unknown key, an extra step kind). */
  at?: 'key';
  /** Offset of the problem inside the string value (a distribution expression). */
  offset?: number;
}

type Ranged = { range?: [number, number, number] | null };

/**
 * Each map's pairs by key text, built the first time a path goes through the map (and again if
 * pairs were added or removed since), so that locating every problem of a map with thousands of
 * keys takes time linear in its size. The first pair with a key wins, as a search from the start
 * would find it.
 */
const pairsByKey = new WeakMap<YAMLMap, { size: number; pairs: Map<string, Pair> }>();

function pairOf(map: YAMLMap, seg: PropertyKey): Pair | undefined {
  let index = pairsByKey.get(map);
  if (index === undefined || index.size !== map.items.length) {
    const pairs = new Map<string, Pair>();
    for (const pair of map.items) {
      const k = keyText(pair.key);
      if (!pairs.has(k)) pairs.set(k, pair);
    }
    index = { size: map.items.length, pairs };
    pairsByKey.set(map, index);
  }
  return index.pairs.get(String(seg));
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function start(node: unknown): number | undefined {
  return (node as Ranged | null)?.range?.[0];
}

/**
 * The position of the value at `path` (1-based). When the path leads to a missing key, the
 * position of the map that lacks it; when the value is empty (`key:`), the position of its key.
 */
export function locate(source: Source, path: readonly PropertyKey[], options: LocateOptions = {}): Position {
  const { doc, text, lineCounter } = source;
  let node: unknown = doc.contents;
  let key: unknown;
  let offset = start(node) ?? 0;
  let found = true;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = pairOf(node, seg);
      if (pair === undefined) {
        found = false;
        break;
      }
      key = pair.key;
      next = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      key = undefined;
      next = node.items[seg];
    } else {
      found = false;
      break;
    }
    node = next;
    const at = start(node) ?? start(key);
    if (at !== undefined) offset = at;
  }
  if (found) {
    const emptyValue = node === null || (isScalar(node) && node.value === null && node.source === '');
    if (key !== undefined && (options.at === 'key' || emptyValue) && start(key) !== undefined) {
      offset = start(key)!;
    } else if (options.offset !== undefined && isScalar(node) && typeof node.value === 'string') {
      offset += insideScalar(text, offset, node.type, node.value, options.offset);
    }
  }
  return lineCounter.linePos(offset);
}

/**
 * Whether the value at `path` (or at least its key) comes from the file: false when it is missing
 * or was made by a `--set` override (nodes made after parsing have no place in the text).
 */
export function inFile(source: Source, path: readonly PropertyKey[]): boolean {
  let node: unknown = source.doc.contents;
  let key: unknown;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = pairOf(node, seg);
      if (pair === undefined) return false;
      key = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      key = undefined;
      node = node.items[seg];
    } else {
      return false;
    }
  }
  return (start(node) ?? start(key)) !== undefined;
}

/** How far into the source of a scalar `offset` characters of its value are (0 if unsure). */
function insideScalar(text: string, at: number, type: string | undefined, value: string, offset: number): number {
  const quote = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? 1 : 0;
  // Escapes, folded lines and block scalars move characters about: only trust a verbatim copy.
  if (text.slice(at + quote, at + quote + value.length) !== value) return 0;
  return quote + offset;
}

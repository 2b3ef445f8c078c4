/**
 * Parsing scenario text into a YAML document, in time linear in its size. The yaml library checks
 * that map keys are unique by comparing each key with every earlier key of its map, which takes
 * minutes for a map of 50,000 keys; here that check is made once per map with a set, giving the
 * same errors (code, message, position) as the library's.
 */
import { type Document, isMap, isScalar, LineCounter, parseDocument, visit, YAMLParseError } from 'yaml';

/** `text` as a YAML document, with a duplicate key reported as the yaml library reports it. */
export function parseYamlDocument(text: string, lineCounter: LineCounter = new LineCounter()): Document {
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, keepSourceTokens: true });
  const duplicates = duplicateKeys(doc);
  if (duplicates.length > 0) {
    doc.errors.push(...duplicates.map((at) => new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique')));
    // in document order among the other errors, as the library would have found them
    doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  }
  return doc;
}

/**
 * The offsets of the keys that repeat an earlier key of their map. Two keys are the same when they
 * are the same node, or both scalars with equal (===) values: the library's default `uniqueKeys`.
 */
function duplicateKeys(doc: Document): number[] {
  const found: number[] = [];
  try {
    visit(doc, {
      Map(_key, map) {
        if (!isMap(map)) return;
        const values = new Set<unknown>();
        const nodes = new Set<unknown>();
        for (const pair of map.items) {
          const key = pair.key;
          const seen = isScalar(key) ? values : nodes;
          // NaN is not === to itself, so two .nan keys are not the same key
          const id = isScalar(key) && Number.isNaN(key.value) ? {} : isScalar(key) ? key.value : key;
          if (!seen.has(id)) {
            seen.add(id);
            continue;
          }
          const at = keyStart(pair);
          if (at !== undefined) found.push(at);
        }
      },
    });
  } catch (e) {
    // nesting too deep to visit: plainValue reports it
    if (!(e instanceof RangeError)) throw e;
  }
  return found;
}

type Token = { offset: number; source?: string };

/**
 * Where the library places a key's errors: where its token starts, after any anchor or tag (for an
 * empty key, after the `?` and the space that follows it).
 */
function keyStart(pair: unknown): number | undefined {
  const { srcToken, key } = pair as { srcToken?: { start?: Token[]; key?: Token | null }; key?: { range?: number[] } | null };
  if (srcToken?.key != null) return srcToken.key.offset;
  const last = srcToken?.start?.at(-1);
  if (last !== undefined) return last.offset + (last.source?.length ?? 0);
  return key?.range?.[0];
}

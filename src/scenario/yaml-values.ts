/**
 * Turning a parsed YAML document into plain values without letting the document crash or exhaust
 * the process: an alias whose anchor is not defined before it, an alias bomb (aliases of aliases
 * that expand to millions of nodes), and nesting so deep that converting it would overflow the
 * stack all become problems with a position, like every other mistake in a file.
 */
import { type Alias, type Document, visit } from 'yaml';

/** At most this many alias expansions in one document (yaml's guard against alias bombs). */
export const MAX_ALIAS_COUNT = 1000;

export type PlainResult = { ok: true; value: unknown } | { ok: false; offset: number; message: string; hint?: string };

/** The document's plain value, or why it cannot be had and where (an offset in the text). */
export function plainValue(doc: Document): PlainResult {
  const unresolved = firstUnresolvedAlias(doc);
  if (unresolved !== null) {
    return {
      ok: false,
      offset: unresolved.offset,
      message: `invalid YAML: expected an anchor &${unresolved.name} defined before the alias *${unresolved.name}; found none`,
      hint: 'define the anchor (&name) on an earlier value, or write the value out',
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      return {
        ok: false,
        offset: firstAliasOffset(doc),
        message: `invalid YAML: expected aliases that expand to at most ${MAX_ALIAS_COUNT} copies; found more (aliases of aliases multiply)`,
        hint: 'write the repeated values out, or alias them fewer times',
      };
    }
    if (e instanceof RangeError) {
      return { ok: false, offset: 0, message: 'invalid YAML: expected a document nested a few levels deep; found one nested too deeply to read' };
    }
    throw e;
  }
}

/** The first alias (in document order) for which `pick` holds, or null; a document too deep to walk has none. */
function firstAlias(doc: Document, pick: (alias: Alias) => boolean): Alias | null {
  let found: Alias | null = null;
  try {
    visit(doc, {
      Alias(_key, node) {
        if (!pick(node)) return undefined;
        found = node;
        return visit.BREAK;
      },
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  return found;
}

function firstUnresolvedAlias(doc: Document): { name: string; offset: number } | null {
  const alias = firstAlias(doc, (a) => a.resolve(doc) === undefined);
  return alias === null ? null : { name: alias.source, offset: alias.range?.[0] ?? 0 };
}

function firstAliasOffset(doc: Document): number {
  return firstAlias(doc, () => true)?.range?.[0] ?? 0;
}

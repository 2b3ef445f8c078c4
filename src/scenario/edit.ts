/**
 * Editing a scenario's text as a document, so that what comes out keeps the user's layout, units
 * and comments where it can: the shrinker (run/shrink.ts) reads the scenario as plain data, changes
 * values at paths, and writes the result as a scenario file that `lightcone run` reproduces.
 */
import { isSeq, type Document } from 'yaml';
import { parseYamlDocument } from './yaml-document.js';
import { applyOverride, parseOverride } from './overrides.js';

/** A change to a scenario: the value at `path` becomes `value`, or (value undefined) the list item or key at `path` goes. */
export interface Edit {
  path: (string | number)[];
  value?: unknown;
}

/** The scenario text as a document, with `--set` overrides applied into it (so the text stands alone). */
export function documentWithOverrides(text: string, overrides: readonly string[]): Document {
  const doc = parseYamlDocument(text);
  for (const o of overrides) applyOverride(doc, parseOverride(o));
  return doc;
}

/** The document's plain value (what the schema reads). */
export function plainOf(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: 10_000 });
}

/** The text of `doc` with `edits` applied (the document itself is not changed), lines not folded. Removals of list items go from the last index down. */
export function editedText(doc: Document, edits: readonly Edit[]): string {
  const copy = doc.clone();
  const removals = edits.filter((e) => e.value === undefined).sort((a, b) => compareForRemoval(a.path, b.path));
  for (const e of edits) if (e.value !== undefined) copy.setIn(e.path, e.value);
  for (const e of removals) {
    const parent = copy.getIn(e.path.slice(0, -1), true);
    if (isSeq(parent)) parent.items.splice(e.path[e.path.length - 1] as number, 1);
    else copy.deleteIn(e.path);
  }
  // no folding: a long line (a written-out operation, a description) stays one line, as written
  return copy.toString({ lineWidth: 0 });
}

/** Later list indices first, so removing one does not move the next. */
function compareForRemoval(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const x = a[a.length - 1];
  const y = b[b.length - 1];
  return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
}

/**
 * Old spellings of scenario keys: still read, each with a warning that names the new one (and a
 * line in CHANGELOG.md). A key is renamed where it is found, in the YAML document, in `--set`
 * paths and in the paths of a `compare:`/`sweep:` block's `vary:`, before anything is checked, so
 * every other problem keeps its place in the file and a variant that varies the old path varies
 * the new one.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node as YamlNode } from 'yaml';
import type { Problem } from './errors.js';
import { formatPath, parsePath, type PathSegment, PathSyntaxError } from './path.js';

/** A key renamed in a map that is the value of `parent` (`server: { service: ... }`). */
export interface RenamedKey {
  parent: string;
  old: string;
  new: string;
  /** Why, for the warning. */
  why: string;
}

const RENAMED_KEYS: readonly RenamedKey[] = [
  {
    parent: 'server',
    old: 'service',
    new: 'service-time',
    why: 'a server\'s time to serve one call is its service-time; "service" names a chain of services:',
  },
];

function renamedKey(parent: PathSegment | undefined, key: PathSegment): RenamedKey | undefined {
  return RENAMED_KEYS.find((r) => r.parent === parent && r.old === key);
}

function warning(r: RenamedKey, where: string): string {
  return `"${r.old}" is an old spelling, read as "${r.new}": write ${where} (${r.why})`;
}

/** `path` with every old key spelled anew, and the renames made. */
export function renamePath(path: readonly PathSegment[]): { path: PathSegment[]; renamed: RenamedKey[] } {
  const renamed: RenamedKey[] = [];
  const out = path.map((seg, i) => {
    const r = i > 0 ? renamedKey(path[i - 1], seg) : undefined;
    if (r === undefined) return seg;
    renamed.push(r);
    return r.new;
  });
  return { path: out, renamed };
}

/**
 * Renames the old keys in `doc` in place and returns a warning for each, at its position. The
 * keys of a `vary:` map are paths: their old segments are renamed too.
 */
export function renameOldKeys(doc: Document, lineCounter: LineCounter, file: string): Problem[] {
  const warnings: Problem[] = [];
  const at = (node: YamlNode, path: readonly PathSegment[], message: string) => {
    const { line, col } = node.range ? lineCounter.linePos(node.range[0]) : { line: 0, col: 0 };
    warnings.push({ file, line, col, path: formatPath(path), message });
  };
  const visit = (node: unknown, path: PathSegment[], depth: number): void => {
    if (depth > 64) return; // the document was checked for depth already; this only bounds the walk
    if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i], depth + 1));
      return;
    }
    if (!isMap(node)) return;
    const parent = path[path.length - 1];
    const keys = new Set(node.items.map((p) => (isPair(p) && isScalar(p.key) ? p.key.value : undefined)));
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
      const key = pair.key.value;
      const r = renamedKey(parent, key);
      if (r !== undefined && !keys.has(r.new)) {
        at(pair.key as YamlNode, [...path, key], warning(r, r.new));
        pair.key.value = r.new;
        visit(pair.value, [...path, r.new], depth + 1);
        continue;
      }
      if (parent === 'vary') {
        const renamed = renameVaryKey(key);
        if (renamed !== undefined) {
          at(pair.key as YamlNode, [...path, key], warning(renamed.renamed[0], renamed.text));
          pair.key.value = renamed.text;
        }
      }
      visit(pair.value, [...path, key], depth + 1);
    }
  };
  visit(doc.contents, [], 0);
  return warnings;
}

function renameVaryKey(text: string): { text: string; renamed: RenamedKey[] } | undefined {
  let path: PathSegment[];
  try {
    path = parsePath(text);
  } catch (e) {
    if (e instanceof PathSyntaxError) return undefined;
    throw e;
  }
  const { path: renamedPath, renamed } = renamePath(path);
  return renamed.length > 0 ? { text: formatPath(renamedPath), renamed } : undefined;
}

/** The warning for a `--set` (or variant) path with an old key in it, or undefined. */
export function overrideWarning(file: string, override: string, path: readonly PathSegment[]): { path: PathSegment[]; warning?: Problem } {
  const { path: renamedPath, renamed } = renamePath(path);
  if (renamed.length === 0) return { path: renamedPath };
  return { path: renamedPath, warning: { file, line: 0, col: 0, path: formatPath(path), message: warning(renamed[0], formatPath(renamedPath)), override } };
}

/**
 * The import graph of src/: every static import and export-from and every dynamic import(), with
 * whether it is type-only. Read from the source text (no compiler), so it is fast and sees exactly
 * what a reader sees.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const SRC = 'src';

export function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
    });
}

// import x from './a.js'; import type { X } from './a.js'; export { y } from './a.js'; export * from './a.js';
const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The relative imports of one file, resolved to source paths (src/x/y.ts). */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const resolve = (spec: string) => normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
  for (const m of text.matchAll(STATIC)) {
    // `import { type A, type B } from` is type-only too; `import X, { type A }` is not
    const braces = /^\s*(?:import|export)\s+\{([^}]*)\}/.exec(m[0])?.[1];
    const inlineTypesOnly = braces !== undefined && braces.split(',').filter((s) => s.trim() !== '').every((s) => /^\s*type\s/.test(s));
    edges.push({ from: file, to: resolve(m[3]), typeOnly: m[2] !== undefined || inlineTypesOnly });
  }
  for (const m of text.matchAll(DYNAMIC)) edges.push({ from: file, to: resolve(m[1]), typeOnly: false });
  return edges;
}

export function importGraph(files = sourceFiles()): ImportEdge[] {
  return files.flatMap((f) => importsOf(f));
}

/** The folder of a source file under src/ (`engine`, `components`, ...), or the file itself at the top (`index.ts`). */
export function folderOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  return rel.length === 1 ? rel[0] : rel[0];
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (!adj.has(e.from)) adj.set(e.from, []);
    if (!adj.has(e.to)) adj.set(e.to, []);
    adj.get(e.from)!.push(e.to);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of adj.get(v)!) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of [...adj.keys()].sort()) if (!idx.has(v)) strong(v);
  return out;
}

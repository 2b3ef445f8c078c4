/**
 * Loading a user's program: the only way code enters a run. A scenario names it with `program:`
 * (relative to the scenario file) or the command line with `--program`; a scenario with no
 * program runs no code.
 *
 * The file (TypeScript or JavaScript) is bundled with esbuild into one ES module (platform node,
 * with an inline source map), written to a fresh folder under the OS's temporary folder, imported
 * from there and the folder removed. Node's source maps are turned on first, so the stack of an
 * error thrown by a handler names the user's file:line:col, which `locate` picks out. esbuild
 * strips types without checking them: a syntax error is reported with its file:line:col; a type
 * error is not (run `tsc --noEmit` on the program for that).
 *
 * What the module must export: each process kind the scenario's `processes:` names (a class or a
 * factory function, `api.ts`), and optionally `invariants` and `atEnd`, maps from names to functions.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Invariant, ProcessKind } from './api.js';
import type { LoadedProgram } from './runtime.js';
import { ProgramError } from './errors.js';
import { didYouMean } from '../engine/did-you-mean.js';

/** Loads and checks the program at `file`; `wanted`: the kinds the scenario names, each with its scenario path (`processes[0].kind`). */
export async function loadProgram(file: string, wanted: readonly { kind: string; path: string }[] = [], label = 'program'): Promise<LoadedProgram> {
  const abs = resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    let hint = '';
    try {
      const near = readdirSync(dirname(abs)).filter((f) => /\.(ts|mts|js|mjs)$/.test(f));
      const close = didYouMean(basename(abs), near);
      if (close !== undefined) hint = `; did you mean ${JSON.stringify(close)}?`;
    } catch {
      // the folder is missing too
    }
    throw new ProgramError(`${label}: expected a program file (TypeScript or JavaScript) at ${abs}; found ${existsSync(abs) ? 'a folder' : 'no such file'}${hint}`);
  }
  const esbuild = await import('esbuild');
  // bundled next to where it is imported from, so that the source map's relative paths lead back to the user's files
  const dir = mkdtempSync(join(tmpdir(), 'lightcone-program-'));
  const out = join(dir, 'program.mjs');
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [abs],
      absWorkingDir: dirname(abs),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      sourcemap: 'inline',
      metafile: true,
      logLevel: 'silent',
      outfile: out,
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const errors = (e as { errors?: { text: string; location: { file: string; line: number; column: number; lineText: string } | null }[] }).errors;
    if (errors === undefined || errors.length === 0) throw e;
    const lines = errors.slice(0, 5).map((err) => {
      const loc = err.location;
      if (loc === null) return `${file}: ${err.text}`;
      const where = `${resolve(dirname(abs), loc.file)}:${loc.line}:${loc.column + 1}`;
      return `${where}: ${err.text}\n    ${loc.lineText}\n    ${' '.repeat(loc.column)}^`;
    });
    throw new ProgramError(`the program ${file} does not compile (${errors.length} error${errors.length === 1 ? '' : 's'}):\n  ${lines.join('\n  ')}`);
  }
  const sources = Object.keys(result.metafile.inputs).map((f) => resolve(dirname(abs), f));
  const code = result.outputFiles[0].text;
  process.setSourceMapsEnabled(true);
  let exports: Record<string, unknown>;
  try {
    writeFileSync(out, code);
    try {
      exports = (await import(pathToFileURL(out).href)) as Record<string, unknown>;
    } catch (e) {
      const where = locateIn(e, sources) ?? file;
      throw new ProgramError(`${where}: loading the program threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const kinds = new Map<string, ProcessKind>();
  for (const [name, value] of Object.entries(exports)) {
    if (name !== 'invariants' && name !== 'atEnd' && typeof value === 'function') kinds.set(name, value as ProcessKind);
  }
  const problems: string[] = [];
  for (const { kind, path } of wanted) {
    const value = exports[kind];
    if (typeof value === 'function') continue;
    const names = [...kinds.keys()];
    const close = didYouMean(kind, names);
    const found = value === undefined ? `it exports ${names.length === 0 ? 'no process kind' : names.join(', ')}` : `its export ${kind} is ${describe(value)}, not a class or a function`;
    problems.push(`${path}: the program ${file} does not export the process kind ${JSON.stringify(kind)}; ${found}${close !== undefined && value === undefined ? `; did you mean ${JSON.stringify(close)}?` : ''}`);
  }
  const properties = (key: 'invariants' | 'atEnd', example: string): [string, Invariant][] => {
    const found: [string, Invariant][] = [];
    const map = exports[key];
    if (map === undefined) return found;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      problems.push(`${label}: ${file} exports ${key} as ${describe(map)}; expected a map from names to functions, such as export const ${key} = { ${example}: (world) => ... }`);
    } else {
      for (const [name, f] of Object.entries(map)) {
        if (typeof f === 'function') found.push([name, f as Invariant]);
        else problems.push(`${label}: ${file}: ${key}.${name} is ${describe(f)}; expected a function of the world that returns true (or nothing) when it holds, and false or a message when it does not`);
      }
    }
    return found;
  };
  const invariants = properties('invariants', 'oneLeader');
  const atEnd = properties('atEnd', 'converged');
  if (problems.length > 0) throw new ProgramError(problems.join('\n'));
  return { file, kinds, invariants, atEnd, locate: (e) => locateIn(e, sources) };
}

/** The first frame of `error`'s stack in one of `sources` (the program's own files), as file:line:col. */
function locateIn(error: unknown, sources: readonly string[]): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (stack === undefined) return undefined;
  const own = new Set(sources);
  for (const line of stack.split('\n')) {
    const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (m === null) continue;
    let path = m[1];
    if (path.startsWith('file://')) path = fileURLToPath(path);
    if (!isAbsolute(path)) continue;
    if (own.has(path)) return `${path}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v} (${JSON.stringify(v)})`;
}

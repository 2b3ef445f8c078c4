/**
 * The output folder of a command, written whole or not at all.
 *
 * Every file of a command's output (summary.json, the CSV files, report.html, charts/) is first
 * written into a staging folder inside the output folder (`.lightcone-partial-<pid>`), and only
 * when all of them are complete are they renamed into place, one rename per file, with no await in
 * between. An interrupted command therefore leaves the previous complete output (or nothing) and a
 * staging folder, never half a file under a final name; the staging folder is removed by `abort()`
 * (Ctrl-C) or, if the process was killed outright, by the next command that writes to the same
 * folder. A symlink met inside the output folder (at a file's or a subfolder's place) is replaced,
 * never followed, and no file is ever written outside the folder.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';

const PARTIAL = '.lightcone-partial-';

export class OutputPathError extends Error {}

export class OutputSet {
  private readonly staging: string;
  /** Relative paths of the files written so far, in order. */
  private readonly files: string[] = [];
  private state: 'open' | 'committed' | 'aborted' = 'open';

  private constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    removeStalePartials(dir);
    this.staging = join(dir, `${PARTIAL}${process.pid}`);
    rmSync(this.staging, { recursive: true, force: true });
    // the staging folder itself is made by the first write, so that a command can install its
    // Ctrl-C guard between opening the set and writing anything
  }

  /** Opens a staging area for the output folder `dir` (created if needed). */
  static open(dir: string): OutputSet {
    return new OutputSet(dir);
  }

  /** The final path of `relative` (what the user will find once committed). */
  finalPath(relative: string): string {
    return join(this.dir, checkRelative(relative));
  }

  /**
   * The staging path to write `relative` to (its folders are created), for a writer that streams
   * (the per-request CSV). The file becomes part of the output.
   */
  stagePath(relative: string): string {
    this.mustBeOpen();
    const rel = checkRelative(relative);
    const path = join(this.staging, rel);
    mkdirSync(dirname(path), { recursive: true });
    if (!this.files.includes(rel)) this.files.push(rel);
    return path;
  }

  /** Writes a whole file of the output. */
  write(relative: string, data: string | Uint8Array): void {
    writeFileSync(this.stagePath(relative), data);
  }

  /** Moves every staged file into place; returns their final paths in the order they were written. */
  commit(): string[] {
    this.mustBeOpen();
    const out: string[] = [];
    for (const rel of this.files) {
      const to = join(this.dir, rel);
      ensureRealFolder(this.dir, dirname(rel));
      const existing = lstatOrNull(to);
      if (existing?.isDirectory()) rmSync(to, { recursive: true, force: true });
      renameSync(join(this.staging, rel), to); // replaces a file or a symlink; never follows it
      out.push(to);
    }
    rmSync(this.staging, { recursive: true, force: true });
    this.state = 'committed';
    return out;
  }

  /** Drops everything staged: the output folder is left as it was. Harmless after commit. */
  abort(): void {
    if (this.state !== 'open') return;
    rmSync(this.staging, { recursive: true, force: true });
    this.state = 'aborted';
  }

  private mustBeOpen(): void {
    if (this.state !== 'open') throw new Error(`the output of ${this.dir} was already ${this.state}`);
  }
}

/** A relative path that stays inside its folder: no absolute path, no `..`, no empty segment. */
function checkRelative(relative: string): string {
  const rel = normalize(relative);
  if (isAbsolute(rel) || rel === '.' || rel.split(/[\\/]/).some((s) => s === '..' || s === '' || s.startsWith(PARTIAL))) {
    throw new OutputPathError(`an output file must stay inside its folder; found "${relative}"`);
  }
  return rel;
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Makes `dir/rel` a real folder, segment by segment, replacing any symlink or file in the way. */
function ensureRealFolder(dir: string, rel: string): void {
  if (rel === '.' || rel === '') return;
  let at = dir;
  for (const segment of rel.split(sep)) {
    at = join(at, segment);
    const s = lstatOrNull(at);
    if (s !== null && !s.isDirectory()) unlinkSync(at); // a symlink (to a folder or not) or a file: replaced
    if (s === null || !s.isDirectory()) mkdirSync(at);
  }
}

/** Removes staging folders left by processes that no longer run (killed before they could clean up). */
function removeStalePartials(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(PARTIAL)) continue;
    const pid = Number(name.slice(PARTIAL.length));
    if (Number.isSafeInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A file or folder name made from user text (a scenario or variant name): never `..`, never a path. */
export function safeName(name: string): string {
  const s = name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return s === '' ? 'scenario' : s;
}

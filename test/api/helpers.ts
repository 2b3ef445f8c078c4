/**
 * Helpers for the tests of the package as a user sees it: temporary consumer projects that import
 * `lightcone` by name, and the README's examples.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the package). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The tests read the build, as a user's program would: `npm test` makes it first. */
export function requireBuild(): void {
  const entry = join(ROOT, 'dist', 'src', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first (npm test does)`);
}

/** A new folder with a package.json of an ES module project. */
export function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lightcone-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2) + '\n');
  mkdirSync(join(dir, 'node_modules'));
  return dir;
}

/** node_modules/<name> in `project` as a link to `target`. */
export function link(project: string, name: string, target: string): void {
  const at = join(project, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'junction');
}

/** Links each runtime dependency of the package (and `extra` ones) to the repository's installed copy. */
export function linkDependencies(project: string, extra: string[] = []): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(pkg.dependencies), ...extra]) link(project, name, join(ROOT, 'node_modules', name));
}

/** Runs node on `args` in `cwd`, with no seed from the environment and with `env` added. */
export function node(args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, LIGHTCONE_SEED: '', ...env } });
}

/**
 * The Markdown file that holds the README's library text: README.md once it carries `marker`,
 * NOTES-README.md (where the text waits to be moved into README.md) before that.
 */
export function readmeWith(marker: string): { file: string; text: string } {
  for (const name of ['README.md', 'NOTES-README.md']) {
    const file = join(ROOT, name);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (text.includes(marker)) return { file: name, text };
  }
  throw new Error(`neither README.md nor NOTES-README.md contains ${marker}`);
}

/** The body of the first fenced block after `marker` in `text`. */
export function blockAfter(text: string, marker: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker}`);
  const m = /^```[\w-]*\n([\s\S]*?)^```$/m.exec(text.slice(at + marker.length));
  if (m === null) throw new Error(`no fenced block after ${marker}`);
  return m[1];
}

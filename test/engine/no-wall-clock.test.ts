/**
 * No code under src/ reads the wall clock or an unseeded generator, so a run depends on the
 * scenario and the seed alone. One guard for the whole of src/, walked recursively: a folder added
 * later is covered without editing this file. The only exceptions are listed in ALLOWED, each with
 * its reason.
 */
import { test, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const FORBIDDEN =
  /\bMath\.random\b|\bDate\.now\b|\bDate\(\)|\bperformance\.(now|timeOrigin)\b|process\.hrtime|process\.uptime|crypto\.random|\brandomInt\b|\brandomUUID\b|\brandomBytes\b|\bgetRandomValues\b/;

/** Paths relative to src/ (a trailing slash means the whole folder) that may read the clock. */
const ALLOWED: Record<string, string> = {
  'cli/':
    'the command line around a run: elapsed wall time for the progress report (process.hrtime), and a seed ' +
    'drawn at random (randomInt) when the scenario names none, printed so that the run can be reproduced; ' +
    'neither reaches the simulation, which gets the seed as its input',
  'process/guard.ts':
    'the determinism guard: it replaces Date.now, performance.now, Date and Math.random while a process handler ' +
    'runs (they throw there), and calls the originals outside handlers; it reads no clock itself',
};

const SOURCE = /\.[cm]?[jt]sx?$/;

/** Every source file under dir, as a path relative to dir with forward slashes. */
function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    if (statSync(join(dir, rel)).isDirectory()) return sourceFiles(dir, rel);
    return SOURCE.test(name) ? [rel] : [];
  });
}

const isAllowed = (file: string, allowed: readonly string[]) => allowed.some((a) => (a.endsWith('/') ? file.startsWith(a) : file === a));

/** The lines that read a clock or an unseeded generator, outside comments and the allowed paths. */
function offenders(root: string, allowed: readonly string[]): string[] {
  return sourceFiles(root)
    .filter((f) => !isAllowed(f, allowed))
    .flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (FORBIDDEN.test(line) && !/^\s*(\*|\/\/|\/\*)/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
}

test('nothing under src/ reads the wall clock or an unseeded generator, except the allowed paths', () => {
  const scanned = sourceFiles('src').filter((f) => !isAllowed(f, Object.keys(ALLOWED)));
  expect(scanned.length).toBeGreaterThan(50);
  // every folder of src/ is scanned, except those allowed whole
  const folders = (files: string[]) => [...new Set(files.map((f) => (f.includes('/') ? f.slice(0, f.indexOf('/')) : '.')))].sort();
  const allFolders = folders(sourceFiles('src'));
  expect(folders(scanned)).toEqual(allFolders.filter((d) => !Object.keys(ALLOWED).includes(`${d}/`)));
  expect(offenders('src', Object.keys(ALLOWED)).map((o) => `src/${o}`)).toEqual([]);
});

test('every allowed path exists and has a reason', () => {
  for (const [path, reason] of Object.entries(ALLOWED)) {
    expect(existsSync(join('src', path)), path).toBe(true);
    expect(reason.length, path).toBeGreaterThan(20);
  }
});

test('the check itself catches an offender', () => {
  for (const bad of [
    'const x = Math.random();',
    'const t = Date.now();',
    'const d = new Date();',
    'const s = Date();',
    'const t = performance.now();',
    'const t0 = process.hrtime.bigint();',
    "const id = crypto.randomUUID(); import { randomInt } from 'node:crypto';",
    'crypto.getRandomValues(buf);',
  ]) {
    expect(FORBIDDEN.test(bad), bad).toBe(true);
  }
  expect(FORBIDDEN.test('const t = sched.now;')).toBe(false);
  expect(FORBIDDEN.test("const d = new Date('2024-01-01T00:00:00Z');")).toBe(false);
  expect(FORBIDDEN.test('const r = rng.random();')).toBe(false);
});

test('the walk reaches folders added later, at any depth, and skips only the allowed ones and comments', () => {
  const root = mkdtempSync(join(tmpdir(), 'lightcone-wall-clock-'));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  try {
    write('engine/scheduler.ts', 'export const now = (s: { now: number }) => s.now;\n// Date.now() is never used here\n');
    write('stats/deep/er/new.ts', 'export const t = () => Date.now();\n');
    write('run/simulate.ts', '/**\n * Math.random is not used\n */\nexport const r = Math.random();\n');
    write('top.ts', 'export const s = performance.now();\n');
    write('cli/progress.ts', 'export const started = process.hrtime.bigint();\n');
    write('cli/notes.md', 'Date.now()\n');
    expect(offenders(root, ['cli/']).sort()).toEqual([
      'run/simulate.ts:4: export const r = Math.random();',
      'stats/deep/er/new.ts:1: export const t = () => Date.now();',
      'top.ts:1: export const s = performance.now();',
    ]);
    expect(offenders(root, [])).toContain('cli/progress.ts:1: export const started = process.hrtime.bigint();');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

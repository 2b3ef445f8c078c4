/**
 * The README's library example is examples/library.ts, verbatim, and prints exactly the output the
 * README shows. It runs as a user's program would: compiled from TypeScript, importing `lightcone`
 * by name from the built package.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import { blockAfter, consumerProject, link, node, readmeWith, requireBuild, ROOT } from './helpers.js';

const EXAMPLE = 'examples/library.ts';
const CODE_MARKER = `<!-- example: ${EXAMPLE} -->`;
const OUTPUT_MARKER = `<!-- output: ${EXAMPLE} -->`;

describe(`the README's library example (${EXAMPLE})`, () => {
  const source = readFileSync(join(ROOT, EXAMPLE), 'utf8');
  const readme = readmeWith(CODE_MARKER);
  const projects: string[] = [];
  afterAll(() => {
    for (const p of projects) rmSync(p, { recursive: true, force: true });
  });

  test(`${readme.file} shows the file verbatim`, () => {
    expect(blockAfter(readme.text, CODE_MARKER)).toBe(source);
  });

  test(`it runs against the built package and prints what ${readme.file} says`, { timeout: 120_000 }, () => {
    requireBuild();
    const project = consumerProject();
    projects.push(project);
    link(project, 'lightcone', ROOT);
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' });
    writeFileSync(join(project, 'library.mjs'), code);
    const r = node(['library.mjs'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(blockAfter(readme.text, OUTPUT_MARKER));
  });
});

/**
 * The bundled bug programs are teaching material: they must type-check against the public API
 * (`import type { ... } from 'lightcone'`, resolved through the package's own exports, so after
 * `npm run build`), strict, as a user's project would check them. esbuild, which loads them for a
 * run, strips types without checking them.
 */
import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

test('scenarios/bugs/*/*.ts type-check (tsc --strict, NodeNext)', { timeout: 300_000 }, () => {
  const programs = readdirSync('scenarios/bugs').flatMap((d) => readdirSync(join('scenarios/bugs', d)).filter((f) => f.endsWith('.ts')).map((f) => join('scenarios/bugs', d, f)));
  expect(programs.length).toBeGreaterThanOrEqual(4);
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--noUnusedLocals', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', ...programs], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

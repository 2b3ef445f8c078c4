/** Simulation code must not read the wall clock or an unseeded generator. */
import { test, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SIMULATION_DIRS = ['src/engine', 'src/components', 'src/load', 'src/net', 'src/scenario', 'src/report', 'src/run', 'src/stats', 'src/spec', 'src/clocks'];
const FORBIDDEN = /\bMath\.random\b|\bDate\.now\b|\bperformance\.now\b|\bnew Date\(\)|process\.hrtime|crypto\.random|\brandomInt\b|\brandomUUID\b/;

function files(path: string): string[] {
  try {
    if (statSync(path).isFile()) return [path];
  } catch {
    return [];
  }
  return readdirSync(path).flatMap((f) => files(join(path, f)));
}

test('no Math.random, Date.now, performance.now or other wall clock in simulation code', () => {
  const all = SIMULATION_DIRS.flatMap(files).filter((f) => f.endsWith('.ts'));
  expect(all.length).toBeGreaterThan(10);
  const offenders = all.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .map((line, i) => [f, i + 1, line] as const)
      .filter(([, , line]) => FORBIDDEN.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//')),
  );
  expect(offenders).toEqual([]);
});

test('the check itself catches an offender', () => {
  expect(FORBIDDEN.test('const x = Math.random();')).toBe(true);
  expect(FORBIDDEN.test('const t = Date.now();')).toBe(true);
  expect(FORBIDDEN.test('const t = sched.now;')).toBe(false);
});

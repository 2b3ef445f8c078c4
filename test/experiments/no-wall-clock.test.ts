/** The statistics and the experiment machinery read no clock and no unseeded generator: outputs depend on the seed alone. */
import { test, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FORBIDDEN = /\bMath\.random\b|\bDate\.now\b|\bperformance\.now\b|\bnew Date\(\)|process\.hrtime|crypto\.random|\brandomInt\b|\brandomUUID\b/;

test('no Math.random, Date.now or other clock in src/experiments', () => {
  const files = readdirSync('src/experiments').filter((f) => f.endsWith('.ts'));
  expect(files).toEqual(expect.arrayContaining(['compare.ts', 'sweep.ts', 'experiment.ts', 'worker.ts', 'render.ts']));
  const offenders = files.flatMap((f) =>
    readFileSync(join('src/experiments', f), 'utf8')
      .split('\n')
      .map((line, i) => [f, i + 1, line] as const)
      .filter(([, , line]) => FORBIDDEN.test(line) && !/^\s*(\*|\/\/)/.test(line)),
  );
  expect(offenders).toEqual([]);
});

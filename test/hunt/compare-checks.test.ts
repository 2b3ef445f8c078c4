/** compare and sweep count, per variant, the replications that broke each check. */
import { describe, expect, test } from 'vitest';
import { compare } from '../../src/experiments/compare.js';
import { sweep } from '../../src/experiments/sweep.js';
import { parseVary } from '../../src/experiments/vary.js';
import { renderCompare } from '../../src/experiments/render.js';

const FIXTURE = 'test/hunt/fixtures/tight-p99.yaml';

describe('checks in compare and sweep', () => {
  test('each variant: how many replications broke each check, the same on 1 and 2 threads', async () => {
    const vary = [parseVary('checks[1]=p99 < 140ms,p99 < 200ms')];
    const one = await compare({ file: FIXTURE, seed: 1, replications: 40, vary, jobs: 1 });
    expect(one.variants.map((v) => v.checks)).toEqual([
      [{ check: 'success >= 99%', failed: 0 }, { check: 'p99 < 140ms', failed: 2 }],
      [{ check: 'success >= 99%', failed: 0 }, { check: 'p99 < 200ms', failed: 0 }],
    ]);
    expect(renderCompare(one)).toContain('checks: replications that broke each\n  p99 < 140ms: p99 < 140ms failed in 2 of 40\n  p99 < 200ms: every check held in all 40');
    const two = await compare({ file: FIXTURE, seed: 1, replications: 40, vary, jobs: 2 });
    expect(two.variants.map((v) => v.checks)).toEqual(one.variants.map((v) => v.checks));
  });

  test('sweep too', async () => {
    const r = await sweep({ file: FIXTURE, seed: 1, replications: 40, vary: [parseVary('load.requests=60,30')], jobs: 1 });
    expect(r.points.map((p) => p.checks?.[1])).toEqual([{ check: 'p99 < 140ms', failed: 2 }, { check: 'p99 < 140ms', failed: expect.any(Number) }]);
  });
});

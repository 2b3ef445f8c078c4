/**
 * Every bundled scenario: exact accounting (each request ends exactly once, the counts add up),
 * and a golden summary checked in under test/golden/, so any change in behaviour shows up as a diff.
 * A missing golden file fails, everywhere; regenerate on purpose with UPDATE_GOLDEN=1 (and say so
 * in the changelog).
 */
import { beforeAll, describe, test, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/run/simulate.js';
import { summaryJson } from '../src/run/summary.js';
import { bundledScenarios } from '../src/cli/scenario-path.js';
import { loadProgram } from '../src/process/program.js';

const bundled = bundledScenarios().filter((s) => s.name !== 'mm1'); // mm1 (1.1M requests) has its own test

describe.each(bundled)('$name', ({ name, path }) => {
  const scenario = loadScenario(relative(process.cwd(), path)); // a relative path: the stamp must not depend on the clone's location
  const seen = new Uint8Array(scenario.spec.load.requests ?? 1 << 22);
  let duplicates = 0;
  let summary!: ReturnType<typeof simulate>['summary'];
  // One run shared by both tests, in a hook so that the project's hookTimeout bounds it.
  beforeAll(async () => {
    // a scenario with processes runs its program (loaded as `lightcone run` loads it)
    const p = scenario.spec.processes;
    const program = p === undefined ? undefined : await loadProgram(p.program!, p.groups.map((g, i) => ({ kind: g.kind, path: `processes[${i}].kind` })));
    ({ summary } = simulate(scenario, {
      ...(program !== undefined && { program }),
      onRequest: (r) => {
        if (seen[r.id]++) duplicates++;
        expect(r.outcome >= 0 && r.outcome <= 4).toBe(true);
        expect(r.end).toBeGreaterThanOrEqual(r.arrival);
      },
    }));
  });

  test('every request ends exactly once, and the counts add up', () => {
    const r = summary.requests;
    expect(duplicates).toBe(0);
    // every request issued was recorded once, except those still in flight at the end
    expect(seen.filter((v) => v === 1).length).toBe(r.total - r.inFlight);
    expect(seen.every((v) => v <= 1)).toBe(true);
    if (scenario.spec.load.requests !== undefined) expect(r.total).toBe(scenario.spec.load.requests);
    // offered = ok + error + timeout + dropped + rejected + in flight at the end
    expect(r.ok + r.error + r.timeout + r.dropped + r.rejected + r.inFlight).toBe(r.total);
    const m = r.measured;
    expect(m.ok + m.error + m.timeout + m.dropped + m.rejected).toBeLessThanOrEqual(m.total);
    expect(summary.latency.count).toBe(m.ok + m.error + m.timeout + m.dropped + m.rejected);
  });

  test('matches its golden summary', () => {
    const file = join('test/golden', `${name.replace(/\//g, '__')}.json`);
    const stable = summaryJson({ ...summary, stamp: { ...summary.stamp, version: '(any)', node: '(any)' } });
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, stable);
    else if (!existsSync(file)) throw new Error(`missing golden summary ${file}: run UPDATE_GOLDEN=1 npx vitest run test/scenarios.test.ts`);
    expect(stable).toBe(readFileSync(file, 'utf8'));
  });
});

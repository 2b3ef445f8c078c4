/**
 * The public API (src/index.ts): what it exports is a decision, it holds no logic, and importing
 * the package loads no heavy dependency.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { node, requireBuild, ROOT } from './helpers.js';

describe('src/index.ts', () => {
  test('exports exactly these values (adding one is a decision: update this list and the README)', { timeout: 60_000 }, async () => {
    const api = await import('../../src/index.js');
    expect(Object.keys(api).sort()).toEqual([
      'BuildError',
      'DEFAULT_COMPARE_REPLICATIONS',
      'DEFAULT_LIMITS',
      'DEFAULT_SWEEP_REPLICATIONS',
      'DeterminismError',
      'DistributionSyntaxError',
      'GENERATOR',
      'InterruptedError',
      'LIMITS',
      'LimitError',
      'METRICS',
      'MissingSeedError',
      'OUTCOMES',
      'OutputSet',
      'PAYLOAD_LIMIT',
      'ProgramError',
      'ScenarioError',
      'Scheduler',
      'SchedulerError',
      'ShrinkError',
      'Simulation',
      'TOOL',
      'TRACE_KINDS',
      'TraceWriter',
      'UnitError',
      'VERSION',
      'VaryError',
      'WindowError',
      'buildSystem',
      'bundledScenarios',
      'compare',
      'describeShrink',
      'fileSink',
      'formatDist',
      'hunt',
      'limitsFrom',
      'loadProgram',
      'loadScenario',
      'makeDistribution',
      'meanOf',
      'parseDistribution',
      'parseDuration',
      'parseRate',
      'parseScenario',
      'parseScenarioObject',
      'renderCompare',
      'renderSummary',
      'renderSweep',
      'resultJson',
      'rngStream',
      'shrink',
      'simulate',
      'stringSink',
      'summaryJson',
      'sweep',
      'writeCompareReport',
      'writeDiagram',
      'writeRunReport',
      'writeSweepReport',
    ]);
  });

  test('only re-exports: every statement is an export ... from', () => {
    const code = readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const statements = code.split(';').map((s) => s.trim()).filter((s) => s !== '');
    expect(statements.filter((s) => !/^export\s[\s\S]*\sfrom\s+'\.\/[^']+\.js'$/.test(s))).toEqual([]);
    expect(statements.length).toBeGreaterThan(10);
  });
});

/** Packages that only reports, worker threads and the command line need. */
const HEAVY = ['vega', 'vega-lite', 'vega-embed', '@resvg/resvg-js', 'tinypool', 'cli-progress', 'commander', 'playwright-core'];

/** The npm packages a node process loads while it runs `code` (an ES module) in the repository root. */
function packagesLoaded(code: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lightcone-imports-'));
  const log = join(dir, 'imports.log');
  const r = node(['--import', './test/api/fixtures/record-imports.mjs', '--input-type=module', '-e', code], ROOT, { LIGHTCONE_IMPORT_LOG: log });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const text = readFileSync(log, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const names = text
    .trim()
    .split('\n')
    .map((url) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
    .filter((name) => name !== undefined);
  return [...new Set(names)].sort();
}

describe('importing lightcone', () => {
  test('loads no chart renderer, rasterizer, worker pool, progress bar or command-line parser', { timeout: 60_000 }, () => {
    requireBuild();
    const loaded = packagesLoaded("await import('lightcone');");
    expect(loaded).toContain('yaml'); // the scenario front end: the recording sees packages
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  test('(the check sees a heavy package when one is imported)', { timeout: 60_000 }, () => {
    expect(packagesLoaded("await import('lightcone'); await import('vega');")).toContain('vega');
  });
});

/**
 * The package as a user installs it: `npm pack` of the build, unpacked into a new project's
 * node_modules/lightcone, imported by name from JavaScript and type-checked from TypeScript.
 *
 * The tarball is unpacked rather than `npm install`ed so that the test needs no network: the
 * package's own dependencies are linked to the repository's installed copies. What is under test
 * is the package itself: its `files`, `main`, `types` and `exports`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { VERSION } from '../../src/version.js';
import { consumerProject, linkDependencies, node, requireBuild, ROOT } from './helpers.js';

/** Slow on a busy machine: npm pack, a few node processes and a TypeScript compilation. */
const SLOW = { timeout: 300_000 };

interface Packed {
  filename: string;
  files: { path: string }[];
}

describe('the npm package, installed in a new project', () => {
  let project = '';
  let files: string[] = [];

  beforeAll(() => {
    requireBuild();
    project = consumerProject();
    // --ignore-scripts: pack the build as it is (`prepare` would build it again).
    const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const [packed] = JSON.parse(pack.stdout) as Packed[];
    files = packed.files.map((f) => f.path).sort();
    const at = join(project, 'node_modules', 'lightcone');
    mkdirSync(at);
    const untar = spawnSync('tar', ['-xzf', join(project, packed.filename), '-C', at, '--strip-components=1'], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed:\n${untar.stderr}`);
    linkDependencies(project, ['@types/node']);
  }, SLOW.timeout);

  afterAll(() => {
    if (project !== '') rmSync(project, { recursive: true, force: true });
  });

  test('holds the build, the command, the scenarios and the schema; no sources, tests or benchmarks', SLOW, () => {
    for (const f of [
      'package.json',
      'README.md',
      'bin/lightcone',
      'dist/lightcone.mjs',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/experiments/worker.js',
      'schema/scenario.schema.json',
      'scenarios/timelike/random.yaml',
    ]) {
      expect(files).toContain(f);
    }
    const allowed = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|bin\/lightcone|dist\/lightcone\.mjs|dist\/src\/.+\.(js|d\.ts|js\.map)|scenarios\/.+\.(yaml|json|csv)|scenarios\/bugs\/.+\.(ts|md)|schema\/.+\.json)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  });

  test('a JavaScript program imports it by name and runs a bundled scenario', SLOW, () => {
    writeFileSync(
      join(project, 'run.mjs'),
      [
        "import { bundledScenarios, loadScenario, simulate, VERSION } from 'lightcone';",
        "const random = bundledScenarios().find((s) => s.name === 'timelike/random');",
        "const { summary } = simulate(loadScenario(random.path, ['load.requests=5000']));",
        'console.log(JSON.stringify({ p99: summary.latency.p99, path: random.path, version: VERSION }));',
      ].join('\n'),
    );
    const r = node(['run.mjs'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { p99: number; path: string; version: string };
    // The installed copy's own files, and the same figure as the sources give.
    expect(out.path).toBe(join(realpathSync(project), 'node_modules', 'lightcone', 'scenarios', 'timelike', 'random.yaml'));
    expect(out.version).toBe(VERSION);
    expect(out.p99).toBe(simulate(loadScenario('scenarios/timelike/random.yaml', ['load.requests=5000'])).summary.latency.p99);
  });

  test('its exports give the package.json and nothing internal', SLOW, () => {
    writeFileSync(
      join(project, 'deep.mjs'),
      [
        "import { createRequire } from 'node:module';",
        "console.log(createRequire(import.meta.url)('lightcone/package.json').name);",
        "await import('lightcone/dist/src/run/simulate.js').then(() => console.log('reached'), (e) => console.log(e.code));",
      ].join('\n'),
    );
    const r = node(['deep.mjs'], project);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('lightcone\nERR_PACKAGE_PATH_NOT_EXPORTED\n');
  });

  test('its command runs', SLOW, () => {
    const r = node([join('node_modules', 'lightcone', 'bin', 'lightcone'), '--version'], project);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(VERSION);
  });

  test("its types check a TypeScript program and the README's example (tsc, NodeNext)", SLOW, () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] },
        files: ['consumer.ts', 'library.ts'],
      }),
    );
    copyFileSync(join(ROOT, 'examples', 'library.ts'), join(project, 'library.ts'));
    writeFileSync(
      join(project, 'consumer.ts'),
      [
        "import { loadScenario, parseScenarioObject, simulate, ScenarioError, type Problem, type ScenarioSpec, type Summary } from 'lightcone';",
        '',
        "const scenario = parseScenarioObject({ name: 'x', load: { poisson: { interval: '2ms' }, requests: 100 }, topology: [{ server: { concurrency: 1, 'service-time': 'exp(1ms)' } }] }, 'x.yaml');",
        'const spec: ScenarioSpec = scenario.spec;',
        'const summary: Summary = simulate(scenario, { seed: 1 }).summary;',
        'const p99: number = summary.latency.p99;',
        'let problems: Problem[] = [];',
        "try { loadScenario('missing.yaml'); } catch (e) { if (e instanceof ScenarioError) problems = e.problems; }",
        'console.log(spec.name, p99, problems.length);',
        '// The types are real, not any:',
        '// @ts-expect-error: no such percentile',
        'console.log(summary.latency.p98);',
        '// @ts-expect-error: a seed is a number',
        "simulate(scenario, { seed: '1' });",
        '// @ts-expect-error: internal modules are not exported',
        "await import('lightcone/dist/src/run/simulate.js');",
      ].join('\n'),
    );
    // skipLibCheck stays off: the package's own .d.ts files are checked too (they must resolve
    // within the package and its dependencies).
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

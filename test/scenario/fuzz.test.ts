/**
 * Fuzzing validation (issue 8, acceptance): thousands of mutated bundled scenarios go through
 * `lightcone validate` (in-process, the command's own function, to fit in about a minute), and a
 * few dozen through the real command line. Validation may accept a scenario or refuse it with the
 * errors the command line turns into exit 2; it may not crash, hang, or report a problem without
 * its place in the file.
 *
 * The mutations are drawn by fast-check from a fixed seed, so a run is reproducible: a failure
 * prints the bundled scenario, the mutations and the text that failed.
 */
import { describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Document, isMap, isScalar, isSeq, parseDocument, Scalar, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { validateCommand } from '../../src/cli/validate.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { BuildError } from '../../src/engine/errors.js';
import { VaryError } from '../../src/experiments/vary.js';
import { WindowError } from '../../src/load/window.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { LimitError } from '../../src/scenario/limits.js';

// FUZZ_SEED and FUZZ_RUNS explore further (FUZZ_RUNS=100000 FUZZ_SEED=7 npx vitest run test/scenario/fuzz.test.ts);
// the suite runs the fixed seed.
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_801);
const IN_PROCESS_RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
const CLI_RUNS = 36;

const BUNDLED = readdirSync('scenarios', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join('scenarios', f), 'utf8') }));

/** Values no scenario should hold, as YAML would give them: numbers out of range, hostile strings, wrong shapes. */
const HOSTILE: unknown[] = [
  0,
  -1,
  Infinity, // 1e400
  1e-324, // 0
  NaN,
  '',
  'x'.repeat(10_000),
  '__proto__',
  'constructor',
  1e15,
  2147483648,
  1e308,
  0.5,
  true,
  null,
  '0ms',
  '1e400ms',
  '1e308h',
  '1e-320ms',
  '-5s',
  '0/s',
  '4.9e-324/s',
  '1e400/s',
  '100%',
  'p100',
  'exp(1e400ms)',
  'lognormal(1ms, 1e300)',
  'pareto(1ms, 0.5)',
  'normal(1ms, 1e308ms)',
  '1e308ms + 1e308ms',
  '**',
  'nothing[0..1000000000]/**',
  { a: { b: [1, 2] } },
  [1, [2, [3]]],
];

/** Values a scenario could hold, for keys inserted where they may or may not belong. */
const PLAUSIBLE: unknown[] = [
  '1ms',
  '10s',
  3,
  100,
  'exp(1ms)',
  '50%',
  'server',
  'random',
  'least-conn',
  'consistent-hash',
  'shuffle-shard',
  'codel',
  'priority',
  'aimd',
  'p99',
  '100/s',
  '1KB',
  '10Mbit/s',
  [1, 2],
  [0.5, 0.5],
  { count: 2, factor: 3 },
  { count: 1000, zipf: 1.1 },
  { base: '1ms', jitter: 'full' },
];

/** Every key the scenario schema knows, anywhere: inserted into any map. */
const SCHEMA_KEYS = (() => {
  const names = new Set<string>(['extra', '__proto__', 'constructor']);
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (typeof o !== 'object' || o === null) return;
    const properties = (o as { properties?: Record<string, unknown> }).properties;
    if (properties !== undefined) for (const k of Object.keys(properties)) names.add(k);
    Object.values(o).forEach(walk);
  };
  walk(JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')));
  return [...names];
})();

/** Numbers spliced into a value's text in place of its first number: `20ms` -> `1e400ms`. */
const HOSTILE_NUMBERS = ['0', '1e400', '1e-320', '1e308', '4.9e-324', '1e15', '0.0000001', '2147483648'];

type Kind = 'replace' | 'delete' | 'duplicate' | 'rename' | 'insert' | 'swap' | 'number';
interface Mutation {
  kind: Kind;
  at: number;
  pick: number;
}
interface Plan {
  scenario: number;
  mutations: Mutation[];
}

const planArbitrary: fc.Arbitrary<Plan> = fc.record({
  scenario: fc.nat(),
  mutations: fc.array(
    fc.record({
      kind: fc.constantFrom<Kind>('replace', 'delete', 'duplicate', 'rename', 'insert', 'swap', 'number'),
      at: fc.nat(),
      pick: fc.nat(),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

/** A place that holds a value: a map's pair or a list's item. */
type Slot = { get(): unknown; set(v: unknown): void };

function slotsOf(doc: Document) {
  const values: Slot[] = [];
  const maps: YAMLMap[] = [];
  const seqs: YAMLSeq[] = [];
  const pairs: { map: YAMLMap; index: number }[] = [];
  visit(doc, {
    Map(_k, map) {
      maps.push(map);
      map.items.forEach((pair, index) => {
        pairs.push({ map, index });
        values.push({ get: () => pair.value, set: (v) => (pair.value = v as never) });
      });
    },
    Seq(_k, seq) {
      seqs.push(seq);
      seq.items.forEach((_item, i) => values.push({ get: () => seq.items[i], set: (v) => (seq.items[i] = v as never) }));
    },
  });
  return { values, maps, seqs, pairs };
}

function typo(word: string, pick: number): string {
  if (word.length < 2) return word + 'x';
  const i = pick % (word.length - 1);
  switch (pick % 6) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1); // a letter left out
    case 1:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // two swapped
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i); // one doubled
    case 3:
      return word.toUpperCase();
    case 4:
      return ['__proto__', 'constructor', 'prototype', 'toString'][pick % 4];
    default:
      return word + '-x';
  }
}

/** Applies one mutation; says what it did (for the failure report), or null if it found nothing to do. */
function mutate(doc: Document, m: Mutation): string | null {
  const { values, maps, seqs, pairs } = slotsOf(doc);
  const node = (v: unknown) => doc.createNode(v);
  switch (m.kind) {
    case 'replace': {
      if (values.length === 0) return null;
      const slot = values[m.at % values.length];
      const v = HOSTILE[m.pick % HOSTILE.length];
      slot.set(node(v));
      return `replace a value with ${JSON.stringify(v)?.slice(0, 40) ?? String(v)}`;
    }
    case 'number': {
      const texts = values.filter((s) => isScalar(s.get()) && typeof (s.get() as Scalar).value === 'string' && /[0-9]/.test((s.get() as Scalar).value as string));
      if (texts.length === 0) return null;
      const slot = texts[m.at % texts.length];
      const before = (slot.get() as Scalar).value as string;
      const after = before.replace(/[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/, HOSTILE_NUMBERS[m.pick % HOSTILE_NUMBERS.length]);
      slot.set(node(after));
      return `change ${JSON.stringify(before)} to ${JSON.stringify(after)}`;
    }
    case 'delete': {
      if (pairs.length === 0) return null;
      const { map, index } = pairs[m.at % pairs.length];
      const key = String((map.items[index].key as Scalar | null)?.value);
      map.items.splice(index, 1);
      return `delete key ${key}`;
    }
    case 'duplicate': {
      const nonEmpty = seqs.filter((s) => s.items.length > 0);
      if (nonEmpty.length === 0) return null;
      const seq = nonEmpty[m.at % nonEmpty.length];
      const i = m.pick % seq.items.length;
      seq.items.splice(i, 0, doc.createNode((seq.items[i] as { toJSON(): unknown }).toJSON()) as never);
      return `duplicate list item ${i}`;
    }
    case 'rename': {
      if (pairs.length === 0) return null;
      const { map, index } = pairs[m.at % pairs.length];
      const key = map.items[index].key;
      if (!isScalar(key)) return null;
      const before = String(key.value);
      key.value = typo(before, m.pick);
      return `rename key ${before} to ${String(key.value)}`;
    }
    case 'insert': {
      if (maps.length === 0) return null;
      const map = maps[m.at % maps.length];
      const key = SCHEMA_KEYS[m.pick % SCHEMA_KEYS.length];
      if (map.has(key)) return null;
      const values = [...PLAUSIBLE, ...HOSTILE];
      const v = values[Math.floor(m.pick / SCHEMA_KEYS.length) % values.length];
      map.set(key, node(v));
      return `insert ${key}: ${JSON.stringify(v)?.slice(0, 40) ?? String(v)}`;
    }
    case 'swap': {
      if (values.length === 0) return null;
      const slot = values[m.at % values.length];
      const v = slot.get();
      const swapped = isMap(v) ? ['a', 'list'] : isSeq(v) ? { a: 'map' } : m.pick % 2 === 0 ? { value: isScalar(v) ? v.value : null } : [isScalar(v) ? v.value : null];
      slot.set(node(swapped));
      return `swap a ${isMap(v) ? 'map' : isSeq(v) ? 'list' : 'scalar'} for a ${Array.isArray(swapped) ? 'list' : 'map'}`;
    }
  }
}

/** The mutated text and what was done, or null when the mutations produce no YAML text. */
function mutated(plan: Plan): { base: string; text: string; steps: string[] } | null {
  const base = BUNDLED[plan.scenario % BUNDLED.length];
  const doc = parseDocument(base.text);
  const steps: string[] = [];
  for (const m of plan.mutations) {
    const step = mutate(doc, m);
    if (step !== null) steps.push(step);
  }
  try {
    return { base: base.name, text: doc.toString({ lineWidth: 0 }), steps };
  } catch {
    return null;
  }
}

/** What `main` turns into exit 2; anything else is exit 3, a crash. */
const EXIT_2 = [ScenarioError, LimitError, UsageError, BuildError, WindowError, VaryError];

interface Outcome {
  error?: Error;
  ms: number;
}

/** `lightcone validate file`, in process; stdout (the "ok" line) is swallowed. */
async function validateInProcess(file: string): Promise<Outcome> {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const start = performance.now();
  try {
    await validateCommand(file, { set: [] });
    return { ms: performance.now() - start };
  } catch (e) {
    return { error: e as Error, ms: performance.now() - start };
  } finally {
    write.mockRestore();
  }
}

describe('fuzzing validate', () => {
  test(`${IN_PROCESS_RUNS} mutated bundled scenarios, in process`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-fuzz-'));
    const file = join(dir, 'fuzzed.yaml');
    // Timing is a soft check: how long a validation takes depends on the machine and on what else
    // runs on it. A validation over 1 s is listed; only one over 10 s (a hang, or work that grows
    // far faster than the scenario) fails the test.
    const slow: { ms: number; what: string }[] = [];
    const positionless: string[] = [];
    let accepted = 0;
    let refused = 0;
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(planArbitrary, async (plan) => {
        const m = mutated(plan);
        if (m === null) {
          skipped++;
          return;
        }
        writeFileSync(file, m.text);
        const what = `${m.base}: ${m.steps.join('; ')}`;
        const { error, ms } = await validateInProcess(file);
        if (ms > 1000) slow.push({ ms, what });
        if (error === undefined) {
          accepted++;
          return;
        }
        if (!EXIT_2.some((E) => error instanceof E)) {
          throw new Error(`validate crashed (exit 3) on ${what}:\n${error.stack}\n--- the scenario:\n${m.text}`);
        }
        refused++;
        if (error instanceof ScenarioError) {
          const lost = error.problems.filter((p) => !(p.line > 0) && p.override === undefined);
          if (lost.length > 0) throw new Error(`problems without a position on ${what}:\n${error.format()}\n--- the scenario:\n${m.text}`);
        } else {
          // Build errors have no position yet (another change adds them): listed, not failed.
          positionless.push(`${error.constructor.name}: ${error.message} (${what})`);
        }
      }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS, endOnFailure: true },
    );
    if (slow.length > 0) console.log(`validations over 1 s:\n${slow.map((s) => `  ${s.ms.toFixed(0)} ms  ${s.what}`).join('\n')}`);
    console.log(`${accepted} accepted, ${refused} refused, ${skipped} skipped`);
    if (positionless.length > 0) console.log(`errors without a position (build errors):\n  ${[...new Set(positionless)].join('\n  ')}`);
    expect(slow.filter((s) => s.ms > 10_000)).toEqual([]);
    // the mutations do something: most scenarios are refused, some still pass
    expect(skipped).toBeLessThan(IN_PROCESS_RUNS / 100);
    expect(refused).toBeGreaterThan(IN_PROCESS_RUNS / 2);
    expect(accepted).toBeGreaterThan(0);
  }, 300_000);

  test(`${CLI_RUNS} mutated bundled scenarios, through bin/lightcone validate`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightcone-fuzz-cli-'));
    const cases = fc
      .sample(planArbitrary, { seed: SEED + 1, numRuns: CLI_RUNS * 2 })
      .map(mutated)
      .filter((m) => m !== null)
      .slice(0, CLI_RUNS)
      .map((m, i) => {
        const file = join(dir, `fuzzed-${i}.yaml`);
        writeFileSync(file, m.text);
        return { file, what: `${m.base}: ${m.steps.join('; ')}` };
      });
    const run = (file: string) =>
      new Promise<{ status: number | null; stderr: string }>((done) => {
        const child = spawn('node', ['bin/lightcone', 'validate', file], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => done({ status, stderr }));
      });
    const failures: string[] = [];
    // two at a time: the machine has two cores
    for (let i = 0; i < cases.length; i += 2) {
      const batch = cases.slice(i, i + 2);
      const results = await Promise.all(batch.map((c) => run(c.file)));
      results.forEach(({ status, stderr }, k) => {
        const { file, what } = batch[k];
        const fail = (why: string) => failures.push(`${why} on ${what}:\n${stderr}`);
        if (status !== 0 && status !== 2) return fail(`exit ${status}`);
        if (/\n {4}at /.test(stderr)) return fail('a stack trace');
        if (status === 2 && stderr.startsWith(`error: ${file} is not a valid scenario`)) {
          // every problem's first line: two spaces, then the file, line and column
          const places = stderr.split('\n').filter((l) => /^ {2}\S/.test(l) && !/^ {2}and \d+ more problems?/.test(l));
          const unplaced = places.filter((l) => !new RegExp(`^  ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[1-9][0-9]*:[1-9][0-9]*(  |$)`).test(l));
          if (unplaced.length > 0) fail(`problems without file:line:col (${unplaced.join(' | ')})`);
        }
      });
    }
    expect(cases.length).toBe(CLI_RUNS);
    expect(failures).toEqual([]);
  }, 300_000);
});

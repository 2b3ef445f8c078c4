/**
 * The step-kind registry: one module per kind, in one list that the schema, the JSON Schema, the
 * checks, the builder and the report read. A kind added to a registry (here the test-only `tag`)
 * is validated, appears in the JSON Schema, is checked for its place in a chain, builds and runs,
 * with no other change.
 */
import { describe, expect, test } from 'vitest';
import { errorMap } from '../../src/scenario/messages.js';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import type { ScenarioSpec } from '../../src/scenario/spec.js';
import { STEP_KINDS, STEPS } from '../../src/scenario/steps/index.js';
import { buildTopology } from '../../src/scenario/build.js';
import { ProcessRuntime } from '../../src/process/runtime.js';
import { Simulation } from '../../src/engine/simulation.js';
import { simulate } from '../../src/run/simulate.js';
import { tag } from './steps/tag.js';

type Json = { [key: string]: any };

/** The order of the kinds is part of the file format: the JSON Schema and messages list them so. */
const ORDER = ['cable', 'link', 'delay', 'server', 'faulty', 'retry', 'timeout', 'lease', 'hedge', 'circuit-breaker', 'rate-limit', 'concurrency-limit', 'balancer', 'service', 'broker', 'fan-out', 'process'];

/** A valid value for each built-in kind (a chain ends with the server `s` when the kind wraps). */
const EXAMPLES: Record<string, unknown> = {
  cable: { latency: '1ms' },
  link: { latency: '1ms' },
  delay: { time: '1ms' },
  server: { 'service-time': '1ms' },
  faulty: { mtbf: '1s', mttr: '1s' },
  retry: { attempts: 2 },
  timeout: { after: '1s' },
  lease: { name: 'primary', duration: '1s' },
  hedge: { after: '1ms' },
  'circuit-breaker': {},
  'rate-limit': { rate: '100/s' },
  'concurrency-limit': { limit: 2 },
  balancer: { strategy: 'random', backends: { service: 's', count: 2 } },
  service: 's',
  broker: { consumers: { service: 's' } },
  'fan-out': { backends: { service: 's', count: 3 }, wait: 2 },
  process: { to: 'n' },
};

/** What a kind needs besides its chain: a process step needs processes to call. */
const CONTEXT: Record<string, Record<string, unknown>> = {
  process: { program: 'p.ts', processes: [{ name: 'n', kind: 'K' }], until: '1s' },
};

const scenario = (topology: unknown[]) => ({
  name: 'steps',
  seed: 1,
  load: { constant: { interval: '10ms' }, requests: 5 },
  services: { s: [{ server: { 'service-time': '1ms' } }] },
  topology,
});

describe('the registry', () => {
  test('lists every kind once, in the order of STEP_KINDS', () => {
    expect(STEPS.map((s) => s.kind)).toEqual(ORDER);
    expect(STEP_KINDS).toEqual(ORDER);
    expect(new Set(STEP_KINDS).size).toBe(STEPS.length);
  });

  test.each(STEPS.map((entry) => ({ kind: entry.kind, entry })))('$kind is exported by steps/$kind.ts', async ({ kind, entry }) => {
    const module = (await import(`../../src/scenario/steps/${kind}.ts`)) as Record<string, unknown>;
    expect(Object.values(module)).toContain(entry);
  });

  test('the JSON Schema lists the kinds in the registry order', () => {
    const step = (scenarioJsonSchema() as Json).definitions.step;
    expect(Object.keys(step.properties)).toEqual(STEP_KINDS);
  });

  test.each(STEPS.map((entry) => ({ kind: entry.kind, entry })))('$kind: its schema produces its kind; with report lines, it builds nodes of its kind', ({ kind, entry }) => {
    const topology = entry.place === 'wraps' ? [{ [kind]: EXAMPLES[kind] }, { service: 's' }] : [{ [kind]: EXAMPLES[kind] }];
    const parsed = scenarioSchema({ baseDir: '.' }).safeParse({ ...scenario(topology), ...CONTEXT[kind] }, { error: errorMap });
    expect(parsed.error?.issues ?? []).toEqual([]);
    const spec = parsed.data as ScenarioSpec;
    expect(spec.topology[0].kind).toBe(kind);
    const sim = new Simulation({ seed: 1 });
    if (spec.processes !== undefined) new ProcessRuntime(sim, spec.processes, { gateway: true });
    buildTopology(sim, spec);
    // the text report picks a kind's nodes by their kind, so a kind with report lines must build one
    if (entry.report !== undefined) expect(sim.nodeStats().map((n) => n.kind)).toContain(kind);
  });
});

describe('a new step kind is one module and one registry line', () => {
  const steps = [...STEPS, tag] as const;
  const schema = scenarioSchema({ baseDir: '.' }, steps);
  const tagged = scenario([{ tag: { label: 'blue' } }, { service: 's' }]);
  const issues = (doc: unknown, s = schema) => (s.safeParse(doc, { error: errorMap }).error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));

  test('the schema validates it', () => {
    const parsed = schema.safeParse(tagged, { error: errorMap });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.topology[0]).toEqual({ kind: 'tag', label: 'blue' });
    expect(issues(scenario([{ tag: { colour: 'blue' } }, { service: 's' }]))).toEqual([
      { path: ['topology', 0, 'tag', 'label'], message: 'missing required key "label"; expected a string' },
      { path: ['topology', 0, 'tag', 'colour'], message: 'unknown key "colour"; expected one of: label' },
    ]);
    expect(issues(scenario([{}]))).toEqual([
      { path: ['topology', 0], message: `expected a step, one of: ${ORDER.join(', ')}, tag; found an empty map` },
    ]);
  });

  test('without its registry line, it is an unknown step', () => {
    expect(issues(tagged, scenarioSchema({ baseDir: '.' }))).toEqual([
      { path: ['topology', 0, 'tag'], message: `unknown step "tag"; expected one of: ${ORDER.join(', ')}` },
    ]);
  });

  test('its place in a chain is checked: a step that wraps cannot end one', () => {
    expect(issues(scenario([{ tag: { label: 'blue' } }]))).toEqual([
      {
        path: ['topology', 0],
        message: 'expected a step after this tag to pass calls to; found the end of the chain\nhint: end a chain with a server, a balancer or a service step',
      },
    ]);
  });

  test('it appears in the JSON Schema, after the built-in kinds', () => {
    const step = (scenarioJsonSchema(steps) as Json).definitions.step;
    expect(Object.keys(step.properties)).toEqual([...ORDER, 'tag']);
    expect(step.properties.tag).toMatchObject({
      description: 'Passes every call on unchanged, and counts them.',
      properties: { label: { type: 'string', minLength: 1, description: 'A label for the calls that pass, such as blue.' } },
      required: ['label'],
    });
    expect((scenarioJsonSchema() as Json).definitions.step.properties.tag).toBeUndefined();
  });

  test('it builds and runs: every call passes through it, and the run is the same as without it', () => {
    const spec = schema.parse(tagged, { error: errorMap }) as unknown as ScenarioSpec;
    const run = (s: ScenarioSpec) => simulate({ spec: s, file: 'steps.yaml', text: '', hash: 'sha256:test', overrides: [], warnings: [] }, { steps }).summary;
    const withTag = run(spec);
    const without = run({ ...spec, topology: spec.topology.slice(1) });
    expect(withTag.nodes.find((n) => n.kind === 'tag')).toMatchObject({ id: 'tag', calls: 5, extra: { label: 'blue' } });
    expect(withTag.requests).toEqual(without.requests);
    expect(withTag.latency).toEqual(without.latency);
    expect(withTag.requests.ok).toBe(5);
  });

  test('a chain of a registry without it does not build', () => {
    const spec = schema.parse(tagged, { error: errorMap }) as unknown as ScenarioSpec;
    expect(() => buildTopology(new Simulation({ seed: 1 }), spec)).toThrow('unknown step kind "tag"');
  });
});

/**
 * The scenario file schema: the single source of truth for what a scenario file may say. Parsing
 * with it checks the structure, parses units and distributions, checks cross-references
 * (`semantics.ts`) and produces a ScenarioSpec; `json-schema.ts` turns it into the JSON Schema that
 * editors use for completion. Keys are kebab-case, as in the file; the output is camelCase.
 *
 * The parts are in schema/, by concern: the building blocks (primitives.ts), distributions, load,
 * pools, queues, faults, clocks, experiments, and steps and chains, which read the step-kind
 * registry (steps/).
 *
 * Messages: schemas that need a specific message get one from `messages.ts` (`expecting`); zod's
 * own issues get theirs from `errorMap`, which `safeParse` must be given (`load.ts` does).
 */
import { z } from 'zod';
import { expecting, invalidName } from './messages.js';
import { checkScenario } from './semantics.js';
import type { ScenarioSpec } from './spec.js';
import { STEPS } from './steps/index.js';
import type { StepRegistry } from './steps/step.js';
import { clockSchema } from './schema/clock.js';
import { experimentSchema } from './schema/experiment.js';
import { faultSchema } from './schema/fault.js';
import { poolSchema } from './schema/pool.js';
import { loadSchema } from './schema/load.js';
import { duration, name, record, strictObject, window, type SchemaOptions } from './schema/primitives.js';
import { chainSchema } from './schema/step.js';
import { checkKinds, checksSchema } from './schema/checks.js';

export type { IssueParams, SchemaOptions } from './schema/primitives.js';
export { FAULT_KINDS } from './schema/fault.js';
export { STEP_KINDS } from './steps/index.js';

/** The names of services and pools. */
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The scenario schema; `baseDir` is where relative file paths in the scenario start. `steps`: the
 * step kinds a chain may use (default: the registry, `STEPS`).
 */
export function scenarioSchema<R extends StepRegistry = typeof STEPS>(options: SchemaOptions, steps: R = STEPS as unknown as R) {
  const names = z.string().regex(NAME);
  const chain = chainSchema(options, steps);
  return strictObject(
    {
      $schema: z.string().optional().describe('The JSON Schema of this file, for editors; ignored.'),
      name: name('The scenario name, shown in reports.'),
      description: z.string().optional().describe('One line describing the scenario, for lightcone list.'),
      seed: z.int().min(0).optional().describe('The root random seed. Default: drawn and printed, or --seed.'),
      'round-exponential': z
        .boolean()
        .default(false)
        .describe('Round exponential draws to whole milliseconds, as Timelike did. Default false.'),
      history: z
        .boolean()
        .default(false)
        .describe("Keep every request's full path (node, time) in memory and in the report. Default false."),
      load: loadSchema(options),
      warmup: window('How much of the start of the run to leave out of the statistics. Default 0.').optional(),
      cooldown: window('How much of the end of the run to leave out of the statistics. Default 0.').optional(),
      apdex: duration('The Apdex threshold T, such as 100ms: the summary gains an Apdex score (ok within T satisfied, within 4T tolerating). Default: no score.', {
        positive: true,
      }).optional(),
      services: record(z.record(names, chain), invalidName('__proto__'))
        .default({})
        .describe('Named services: each a chain of steps, used by service steps, pools and backends.'),
      pools: record(z.record(names, poolSchema('A pool of count copies of a service, shared by the balancers that name it.', 'member')), invalidName('__proto__'))
        .default({})
        .describe('Named pools of services, shared by the balancers that name them.'),
      topology: chain.describe('The chain every request enters, read from the client towards the server.'),
      faults: z.array(faultSchema(options)).default([]).describe('Scheduled faults: crashes, pauses, slowdowns, partitions, flaky links.'),
      clocks: z
        .array(clockSchema(), { error: expecting('a list of clocks such as [{ target: leaders[0]/**, drift: 200ppm }]') })
        .optional()
        .describe("Local clocks by node pattern (offset, drift, steps); the last entry that matches a node gives its clock. Default: every clock perfect."),
      compare: experimentSchema('compare').optional(),
      sweep: experimentSchema('sweep').optional(),
      checks: checksSchema().optional(),
    },
    { expected: 'a map with name, load and topology' },
  )
    .transform((v) => ({
      name: v.name,
      ...(v.description !== undefined && { description: v.description }),
      ...(v.seed !== undefined && { seed: v.seed }),
      load: v.load,
      warmup: v.warmup ?? { kind: 'requests' as const, count: 0 },
      cooldown: v.cooldown ?? { kind: 'requests' as const, count: 0 },
      ...(v.apdex !== undefined && { apdexMs: v.apdex }),
      roundExponential: v['round-exponential'],
      history: v.history,
      services: v.services,
      pools: v.pools,
      topology: v.topology,
      faults: v.faults,
      ...(v.clocks !== undefined && { clocks: v.clocks }),
      ...(v.compare !== undefined && { compare: v.compare }),
      ...(v.sweep !== undefined && { sweep: v.sweep }),
      ...(v.checks !== undefined && { checks: v.checks }),
    }))
    .superRefine((spec, ctx) => {
      for (const problem of [...checkScenario(spec, steps), ...checkKinds(spec)]) {
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: undefined });
      }
    })
    .meta({
      title: 'lightcone scenario',
      description: 'A lightcone scenario: the load, the services and the topology to simulate.',
    });
}

export type ScenarioSchema = ReturnType<typeof scenarioSchema<typeof STEPS>>;

/** Compile-time check that the schema produces a ScenarioSpec: fails to compile otherwise. */
type Assert<T extends true> = T;
export type SchemaOutputIsScenarioSpec = Assert<z.output<ScenarioSchema> extends ScenarioSpec ? true : false>;

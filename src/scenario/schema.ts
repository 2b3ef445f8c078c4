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
import { networkSchema, processesSchema, programSchema, workloadSchema } from './schema/process.js';
import { didYouMeanHint, missingKey, quote, say } from './messages.js';
import { HISTORY_MODELS, MODEL_FUNCTIONS, MODEL_PROPERTIES } from '../check/check.js';
import type { ProcessesSpec } from '../spec/process.js';
import type { LoadSpec } from '../spec/scenario.js';

/** The load of a scenario with processes and no chain (no `load:`): no requests. */
const NO_LOAD: LoadSpec = { arrivals: { kind: 'instant', atMs: 0 }, requests: 0 };

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
        .union([
          z.boolean(),
          strictObject(
            { model: z.enum(HISTORY_MODELS).describe(`The model the history of client operations is checked against: ${HISTORY_MODELS.map((m) => `${m} (${MODEL_PROPERTIES[m]})`).join('; ')}.`) },
            { expected: 'a map such as { model: cas-register }' },
          ),
        ], { error: expecting('true, false, or with processes a map such as { model: cas-register }') })
        .default(false)
        .describe(`true: keep every request's full path (node, time) in memory and in the report. With processes, { model: ${HISTORY_MODELS.join(' | ')} }: check the history of client operations against that model. Default false.`),
      load: loadSchema(options).optional(),
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
      topology: chain.describe('The chain every request enters, read from the client towards the server. Optional with processes:.').optional(),
      faults: z.array(faultSchema(options)).default([]).describe('Scheduled faults: crashes, pauses, slowdowns, partitions, flaky links.'),
      clocks: z
        .array(clockSchema(), { error: expecting('a list of clocks such as [{ target: leaders[0]/**, drift: 200ppm }]') })
        .optional()
        .describe("Local clocks by node pattern (offset, drift, steps); the last entry that matches a node gives its clock. Default: every clock perfect."),
      compare: experimentSchema('compare').optional(),
      sweep: experimentSchema('sweep').optional(),
      checks: checksSchema().optional(),
      program: programSchema(options).optional(),
      processes: processesSchema().optional(),
      network: networkSchema(options).optional().describe('The links between processes: defaults and overrides per (from, to) pair. Default: 1ms, no loss.'),
      workload: workloadSchema(options).optional().describe('Clients issuing operations to processes; every operation enters the history.'),
      until: duration('A process run ends here at the latest, such as 30s. Default: when the workload is done.', { positive: true }).optional(),
      settle: duration("A liveness phase: after the workload's last operation completes, the run goes on this long with no new operation (schedule faults to end before it), then the program's atEnd properties are checked, such as 5s. Default 0s.").optional(),
    },
    { expected: 'a map with name, load and topology' },
  )
    .superRefine(
      (v, ctx) => {
        // load and topology are required, except in a scenario with processes (same messages as before)
        if (typeof v !== 'object' || v === null || (v as { processes?: unknown }).processes !== undefined) return;
        if ((v as { load?: unknown }).load === undefined) ctx.addIssue({ code: 'custom', path: ['load'], message: missingKey('load', 'a map'), input: undefined });
        if ((v as { topology?: unknown }).topology === undefined) ctx.addIssue({ code: 'custom', path: ['topology'], message: missingKey('topology', 'a chain: a list of steps'), input: undefined });
      },
      { when: () => true },
    )
    .transform((v, ctx) => {
      const problem = (path: string, message: string) => {
        ctx.issues.push({ code: 'custom', path: [path], input: (v as Record<string, unknown>)[path], message });
        return z.NEVER;
      };
      if (v.processes === undefined) {
        for (const key of ['program', 'network', 'workload', 'until', 'settle'] as const) {
          if (v[key] !== undefined) return problem(key, `expected ${key}: only with processes:; found no processes: in the scenario`);
        }
        if (typeof v.history === 'object') return problem('history', 'expected history: true or false (a history model needs processes: and a workload:)');
      } else {
        const names = new Set<string>();
        for (const g of v.processes) {
          if (g.name === 'client') return problem('processes', 'expected a group name other than client: the workload\'s clients are client[0], client[1], ...');
          if (names.has(g.name)) return problem('processes', `expected each group name once; found ${g.name} twice`);
          names.add(g.name);
        }
        if (v.workload === undefined && v.until === undefined) return problem('processes', 'expected a workload: or an until: with processes: (a process run lasts until the workload is done, or until until:)');
        if (v.settle !== undefined && v.workload === undefined) return problem('settle', 'expected a workload: with settle: (the run goes on settle: after the workload\'s last operation); without a workload the run lasts until until:');
        if (typeof v.history === 'object' && v.workload === undefined) return problem('history', 'expected a workload: to check a history of (its clients\' operations are the history)');
        if (typeof v.history === 'object') {
          // every operation enters the history, so each must be one the model knows
          const model = v.history.model;
          const fs = MODEL_FUNCTIONS[model];
          const w = v.workload as { script?: { f: string }[]; mix?: { f: string }[] };
          const listed = w.script?.findIndex((op) => !fs.includes(op.f)) ?? -1;
          const mixed = w.script === undefined ? (w.mix ?? []).find((m) => !fs.includes(m.f)) : undefined;
          const f = listed >= 0 ? w.script![listed].f : mixed?.f;
          if (f !== undefined) {
            const path = listed >= 0 ? ['workload', 'operations', listed, 'f'] : ['workload', 'mix', f];
            ctx.issues.push({ code: 'custom', path, input: f, message: say(`expected an operation of the history model ${model} (${fs.join(', ')}); found ${quote(f)}`, didYouMeanHint(f, fs)) });
            return z.NEVER;
          }
        }
        const script = (v.workload as { script?: { to: string }[] } | undefined)?.script;
        if (script !== undefined) {
          // a written-out workload names its processes by address
          const addresses = v.processes.flatMap((g: { name: string; count?: number }) => (g.count === undefined ? [g.name] : Array.from({ length: g.count }, (_, i) => `${g.name}[${i}]`)));
          const known = new Set(addresses);
          const bad = script.findIndex((op) => !known.has(op.to));
          if (bad >= 0) {
            const to = script[bad].to;
            ctx.issues.push({ code: 'custom', path: ['workload', 'operations', bad, 'to'], input: to, message: say(`expected the address of a process, such as ${addresses[0]}; found ${quote(to)}`, didYouMeanHint(to, addresses)) });
            return z.NEVER;
          }
        }
        if ((v.load === undefined) !== (v.topology === undefined)) return problem(v.load === undefined ? 'topology' : 'load', 'expected load: and topology: together (a chain and its load), or neither');
      }
      return toSpec(v);
    })
    .superRefine((spec, ctx) => {
      for (const problem of [...checkScenario(spec, steps), ...checkKinds(spec)]) {
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: undefined });
      }
    })
    .meta({
      title: 'lightcone scenario',
      description: 'A lightcone scenario: the load, the services and the topology to simulate.',
    });

  function toSpec(v: {
    [k: string]: any;
  }) {
    return {
      name: v.name,
      ...(v.description !== undefined && { description: v.description }),
      ...(v.seed !== undefined && { seed: v.seed }),
      load: (v.load ?? NO_LOAD) as LoadSpec,
      warmup: v.warmup ?? { kind: 'requests' as const, count: 0 },
      cooldown: v.cooldown ?? { kind: 'requests' as const, count: 0 },
      ...(v.apdex !== undefined && { apdexMs: v.apdex }),
      roundExponential: v['round-exponential'],
      history: v.history === true,
      services: v.services,
      pools: v.pools,
      topology: v.topology ?? [],
      faults: v.faults,
      ...(v.clocks !== undefined && { clocks: v.clocks }),
      ...(v.compare !== undefined && { compare: v.compare }),
      ...(v.sweep !== undefined && { sweep: v.sweep }),
      ...(v.checks !== undefined && { checks: v.checks }),
      ...(v.processes !== undefined && { processes: processesOf(v) }),
    };
  }
}

/** The processes part of a scenario. */
function processesOf(v: { [k: string]: any }): ProcessesSpec {
  return {
    ...(v.program !== undefined && { program: v.program as string }),
    groups: v.processes,
    network: v.network ?? { defaults: { latency: { kind: 'constant', value: 1 }, loss: 0, duplicate: 0, messageBytes: 1024 }, links: [] },
    ...(v.workload !== undefined && { workload: v.workload }),
    ...(typeof v.history === 'object' && { historyModel: v.history.model }),
    ...(v.until !== undefined && { untilMs: v.until }),
    ...(v.settle !== undefined && { settleMs: v.settle }),
  };
}

export type ScenarioSchema = ReturnType<typeof scenarioSchema<typeof STEPS>>;

/** Compile-time check that the schema produces a ScenarioSpec: fails to compile otherwise. */
type Assert<T extends true> = T;
export type SchemaOutputIsScenarioSpec = Assert<z.output<ScenarioSchema> extends ScenarioSpec ? true : false>;

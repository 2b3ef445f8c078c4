/**
 * A step kind: everything about one kind of chain step (`cable`, `server`, `retry`, ...) in one
 * object, so that a new kind is one module plus one line in the registry (`index.ts`). The object
 * holds the kind's name, its YAML schema and the spec type that schema produces, where the step
 * may stand in a chain, its cross-checks with the rest of the scenario, its build function and its
 * lines in the text report. The scenario schema, the JSON Schema, the semantic checks, the builder
 * and the text report all read the registry; none of them names a kind.
 */
import type { z } from 'zod';
import type { Node, NodeStats } from '../../engine/node.js';
import type { Simulation } from '../../engine/simulation.js';
import type { LoadCounts } from '../../components/load-info.js';
import type { BackendsSpec, ScenarioSpecOf } from '../../spec/scenario.js';
import type { PathSegment } from '../path.js';
import type { DistributionSchema } from '../schema/distribution.js';
import type { SchemaOptions } from '../schema/primitives.js';

/**
 * Where a step may stand in its chain: `wraps` passes calls on to the next step (it cannot end a
 * chain), `ends` must be the last step, `either` may be both (a server).
 */
export type Place = 'wraps' | 'ends' | 'either';

/** The next step a step of a given place is built with: always one for `wraps`, never for `ends`. */
export type NextOf<P extends Place> = P extends 'wraps' ? Node : P extends 'ends' ? null : Node | null;

/** What a step's schema is built with. */
export interface StepSchemaContext {
  options: SchemaOptions;
  /** The distribution schema, named once in the JSON Schema: write `dist.describe('...')` for a field. */
  dist: DistributionSchema;
}

/** The members of a pool, their speeds, and (when some step reads it) the counts of calls inside each. */
export interface Pool {
  members: Node[];
  speeds: number[];
  load: LoadCounts | null;
}

/** What a step's build function is given. */
export interface BuildContext<Next extends Node | null = Node | null> {
  sim: Simulation;
  /** The step's node id, which also names its random stream: `balancer/dyno[17]/server`. */
  path: string;
  /** The path of the chain the step is in ('' for the topology). */
  prefix: string;
  /** The step it passes calls to: the next one in its chain. */
  next: Next;
  /** The chain's speed factor (a pool member's `speeds`): service times are divided by it. */
  speed: number;
  /** Builds the chain of the named service at `path`. */
  service(name: string, path: string, speed: number): Node;
  /** The members of a named pool (built once, then shared) or of a private pool at `path`. */
  backends(backends: BackendsSpec, path: string): Pool;
}

/** What a step's cross-checks are given: the whole scenario, and ways to report and to refer. */
export interface CheckContext {
  spec: ScenarioSpecOf<{ kind: string }>;
  /** The path of the step in the file: `['topology', 0]`. */
  at: PathSegment[];
  problem(path: PathSegment[], message: string): void;
  /** A reference to a service: reported when there is no such service, else followed to find cycles. */
  service(name: string, path: PathSegment[]): void;
  /** A reference to a pool (and through it to its service): reported when there is no such pool. */
  pool(name: string, path: PathSegment[]): void;
}

/**
 * The paragraphs of the text report that step kinds add lines to, in the order they are printed
 * (after the table of nodes). Each paragraph ends with a blank line; `faults` (crashes, pauses,
 * slowdowns) and `clocks` (skewed clocks) also have lines of their own, before the steps' lines.
 */
export const REPORT_BLOCKS = ['policies', 'links', 'brokers', 'queues', 'faults', 'clocks'] as const;
export type ReportBlock = (typeof REPORT_BLOCKS)[number];

/** A kind's lines in the text report. */
export interface ReportLines {
  block: ReportBlock;
  /** The lines for the nodes of this kind (there is at least one), without a trailing blank line. */
  lines(nodes: readonly NodeStats[]): string[];
}

export interface StepKind<S extends { kind: string } = { kind: string }, P extends Place = Place> {
  /** The step's key in a scenario file, its node kind, and the first segment of its node id. */
  readonly kind: S['kind'];
  readonly place: P;
  /** What messages call it (`a ${noun} must be the last step of its chain`); default: its kind. */
  readonly noun?: string;
  /** The schema of the step's value (`cable: { latency: 2ms }` -> `{ latency: 2ms }`), producing its spec. */
  schema(c: StepSchemaContext): z.ZodType<S>;
  /** For `ends`: the message when other steps follow it; default: `terminalStepNotLast`. */
  notLast?(step: S, after: number): string;
  /** Checks against the rest of the scenario, once the file's structure is valid. */
  check?(step: S, c: CheckContext): void;
  /** Whether this step reads its backends' true load: then every pool member gets a counter. */
  needsGauges?(step: S): boolean;
  build(step: S, c: BuildContext<NextOf<P>>): Node;
  readonly report?: ReportLines;
}

/** A registry of step kinds, in the order the JSON Schema and messages list them. */
export type StepRegistry = readonly StepKind<any, Place>[];

/** The spec types of a registry's kinds, as one union. */
export type StepSpecOf<R extends StepRegistry> = R[number] extends infer K ? (K extends StepKind<infer S, Place> ? S : never) : never;

/**
 * Defines a step kind whose schema produces `S`:
 * `export const cable = stepKind<CableStepSpec>()({ kind: 'cable', place: 'wraps', schema, build })`.
 * (Two calls, so that `S` is given and the place is inferred.)
 */
export function stepKind<S extends { kind: string }>() {
  return <const P extends Place>(step: StepKind<S, P>): StepKind<S, P> => step;
}

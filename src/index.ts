/**
 * lightcone as a library: `import { loadScenario, simulate, compare } from 'lightcone'`.
 *
 * What this module exports is the public API; the README's "Library" section shows it at work.
 * Everything else under src/ (dist/src/ in the package) is internal: its files, names and shapes
 * may change in any release, and the package's `exports` map does not reach it.
 *
 * This module only re-exports. Importing it loads the scenario front end and the engine, never
 * the chart renderers (vega, vega-lite, resvg) or the worker pool (tinypool): those load on first
 * use, when a report is written or an experiment runs with `jobs` > 1.
 */

/**
 * Loading a scenario: from a file, from YAML or JSON text, or from a plain object in the file's
 * shape. Each is validated by the same schema as the command line's, and fails with one
 * ScenarioError that lists every problem. `bundledScenarios` lists the scenarios that ship with
 * the package, with their paths.
 */
export { loadScenario, parseScenario, type LoadedScenario } from './scenario/load.js';
export { parseScenarioObject } from './scenario/from-object.js';
export { bundledScenarios, type BundledScenario } from './cli/scenario-path.js';

/**
 * Errors a user can cause: a scenario that is not valid (ScenarioError, each Problem with its file,
 * line, column and path); one that is valid but names something the built system does not have
 * (BuildError); a measured window that does not fit the load (WindowError); no seed in the scenario
 * or the options (MissingSeedError); a `vary` axis that cannot be read (VaryError); an experiment
 * stopped through its AbortSignal (InterruptedError).
 */
export { ScenarioError, type Problem } from './scenario/errors.js';
export { BuildError } from './engine/errors.js';
export { WindowError } from './load/window.js';
export { MissingSeedError } from './run/simulate.js';
export { VaryError } from './experiments/vary.js';
export { InterruptedError } from './experiments/experiment.js';

/**
 * Size limits: sizes that are legal but would exhaust the machine are refused before anything is
 * built (LimitError, or a ScenarioError problem with the position). `limitsFrom(['nodes=1e6'])`
 * lifts them as the command line's `--limit` does; pass the result as `loadScenario(file, [], { limits })`.
 */
export { DEFAULT_LIMITS, LIMITS, LimitError, limitsFrom, type Limits, type LimitName } from './scenario/limits.js';
export type { LoadOptions } from './scenario/load.js';

/**
 * Running one simulation: `simulate` builds the system, runs it to the end and returns the summary
 * (the document `lightcone run --json` prints); `buildSystem` only builds it, for code that drives
 * the simulation itself. `renderSummary` is the text table `lightcone run` prints, `summaryJson`
 * the stable JSON.
 */
export { simulate, buildSystem, type SimulateOptions, type SimulateResult } from './run/simulate.js';
export { summaryJson, type Summary, type Stamp } from './run/summary.js';
export type { OutcomeCounts } from './run/recorder.js';
export type { LatencySummary } from './stats/percentiles.js';
export type { ApdexSummary } from './stats/apdex.js';
export type { NodeStats } from './engine/node.js';
export type { RunSeries, LatencyWindow } from './run/series.js';
export { renderSummary } from './report/table.js';

/**
 * Experiments: `compare` runs every variant of a scenario on the same seeds and says which is
 * better, with 95% confidence intervals; `sweep` runs a grid of values. Both run in-process unless
 * `jobs` asks for worker threads. `renderCompare` and `renderSweep` are the tables the commands
 * print; `resultJson` the stable JSON.
 */
export { compare, DEFAULT_COMPARE_REPLICATIONS, type CompareOptions } from './experiments/compare.js';
export { sweep, DEFAULT_SWEEP_REPLICATIONS, type SweepOptions } from './experiments/sweep.js';
export type { ExperimentInput, RunOptions } from './experiments/experiment.js';
export type { WrittenAxis } from './experiments/vary.js';
export {
  METRICS,
  type CompareResult,
  type CompareStamp,
  type Interval,
  type MetricName,
  type RatioInterval,
  type ReplicationFigures,
  type SweepAxis,
  type SweepResult,
  type VariantResult,
} from './experiments/result.js';
export { renderCompare, renderSweep, resultJson } from './experiments/render.js';

/**
 * Looking for a failing seed, and a smaller failing scenario: `hunt` runs a range of seeds and
 * reports the lowest whose run has failures (a `checks:` entry broken), whatever `jobs`; `shrink`
 * finds a smaller scenario that fails the same way with that seed (`describeShrink` says by how
 * much). A run's failures are `RunFailure`s, its checks' verdicts `CheckResult`s.
 */
export { hunt, type HuntOptions, type HuntResult, type SeedResult } from './experiments/hunt.js';
export { shrink, describeShrink, ShrinkError, type ShrinkOptions, type ShrinkResult, type RunSize } from './run/shrink.js';
export type { RunFailure, FailureKind } from './run/failure.js';
export type { CheckResult } from './run/checks.js';

/**
 * Report directories (report.html and charts/*.svg, as `--report` and `--out` write them). They
 * load vega, vega-lite and resvg on first use.
 */
export { writeRunReport, type WriteReportOptions } from './report/write-report.js';
export { OutputSet } from './report/output.js';
export { writeCompareReport, writeSweepReport } from './experiments/write-report.js';

/**
 * The validated scenario: the plain data a loaded scenario's `spec` holds and `buildSystem` builds
 * from (durations in ms, rates per ms, distributions as DistSpec). A ScenarioSpec made in code is
 * not validated: prefer `parseScenarioObject` unless you need the parsed form. The parsers turn
 * the file's notation into it: `parseDuration('1.5s')` is 1500.
 */
export type * from './spec/scenario.js';
export type { ScenarioSpec, ChainSpec, StepSpec } from './scenario/spec.js';
export { parseDistribution, DistributionSyntaxError } from './scenario/distribution-syntax.js';
export { parseDuration, parseRate, UnitError } from './scenario/units.js';

/**
 * The engine, for custom experiments: the simulation (scheduler, named random streams, registry
 * of nodes), the scheduler alone, seeded streams, distributions, and the request and node
 * interfaces that `onRequest` and custom nodes see.
 */
export { Simulation, type SimulationOptions } from './engine/simulation.js';
export { Scheduler, SchedulerError, type EventTarget, type EventHandle } from './engine/scheduler.js';
export { rngStream, GENERATOR, type Rng } from './engine/rng.js';
export { makeDistribution, meanOf, formatDist, type DistSpec, type DistributionOptions, type Sampler } from './engine/distributions.js';
export { OUTCOMES, type Call, type Outcome, type OutcomeName, type HistoryEntry, type Request } from './engine/request.js';
export type { Node, Caller } from './engine/node.js';

/** The package's name and version, as every stamp records them. */
export { TOOL, VERSION } from './version.js';

/**
 * Processes: nodes written in TypeScript (see NOTES-README, "Processes"). A program imports only
 * these types; `loadProgram` compiles and loads a program for `simulate(scenario, { program })`,
 * and `TraceWriter` writes a run's trace.jsonl (the format of `TraceEvent`).
 */
export type { Body, Context, Durable, EndProperty, InFlight, Invariant, Operation, Process, ProcessKind, ProgramExports, World } from './process/api.js';
export { loadProgram } from './process/program.js';
export { ProgramError } from './process/errors.js';
export { DeterminismError } from './process/guard.js';
export type { LoadedProgram, ProcessFigures } from './process/runtime.js';
export { TraceWriter, fileSink, stringSink, type TraceSink } from './trace/writer.js';
export { PAYLOAD_LIMIT, TRACE_KINDS, type TraceEvent, type TraceHeader, type TraceKind, type DropReason, type TraceOp } from './trace/event.js';

/** A trace's space-time diagram (messages.svg and diagram.html) into an OutputSet, as `lightcone diagram` and a hunt's failing run write it. */
export { writeDiagram, type DiagramOptions, type DiagramWritten } from './report/diagram/write.js';

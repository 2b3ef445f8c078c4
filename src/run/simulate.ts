/**
 * Runs a scenario: builds the system, drives the load through it to the end of the run, and
 * summarizes. A pure function of (scenario, seed).
 *
 * The run ends by the engine's rule (`engine/end.ts`): when every request issued has been answered
 * and every message a broker accepted is finished (the run's outstanding work is 0), when nothing
 * pending could finish that work any more, or at `untilMs` if it is given and comes first.
 */
import { stampOf } from './stamp.js';
import { Simulation } from '../engine/simulation.js';
import { afterEvent, duration, workDone, type EndCondition } from '../engine/end.js';
import type { Fingerprint } from '../engine/fingerprint.js';
import { buildTopology } from '../scenario/build.js';
import { scheduleFaults } from '../faults/index.js';
import { checkClockTargets } from '../clocks/targets.js';
import { swarmFor, type LoadedScenario } from '../scenario/load.js';
import type { ScenarioSpec } from '../scenario/spec.js';
import type { StepRegistry } from '../scenario/steps/step.js';
import type { Node } from '../engine/node.js';
import { Client } from '../load/client.js';
import type { ClientRequest } from '../load/request.js';
import { withClockFigures } from '../clocks/figures.js';
import { faultWindows } from '../faults/windows.js';
import { MeasuredWindow } from '../load/window.js';
import { serverLoads } from './capacity.js';
import { TrendRecorder } from './trend.js';
import { runWarnings } from './warnings.js';
import { Recorder } from './recorder.js';
import { checkCheckTargets, evaluateChecks } from './checks.js';
import type { Summary } from './summary.js';
import { SeriesRecorder } from './series-recorder.js';
import { Apdex } from '../stats/apdex.js';
import type { RunSeries } from './series.js';
import { ProcessRuntime, type LoadedProgram } from '../process/runtime.js';
import { ProgramError } from '../process/errors.js';
import { guarded } from '../process/guard.js';
import type { TraceWriter } from '../trace/writer.js';
import { ChainTracer } from '../trace/chain.js';
import { HistoryView } from '../trace/history.js';
import { processFailures, type ProcessSummary } from './process-failures.js';

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Keep every latency for exact percentiles up to this many measured requests (default 100,000). */
  exactLimit?: number;
  /** Called with every finished request, in completion order. */
  onRequest?: (req: ClientRequest) => void;
  /** Collect time series for charts (latency per window, calls in each server, balancer shares). */
  series?: boolean;
  /** The step kinds the scenario's chains use (default: the registry, `STEPS`). */
  steps?: StepRegistry;
  /**
   * End the run at this simulated time (ms) if its work is not done before: every event up to it
   * fires, the clock ends there, and requests not answered by then are counted in flight (those
   * that were lost, dropped). Default: no limit.
   */
  untilMs?: number;
  /**
   * Stop right after this event: `replay --until`. Events are numbered as failures name them: with
   * processes, as in trace.jsonl (the run stops after the handler in which that event happened);
   * otherwise 1, 2, ... as the scheduler fires them. Default: no limit.
   */
  untilEvent?: number;
  /** Record every event's (time, target, kind) into this fingerprint: the determinism check (`--double`). */
  fingerprint?: Fingerprint;
  /** A scenario with processes: its program, loaded (`loadProgram` in process/program.ts). */
  program?: LoadedProgram;
  /**
   * Write the run's trace here (`trace.jsonl`): the events of the processes and their clients in
   * a scenario with processes, else those of the chain's requests (trace/chain.ts).
   */
  trace?: TraceWriter;
}

export interface SimulateResult {
  summary: Summary;
  sim: Simulation;
  recorder: Recorder;
  client: Client;
  /** With `series: true`. */
  series?: RunSeries;
  /** A scenario with processes: their runtime (its history, figures and failures). */
  processes?: ProcessRuntime;
  /** With `history: true`: the chain's requests' histories, a view of the run's trace (`history.jsonl`). */
  requestHistory?: HistoryView;
  /** A chain's trace, when written (`trace`) or kept for the history. */
  chainTrace?: ChainTracer;
}

export class MissingSeedError extends Error {}

/**
 * The simulated system of a scenario, built and with its faults scheduled, not yet run. Problems a
 * file cannot show (a fault or clock whose target matches no node) surface here, so `validate`
 * builds it too.
 */
export function buildSystem(
  spec: ScenarioSpec,
  seed: number,
  steps?: StepRegistry,
  options: { trace?: TraceWriter } = {},
): { sim: Simulation; root: Node; processes?: ProcessRuntime } {
  const sim = new Simulation({ seed, roundExponential: spec.roundExponential, history: spec.history, clocks: spec.clocks });
  // the processes first, so that the chain's process steps find them
  const gateway = [spec.topology, ...Object.values(spec.services)].some((chain) => chain.some((s) => s.kind === 'process'));
  const processes = spec.processes !== undefined ? new ProcessRuntime(sim, spec.processes, { trace: options.trace, scenario: spec.name, gateway }) : undefined;
  // a scenario with processes may have no chain: its client then has no requests and nothing to call
  const root = spec.topology.length > 0 || spec.processes === undefined ? buildTopology(sim, spec, steps) : NO_CHAIN;
  checkClockTargets(sim, spec.clocks ?? []);
  scheduleFaults(sim, spec.faults);
  checkCheckTargets(sim, spec.checks);
  return { sim, root, ...(processes !== undefined && { processes }) };
}

/** The root of a scenario without a chain: its client issues no request. */
const NO_CHAIN: Node = {
  id: 'no-chain',
  call() {
    throw new Error('a scenario without a topology has no chain to call');
  },
};

export function simulate(loaded: LoadedScenario, options: SimulateOptions = {}): SimulateResult {
  const seed = options.seed ?? loaded.spec.seed;
  if (seed === undefined) throw new MissingSeedError('no seed: give one in the scenario or with --seed');
  // a swarm scenario's ranges take the values the seed picks (scenario/swarm.ts)
  const { scenario, picked } = swarmFor(loaded, seed);
  const spec = scenario.spec;
  const { sim, root, processes } = buildSystem(spec, seed, options.steps, { trace: options.trace });
  if (processes !== undefined) {
    if (options.program === undefined) throw new ProgramError('a scenario with processes needs its program: give program: in the scenario or --program FILE');
    processes.start(options.program);
  }
  const window = new MeasuredWindow(spec.load, spec.warmup, spec.cooldown);
  const recorder = new Recorder(options.exactLimit);
  if (options.onRequest) recorder.subscribe(options.onRequest);
  const apdex = spec.apdexMs !== undefined ? new Apdex(spec.apdexMs) : null;
  if (apdex) recorder.subscribe(apdex.record);
  // a chain's requests are traced when the trace is asked for (and not a process run's) or history kept
  const requestHistory = spec.history ? new HistoryView() : undefined;
  const writer = processes === undefined ? (options.trace ?? null) : null;
  const chainTrace =
    writer !== null || requestHistory !== undefined
      ? new ChainTracer({
          writer,
          history: requestHistory ?? null,
          scenario: spec.name,
          seed,
          nodes: ['client', ...sim.traceIds()],
          now: () => sim.sched.now,
          clockOf: (id) => {
            const c = sim.clockOf(id);
            return c === sim.clock ? null : c;
          },
        })
      : undefined;
  if (chainTrace !== undefined) sim.tracer = chainTrace;
  const client = new Client(sim, spec.load, window, root, recorder);
  const seriesRecorder = options.series ? new SeriesRecorder(sim, spec.load, sim.depthProbes()) : null;
  if (seriesRecorder) {
    recorder.subscribe(seriesRecorder.record);
    seriesRecorder.start();
  }
  const trend = new TrendRecorder();
  recorder.subscribe((r) => {
    if (r.measured) trend.record(r.arrival, r.end - r.arrival);
  });
  if (options.fingerprint !== undefined) sim.sched.observer = options.fingerprint.record;
  client.start();
  const end = processes === undefined ? runEnd(sim, options.untilMs) : processEnd(sim, spec, options.untilMs);
  // --until N counts the events a failure names: the processes' (trace.jsonl's, several to a handler) or the scheduler's
  const counted = processes !== undefined ? () => processes.lastEvent : () => sim.sched.fired;
  const until = options.untilEvent !== undefined ? afterEvent(end, counted, options.untilEvent) : end;
  if (processes === undefined) sim.run(until);
  else {
    guarded(() => sim.run(until));
    // the end-of-run properties (atEnd) hold at the end of a whole run, not at an event replay stops after
    if (options.untilEvent === undefined) guarded(() => processes.finish());
  }
  sim.sched.observer = null;
  client.finish();
  const samplingEvents = seriesRecorder?.fired ?? 0;

  const m = recorder.measured;
  // measured requests that never finished (a stuck broker, a lost call): not a success, and said
  const unfinished = client.measuredRequestsIssued - m.total;
  const capacity = serverLoads(spec);
  const perSec = (count: number, spanMs: number) => (spanMs > 0 ? (count * 1000) / spanMs : NaN);
  const summary: Summary = {
    stamp: stampOf(scenario, scenario.overrides, { seed }),
    // total: every request issued, those still in flight included (a run cut short by `untilMs`, a lost call's request)
    requests: {
      ...recorder.all,
      total: client.requestsIssued,
      measured: { ...m, ...(unfinished > 0 && { total: client.measuredRequestsIssued, inFlight: unfinished }) },
      inFlight: client.requestsInFlight,
    },
    success: m.total + unfinished > 0 ? m.ok / (m.total + unfinished) : NaN,
    latency: recorder.latency.summary(),
    latencyOk: recorder.latencyOk.summary(),
    ...(apdex && { apdex: apdex.summary() }),
    throughput: {
      requestRate: perSec(m.total - 1, recorder.lastArrival - recorder.firstArrival),
      responseRate: perSec(m.total - 1, recorder.lastEnd - recorder.firstEnd),
      goodput: perSec(m.ok * (1 - 1 / Math.max(m.total, 1)), recorder.lastEnd - recorder.firstEnd),
    },
    queueing: {
      waitedFraction: m.total > 0 ? recorder.waited / m.total : NaN,
      meanWaitMs: m.total > 0 ? recorder.totalWaitMs / m.total : NaN,
      meanInSystem: client.inSystem.mean(sim.sched.now),
    },
    run: { simulatedMs: sim.sched.now, events: sim.sched.fired - samplingEvents },
    nodes: withClockFigures(sim, sim.nodeStats()),
    ...(capacity.length > 0 && { capacity }),
    ...(Object.keys(picked).length > 0 && { swarm: picked }),
  };
  const warnings = runWarnings(spec, capacity, summary.nodes, trend.trend());
  if (warnings.length > 0) summary.warnings = warnings;
  if (processes !== undefined) {
    // the failures first: a history failure adds its violation event to the run's
    const failures = processFailures(processes, spec.processes?.historyModel);
    summary.processes = processes.figures() satisfies ProcessSummary;
    if (failures.length > 0) summary.failures = [...(summary.failures ?? []), ...failures];
  }
  if (spec.checks !== undefined && spec.checks.length > 0) {
    const { results, failures } = evaluateChecks(spec.checks, summary);
    summary.checks = results;
    if (failures.length > 0) summary.failures = [...(summary.failures ?? []), ...failures];
  }
  recorder.destroy();
  const series = seriesRecorder?.series(summary.nodes);
  const faults = faultWindows(sim);
  if (series && faults.length > 0) {
    series.faults = faults.map((w) => ({ node: w.node, kind: w.kind, start: w.start, end: Math.min(w.end, sim.sched.now) }));
  }
  return {
    summary,
    sim,
    recorder,
    client,
    ...(series && { series }),
    ...(processes !== undefined && { processes }),
    ...(requestHistory !== undefined && { requestHistory }),
    ...(chainTrace !== undefined && { chainTrace }),
  };
}

/**
 * The end of a run with processes: when the workload (and the chain's load, if any) is done, or at
 * the scenario's `until:` or `untilMs`, whichever comes first; without a workload, exactly at `until:`.
 */
function processEnd(sim: Simulation, spec: ScenarioSpec, untilMs = Infinity): EndCondition {
  const until = Math.min(untilMs, spec.processes?.untilMs ?? Infinity);
  if (spec.processes?.workload === undefined && spec.topology.length === 0) return duration(until);
  return runEnd(sim, until);
}

/**
 * A scenario run's end condition: its outstanding work is done (every request answered, every
 * broker message finished), or `untilMs` comes first.
 */
export function runEnd(sim: Simulation, untilMs = Infinity): EndCondition {
  if (!(untilMs >= 0)) throw new RangeError(`untilMs must be a time of at least 0 ms; found ${untilMs}`);
  return workDone(sim.outstanding, untilMs);
}

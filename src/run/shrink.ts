/**
 * Shrinking: given a scenario and a seed whose run fails, a smaller scenario whose run with the
 * same seed fails the same way (a failure of the same kind and property): fewer faults and clock
 * entries, fewer requests or a shorter load, shorter fault windows, fewer pool members; for a
 * scenario with processes, fewer workload operations and clients, fewer processes in a group with
 * a `count` (not below 1), shorter pauses (`for: exp(60ms)` too) and a shorter `until`.
 *
 * A greedy delta-debugging loop over the scenario's lists and numbers, in the spirit of
 * fast-check's shrinkers (candidates as a lazy stream, the simplest first; an integer goes to its
 * target first, then halves the distance, as fast-check's `shrinkInteger`): each pass walks the
 * knobs of the current scenario, and for each tries its candidates in order, keeping the first
 * that still fails; passes repeat until one changes nothing or the run budget is spent. Lists
 * shrink as in Zeller's ddmin: remove all, then halves, quarters, ..., single entries. Candidates
 * that are not valid scenarios (a fault whose target no longer exists) are skipped without a run.
 *
 * Seed plus path, as fast-check has it: fast-check shrinks the value a seed generated, never the
 * seed, so each element of an array keeps its value when others are removed. A scenario's drawn
 * workload is a generator: with the seed fixed, one operation fewer redraws every later one. So
 * the first pass writes the value out: the operations the seed's run issued become the workload's
 * `operations:` list (time, client, process, f, key, value: `writtenOut`), and the random node
 * faults the single pauses and crashes the seed picked (`faultsWrittenOut`); both replay the run
 * exactly, and ddmin then removes one operation or window without moving the others. Written-out
 * faults that end with more entries than the original had are undone: the result is never larger.
 *
 * Every candidate is a pure function of (scenario text, seed), so the result is too: the same
 * input shrinks to the same file, in the same number of runs.
 */
import { isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { buildSystem, simulate, type SimulateOptions, type SimulateResult } from './simulate.js';
import { Simulation } from '../engine/simulation.js';
import { isFaultable, type NodeFaultKind } from '../faults/node-faults.js';
import { faultStream, pauseWindows } from '../faults/pause.js';
import { crashWindows } from '../faults/crash.js';
import { ProgramError } from '../process/errors.js';
import type { ScriptedOp } from '../spec/process.js';
import type { RunFailure } from './failure.js';
import type { Summary } from './summary.js';
import { parseScenario, swarmFor, type LoadedScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import { BuildError } from '../engine/errors.js';
import { WindowError } from '../load/window.js';
import { documentWithOverrides, editedText, plainOf, type Edit } from '../scenario/edit.js';
import { parseDuration } from '../scenario/units.js';
import { resolveSwarm, swarmStream, SWARM_KEYS } from '../scenario/swarm.js';
import type { Limits } from '../scenario/limits.js';

export interface ShrinkOptions {
  scenario: LoadedScenario;
  seed: number;
  /** At most this many runs (default 1,000). */
  maxRuns?: number;
  limits?: Limits;
  /** As simulate's (tests inject a step kind). */
  steps?: SimulateOptions['steps'];
  /** A scenario with processes: its program, loaded (run/program.ts); every candidate runs it. */
  program?: SimulateOptions['program'];
  /** A drawn workload is written out (its operations listed) only when its run issued at most this many operations (default WRITE_OUT_LIMIT, 10,000); over it, a lower count comes first. */
  writeOutLimit?: number;
  /** Called after every run (progress). */
  onRun?: (runs: number) => void;
  /** The summary of the seed's run of `scenario`, when the caller has run it (a hunt's failing seed): it counts as the first run, and is not run again (unless the scenario has a drawn workload: its run is made again for the operations it issued). */
  original?: Summary;
}

/** What a scenario's run is made of, to say how much smaller the shrunk one is. */
export interface RunSize {
  requests: number;
  faults: number;
  /** Entries of `clocks:`. */
  clocks: number;
  /** Members of every pool. */
  members: number;
  simulatedMs: number;
  /** A scenario with processes: its workload's operations (absent: no workload). */
  operations?: number;
  /** A scenario with processes: how many processes. */
  processes?: number;
}

export interface ShrinkResult {
  /** The failure the shrunk scenario keeps (kind and property as the original's first). */
  failure: RunFailure;
  /** The shrunk scenario file's text (overrides applied into it). */
  text: string;
  from: RunSize;
  to: RunSize;
  /** Runs made, the original's included. */
  runs: number;
  /** What each accepted step changed, in order ("faults[1] removed", "load.requests 60 -> 8"). */
  steps: string[];
  /** The run budget ran out before a pass changed nothing. */
  exhausted: boolean;
}

export class ShrinkError extends Error {}

export const DEFAULT_MAX_RUNS = 1000;

/** The most operations the shrinker writes out into a scenario; a drawn workload with more is first cut by its count. */
export const WRITE_OUT_LIMIT = 10_000;

export function shrink(options: ShrinkOptions): ShrinkResult {
  const { scenario, seed } = options;
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  let runs = 0;
  const runFull = (s: LoadedScenario): SimulateResult => {
    runs++;
    const result = simulate(s, { seed, ...(options.steps !== undefined && { steps: options.steps }), ...(options.program !== undefined && { program: options.program }) });
    options.onRun?.(runs);
    return result;
  };
  const run = (s: LoadedScenario): Summary => runFull(s).summary;
  // a drawn workload: the operations the current scenario's run issued, to write out (the original's run has them,
  // so a summary given without them is run again: hunt and shrink then count the same runs)
  const drawn = scenario.spec.processes?.workload !== undefined && scenario.spec.processes.workload.script === undefined;
  let original = drawn ? undefined : options.original;
  let issued: ScriptedOp[] | undefined;
  if (original === undefined) {
    const result = runFull(scenario);
    original = result.summary;
    issued = result.processes?.issuedOps;
  } else runs = 1;
  const failure = original.failures?.[0];
  if (failure === undefined) throw new ShrinkError(`seed ${seed} does not fail on ${scenario.file}: nothing to shrink`);
  const same = (f: RunFailure) => f.kind === failure.kind && f.property === failure.property;

  let doc: Document = documentWithOverrides(scenario.text, scenario.overrides);
  if (scenario.swarm !== undefined) {
    // a swarm scenario shrinks from the values its seed picked, written in: the shrunk file has no ranges
    const { value } = resolveSwarm(scenario.swarm.plain, swarmStream(seed));
    const edits = SWARM_KEYS.filter((k) => Object.hasOwn(value, k)).map((k) => ({ path: [k], value: value[k] }));
    doc = documentWithOverrides(editedText(doc, edits), []);
  }
  let text = doc.toString();
  // the scenario the text says (with a swarm's picks written in): the one to measure before and after
  const start = scenario.swarm !== undefined ? swarmFor(scenario, seed).scenario : scenario;
  let last = original;
  let lastScenario = start;
  const steps: string[] = [];

  /** Whether the scenario with `edits` still fails the same way; when it does, it becomes the current one. */
  const tryEdits = (edits: Edit[], what: string): boolean => {
    if (runs >= maxRuns) return false;
    const candidate = editedText(doc, edits);
    let loaded: LoadedScenario;
    try {
      loaded = parseScenario(candidate, scenario.file, [], { limits: options.limits });
    } catch (e) {
      if (e instanceof ScenarioError) return false;
      throw e;
    }
    let summary: Summary;
    try {
      summary = run(loaded);
    } catch (e) {
      if (e instanceof BuildError || e instanceof WindowError || e instanceof RangeError) return false;
      throw e;
    }
    if (!(summary.failures ?? []).some(same)) return false;
    issued = undefined;
    text = candidate;
    doc = documentWithOverrides(candidate, []);
    last = summary;
    lastScenario = loaded;
    steps.push(what);
    return true;
  };

  // Seed plus path, as fast-check has it: the operations the seed drew are written out, so that
  // removing one leaves every other as it was (a count would redraw them all from the first removed).
  // Over WRITE_OUT_LIMIT operations, a lower count (which keeps the first operations as drawn) comes first.
  let writeOutTried = false;
  const writeOut = (): boolean => {
    const w = lastScenario.spec.processes?.workload;
    if (writeOutTried || w === undefined || w.script !== undefined || runs >= maxRuns) return false;
    if (issued === undefined) issued = runFull(lastScenario).processes?.issuedOps ?? [];
    if (issued.length > (options.writeOutLimit ?? WRITE_OUT_LIMIT)) return false;
    writeOutTried = true;
    return tryEdits(writtenOut(doc, issued), `workload.operations written out: the ${issued.length.toLocaleString('en-US')} the seed drew`);
  };

  const at = (path: (string | number)[]) => () => pathValue(plainOf(doc), path);
  // The same for random node faults (a pause with every, a crash with mtbf): the windows the seed
  // picked are written out as single pauses and crashes, then removed and shortened one by one. Kept
  // only if the shrunk scenario ends with no more fault entries than the original had.
  let faultsTried = false;
  let beforeFaults: { doc: Document; text: string; last: Summary; lastScenario: LoadedScenario; steps: number } | null = null;
  const writeOutFaults = (): boolean => {
    if (faultsTried || runs >= maxRuns) return false;
    faultsTried = true;
    const out = faultsWrittenOut(doc, lastScenario, seed, last.run.simulatedMs);
    if (out === undefined) return false;
    const snapshot = { doc, text, last, lastScenario, steps: steps.length };
    if (!tryEdits(out.edits, `faults written out: the ${out.windows.toLocaleString('en-US')} ${out.windows === 1 ? 'window' : 'windows'} the seed picked`)) return false;
    beforeFaults = snapshot;
    return true;
  };

  /** With more fault entries than the original, back to before the windows were written out (the shrunk scenario is never larger). */
  const undoFaults = (): boolean => {
    if (beforeFaults === null || lastScenario.spec.faults.length <= start.spec.faults.length) return false;
    const b: { doc: Document; text: string; last: Summary; lastScenario: LoadedScenario; steps: number } = beforeFaults;
    const left = lastScenario.spec.faults.length;
    ({ doc, text, last, lastScenario } = b);
    steps.length = b.steps;
    steps.push(`faults written out, undone: ${left} entries were left, more than the original's ${start.spec.faults.length}`);
    beforeFaults = null;
    issued = undefined;
    return true;
  };

  let changed = true;
  while (changed && runs < maxRuns) {
    changed = writeOut();
    if (writeOutFaults()) changed = true;
    const plain = plainOf(doc) as Record<string, unknown>;
    for (const list of [['faults'], ['clocks'], ['workload', 'operations']]) {
      if (shrinkList(list, at(list), tryEdits)) changed = true;
    }
    // each written-out operation shrinks too, as an array's elements do: to a lower process of its group, a lower client
    for (const knob of operationKnobs(plainOf(doc) as Record<string, unknown>)) if (shrinkNumber(knob, tryEdits, knob.write ?? ((n) => n))) changed = true;
    for (const knob of integerKnobs(plain)) if (shrinkNumber(knob, tryEdits, (n) => n)) changed = true;
    for (const knob of durationKnobs(plainOf(doc) as Record<string, unknown>)) if (shrinkNumber(knob, tryEdits, knob.write ?? ((ms) => `${ms}ms`))) changed = true;
    if (!changed && undoFaults()) changed = true;
  }
  undoFaults(); // the run budget ran out first
  // last, for the reader: the written-out times to whole ms (else 0.1 ms, else 0.01 ms), if the run still fails the same way with them
  for (const [digits, unit] of [[0, '1 ms'], [1, '0.1 ms'], [2, '0.01 ms']] as const) {
    const rounding = roundedTimes(plainOf(doc) as Record<string, unknown>, digits);
    if (rounding.length > 0 && tryEdits(rounding, `written-out times rounded to ${unit}`)) break;
  }
  return { failure, text, from: sizeOf(start, original), to: sizeOf(lastScenario, last), runs, steps, exhausted: runs >= maxRuns };
}

type TryEdits = (edits: Edit[], what: string) => boolean;

/** The value at `path` in a plain value (undefined if there is none). */
function pathValue(plain: unknown, path: readonly (string | number)[]): unknown {
  let v = plain;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** The most fault windows the shrinker writes out. */
const WRITE_OUT_FAULTS_LIMIT = 1_000;

/**
 * The edits that write a scenario's random node faults out as the single ones its seed picks
 * before `endMs` (the end of its run): each `pause` with `every` becomes one `pause: { target,
 * at, for }` per window, each `crash` with `mtbf` one `crash: { target, at, restart-after }` per
 * crash, for each target node, in time order, in the fault's place. The windows come from the same
 * generators the faults draw from (faults/pause.ts, faults/crash.ts), with the same streams, and
 * are written in ms with every digit: the run is the same. Undefined: nothing to write out.
 */
export function faultsWrittenOut(doc: Document, scenario: LoadedScenario, seed: number, endMs: number): { edits: Edit[]; windows: number } | undefined {
  const spec = scenario.spec;
  const seq = doc.getIn(['faults'], true);
  if (!isSeq(seq) || seq.items.length !== spec.faults.length) return undefined;
  if (!spec.faults.some((f) => (f.kind === 'pause' && f.every !== undefined) || (f.kind === 'crash' && 'mtbfMs' in f))) return undefined;
  let built: Simulation;
  try {
    built = buildSystem(spec, seed).sim;
  } catch (e) {
    if (e instanceof BuildError || e instanceof ProgramError) return undefined;
    throw e;
  }
  const draws = new Simulation({ seed, roundExponential: spec.roundExponential });
  const ms = (x: number) => `${String(x)}ms`;
  const replaced = new Map<number, Record<string, unknown>[]>();
  let windows = 0;
  for (const [i, f] of spec.faults.entries()) {
    if (!((f.kind === 'pause' && f.every !== undefined) || (f.kind === 'crash' && 'mtbfMs' in f))) continue;
    const targets = built.find(f.target).filter((n) => isFaultable(n) && n.lifecycle.supportsFault(f.kind as NodeFaultKind));
    const entries: { at: number; entry: Record<string, unknown> }[] = [];
    for (const node of targets) {
      const rng = draws.rng(faultStream(i, node.id));
      if (f.kind === 'pause') {
        for (const w of pauseWindows(rng, draws.distribution(f.for), draws.distribution(f.every!), f.atMs)) {
          if (w.atMs > endMs) break;
          entries.push({ at: w.atMs, entry: { pause: { target: node.id, at: ms(w.atMs), for: ms(w.forMs) } } });
          if (++windows > WRITE_OUT_FAULTS_LIMIT) return undefined;
        }
      } else if ('mtbfMs' in f) {
        for (const w of crashWindows(rng, f.mtbfMs, f.mttrMs)) {
          if (w.atMs > endMs) break;
          entries.push({ at: w.atMs, entry: { crash: { target: node.id, at: ms(w.atMs), 'restart-after': ms(w.downMs) } } });
          if (++windows > WRITE_OUT_FAULTS_LIMIT) return undefined;
        }
      }
    }
    replaced.set(i, entries.sort((a, b) => a.at - b.at).map((e) => e.entry));
  }
  const list = seq.clone() as YAMLSeq;
  for (const i of [...replaced.keys()].sort((a, b) => b - a)) {
    const nodes = (replaced.get(i) ?? []).map((e) => {
      const n = doc.createNode(e) as YAMLMap;
      n.flow = true;
      return n;
    });
    list.items.splice(i, 1, ...nodes);
  }
  return { edits: [{ path: ['faults'], value: list }], windows };
}

/** The workload settings a written-out workload has no use for (nothing is drawn). */
const DRAW_KEYS = ['to', 'choose', 'rate', 'think', 'mix', 'values', 'keys'];

/**
 * The edits that write the operations a run issued into the scenario's `workload:`: `operations:`
 * becomes their list (one flow map a line: at, client, to, f, key, value), and the settings of the
 * draws go. Times are written in ms with every digit, so the run with the list issues each
 * operation at exactly the time the draws gave it.
 */
export function writtenOut(doc: Document, ops: readonly ScriptedOp[]): Edit[] {
  const list = ops.map((op) => ({ at: `${String(op.atMs)}ms`, client: op.client, to: op.to, f: op.f, ...(op.key !== undefined && { key: op.key }), ...(op.value !== undefined && { value: op.value }) }));
  const node = doc.createNode(list) as YAMLSeq;
  for (const item of node.items) (item as YAMLMap).flow = true;
  const workload = pathValue(plainOf(doc), ['workload']) as Record<string, unknown>;
  return [{ path: ['workload', 'operations'], value: node }, ...DRAW_KEYS.filter((k) => Object.hasOwn(workload, k)).map((k) => ({ path: ['workload', k] }))];
}

/** ddmin over a list: remove every entry, then chunks of half, a quarter, ..., one. */
function shrinkList(key: (string | number)[], current: () => unknown, tryEdits: TryEdits): boolean {
  let changed = false;
  const length = () => {
    const v = current();
    return Array.isArray(v) ? v.length : 0;
  };
  let chunk = length();
  while (chunk >= 1 && length() > 0) {
    let start = 0;
    let removedHere = false;
    while (start < length()) {
      const n = Math.min(chunk, length() - start);
      const edits = Array.from({ length: n }, (_, i) => ({ path: [...key, start + i] }));
      const name = key.join('.');
      const what = n === 1 ? `${name}[${start}] removed` : `${name}[${start}..${start + n - 1}] removed`;
      if (tryEdits(edits, what)) {
        changed = removedHere = true; // the same start now holds the next entries
      } else {
        start += n;
      }
    }
    if (!removedHere) chunk = Math.floor(chunk / 2);
    else chunk = Math.min(chunk, length());
  }
  return changed;
}

/** A number the shrinker may lower: its path, its value now, the smallest it may become (and how to write it, when not as the knob's kind does). */
interface NumberKnob {
  path: (string | number)[];
  value: number;
  target: number;
  write?: (n: number) => unknown;
}

/** A distribution of one duration, such as `exp(60ms)`: its mean in whole ms, and how to write it with another (the shorter pauses of a fault that recurs). */
function oneDurationDistribution(v: unknown): { ms: number; write: (ms: number) => string } | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([a-z]+)\(\s*([^(),\s]+)\s*\)\s*$/.exec(v);
  if (m === null) return undefined;
  let x: number;
  try {
    x = parseDuration(m[2]);
  } catch {
    return undefined;
  }
  if (!Number.isFinite(x)) return undefined;
  return { ms: Math.floor(x), write: (n) => `${m[1]}(${n}ms)` };
}

/**
 * Lowers one number: its target first, then values closer and closer to where it is (the
 * distance halved each time), keeping the first that still fails, and again from there.
 */
function shrinkNumber(knob: NumberKnob, tryEdits: TryEdits, write: (n: number) => unknown): boolean {
  let value = knob.value;
  let changed = false;
  const name = knob.path.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  for (;;) {
    let taken = false;
    for (const candidate of towards(value, knob.target)) {
      if (tryEdits([{ path: knob.path, value: write(candidate) }], `${name} ${String(write(value))} -> ${String(write(candidate))}`)) {
        value = candidate;
        taken = changed = true;
        break;
      }
    }
    if (!taken) return changed;
  }
}

/** `target`, then `current - gap` for gap = (current - target) / 2, / 4, ... (whole numbers). */
export function* towards(current: number, target: number): Generator<number> {
  if (current <= target) return;
  yield target;
  let gap = Math.floor((current - target) / 2);
  while (gap > 0) {
    const v = current - gap;
    if (v > target) yield v;
    gap = Math.floor(gap / 2);
  }
}

/** Whole numbers: the requests, closed-loop users, pool sizes. */
function integerKnobs(plain: Record<string, unknown>): NumberKnob[] {
  const knobs: NumberKnob[] = [];
  const load = plain.load as Record<string, unknown> | undefined;
  if (load !== undefined && typeof load.requests === 'number') knobs.push({ path: ['load', 'requests'], value: load.requests, target: 1 });
  const closed = load?.closed as Record<string, unknown> | undefined;
  if (closed !== undefined && typeof closed.users === 'number') knobs.push({ path: ['load', 'closed', 'users'], value: closed.users, target: 1 });
  const pools = plain.pools as Record<string, Record<string, unknown>> | undefined;
  for (const [name, pool] of Object.entries(pools ?? {})) {
    if (typeof pool?.count === 'number') knobs.push({ path: ['pools', name, 'count'], value: pool.count, target: 1 });
  }
  // a scenario with processes: its workload's operations and clients, the size of each group
  const workload = plain.workload as Record<string, unknown> | undefined;
  if (workload !== undefined && typeof workload.operations === 'number') knobs.push({ path: ['workload', 'operations'], value: workload.operations, target: 1 });
  if (workload !== undefined && typeof workload.clients === 'number') knobs.push({ path: ['workload', 'clients'], value: workload.clients, target: 1 });
  const processes = Array.isArray(plain.processes) ? plain.processes : [];
  processes.forEach((g, i) => {
    const count = (g as Record<string, unknown> | null)?.count;
    if (typeof count === 'number') knobs.push({ path: ['processes', i, 'count'], value: count, target: 1 });
  });
  return knobs;
}

/** The edits that round each written-out time (an operation's `at`, a single pause's or crash's `at`) to `digits` decimals of a ms; none if none has more. */
function roundedTimes(plain: Record<string, unknown>, digits: number): Edit[] {
  const edits: Edit[] = [];
  const round = (v: unknown, path: (string | number)[]) => {
    const m = typeof v === 'string' ? /^(\d+\.(\d+))ms$/.exec(v) : null;
    if (m === null || m[2].length <= digits) return;
    edits.push({ path, value: `${String(Number(parseFloat(m[1]).toFixed(digits)))}ms` });
  };
  const ops = pathValue(plain, ['workload', 'operations']);
  if (Array.isArray(ops)) ops.forEach((op: Record<string, unknown>, i) => round(op?.at, ['workload', 'operations', i, 'at']));
  const faults = Array.isArray(plain.faults) ? plain.faults : [];
  faults.forEach((f: Record<string, Record<string, unknown>>, i) => {
    for (const kind of ['pause', 'crash']) if (f?.[kind] !== undefined && f[kind].every === undefined && f[kind].mtbf === undefined) round(f[kind].at, ['faults', i, kind, 'at']);
  });
  return edits;
}

/** A written-out workload's operations: each one's process (towards the group's first: n[3] -> n[0]) and client (towards 0). */
function operationKnobs(plain: Record<string, unknown>): NumberKnob[] {
  const ops = pathValue(plain, ['workload', 'operations']);
  if (!Array.isArray(ops)) return [];
  const knobs: NumberKnob[] = [];
  ops.forEach((op: Record<string, unknown>, i) => {
    const m = typeof op?.to === 'string' ? /^(.*)\[(\d+)\]$/.exec(op.to) : null;
    if (m !== null && Number(m[2]) > 0) knobs.push({ path: ['workload', 'operations', i, 'to'], value: Number(m[2]), target: 0, write: (n) => `${m[1]}[${n}]` });
    if (typeof op?.client === 'number' && op.client > 0) knobs.push({ path: ['workload', 'operations', i, 'client'], value: op.client, target: 0 });
  });
  return knobs;
}

/** Durations, in whole ms: the load's duration, and the windows of faults (how long a pause, a slowdown, a flaky window, a crash lasts). */
function durationKnobs(plain: Record<string, unknown>): NumberKnob[] {
  const knobs: NumberKnob[] = [];
  const ms = (v: unknown): number | undefined => {
    if (typeof v !== 'string') return undefined;
    try {
      const x = parseDuration(v);
      return Number.isFinite(x) ? Math.floor(x) : undefined;
    } catch {
      return undefined;
    }
  };
  const load = plain.load as Record<string, unknown> | undefined;
  const d = ms(load?.duration);
  if (d !== undefined && d > 1) knobs.push({ path: ['load', 'duration'], value: d, target: 1 });
  const until = ms(plain.until);
  if (until !== undefined && until > 1) knobs.push({ path: ['until'], value: until, target: 1 });
  const faults = Array.isArray(plain.faults) ? plain.faults : [];
  faults.forEach((f, i) => {
    if (typeof f !== 'object' || f === null) return;
    for (const [kind, body] of Object.entries(f as Record<string, Record<string, unknown>>)) {
      for (const key of ['for', 'restart-after']) {
        const v = ms(body?.[key]);
        if (v !== undefined && v > 1) knobs.push({ path: ['faults', i, kind, key], value: v, target: 1 });
        const dist = oneDurationDistribution(body?.[key]);
        if (dist !== undefined && dist.ms > 1) knobs.push({ path: ['faults', i, kind, key], value: dist.ms, target: 1, write: dist.write });
      }
      if (kind === 'partition') {
        const at = ms(body?.at);
        const heal = ms(body?.heal);
        if (at !== undefined && heal !== undefined && heal - at > 1) knobs.push({ path: ['faults', i, kind, 'heal'], value: heal, target: at + 1 });
      }
    }
  });
  return knobs;
}

function sizeOf(s: LoadedScenario, summary: Summary): RunSize {
  const p = s.spec.processes;
  return {
    requests: summary.requests.total,
    faults: s.spec.faults.length,
    clocks: s.spec.clocks?.length ?? 0,
    members: Object.values(s.spec.pools).reduce((a, p) => a + ((p as { count?: number }).count ?? 0), 0),
    simulatedMs: summary.run.simulatedMs,
    ...(p?.workload !== undefined && { operations: p.workload.operations }),
    ...(p !== undefined && { processes: p.groups.reduce((a, g) => a + (g.count ?? 1), 0) }),
  };
}

/** "1,000 requests and 7 faults -> 6 requests and 1 fault, in 212 runs" ("operations" for a scenario with processes and a workload; its processes when their number went down). */
export function describeShrink(r: Pick<ShrinkResult, 'from' | 'to' | 'runs'>): string {
  const operations = r.from.operations !== undefined && r.from.requests === 0;
  const withProcesses = r.from.processes !== undefined && r.from.processes !== r.to.processes;
  const part = (s: RunSize, withClocks: boolean, withMembers: boolean) =>
    [
      operations ? `${(s.operations ?? 0).toLocaleString('en-US')} ${s.operations === 1 ? 'operation' : 'operations'}` : `${s.requests.toLocaleString('en-US')} ${s.requests === 1 ? 'request' : 'requests'}`,
      `${s.faults} ${s.faults === 1 ? 'fault' : 'faults'}`,
      ...(withClocks ? [`${s.clocks} ${s.clocks === 1 ? 'clock entry' : 'clock entries'}`] : []),
      ...(withMembers ? [`${s.members} pool ${s.members === 1 ? 'member' : 'members'}`] : []),
      ...(withProcesses ? [`${s.processes} ${s.processes === 1 ? 'process' : 'processes'}`] : []),
    ].join(' and ').replace(/ and (?=.* and )/g, ', ');
  const clocks = r.from.clocks > 0;
  const members = r.from.members > 0;
  return `${part(r.from, clocks, members)} -> ${part(r.to, clocks, members)}, in ${r.runs} runs`;
}

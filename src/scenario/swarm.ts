/**
 * Swarm runs: a scenario may give a range instead of a value for any number, duration or
 * percentage in its `faults:` and `load:`, and a number of copies for a fault; the seed picks the
 * values (TigerBeetle's VOPR calls this a swarm), so one scenario covers many fault patterns, and
 * the run's summary lists every value picked.
 *
 *     faults:
 *       - pause: { target: "leaders[*]/server", at: { swarm: [1s, 20s] }, for: { swarm: [10ms, 2s] } }
 *       - swarm: { count: [0, 3], fault: { crash: { target: "dynos[*]/server", at: { swarm: [0s, 60s] } } } }
 *       - flaky: { target: "**", at: 5s, for: 10s, loss: { swarm: [0.1%, 20%] } }
 *     load: { poisson: { rate: 100/s }, requests: { swarm: [100, 5000] } }
 *
 * - `{ swarm: [LOW, HIGH] }` stands for a value from LOW to HIGH, both ends of one kind: whole
 *   numbers (a whole number is picked), numbers, durations (`10ms`, `2s`), percentages (`1%`).
 * - A `faults:` entry `{ swarm: { count: [LOW, HIGH], fault: FAULT } }` stands for LOW to HIGH
 *   copies of FAULT, each with its own picks.
 * - Only in `faults:` and `load:`. The values come from one random stream, `swarm`, of the run's
 *   seed, in file order, so the rest of the run's draws (every component has its own stream) do not
 *   move. Both ends of every range are validated when the scenario loads (a count as one copy).
 */
import { rngStream, type Rng } from '../engine/rng.js';
import { parseDuration } from './units.js';
import { formatPath } from './path.js';

/** What one range is made of. */
type Kind = 'integer' | 'number' | 'duration' | 'percent';

export interface SwarmProblem {
  path: (string | number)[];
  message: string;
}

/** The keys whose values may hold ranges. */
/** The sections of a scenario that may give ranges. */
export const SWARM_KEYS = ['faults', 'load'] as const;

/** A fault entry `{ swarm: { count, fault } }`: `count` copies of `fault` (at `faults[i]`). */
function countedFault(v: unknown, path: readonly (string | number)[]): v is { swarm: { count: unknown; fault: unknown } } {
  return path[0] === 'faults' && isMap(v) && Object.keys(v).length === 1 && isMap(v.swarm) && 'count' in v.swarm;
}

/** Whether the scenario's plain value has any range. */
export function hasSwarm(plain: unknown): boolean {
  let found = false;
  walkRanges(plain, () => {
    found = true;
  });
  return found;
}

/** The problems of its ranges (not two values of one kind, LOW above HIGH, a count that is not whole). */
export function swarmProblems(plain: unknown): SwarmProblem[] {
  const problems: SwarmProblem[] = [];
  walkRanges(plain, (path, range, isCount) => {
    const r = readRange(range, isCount);
    if (typeof r === 'string') problems.push({ path, message: r });
  });
  return problems;
}

function walkRanges(plain: unknown, visit: (path: (string | number)[], range: unknown, isCount: boolean) => void): void {
  if (!isMap(plain)) return;
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isMap(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === 'swarm') {
        if (path.length === 2 && countedFault(v, path)) {
          visit([...path, 'swarm', 'count'], v.swarm.count, true);
          walk(v.swarm.fault, [...path, 'swarm', 'fault']);
        } else visit([...path, 'swarm'], v.swarm, false);
        return;
      }
      for (const k of keys) walk(v[k], [...path, k]);
    }
  };
  for (const key of SWARM_KEYS) if (Object.hasOwn(plain, key)) walk(plain[key], [key]);
}

interface Range {
  kind: Kind;
  low: number;
  high: number;
}

const EXPECTED = 'a range [LOW, HIGH] of two numbers, durations (10ms) or percentages (1%), such as { swarm: [10ms, 2s] }';

/** The range, or what is wrong with it. */
function readRange(v: unknown, isCount: boolean): Range | string {
  if (!Array.isArray(v) || v.length !== 2) return `expected ${isCount ? 'a range of counts [LOW, HIGH], such as [0, 3]' : EXPECTED}; found ${describe(v)}`;
  const ends = v.map(readEnd);
  const [a, b] = ends;
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  const kind: Kind | undefined = a.kind === b.kind ? a.kind : (a.kind === 'integer' && b.kind === 'number') || (a.kind === 'number' && b.kind === 'integer') ? 'number' : undefined;
  if (kind === undefined) return `expected both ends of a swarm range of one kind; found a ${a.kind} and a ${b.kind}`;
  if (isCount && kind !== 'integer') return `expected a range of counts, whole numbers such as [0, 3]; found [${v.join(', ')}]`;
  if (isCount && a.value < 0) return `expected a count of at least 0; found ${a.value}`;
  if (a.value > b.value) return `expected LOW <= HIGH in a swarm range; found [${v.join(', ')}]`;
  return { kind, low: a.value, high: b.value };
}

function readEnd(v: unknown): { kind: Kind; value: number } | string {
  if (typeof v === 'number' && Number.isFinite(v)) return { kind: Number.isInteger(v) ? 'integer' : 'number', value: v };
  if (typeof v === 'string') {
    const percent = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*%\s*$/.exec(v);
    if (percent !== null) return { kind: 'percent', value: Number(percent[1]) };
    try {
      return { kind: 'duration', value: parseDuration(v) };
    } catch {
      return `expected a number, a duration (10ms) or a percentage (1%) as an end of a swarm range; found ${JSON.stringify(v)}`;
    }
  }
  return `expected ${EXPECTED}; found ${describe(v)}`;
}

function describe(v: unknown): string {
  return v === undefined ? 'nothing' : Array.isArray(v) ? `a list of ${v.length}` : JSON.stringify(v);
}

/** A value of a range as the file writes it. */
function written(kind: Kind, value: number): number | string {
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  if (kind === 'duration') return `${round(value, 3)}ms`;
  if (kind === 'percent') return `${round(value, 4)}%`;
  return kind === 'integer' ? value : round(value, 6);
}

/** Which end every range takes (validation), or the `swarm` stream of a seed. */
export type Pick = 'low' | 'high' | Rng;

/**
 * The plain value with every range replaced by a value (and every counted fault by its copies),
 * and what was picked, by path in the result. With 'low' or 'high', counted faults stay one copy
 * (so problems keep their paths). Assumes `swarmProblems` found none.
 */
export function resolveSwarm(plain: Record<string, unknown>, pick: Pick): { value: Record<string, unknown>; picked: Record<string, number | string> } {
  const picked: Record<string, number | string> = {};
  const choose = (r: Range): number => {
    if (pick === 'low') return r.low;
    if (pick === 'high') return r.high;
    const u = pick();
    return r.kind === 'integer' ? r.low + Math.floor(u * (r.high - r.low + 1)) : r.low + u * (r.high - r.low);
  };
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v) {
        if (path.length === 1 && countedFault(x, path)) {
          const r = readRange(x.swarm.count, true) as Range;
          const n = typeof pick === 'function' ? choose(r) : 1;
          if (typeof pick === 'function') picked[`${formatPath([...path, out.length])}.count`] = n;
          for (let i = 0; i < n; i++) out.push(walk(x.swarm.fault, [...path, out.length]));
        } else out.push(walk(x, [...path, out.length]));
      }
      return out;
    }
    if (isMap(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === 'swarm') {
        const r = readRange(v.swarm, false) as Range;
        const value = written(r.kind, choose(r));
        picked[formatPath(path)] = value;
        return value;
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = walk(v[k], [...path, k]);
      return out;
    }
    return v;
  };
  const value: Record<string, unknown> = { ...plain };
  for (const key of SWARM_KEYS) if (Object.hasOwn(plain, key)) value[key] = walk(plain[key], [key]);
  return { value, picked };
}

/** The `swarm` stream of a run's seed: the only source of its picks. */
export function swarmStream(seed: number): Rng {
  return rngStream(seed, 'swarm');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What an experiment varies: axes (a `--set` path and its values) and the variants they make.
 *
 * `--vary topology[0].balancer.strategy=random,least-conn` is one axis with two values; values are
 * separated by commas outside brackets and quotes, so `--vary 'x=uniform(1ms, 5ms),exp(3ms)'` has
 * two. A value `FROM..TO/N` is a range: N evenly spaced values from FROM to TO inclusive, written in
 * FROM's unit (`2ms..1ms/3` is 2ms, 1.5ms, 1ms; `900/s..1.2/ms/2` is 900/s, 1200/s; plain numbers
 * too). Several axes make the combinations of their values in row-major order (the last axis
 * varies fastest); the first combination is the baseline.
 */
import type { VaryAxis } from '../spec/scenario.js';
import { isTimeUnit, toMs, type TimeUnit } from '../scenario/units.js';

/** An axis as written: in a `compare:`/`sweep:` block, or by `--vary` (then `flag` is its text). */
export type WrittenAxis = VaryAxis & { flag?: string };

/** An axis with its values spelled out (ranges expanded). */
export interface Axis {
  path: string;
  values: string[];
  /** The values as written, for a `--vary` that reproduces the axis: `random,least-conn` or `2ms..1ms/8`. */
  written: string;
  /** The `--vary` text it came from; undefined when it came from the scenario file. */
  flag?: string;
  /** The name each value goes by (its text unless the file named it: `{ name, value }`); same length as `values`. */
  names?: string[];
}

/** One combination of axis values: its name (the values, joined) and the overrides that make it. */
export interface Variant {
  name: string;
  /** The value of each axis, in axis order. */
  values: string[];
  /** `path=value` for each axis, as for --set. */
  set: string[];
}

/** A problem with how an experiment is written (a usage error: exit 2, nothing runs). */
export class VaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaryError';
  }
}

const EXAMPLE = 'topology[0].balancer.strategy=random,least-conn';

/** Reads `--vary path=v1,v2,...`. Throws VaryError. */
export function parseVary(text: string): WrittenAxis {
  const eq = text.indexOf('=');
  if (eq < 0) throw new VaryError(`--vary ${text}: expected path=value,value,..., such as ${EXAMPLE}; found no "="`);
  const path = text.slice(0, eq).trim();
  if (path === '') throw new VaryError(`--vary ${text}: expected a path before "=", such as ${EXAMPLE}; found nothing`);
  const values = splitValues(text.slice(eq + 1));
  if (values.length === 0 || values.some((v) => v === '')) {
    throw new VaryError(`--vary ${text}: expected values separated by commas, such as ${EXAMPLE}; found an empty value`);
  }
  if (values.length === 1 && isRange(values[0])) return { path, values: { range: values[0] }, flag: text };
  return { path, values, flag: text };
}

/** Splits at commas that are outside (), [], {} and quotes; trims each value. */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return text.trim() === '' ? [] : out;
}

const NUMBER = String.raw`-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`;
/** A number with an optional unit: `2`, `2ms`, `900/s`. */
const QUANTITY = new RegExp(String.raw`^\s*(${NUMBER})\s*(\/\s*[a-z]+|[a-z]*)\s*$`);
const RANGE = /^(.+?)\.\.(.+)\/\s*([0-9]+)\s*$/;

/** Whether `value` is written as a range FROM..TO/N (both ends numbers, with or without units). */
export function isRange(value: string): boolean {
  const m = RANGE.exec(value);
  return m !== null && QUANTITY.test(m[1]) && QUANTITY.test(m[2]);
}

type Quantity = { value: number; unit: string; kind: 'number' | 'duration' | 'rate'; timeUnit?: TimeUnit };

function quantity(text: string, range: string): Quantity {
  const m = QUANTITY.exec(text);
  if (m === null) throw new VaryError(`range ${range}: expected a number, a duration such as 2ms or a rate such as 900/s; found "${text.trim()}"`);
  const value = Number(m[1]);
  const unit = m[2].replace(/\s+/g, '');
  if (unit === '') return { value, unit, kind: 'number' };
  const rate = unit.startsWith('/');
  const name = rate ? unit.slice(1) : unit;
  if (!isTimeUnit(name)) throw new VaryError(`range ${range}: unknown unit "${name}" in "${text.trim()}"; expected one of: ns, us, ms, s, m, min, h`);
  return { value, unit, kind: rate ? 'rate' : 'duration', timeUnit: name };
}

/** `to` expressed in `from`'s unit. */
function inUnitOf(to: Quantity, from: Quantity): number {
  if (to.kind === 'number' || to.unit === from.unit) return to.value;
  const ms = (q: Quantity, v: number) => toMs(v, q.timeUnit as TimeUnit);
  // A duration converts by its length in ms; a rate (per unit) by the inverse.
  if (from.kind === 'duration') return ms(to, to.value) / ms(from, 1);
  return (to.value / ms(to, 1)) * ms(from, 1);
}

/**
 * Expands a range FROM..TO/N into N evenly spaced values from FROM to TO inclusive, in FROM's unit:
 * `2ms..1ms/3` gives 2ms, 1.5ms, 1ms. Values are rounded to 12 significant digits, so float noise
 * (1.2000000000000002) does not reach the scenario. Throws VaryError.
 */
export function expandRange(range: string): string[] {
  const m = RANGE.exec(range);
  if (m === null) throw new VaryError(`expected a range FROM..TO/N such as 2ms..1ms/8; found "${range}"`);
  const from = quantity(m[1], range);
  const to = quantity(m[2], range);
  const n = Number(m[3]);
  if (to.kind !== 'number' && from.kind !== to.kind) {
    throw new VaryError(`range ${range}: expected both ends to be ${from.kind === 'number' ? 'plain numbers' : `${from.kind}s`}; found "${m[1].trim()}" and "${m[2].trim()}"`);
  }
  if (from.kind === 'number' && to.kind !== 'number') {
    throw new VaryError(`range ${range}: expected both ends to be plain numbers; found "${m[1].trim()}" and "${m[2].trim()}"`);
  }
  if (!(n >= 1)) throw new VaryError(`range ${range}: expected at least 1 value after "/"; found ${n}`);
  const a = from.value;
  const b = inUnitOf(to, from);
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = n === 1 ? a : i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
    values.push(`${Number(x.toPrecision(12))}${from.unit}`);
  }
  return values;
}

/** The axis with its values spelled out. Throws VaryError. */
export function expandAxis(axis: WrittenAxis): Axis {
  const written = Array.isArray(axis.values) ? axis.values.join(',') : axis.values.range;
  if (!Array.isArray(axis.values)) return { path: axis.path, values: expandRange(axis.values.range), written, ...(axis.flag !== undefined && { flag: axis.flag }) };
  // a named value is one value, never a range
  const named = axis.names;
  const pairs = axis.values.flatMap((v, i) => {
    const name = named?.[i];
    if (name !== undefined) return [{ value: v, name }];
    return (isRange(v) ? expandRange(v) : [v]).map((x) => ({ value: x, name: x }));
  });
  return {
    path: axis.path,
    values: pairs.map((p) => p.value),
    written,
    ...(axis.flag !== undefined && { flag: axis.flag }),
    ...(named !== undefined && { names: pairs.map((p) => p.name) }),
  };
}

/** Checks the axes: at least one, each path once. Throws VaryError. */
export function expandAxes(axes: readonly WrittenAxis[]): Axis[] {
  if (axes.length === 0) throw new VaryError(`nothing to vary: give --vary path=value,value,... such as --vary ${EXAMPLE}`);
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) throw new VaryError(`--vary ${a.path}: the path is varied twice; give all its values in one --vary`);
    seen.add(a.path);
  }
  return axes.map(expandAxis);
}

/** Every combination of the axes' values, in row-major order (the last axis varies fastest). */
export function variantsOf(axes: readonly Axis[]): Variant[] {
  let combos: number[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((_, k) => [...c, k]));
  return combos.map((ks) => {
    const values = ks.map((k, i) => axes[i].values[k]);
    return {
      name: ks.map((k, i) => axes[i].names?.[k] ?? axes[i].values[k]).join(', '),
      values,
      set: values.map((v, i) => `${axes[i].path}=${v}`),
    };
  });
}

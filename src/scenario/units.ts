/**
 * Durations (`2ms`, `1.5s`, `100us`, `250ns`, `2m`, `1h`) and rates (`500/s`, `0.9/ms`, `100/min`).
 * Inside lightcone a duration is a number of milliseconds and a rate a number of requests per
 * millisecond; in a scenario file both always carry their unit.
 */
import {
  DURATION,
  durationForRate,
  durationTooLong,
  durationWithoutUnit,
  expectedFound,
  negativeDuration,
  nonFiniteDuration,
  nonFiniteRate,
  nonPositiveRate,
  rateTooSmall,
  rateWithoutUnit,
  RATE,
  say,
  unknownUnit,
  unsay,
} from './messages.js';

/**
 * Milliseconds in one unit, as a fraction `times / per` so that `250ns` is exactly `250 / 1e6`
 * rather than `250 * 1e-6`.
 */
const UNITS = {
  ns: { times: 1, per: 1e6 },
  us: { times: 1, per: 1e3 },
  ms: { times: 1, per: 1 },
  s: { times: 1000, per: 1 },
  m: { times: 60_000, per: 1 },
  min: { times: 60_000, per: 1 },
  h: { times: 3_600_000, per: 1 },
} as const;

export type TimeUnit = keyof typeof UNITS;
export const TIME_UNITS = Object.keys(UNITS) as TimeUnit[];

const NUMBER = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`;
const UNIT_ALTERNATIVES = TIME_UNITS.join('|');

/** What a duration looks like (for the JSON schema; parsing gives better messages than a regex). */
export const DURATION_PATTERN = `^${NUMBER} *(${UNIT_ALTERNATIVES})$`;
/** What a rate looks like. */
export const RATE_PATTERN = `^${NUMBER} */ *(${UNIT_ALTERNATIVES})$`;

/** A problem with a duration or rate; `message` says what was expected and found. */
export class UnitError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UnitError';
  }
}

/** Throws a message built by `say(message, hint)` as a UnitError. */
function fail(said: string): never {
  const { message, hint } = unsay(said);
  throw new UnitError(message, hint);
}

export function isTimeUnit(unit: string): unit is TimeUnit {
  return Object.hasOwn(UNITS, unit);
}

/** `value` in `unit`, in milliseconds. */
export function toMs(value: number, unit: TimeUnit): number {
  const { times, per } = UNITS[unit];
  return (value * times) / per;
}

/** `count` per `unit`, in requests per millisecond. */
function perMs(count: number, unit: TimeUnit): number {
  const { times, per } = UNITS[unit];
  return (count * per) / times;
}

const QUANTITY = new RegExp(String.raw`^\s*(-?${NUMBER})\s*(\S*?)\s*$`);

/**
 * The longest duration a scenario may write: 1e12 ms, about 31.7 years. Simulated time is a double
 * in ms, which tells 1 µs apart only up to 2^53 µs (about 9.0e12 ms, 285 years); a longer duration
 * (`1e300ms`) would make every later step of the run vanish in rounding (1e300 + 1 = 1e300), so it
 * is refused where it is written, like a non-finite one.
 */
export const MAX_DURATION_MS = 1e12;

/**
 * Parses a duration such as `20ms`, `1.5s` or `2 m` into milliseconds. A bare number, a missing or
 * unknown unit, or a negative duration is a UnitError.
 */
export function parseDuration(value: unknown): number {
  if (typeof value !== 'string') fail(durationWithoutUnit(value));
  const m = QUANTITY.exec(value);
  if (m === null) fail(expectedFound(DURATION, value));
  const [, number, unit] = m;
  if (unit === '') fail(durationWithoutUnit(value));
  if (unit.startsWith('/')) fail(say(expectedFound(DURATION, value), 'a duration has no "/"; that is a rate'));
  if (!isTimeUnit(unit)) fail(unknownUnit(unit, value, TIME_UNITS));
  const n = Number(number);
  if (n < 0) fail(negativeDuration(value));
  const ms = toMs(n, unit);
  if (!Number.isFinite(ms)) fail(nonFiniteDuration(value));
  if (ms > MAX_DURATION_MS) fail(durationTooLong(value));
  return ms;
}

/**
 * The shortest period lightcone accepts for anything that repeats for as long as the run lasts (a
 * pause `every`, a slotted server's `tick`, mean times between failures, a snapshot's `refresh`):
 * 1ns. A shorter one would fire at the same instant, or so often that the run could not end.
 */
export const MIN_PERIOD_MS = 1e-6;

const RATE_SYNTAX = new RegExp(String.raw`^\s*(-?${NUMBER})\s*/\s*(\S*?)\s*$`);

/** Parses a rate such as `500/s`, `0.9/ms` or `100/min` into requests per millisecond (> 0). */
export function parseRate(value: unknown): number {
  if (typeof value !== 'string') fail(rateWithoutUnit(value));
  const m = RATE_SYNTAX.exec(value);
  if (m === null) {
    const q = QUANTITY.exec(value);
    if (q !== null && q[2] === '') fail(rateWithoutUnit(value));
    if (q !== null && isTimeUnit(q[2])) fail(durationForRate(value));
    fail(expectedFound(RATE, value));
  }
  const [, number, unit] = m;
  if (!isTimeUnit(unit)) fail(unknownUnit(unit, value, TIME_UNITS));
  const n = Number(number);
  if (!(n > 0)) fail(nonPositiveRate(value));
  const rate = perMs(n, unit);
  if (!Number.isFinite(rate)) fail(nonFiniteRate(value));
  // The time between requests, 1 / rate, must be a duration too: a rate that underflows is 0.
  if (!(rate > 0) || !Number.isFinite(1 / rate)) fail(rateTooSmall(value));
  return rate;
}

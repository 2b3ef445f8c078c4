/**
 * Every user-facing message of the scenario front end, as small functions, so the wording is
 * consistent and testable. Each message says what was expected and what was found; a hint, when
 * there is one, travels in the message text after a "\nhint: " line (`say`), because a zod error
 * function can return only a string. `unsay` splits them again.
 */
import type { z } from 'zod';
import { didYouMean } from '../engine/did-you-mean.js';

export const DURATION = 'a duration with a unit such as 1ms';
export const RATE = 'a rate such as 500/s';
export const DISTRIBUTION = 'a distribution such as 20ms, exp(100ms) or 20ms + exp(100ms)';

const HINT = '\nhint: ';

/** A message and its optional hint, as one string (what zod carries). */
export function say(message: string, hint?: string): string {
  return hint === undefined ? message : message + HINT + hint;
}

/** The inverse of `say`. */
export function unsay(text: string): { message: string; hint?: string } {
  const at = text.indexOf(HINT);
  if (at < 0) return { message: text };
  return { message: text.slice(0, at), hint: text.slice(at + HINT.length) };
}

/** A value as the "found ..." part of a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty string' : quote(value);
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

export function quote(s: string): string {
  const short = s.length > 60 ? s.slice(0, 57) + '...' : s;
  return JSON.stringify(short);
}

/** Lists longer than this (services, pools, CSV columns: the file's own names) are cut short. */
const MAX_LISTED = 30;

export function list(items: readonly string[]): string {
  if (items.length <= MAX_LISTED) return items.join(', ');
  return `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

export function expectedFound(expected: string, found: unknown): string {
  return `expected ${expected}; found ${describeValue(found)}`;
}

export function didYouMeanHint(word: string, candidates: readonly string[]): string | undefined {
  const best = didYouMean(word, candidates);
  return best === undefined ? undefined : `did you mean ${quote(best)}?`;
}

/** `did you mean "20ms"?` for a number that lacks its unit. */
export function unitHint(value: unknown, unit: string): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return `did you mean "${value}${unit}"?`;
  if (typeof value === 'string' && /^\s*[0-9.]+\s*$/.test(value)) return `did you mean "${value.trim()}${unit}"?`;
  return undefined;
}

export function missingKey(key: string, expected: string): string {
  return `missing required key ${quote(key)}; expected ${expected}`;
}

export function unknownKey(noun: string, key: string, known: readonly string[]): string {
  return say(`unknown ${noun} ${quote(key)}; expected one of: ${list(known)}`, didYouMeanHint(key, known));
}

export function unknownValue(noun: string, value: unknown, allowed: readonly string[]): string {
  if (typeof value !== 'string') return expectedFound(`one of: ${list(allowed)}`, value);
  return say(`unknown ${noun} ${quote(value)}; expected one of: ${list(allowed)}`, didYouMeanHint(value, allowed));
}

/** The last map key of an issue path: the word a message is about (`strategy`, `tie-break`). */
function lastKey(path: readonly PropertyKey[] | undefined, fallback: string): string {
  for (let i = (path?.length ?? 0) - 1; i >= 0; i--) {
    const seg = path![i];
    if (typeof seg === 'string') return seg;
  }
  return fallback;
}

/**
 * A zod error function for a schema that expects `expected`: a missing key, a value of the wrong
 * type or one that matches no form of a union all get "expected ...; found ..." and an optional hint.
 */
export function expecting(expected: string, hint?: (found: unknown) => string | undefined) {
  return (issue: z.core.$ZodRawIssue): string | undefined => {
    if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union') return undefined;
    if (issue.input === undefined) return missingKey(lastKey(issue.path, 'value'), expected);
    return say(expectedFound(expected, issue.input), hint?.(issue.input));
  };
}

const TYPE_PHRASES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
};

/**
 * The default messages for zod's own issues, passed to `safeParse` as its error map. Schemas with
 * a more specific message set their own (`expecting`); custom issues carry theirs.
 */
export function errorMap(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_PHRASES[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return missingKey(lastKey(issue.path, 'value'), expected);
      return expectedFound(expected, issue.input);
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return expectedFound('a non-empty string', issue.input);
      if (issue.origin === 'array') {
        return expectedFound(`a list of at least ${min} ${min === 1 ? 'item' : 'items'}`, issue.input);
      }
      return expectedFound(issue.inclusive ? `${min} or more` : `more than ${min}`, issue.input);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      return expectedFound(issue.inclusive ? `${max} or less` : `less than ${max}`, issue.input);
    }
    case 'invalid_value':
      return unknownValue(lastKey(issue.path, 'value'), issue.input, issue.values.map(String));
    case 'invalid_key':
      return invalidName(issue.input);
    case 'invalid_union':
      return expectedFound('a value of one of the allowed forms', issue.input);
    default:
      return undefined;
  }
}

/** A name of a service or pool that is not one. */
export function invalidName(found: unknown): string {
  return `invalid name ${describeValue(found)}; expected a name of letters, digits, "-" and "_" that starts with a letter`;
}

// Durations and rates (units.ts).

export function durationWithoutUnit(found: unknown): string {
  return say(expectedFound(DURATION, found), unitHint(found, 'ms'));
}

export function unknownUnit(unit: string, text: string, units: readonly string[]): string {
  return say(
    `unknown unit ${quote(unit)} in ${quote(text)}; expected one of: ${list(units)}`,
    unitAliasHint(unit, units),
  );
}

const UNIT_ALIASES: Record<string, string> = {
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  msec: 'ms',
  millis: 'ms',
  µs: 'us',
  μs: 'us',
  usec: 'us',
  minute: 'm',
  minutes: 'm',
  mins: 'min',
  hour: 'h',
  hours: 'h',
  hr: 'h',
};

function unitAliasHint(unit: string, units: readonly string[]): string | undefined {
  const alias = UNIT_ALIASES[unit.toLowerCase()];
  if (alias !== undefined) return `did you mean ${quote(alias)}?`;
  return didYouMeanHint(unit, units);
}

export function negativeDuration(text: string): string {
  return say(`expected a duration of 0 or more; found ${quote(text)}`, 'a duration cannot be negative');
}

export function nonFiniteDuration(text: string): string {
  return say(`expected a finite duration; found ${quote(text)}`, 'it is more milliseconds than a number can hold (about 1.8e308)');
}

/** A duration longer than MAX_DURATION_MS (units.ts). */
export function durationTooLong(text: string): string {
  return say(
    `expected a duration of at most 1e12ms (about 31.7 years); found ${quote(text)}`,
    'past it, simulated time (a double in ms) cannot tell a microsecond apart, and later steps would vanish in rounding',
  );
}

/** A period (something that repeats for the whole run) shorter than 1ns. */
export function periodTooShort(found: string): string {
  return say(
    `expected a period of at least 1ns; found ${found}`,
    'something that repeats this often would fire at the same instant again and again, and the run would never end',
  );
}

export function rateWithoutUnit(found: unknown): string {
  return say(expectedFound(RATE, found), unitHint(found, '/s'));
}

export function durationForRate(text: string): string {
  return say(
    `expected ${RATE}; found the duration ${quote(text)}`,
    `a rate counts requests per unit of time; for the time between requests write interval: ${text.trim()}`,
  );
}

export function nonPositiveRate(text: string): string {
  return expectedFound('a rate greater than 0/s', text);
}

export function nonFiniteRate(text: string): string {
  return say(`expected a finite rate; found ${quote(text)}`, 'it is more requests per millisecond than a number can hold (about 1.8e308)');
}

export function rateTooSmall(text: string): string {
  return say(
    `expected a rate greater than 0/s; found ${quote(text)}, too small to tell from 0`,
    'the time between requests (1 / rate) would be longer than any duration',
  );
}

// Cross-references (semantics.ts).

/**
 * `suggest: false` leaves out "did you mean" (it compares the name with every service: a scenario
 * with thousands of unknown references gets it for the first ones only, so checking stays linear).
 */
export function unknownService(name: string, services: readonly string[], suggest = true): string {
  if (services.length === 0) {
    return say(`unknown service ${quote(name)}; expected the name of a service, but none are defined`, `define it under services:`);
  }
  return say(`unknown service ${quote(name)}; expected one of: ${list(services)}`, suggest ? didYouMeanHint(name, services) : undefined);
}

export function unknownPool(name: string, pools: readonly string[], services: readonly string[], suggest = true): string {
  const expected = pools.length === 0 ? 'the name of a pool, but none are defined' : `one of: ${list(pools)}`;
  const hint = !suggest
    ? undefined
    : services.includes(name)
      ? `${quote(name)} is a service, not a pool: write backends: { service: ${name}, count: N }`
      : (didYouMeanHint(name, pools) ?? (pools.length === 0 ? 'define it under pools:' : undefined));
  return say(`unknown pool ${quote(name)}; expected ${expected}`, hint);
}

export function serviceStepNotLast(name: string, after: number): string {
  return say(
    `expected a service step to be the last step of its chain; found ${after} more ${after === 1 ? 'step' : 'steps'} after it`,
    `the chain of service ${quote(name)} continues here, so nothing can follow it`,
  );
}

export function terminalStepNotLast(kind: string, after: number): string {
  return say(
    `expected a ${kind} to be the last step of its chain; found ${after} more ${after === 1 ? 'step' : 'steps'} after it`,
    kind === 'balancer' ? 'a balancer passes calls to its backends, not to a next step' : undefined,
  );
}

export function stepNeedsNext(kind: string): string {
  return say(
    `expected a step after this ${kind} to pass calls to; found the end of the chain`,
    'end a chain with a server, a balancer or a service step',
  );
}

export function nestedTooDeep(service: string, depth: number, max: number): string {
  return say(
    `expected services nested at most ${max} deep; found ${quote(service)}, which holds services ${depth} deep`,
    'a service step or a pool inside a service is one level: flatten the chain',
  );
}

export function loadWindowMismatch(window: 'cooldown', as: string, needs: string, instead: string): string {
  return say(`expected a ${window} that fits the load; found ${as}, which needs load.${needs}`, instead);
}

export function instantNeedsRequests(): string {
  return say('expected requests: N with an instant burst; found duration', 'an instant burst issues all its requests at once: say how many');
}

export function keysNeeded(strategy: string): string {
  return say(`expected requests with keys for ${strategy}; found a load without keys`, 'add keys to the load, e.g. load: { ..., keys: 1000 }');
}

export function serviceCycle(cycle: readonly string[]): string {
  return say(
    `expected services that do not contain themselves; found the cycle ${cycle.join(' -> ')}`,
    'a request would go round for ever: remove one of the references in the cycle',
  );
}

export function nothingMeasured(warmup: string, cooldown: string, of: string, leftOut: string): string {
  return `expected warmup (${warmup}) and cooldown (${cooldown}) to leave some of ${of} measured; found they leave out ${leftOut}`;
}

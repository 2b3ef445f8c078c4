/**
 * The building blocks of the scenario schema: maps with known keys (`strictObject`), and the
 * values with units a scenario file writes (durations, rates, counts, names, probabilities,
 * sizes, percentiles, warm-up and cool-down windows). Each parses its text into plain numbers and
 * reports what it expected, with a hint, when the text is wrong.
 */
import { z } from 'zod';
import { DistributionSyntaxError } from '../distribution-syntax.js';
import { DURATION, expectedFound, expecting, periodTooShort, quote, RATE, say, unitHint, unknownKey, unsay } from '../messages.js';
import { DURATION_PATTERN, MIN_PERIOD_MS, parseDuration, parseRate, RATE_PATTERN, UnitError } from '../units.js';
import { parseSize, SIZE, SIZE_PATTERN } from '../sizes.js';

export interface SchemaOptions {
  /** The folder that relative paths in the scenario (empirical CSV files) are relative to. */
  baseDir: string;
  /** The most bytes a CSV file it names may have (default: the `file-size` limit). */
  maxFileBytes?: number;
}

/** Issue params the locator understands: `at: 'key'` points at a map key rather than its value. */
export interface IssueParams {
  at?: 'key';
  /** Offset of the problem inside a string value (a distribution expression). */
  offset?: number;
}

export interface StrictObjectOptions {
  /** What an unknown key is called in messages: `unknown step "severr"`. */
  noun?: string;
  /** What a value of the wrong type should have been: `a map such as { latency: 2ms }`. */
  expected?: string;
  hint?: (found: unknown) => string | undefined;
}

/**
 * A map with the given keys and no others. Unknown keys are reported one by one, at the key, with
 * "did you mean", alongside every other problem in the map. zod's strict objects find them (every
 * one, `__proto__` too, which any other zod map drops without a word) but report them as one
 * issue without the known keys; `unknownKeys` splits it.
 */
export function strictObject<S extends z.core.$ZodLooseShape>(
  shape: S,
  { noun = 'key', expected = 'a map', hint }: StrictObjectOptions = {},
) {
  const known = Object.keys(shape);
  return z
    .strictObject(shape, { error: expecting(expected, hint) })
    .superRefine((_value, ctx) => unknownKeys(ctx, (key) => unknownKey(noun, key, known)), { when: () => true })
    .meta({ additionalProperties: false });
}

/**
 * Replaces the `unrecognized_keys` issue of this map (the one without a path: those of inner maps
 * were split by their own schema) by one issue per key, at the key, with `message(key)`.
 */
export function unknownKeys(ctx: z.core.$RefinementCtx, message: (key: string) => string): void {
  const issues = ctx.issues;
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i];
    if (issue.code !== 'unrecognized_keys' || (issue.path !== undefined && issue.path.length > 0)) continue;
    const input = issue.input as Record<string, unknown>;
    const params: IssueParams = { at: 'key' };
    const split = issue.keys.map(
      (key): z.core.$ZodRawIssue => ({ code: 'custom', path: [key], input: input[key], message: message(key), params }),
    );
    issues.splice(i, 1, ...split);
    i += split.length - 1;
  }
}

/**
 * A map whose keys the file chooses (`z.record(...)`: services, pools, the paths a compare varies). zod's records
 * drop a `__proto__` key without a word (so that it cannot replace the prototype of the map they
 * build); here it is reported at the key, with `protoMessage`, like any key the map cannot take.
 */
export function record<R extends z.ZodType<Record<string, unknown>>>(map: R, protoMessage: string) {
  return z
    .preprocess((input, ctx) => {
      if (typeof input === 'object' && input !== null && !Array.isArray(input) && Object.hasOwn(input, '__proto__')) {
        ctx.issues.push({ code: 'unrecognized_keys', keys: ['__proto__'], input: input as Record<string, unknown> });
      }
      return input;
    }, map)
    .superRefine((_value, ctx) => unknownKeys(ctx, () => protoMessage), { when: () => true });
}

/** Turns the errors a text parser throws into issues (with the offset inside the text, if known). */
export function parsedWith<T>(parse: (text: string) => T) {
  return (text: string, ctx: z.core.$RefinementCtx<string>): T => {
    try {
      return parse(text);
    } catch (e) {
      if (e instanceof UnitError) {
        ctx.issues.push({ code: 'custom', input: text, message: say(e.message, e.hint) });
      } else if (e instanceof DistributionSyntaxError) {
        const params: IssueParams = { offset: e.offset };
        ctx.issues.push({ code: 'custom', input: text, message: say(e.message, e.hint), params });
      } else {
        throw e;
      }
      return z.NEVER;
    }
  };
}

/**
 * A duration with a unit (`20ms`, `1.5s`), in ms; `positive`: greater than 0ms; `period`: the time
 * between events that recur for the whole run (a tick, a mean time between failures), at least 1ns.
 */
export function duration(description: string, { positive = false, period = false } = {}) {
  return z
    .string({ error: expecting(DURATION, (v) => unitHint(v, 'ms')) })
    .transform(
      parsedWith((text) => {
        const ms = parseDuration(text);
        if ((positive || period) && ms <= 0) throw new UnitError(expectedFound('a duration greater than 0ms', text));
        if (period && ms < MIN_PERIOD_MS) {
          const { message, hint } = unsay(periodTooShort(quote(text)));
          throw new UnitError(message, hint);
        }
        return ms;
      }),
    )
    .meta({ description, pattern: DURATION_PATTERN });
}

/** A rate with a unit (`500/s`), in requests per ms. */
export function rate(description: string) {
  return z
    .string({ error: expecting(RATE, (v) => unitHint(v, '/s')) })
    .transform(parsedWith(parseRate))
    .meta({ description, pattern: RATE_PATTERN });
}

/** An integer of at least `min`. */
export const count = (min: number, description: string) => z.int().min(min).describe(description);

/** A non-empty name. */
export const name = (description: string) => z.string().min(1).describe(description);

// How much of the run to leave out of the statistics; percentages, probabilities, sizes, percentiles.

const WINDOW = 'a number of requests such as 1000, a percentage such as 25% or a duration such as 10s';
const PERCENT = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%\s*$/;

/** A percentage such as 10% as a fraction (0.1). */
export function parsePercent(text: string): number {
  const percent = PERCENT.exec(text);
  if (percent === null) throw new UnitError(expectedFound('a percentage such as 10%', text));
  const fraction = Number(percent[1]) / 100;
  if (fraction > 1) throw new UnitError(expectedFound('a percentage from 0% to 100%', text));
  return fraction;
}

/** A probability: a number from 0 to 1 (0.01) or a percentage (1%). */
export function probability(description: string) {
  return z
    .union(
      [
        z
          .number()
          .min(0, { error: (issue) => expectedFound('a probability from 0 to 1, or a percentage such as 1%', issue.input) })
          .max(1, { error: (issue) => expectedFound('a probability from 0 to 1, or a percentage such as 1%', issue.input) }),
        z
          .string()
          .transform(parsedWith(parsePercent))
          .meta({ pattern: '^ *([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *%$' }),
      ],
      { error: expecting('a probability such as 1% or 0.01') },
    )
    .describe(description);
}

/** A message size in bytes: 64B, 1KB, 1.5MB. */
export function size(description: string) {
  return z
    .string({ error: expecting(SIZE, (v) => (typeof v === 'number' ? `did you mean "${v}B"?` : undefined)) })
    .transform(parsedWith(parseSize))
    .meta({ description, pattern: SIZE_PATTERN });
}

const PERCENTILE = /^\s*p([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$/;

/** A percentile such as p95 or p99.9 as a fraction (0.95). */
export function parsePercentile(text: string): number {
  const m = PERCENTILE.exec(text);
  if (m === null) throw new UnitError(expectedFound('a percentile such as p95 or p99.9', text));
  const q = Number(`${m[1]}e-2`); // p99.9 is 0.999 exactly (99.9 / 100 is not)
  if (!(q > 0 && q < 1)) throw new UnitError(expectedFound('a percentile above p0 and below p100', text));
  return q;
}

function parseWindowText(text: string) {
  const percent = PERCENT.exec(text);
  if (percent !== null) {
    const fraction = Number(percent[1]) / 100;
    if (fraction > 1) throw new UnitError(expectedFound('a percentage from 0% to 100%', text));
    return { kind: 'fraction' as const, fraction };
  }
  if (/^\s*[0-9]+\s*$/.test(text)) {
    const n = text.trim();
    const hint = `for ${n} requests write ${n} without quotes; for a share of the run write ${n}%`;
    throw new UnitError(expectedFound(WINDOW, text), hint);
  }
  return { kind: 'time' as const, ms: parseDuration(text) };
}

/** A warm-up or cool-down window: a number of requests, a share of them (25%) or a duration (10s). */
export function window(description: string) {
  return z
    .union(
      [
        z
          .int()
          .min(0)
          .transform((count) => ({ kind: 'requests' as const, count }))
          .describe('A number of requests.'),
        z
          .string()
          .transform(parsedWith(parseWindowText))
          .meta({
            description: 'A share of the requests (25%) or a duration (10s).',
            pattern: `^ *([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *%$|${DURATION_PATTERN}`,
          }),
      ],
      { error: expecting(WINDOW) },
    )
    .describe(description);
}

/**
 * The scenario file schema: the single source of truth for what a scenario file may say. Parsing
 * with it checks the structure, parses units and distributions, checks cross-references
 * (`semantics.ts`) and produces a ScenarioSpec; `json-schema.ts` turns it into the JSON Schema that
 * editors use for completion. Keys are kebab-case, as in the file; the output is camelCase.
 *
 * Messages: schemas that need a specific message get one from `messages.ts` (`expecting`); zod's
 * own issues get theirs from `errorMap`, which `safeParse` must be given (`load.ts` does).
 */
import { z } from 'zod';
import type { DistSpec } from '../engine/distributions.js';
import { DistributionSyntaxError, parseDistribution } from './distribution-syntax.js';
import { EmpiricalFileError, readEmpiricalFile } from './empirical-file.js';
import {
  DISTRIBUTION,
  DURATION,
  expectedFound,
  expecting,
  RATE,
  say,
  unitHint,
  unknownKey,
  unknownValue,
} from './messages.js';
import { checkScenario } from './semantics.js';
import { formatDist, meanOf } from '../engine/distributions.js';
import { readTraceFile, TraceFileError } from './trace-file.js';
import type { ArrivalSpec } from '../spec/scenario.js';
import { BACKEND_INFO_STRATEGIES, STRATEGIES, TIE_BREAKS, type FaultSpec, type InfoSpec, type ScenarioSpec, type Strategy } from '../spec/scenario.js';
import { QUEUE_DISCIPLINES, QUEUE_OVERFLOWS } from '../spec/scenario.js';
import { CODEL_DEFAULTS } from '../components/queues/codel.js';
import { DURATION_PATTERN, parseDuration, parseRate, RATE_PATTERN, TIME_UNITS, UnitError } from './units.js';
import { BANDWIDTH, BANDWIDTH_PATTERN, parseBandwidth, parseSize, SIZE, SIZE_PATTERN } from './sizes.js';

export interface SchemaOptions {
  /** The folder that relative paths in the scenario (empirical CSV files) are relative to. */
  baseDir: string;
}

/** Issue params the locator understands: `at: 'key'` points at a map key rather than its value. */
export interface IssueParams {
  at?: 'key';
  /** Offset of the problem inside a string value (a distribution expression). */
  offset?: number;
}

// Building blocks.

/**
 * A map with the given keys and no others. Unknown keys are reported one by one, at the key, with
 * "did you mean", alongside every other problem in the map (zod's strict objects report them as
 * one issue, without the known keys).
 */
interface StrictObjectOptions {
  /** What an unknown key is called in messages: `unknown step "severr"`. */
  noun?: string;
  /** What a value of the wrong type should have been: `a map such as { latency: 2ms }`. */
  expected?: string;
  hint?: (found: unknown) => string | undefined;
}

function strictObject<S extends z.core.$ZodLooseShape>(
  shape: S,
  { noun = 'key', expected = 'a map', hint }: StrictObjectOptions = {},
) {
  const known = Object.keys(shape);
  return z
    .looseObject(shape, { error: expecting(expected, hint) })
    .superRefine(
      (value, ctx) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
        for (const [key, v] of Object.entries(value)) {
          if (Object.hasOwn(shape, key)) continue;
          const params: IssueParams = { at: 'key' };
          ctx.addIssue({ code: 'custom', path: [key], input: v, message: unknownKey(noun, key, known), params });
        }
      },
      { when: () => true },
    )
    .meta({ additionalProperties: false });
}

/** Turns the errors a text parser throws into issues (with the offset inside the text, if known). */
function parsedWith<T>(parse: (text: string) => T) {
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

function duration(description: string, { positive = false } = {}) {
  return z
    .string({ error: expecting(DURATION, (v) => unitHint(v, 'ms')) })
    .transform(
      parsedWith((text) => {
        const ms = parseDuration(text);
        if (positive && ms <= 0) throw new UnitError(expectedFound('a duration greater than 0ms', text));
        return ms;
      }),
    )
    .meta({ description, pattern: DURATION_PATTERN });
}

function rate(description: string) {
  return z
    .string({ error: expecting(RATE, (v) => unitHint(v, '/s')) })
    .transform(parsedWith(parseRate))
    .meta({ description, pattern: RATE_PATTERN });
}

const count = (min: number, description: string) => z.int().min(min).describe(description);

const name = (description: string) => z.string().min(1).describe(description);

const DISTRIBUTION_DESCRIPTION =
  'A distribution of durations: a constant (20ms); exp(mean), uniform(min, max), normal(mean, sd), ' +
  'lognormal(median, sigma), pareto(scale, shape), weibull(scale, shape), empirical(1ms, 2ms, 5ms) or ' +
  'const(5ms); or a sum of them (20ms + exp(100ms)). Also { empirical: [1ms, 2ms] } or ' +
  '{ empirical: { file: data.csv, column: latency_ms, unit: ms } }.';

/** Built once per schema and named, so the JSON Schema defines it once; fields `.describe()` it. */
const distributions = new WeakMap<SchemaOptions, ReturnType<typeof makeDistributionSchema>>();
function distribution(options: SchemaOptions) {
  let schema = distributions.get(options);
  if (schema === undefined) distributions.set(options, (schema = makeDistributionSchema(options)));
  return schema;
}

function makeDistributionSchema(options: SchemaOptions) {
  const expression = z
    .string()
    .transform(parsedWith(parseDistribution))
    .meta({
      description: 'A distribution expression such as exp(100ms) or 20ms + exp(100ms).',
      examples: ['20ms + exp(100ms)'],
    });
  const values = z
    .array(duration('One value of the distribution.'), { error: expecting('a list of durations such as [1ms, 2ms, 5ms]') })
    .min(1)
    .describe('The values to draw from, each equally likely.');
  const file = strictObject({
    file: z.string().describe('Path of a CSV file with a header line, relative to the scenario file.'),
    column: z.string().describe('Header of the column that holds the values.'),
    unit: z.enum(TIME_UNITS).default('ms').describe('Unit of the values in the column. Default ms.'),
  })
    .transform((spec, ctx) => {
      try {
        return readEmpiricalFile(options.baseDir, spec);
      } catch (e) {
        if (!(e instanceof EmpiricalFileError)) throw e;
        ctx.issues.push({ code: 'custom', path: [e.key], input: spec[e.key], message: say(e.message, e.hint) });
        return z.NEVER;
      }
    })
    .describe('Values read from a column of a CSV file when the scenario is loaded.');
  const empirical = strictObject({
    empirical: z
      .union([values, file], {
        error: expecting('a list of durations such as [1ms, 2ms] or { file: data.csv, column: latency_ms }'),
      })
      .describe('The values to draw from: a list of durations, or a column of a CSV file.'),
  })
    .transform((v): DistSpec => ({ kind: 'empirical', values: v.empirical }))
    .describe('An empirical distribution: each value equally likely.');
  const hint = (v: unknown) =>
    unitHint(v, 'ms') ?? (Array.isArray(v) ? 'for an empirical distribution write { empirical: [1ms, 2ms, 5ms] }' : undefined);
  return z
    .union([expression, empirical], { error: expecting(DISTRIBUTION, hint) })
    .meta({ id: 'distribution', description: DISTRIBUTION_DESCRIPTION });
}

// How much of the run to leave out of the statistics.

const WINDOW = 'a number of requests such as 1000, a percentage such as 25% or a duration such as 10s';
const PERCENT = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%\s*$/;

/** A percentage such as 10% as a fraction (0.1). */
function parsePercent(text: string): number {
  const percent = PERCENT.exec(text);
  if (percent === null) throw new UnitError(expectedFound('a percentage such as 10%', text));
  const fraction = Number(percent[1]) / 100;
  if (fraction > 1) throw new UnitError(expectedFound('a percentage from 0% to 100%', text));
  return fraction;
}

/** A probability: a number from 0 to 1 (0.01) or a percentage (1%). */
function probability(description: string) {
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
function size(description: string) {
  return z
    .string({ error: expecting(SIZE, (v) => (typeof v === 'number' ? `did you mean "${v}B"?` : undefined)) })
    .transform(parsedWith(parseSize))
    .meta({ description, pattern: SIZE_PATTERN });
}

const PERCENTILE = /^\s*p([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$/;

/** A percentile such as p95 or p99.9 as a fraction (0.95). */
function parsePercentile(text: string): number {
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

function window(description: string) {
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

// Load.

type DistributionSchema = ReturnType<typeof distribution>;

/** `interval` or `rate`, exactly one, as the interval in ms; otherwise an issue and undefined. */
function intervalOrRate(
  v: { interval?: number; rate?: number },
  ctx: { issues: z.core.$ZodRawIssue[] },
  example: string,
): number | undefined {
  if (v.interval !== undefined && v.rate !== undefined) {
    const params: IssueParams = { at: 'key' };
    const message = 'expected either interval or rate; found both';
    ctx.issues.push({ code: 'custom', path: ['rate'], input: v, params, message });
    return undefined;
  }
  if (v.interval === undefined && v.rate === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: v,
      message: say('expected interval (the time between requests) or rate; found neither', `for example ${example}`),
    });
    return undefined;
  }
  return v.interval ?? 1 / v.rate!;
}

function interArrival<K extends 'poisson' | 'constant'>(kind: K, description: string) {
  return strictObject({
    interval: duration('The mean time between requests, such as 1ms (or give rate).', { positive: true }).optional(),
    rate: rate('Requests per unit of time, such as 500/s (or give interval).').optional(),
  })
    .transform((v, ctx) => {
      const intervalMs = intervalOrRate(v, ctx, `${kind}: { interval: 1ms }`);
      return intervalMs === undefined ? z.NEVER : { kind, intervalMs };
    })
    .describe(description);
}

const ZERO_RATE = new RegExp(String.raw`^\s*(0+(\.0*)?|\.0+)\s*/\s*(${TIME_UNITS.join('|')})\s*$`);

/** A rate that may also be 0/s (a ramp from nothing, a silent state). */
function rateOrZero(description: string) {
  return z
    .string({ error: expecting(RATE, (v) => unitHint(v, '/s')) })
    .transform(parsedWith((text) => (ZERO_RATE.test(text) ? 0 : parseRate(text))))
    .meta({ description, pattern: RATE_PATTERN });
}

function onOff(dist: DistributionSchema) {
  const example = 'on-off: { on: 1s, off: 4s, interval: 1ms }';
  return strictObject(
    {
      on: dist.describe('How long each on period lasts: a duration such as 1s, or a distribution such as exp(1s).'),
      off: dist.describe('How long each off period lasts: a duration such as 4s, or a distribution such as exp(4s).'),
      interval: duration('The mean time between requests during on periods, such as 1ms (or give rate).', { positive: true }).optional(),
      rate: rate('Requests per unit of time during on periods, such as 1000/s (or give interval).').optional(),
      arrivals: z
        .enum(['poisson', 'constant'])
        .default('poisson')
        .describe('How requests arrive during on periods: poisson (at random) or constant (evenly spaced). Default poisson.'),
    },
    { expected: `a map such as { on: 1s, off: 4s, interval: 1ms }` },
  )
    .transform((v, ctx) => {
      const intervalMs = intervalOrRate(v, ctx, example);
      if (!(meanOf(v.on) > 0)) {
        const message = say(
          `expected on periods longer than 0ms on average; found ${formatDist(v.on)}`,
          'with no on time no request would ever arrive',
        );
        ctx.issues.push({ code: 'custom', path: ['on'], input: v.on, message });
        return z.NEVER;
      }
      if (intervalMs === undefined) return z.NEVER;
      return { kind: 'on-off' as const, on: v.on, off: v.off, intervalMs, arrivals: v.arrivals };
    })
    .describe('Bursts: on and off periods alternate, starting on; requests arrive (poisson or constant) only during on periods.');
}

function mmpp() {
  const state = strictObject(
    {
      rate: rateOrZero('The rate of requests in this state, such as 100/s (0/s: a silent state).'),
      'mean-stay': duration('The mean time the load stays in this state (stays are exponential), such as 10s.', { positive: true }),
    },
    { expected: 'a map such as { rate: 100/s, mean-stay: 10s }' },
  ).transform((v) => ({ ratePerMs: v.rate, meanStayMs: v['mean-stay'] }));
  return strictObject(
    {
      states: z
        .array(state, { error: expecting('a list of states such as [{ rate: 100/s, mean-stay: 10s }, { rate: 2000/s, mean-stay: 1s }]') })
        .min(2, {
          error: (issue) =>
            say(
              `expected at least 2 states; found ${Array.isArray(issue.input) ? issue.input.length : 0}`,
              'with one state the load is a Poisson process: write poisson: { rate: R }',
            ),
        })
        .describe('The states, the first one at the start: each a rate and a mean stay.'),
      transitions: z
        .array(z.array(z.number().min(0).max(1), { error: expecting('a row of probabilities such as [0, 0.5, 0.5]') }), {
          error: expecting('one row of probabilities per state, such as [[0, 1], [1, 0]]'),
        })
        .optional()
        .describe(
          'Row i: the probability of moving from state i to each state (0 on the diagonal, each row summing to 1). Default: uniform among the other states.',
        ),
    },
    { expected: 'a map such as { states: [{ rate: 100/s, mean-stay: 10s }, { rate: 2000/s, mean-stay: 1s }] }' },
  )
    .transform((v, ctx) => {
      const n = v.states.length;
      let ok = true;
      const problem = (path: (string | number)[], input: unknown, message: string) => {
        ctx.issues.push({ code: 'custom', path, input, message });
        ok = false;
      };
      if (v.states.every((s) => s.ratePerMs === 0)) {
        problem(['states'], v.states, say('expected a state with a rate greater than 0/s; found only 0/s', 'with no rate no request would ever arrive'));
      }
      const P = v.transitions;
      if (P !== undefined) {
        if (P.length !== n) problem(['transitions'], P, `expected one row per state (${n}); found ${P.length}`);
        P.forEach((row, i) => {
          if (row.length !== n) return problem(['transitions', i], row, `expected one probability per state (${n}); found ${row.length}`);
          if (i < n && row[i] !== 0) {
            problem(['transitions', i, i], row[i], say(`expected 0 on the diagonal; found ${row[i]}`, 'a stay ends with a move to another state'));
          }
          const sum = row.reduce((a, p) => a + p, 0);
          if (Math.abs(sum - 1) > 1e-9) problem(['transitions', i], row, `expected probabilities that sum to 1; found a sum of ${+sum.toPrecision(12)}`);
        });
      }
      if (!ok) return z.NEVER;
      return { kind: 'mmpp' as const, states: v.states, ...(P !== undefined && { transitions: P }) };
    })
    .describe('A Markov-modulated Poisson process: Poisson arrivals at the rate of the current state; exponential stays.');
}

function ramp() {
  return strictObject(
    {
      from: rateOrZero('The rate at time 0, such as 100/s.'),
      to: rateOrZero('The rate at the end of the ramp, and after it, such as 1000/s.'),
      over: duration('How long the ramp lasts, such as 60s.', { positive: true }),
    },
    { expected: 'a map such as { from: 100/s, to: 1000/s, over: 60s }' },
  )
    .transform((v, ctx) => {
      if (v.from === 0 && v.to === 0) {
        const message = say('expected from or to greater than 0/s; found both 0/s', 'with no rate no request would ever arrive');
        ctx.issues.push({ code: 'custom', path: ['to'], input: v.to, message });
        return z.NEVER;
      }
      return { kind: 'ramp' as const, fromPerMs: v.from, toPerMs: v.to, overMs: v.over };
    })
    .describe('Poisson arrivals whose rate goes linearly from one rate to another, then stays (non-homogeneous, by thinning).');
}

function daily() {
  return strictObject(
    {
      mean: rate('The mean rate over a period, such as 500/s.'),
      amplitude: z
        .number()
        .min(0)
        .max(1)
        .describe('How far the rate swings, as a fraction of the mean: from mean x (1 - amplitude) to mean x (1 + amplitude). From 0 to 1.'),
      period: duration('The length of one cycle, such as 24h. Default 24h.', { positive: true }).prefault('24h'),
      peak: duration('When the rate peaks, as a time since the start of the run within the first period, such as 14h. Default 0ms.').prefault(
        '0ms',
      ),
    },
    { expected: 'a map such as { mean: 500/s, amplitude: 0.5, period: 24h, peak: 14h }' },
  )
    .transform((v, ctx) => {
      if (v.peak >= v.period) {
        const message = say(
          `expected a peak within the period (less than ${formatMs(v.period)}); found ${formatMs(v.peak)}`,
          'the run starts at the beginning of a period',
        );
        ctx.issues.push({ code: 'custom', path: ['peak'], input: v.peak, message });
        return z.NEVER;
      }
      return { kind: 'daily' as const, meanPerMs: v.mean, amplitude: v.amplitude, periodMs: v.period, peakMs: v.peak };
    })
    .describe('Poisson arrivals whose rate follows a sinusoid (a daily pattern), by thinning.');
}

function replay(options: SchemaOptions) {
  return strictObject(
    {
      file: z.string().describe('Path of a CSV file with a header line and one request a line, relative to the scenario file.'),
      column: z.string().describe('Header of the column of arrival times, since the start of the run, in increasing order.'),
      'service-column': z
        .string()
        .optional()
        .describe('Header of a column of service times: every server a request reaches uses it instead of drawing one. Default: none.'),
      unit: z.enum(TIME_UNITS).default('ms').describe('Unit of the times in both columns. Default ms.'),
    },
    { expected: 'a map such as { file: arrivals.csv, column: time_ms }' },
  )
    .transform((v, ctx) => {
      const serviceColumn = v['service-column'];
      try {
        const trace = readTraceFile(options.baseDir, { file: v.file, column: v.column, unit: v.unit, ...(serviceColumn !== undefined && { serviceColumn }) });
        return { kind: 'replay' as const, file: v.file, ...trace };
      } catch (e) {
        if (!(e instanceof TraceFileError)) throw e;
        ctx.issues.push({ code: 'custom', path: [e.key], input: v[e.key], message: say(e.message, e.hint) });
        return z.NEVER;
      }
    })
    .describe('Replays the arrival times (and optionally service times) of a trace in a CSV file.');
}

function closed(dist: DistributionSchema) {
  return strictObject(
    {
      users: count(1, 'How many users: each sends a request, waits for its answer, thinks, and sends the next.'),
      think: dist.describe('How long a user thinks between an answer and its next request, such as exp(1s); also before its first request.'),
    },
    { expected: 'a map such as { users: 50, think: exp(1s) }' },
  )
    .transform((v) => ({ kind: 'closed' as const, users: v.users, think: v.think }))
    .describe('Closed loop: users that wait for each answer and think before the next request, so the load falls as the system slows.');
}

/** A duration in the largest unit that keeps it at least 1: 7200000 -> 2h, 1500 -> 1.5s. */
function formatMs(ms: number): string {
  const [unit, size] = ms >= 3_600_000 ? ['h', 3_600_000] : ms >= 60_000 ? ['m', 60_000] : ms >= 1000 ? ['s', 1000] : ['ms', 1];
  return `${+(ms / (size as number)).toPrecision(12)}${unit}`;
}

const ARRIVALS = ['poisson', 'constant', 'instant', 'on-off', 'mmpp', 'ramp', 'daily', 'replay', 'closed'] as const;

function loadSchema(options: SchemaOptions) {
  const dist = distribution(options);
  return strictObject({
    poisson: interArrival('poisson', 'Requests arrive at random (a Poisson process): give interval or rate.').optional(),
    constant: interArrival('constant', 'Requests arrive evenly spaced: give interval or rate.').optional(),
    instant: strictObject(
      { at: duration('When all the requests arrive. Default 0ms.').optional() },
      { expected: 'a map such as {} or { at: 1s }' },
    )
      .transform((v) => ({ kind: 'instant' as const, atMs: v.at ?? 0 }))
      .describe('All requests arrive at once.')
      .optional(),
    'on-off': onOff(dist).optional(),
    mmpp: mmpp().optional(),
    ramp: ramp().optional(),
    daily: daily().optional(),
    replay: replay(options).optional(),
    closed: closed(dist).optional(),
    keys: z
      .union(
        [
          count(1, 'How many distinct keys, drawn uniformly.').transform((n) => ({ count: n })),
          strictObject(
            {
              count: count(1, 'How many distinct keys.'),
              zipf: z.number().positive().optional().describe('Zipf exponent s: key k (1-based) has weight 1/k^s. Default: uniform.'),
            },
            { expected: 'a map such as { count: 1000, zipf: 1.1 }' },
          ).transform((v) => ({ count: v.count, ...(v.zipf !== undefined && { zipf: v.zipf }) })),
        ],
        { error: expecting('a number of keys, or { count: N, zipf: S }') },
      )
      .optional()
      .describe('Each request carries a key (for consistent-hash and shuffle-shard): a number of keys, or { count, zipf }.'),
    priorities: z
      .array(probability('The share of requests in this class, such as 0.2 or 20%.'), {
        error: expecting('a list of shares such as [0.2, 0.8]'),
      })
      .min(1)
      .optional()
      .describe(
        'Priority classes: the share of requests in class 0 (the highest), class 1, ...; they sum to 1. Servers with discipline: priority serve higher classes first. Default: every request in class 0.',
      ),
    requests: count(1, 'How many requests to send, by all users together (or give duration; replay: default, the whole trace).').optional(),
    duration: duration('How long to send requests for, such as 10s (or give requests).', { positive: true }).optional(),
  })
    .transform((v, ctx) => {
      let ok = true;
      const problem = (message: string, params: IssueParams & { path?: string[] } = {}) => {
        const { path = [], ...rest } = params;
        ctx.issues.push({ code: 'custom', path, input: v, message, params: rest });
        ok = false;
      };
      const present = ARRIVALS.filter((k) => v[k] !== undefined);
      if (present.length === 0) {
        problem(
          say(`expected an arrival process, one of: ${ARRIVALS.join(', ')}; found none`, 'for example poisson: { interval: 1ms }'),
        );
      } else if (present.length > 1) {
        problem(`expected one arrival process; found ${present.length}: ${present.join(', ')}`);
      }
      const arrivals: ArrivalSpec | undefined = present.length === 1 ? v[present[0]] : undefined;
      const trace = arrivals?.kind === 'replay' ? arrivals : undefined;
      if (v.requests !== undefined && v.duration !== undefined) {
        problem('expected either requests or duration; found both', { path: ['duration'], at: 'key' });
      } else if (v.requests === undefined && v.duration === undefined && trace === undefined) {
        problem(say('expected requests or duration, which says when the load stops; found neither', 'for example requests: 100000'));
      }
      if (trace !== undefined && v.requests !== undefined && v.requests > trace.timesMs.length) {
        const rows = trace.timesMs.length;
        problem(`expected at most ${rows} requests, the arrivals in ${trace.file}; found ${v.requests}`, { path: ['requests'] });
      }
      if (v.priorities !== undefined) {
        const sum = v.priorities.reduce((a, p) => a + p, 0);
        if (Math.abs(sum - 1) > 1e-9) problem(`expected priority shares that sum to 1; found a sum of ${+sum.toPrecision(12)}`, { path: ['priorities'] });
      }
      if (!ok || arrivals === undefined) return z.NEVER;
      const keys = { ...(v.keys !== undefined && { keys: v.keys }), ...(v.priorities !== undefined && { priorities: v.priorities }) };
      if (v.duration !== undefined) return { arrivals, ...keys, durationMs: v.duration };
      return { arrivals, ...keys, requests: v.requests ?? (trace as { timesMs: number[] }).timesMs.length };
    })
    .describe('The requests sent to the topology: one arrival process (or closed-loop users), and requests or duration.');
}

// Fleets: pools of backends, possibly unequal.

/**
 * `{ service, count }`, with optional per-member speed factors: `speeds: [1, 1, 0.5]` (one per
 * member) or `slow: { count: 2, factor: 4 }` (the last two members four times slower).
 */
function fleet(description: string, member: string) {
  return strictObject({
    service: name(`The service each ${member} runs.`),
    count: count(1, `How many ${member}s.`),
    speeds: z
      .array(z.number().positive(), { error: expecting('a list of positive speed factors such as [1, 1, 0.5]') })
      .min(1)
      .optional()
      .describe(`One speed factor per ${member} (1 = nominal, 0.5 = twice as slow): service times are divided by it.`),
    slow: strictObject(
      {
        count: count(1, `How many ${member}s are slow (the last ones).`),
        factor: z.number().positive().describe('How many times slower: service times are multiplied by it.'),
      },
      { expected: 'a map such as { count: 2, factor: 4 }' },
    )
      .optional()
      .describe(`Slow outliers: the last count ${member}s take factor times longer.`),
  })
    .transform((v, ctx) => {
      const params: IssueParams = { at: 'key' };
      if (v.speeds !== undefined && v.slow !== undefined) {
        ctx.issues.push({ code: 'custom', path: ['slow'], input: v, params, message: 'expected either speeds or slow; found both' });
        return z.NEVER;
      }
      if (v.speeds !== undefined && v.speeds.length !== v.count) {
        const message = `expected one speed per ${member} (${v.count}); found ${v.speeds.length}`;
        ctx.issues.push({ code: 'custom', path: ['speeds'], input: v.speeds, message });
        return z.NEVER;
      }
      const slow = v.slow;
      if (slow !== undefined && slow.count > v.count) {
        const message = `expected at most ${v.count} slow ${member}s; found ${slow.count}`;
        ctx.issues.push({ code: 'custom', path: ['slow', 'count'], input: slow.count, message });
        return z.NEVER;
      }
      const speeds =
        v.speeds ??
        (slow !== undefined ? Array.from({ length: v.count }, (_, i) => (i >= v.count - slow.count ? 1 / slow.factor : 1)) : undefined);
      return { service: v.service, count: v.count, ...(speeds !== undefined && { speeds }) };
    })
    .describe(description);
}

// A server's queue.

function queueSchema() {
  const ms = (v: number) => `${v}ms`;
  return strictObject(
    {
      capacity: count(0, 'How many calls may wait, not counting those in service, such as 100. Default: no limit.').optional(),
      overflow: z
        .enum(QUEUE_OVERFLOWS)
        .default('drop-tail')
        .describe(
          'What happens to a call that finds the queue full: drop-tail (it is lost: its caller learns by a timeout), drop-head (it goes in and the oldest waiting call of the lowest class is lost instead), reject (it is answered rejected at once), block (it waits outside the queue, in arrival order, until there is room: its caller stays busy). Default drop-tail.',
        ),
      discipline: z
        .enum(QUEUE_DISCIPLINES)
        .default('fifo')
        .describe(
          'The order waiting calls are served in: fifo, lifo (newest first), priority (class 0 first, see load.priorities; fifo within a class), codel (fifo with CoDel drops from the head). Default fifo.',
        ),
      codel: strictObject(
        {
          target: duration(`The sojourn time CoDel tolerates, such as 5ms. Default ${ms(CODEL_DEFAULTS.targetMs)}.`, { positive: true }).optional(),
          interval: duration(`How long the sojourn time may stay above target before CoDel drops, such as 100ms. Default ${ms(CODEL_DEFAULTS.intervalMs)}.`, {
            positive: true,
          }).optional(),
        },
        { expected: 'a map such as { target: 5ms, interval: 100ms }' },
      )
        .optional()
        .describe('CoDel settings, for discipline: codel (ignored otherwise).'),
      deadline: duration('Drop, instead of serving, a call that has already waited at this server longer than this, such as 500ms. Default: none.', {
        positive: true,
      }).optional(),
    },
    { expected: 'a map such as { capacity: 100, overflow: reject }' },
  )
    .transform((v) => ({
      ...(v.capacity !== undefined && { capacity: v.capacity }),
      overflow: v.overflow,
      discipline: v.discipline,
      ...(v.discipline === 'codel' && {
        codel: { targetMs: v.codel?.target ?? CODEL_DEFAULTS.targetMs, intervalMs: v.codel?.interval ?? CODEL_DEFAULTS.intervalMs },
      }),
      ...(v.deadline !== undefined && { deadlineMs: v.deadline }),
    }))
    .optional()
    .describe('The queue: its capacity, what happens when it is full, its discipline, a deadline. Default: unbounded FIFO.');
}

// Steps and chains.

/** `best-of-3` is `best-of` with `choices: 3`. */
const BEST_OF_N = /^best-of-([1-9][0-9]*)$/;
const STRATEGY_NAMES = [...STRATEGIES, 'best-of-N'];

export const STEP_KINDS = ['cable', 'link', 'delay', 'server', 'faulty', 'retry', 'timeout', 'lease', 'hedge', 'circuit-breaker', 'rate-limit', 'concurrency-limit', 'balancer', 'service', 'broker'] as const;

function stepSchema(options: SchemaOptions) {
  const dist = distribution(options);
  const backends = z
    .union(
      [
        z
          .string()
          .min(1)
          .transform((pool) => ({ pool }))
          .describe('The name of a pool (under pools).'),
        fleet('A private pool of count copies of a service.', 'backend'),
      ],
      { error: expecting('a pool name or { service: NAME, count: N }') },
    )
    .describe('The backends: a pool name, or { service: NAME, count: N } (optionally with speeds or slow).');

  const steps = {
    cable: strictObject(
      { latency: dist.describe('The time to cross the cable, each way, such as 2ms.') },
      { expected: 'a map such as { latency: 2ms }' },
    )
      .transform((v) => ({ kind: 'cable' as const, latency: v.latency }))
      .describe('A network link with latency, each way.'),
    link: strictObject(
      {
        latency: dist.describe('The time each one-way message takes to cross the link, drawn once per message, such as 2ms.'),
        loss: probability('The probability that each one-way message is lost, such as 1% or 0.01. Default 0.').default(0),
        duplicate: probability('The probability that each one-way message that is not lost is delivered twice, such as 0.1%. Default 0.').default(0),
        reorder: strictObject(
          {
            probability: probability('The share of messages delayed further, such as 10%.'),
            extra: dist.describe('The further delay, such as exp(5ms).'),
          },
          { expected: 'a map such as { probability: 10%, extra: exp(5ms) }' },
        )
          .optional()
          .describe('Forces reordering: a share of the messages is delayed by a further extra. Default: none (random latency reorders by itself).'),
        bandwidth: z
          .string({ error: expecting(BANDWIDTH, (v) => (typeof v === 'number' ? `did you mean "${v}Mbit/s"?` : undefined)) })
          .transform(parsedWith(parseBandwidth))
          .meta({
            description:
              'Data per unit of time, such as 10Mbit/s or 1MB/s: each message then takes size / bandwidth to transmit, one at a time per direction. Default: unlimited.',
            pattern: BANDWIDTH_PATTERN,
          })
          .optional(),
        'request-size': size('The size of a request, such as 1KB or 64B. Default 1KB.').prefault('1KB'),
        'response-size': size('The size of a response, such as 1KB or 64B. Default 1KB.').prefault('1KB'),
      },
      { expected: 'a map such as { latency: 2ms, loss: 1% }' },
    )
      .transform((v) => ({
        kind: 'link' as const,
        latency: v.latency,
        loss: v.loss,
        duplicate: v.duplicate,
        ...(v.reorder !== undefined && { reorder: v.reorder }),
        ...(v.bandwidth !== undefined && { bandwidthBytesPerMs: v.bandwidth }),
        requestBytes: v['request-size'],
        responseBytes: v['response-size'],
      }))
      .describe('A lossy network link: latency each way, loss, duplication, reordering and bandwidth per one-way message.'),
    delay: strictObject(
      { time: dist.describe('How long to hold each request, such as uniform(1ms, 5ms).') },
      { expected: 'a map such as { time: 5ms }' },
    )
      .transform((v) => ({ kind: 'delay' as const, time: v.time }))
      .describe('Holds each request for a while before passing it on.'),
    server: strictObject(
      {
        service: dist.describe('The time to serve one request, such as 20ms + exp(100ms) (or give tick).').optional(),
        tick: duration(
          'A slotted server: on every tick (each multiple of this, such as 8s) it completes its oldest requests, concurrency of them (or give service).',
          { positive: true },
        ).optional(),
        concurrency: count(1, 'How many requests it serves at once; the rest wait in its queue. Default 1.').default(1),
        queue: queueSchema(),
      },
      { expected: 'a map such as { concurrency: 1, service: exp(100ms) }' },
    )
      .transform((v, ctx) => {
        if (v.tick !== undefined && v.queue !== undefined) {
          const params: IssueParams = { at: 'key' };
          const message = say('expected no queue options on a slotted server (tick); found queue', 'a slotted server has an unbounded FIFO queue');
          ctx.issues.push({ code: 'custom', path: ['queue'], input: v.queue, params, message });
          return z.NEVER;
        }
        if ((v.service === undefined) === (v.tick === undefined)) {
          ctx.issues.push({
            code: 'custom',
            input: v,
            message: say(
              v.service === undefined ? 'expected service (a distribution) or tick; found neither' : 'expected either service or tick; found both',
              'for example server: { service: exp(100ms) }',
            ),
          });
          return z.NEVER;
        }
        return {
          kind: 'server' as const,
          concurrency: v.concurrency,
          ...(v.service !== undefined && { service: v.service }),
          ...(v.tick !== undefined && { tickMs: v.tick }),
          ...(v.queue !== undefined && { queue: v.queue }),
        };
      })
      .describe('Serves requests, concurrency at a time, each taking a time drawn from service (or completing on a fixed tick).'),
    faulty: strictObject(
      {
        mtbf: duration('Mean time between failures, such as 10s.', { positive: true }),
        mttr: duration('Mean time to repair, such as 1s.', { positive: true }),
      },
      { expected: 'a map such as { mtbf: 10s, mttr: 1s }' },
    )
      .transform((v) => ({ kind: 'faulty' as const, mtbfMs: v.mtbf, mttrMs: v.mttr }))
      .describe('Fails now and then: while down, requests get errors.'),
    retry: strictObject(
      {
        attempts: count(1, 'How many attempts in all, the first included.'),
        on: z
          .array(z.enum(['error', 'timeout', 'rejected']))
          .min(1)
          .default(['error'])
          .describe('The outcomes to retry: error, timeout, rejected. Default [error].'),
        backoff: strictObject(
          {
            base: duration('The wait before the first retry, such as 10ms.', { positive: true }),
            max: duration('The longest wait, such as 1s. Default: no limit.').optional(),
            multiplier: z.number().min(1).default(2).describe('Each wait is this many times the previous one. Default 2.'),
            jitter: z
              .enum(['none', 'full', 'equal', 'decorrelated'])
              .default('none')
              .describe('none; full: uniform(0, w); equal: w/2 + uniform(0, w/2); decorrelated: min(max, uniform(base, 3 x previous)). Default none.'),
          },
          { expected: 'a map such as { base: 10ms, max: 1s, jitter: full }' },
        )
          .transform((b) => ({ baseMs: b.base, maxMs: b.max ?? Infinity, multiplier: b.multiplier, jitter: b.jitter }))
          .optional()
          .describe('Wait between attempts: exponential backoff with jitter. Default: retry at once.'),
        budget: z
          .string()
          .transform(parsedWith(parsePercent))
          .optional()
          .meta({ description: 'Retry at most this share of calls, such as 10%.', pattern: '^ *([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *%$' }),
      },
      { expected: 'a map such as { attempts: 3 }' },
    )
      .transform((v) => ({
        kind: 'retry' as const,
        attempts: v.attempts,
        on: v.on,
        ...(v.backoff !== undefined && { backoff: v.backoff }),
        ...(v.budget !== undefined && { budget: v.budget }),
      }))
      .describe('Retries a request that fails (by default on error, at once).'),
    timeout: strictObject(
      { after: duration('How long to wait for an answer, such as 100ms, on this node\'s clock.', { positive: true }) },
      { expected: 'a map such as { after: 100ms }' },
    )
      .transform((v) => ({ kind: 'timeout' as const, afterMs: v.after }))
      .describe('Gives up waiting after a while and answers timeout: per attempt below a retry, a deadline above it.'),
    hedge: strictObject(
      {
        after: duration('Send another copy when no answer came after this long, such as 20ms (or give at).', { positive: true }).optional(),
        at: z
          .string({ error: expecting('a percentile such as p95') })
          .transform(parsedWith(parsePercentile))
          .optional()
          .meta({
            description: 'Send another copy at this percentile of the latencies this hedge has seen, such as p95 (or give after).',
            pattern: '^ *p([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *$',
          }),
        max: count(1, 'Extra copies at most, each after a further delay. Default 1.').default(1),
        warmup: count(1, 'With at: answers to see before hedging starts. Default 100.').default(100),
      },
      { expected: 'a map such as { after: 20ms } or { at: p95 }' },
    )
      .transform((v, ctx) => {
        if ((v.after === undefined) === (v.at === undefined)) {
          const both = v.after !== undefined;
          ctx.issues.push({
            code: 'custom',
            input: v,
            ...(both && { path: ['at'], params: { at: 'key' } satisfies IssueParams }),
            message: both
              ? 'expected either after or at; found both'
              : say('expected after (a delay) or at (a percentile); found neither', 'for example hedge: { after: 20ms } or hedge: { at: p95 }'),
          });
          return z.NEVER;
        }
        return {
          kind: 'hedge' as const,
          ...(v.after !== undefined && { afterMs: v.after }),
          ...(v.at !== undefined && { percentile: v.at }),
          max: v.max,
          warmup: v.warmup,
        };
      })
      .describe('Sends another copy of a slow call; the first answer wins, the other copy is abandoned (it still loads the backend).'),
    'circuit-breaker': strictObject(
      {
        failures: count(1, 'Consecutive failures (any outcome but ok) that open the breaker. Default 5.').default(5),
        'failure-rate': z
          .string({ error: expecting('a percentage such as 50%') })
          .transform(parsedWith(parsePercent))
          .optional()
          .meta({
            description: 'Open instead when at least this share of the answers in the window failed, such as 50% (replaces failures).',
            pattern: '^ *([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *%$',
          }),
        window: duration('With failure-rate: the sliding window of answers, such as 10s. Default 10s.', { positive: true }).prefault('10s'),
        'min-calls': count(1, 'With failure-rate: answers the window needs before the rate counts. Default 10.').default(10),
        cooldown: duration("How long it stays open before letting probes through, such as 5s, on this node's clock. Default 5s.", {
          positive: true,
        }).prefault('5s'),
        probes: count(1, 'Calls let through while half-open; all must succeed to close it. Default 1.').default(1),
      },
      { expected: 'a map such as { failures: 5, cooldown: 5s }' },
    )
      .transform((v) => ({
        kind: 'circuit-breaker' as const,
        failures: v.failures,
        ...(v['failure-rate'] !== undefined && { failureRate: v['failure-rate'] }),
        windowMs: v.window,
        minCalls: v['min-calls'],
        cooldownMs: v.cooldown,
        probes: v.probes,
      }))
      .describe('Stops calling a failing downstream: while open, answers rejected at once; after the cooldown, probes decide.'),
    'rate-limit': strictObject(
      {
        rate: rate("Tokens added per unit of time, such as 100/s, on this node's clock."),
        burst: count(1, 'Tokens the bucket holds (it starts full): calls that may pass at once. Default 1.').default(1),
      },
      { expected: 'a map such as { rate: 100/s, burst: 20 }' },
    )
      .transform((v) => ({ kind: 'rate-limit' as const, ratePerMs: v.rate, burst: v.burst }))
      .describe('A token bucket: a call without a token is answered rejected at once.'),
    'concurrency-limit': strictObject(
      {
        limit: count(1, 'A fixed limit: calls outstanding downstream at once (or give adaptive).').optional(),
        queue: count(0, 'Calls over the limit that may wait, in FIFO order; the rest are rejected at once. Default 0.').default(0),
        adaptive: z.enum(['aimd']).optional().describe('An adaptive limit: aimd (additive increase, multiplicative decrease).'),
        initial: count(1, 'aimd: the starting limit. Default 10.').optional(),
        min: count(1, 'aimd: the lowest limit. Default 1.').optional(),
        max: count(1, 'aimd: the highest limit. Default 200.').optional(),
        increase: z.number().positive().optional().describe('aimd: added to the limit after each ok answer no slower than latency. Default 1.'),
        decrease: z
          .number()
          .gt(0)
          .lt(1)
          .optional()
          .describe('aimd: the limit is multiplied by this after any other answer (error, timeout, rejected, slow). Default 0.5.'),
        latency: duration("aimd: an ok answer slower than this, on this node's clock, counts as a failure, such as 100ms. Default: none.", {
          positive: true,
        }).optional(),
      },
      { expected: 'a map such as { limit: 50 } or { adaptive: aimd, initial: 10 }' },
    )
      .transform((v, ctx) => {
        const key: IssueParams = { at: 'key' };
        const aimdKeys = (['initial', 'min', 'max', 'increase', 'decrease', 'latency'] as const).filter((k) => v[k] !== undefined);
        if (v.adaptive === undefined) {
          if (v.limit === undefined) {
            ctx.issues.push({
              code: 'custom',
              input: v,
              message: say('expected limit (a fixed limit) or adaptive: aimd; found neither', 'for example concurrency-limit: { limit: 50 }'),
            });
            return z.NEVER;
          }
          if (aimdKeys.length > 0) {
            const message = say(`expected ${aimdKeys[0]} only with adaptive: aimd; found it with a fixed limit`, 'add adaptive: aimd, or remove it');
            ctx.issues.push({ code: 'custom', path: [aimdKeys[0]], input: v, params: key, message });
            return z.NEVER;
          }
          return { kind: 'concurrency-limit' as const, limit: v.limit, queue: v.queue };
        }
        if (v.limit !== undefined) {
          const message = say('expected either limit (fixed) or adaptive; found both', 'with adaptive, the starting limit is initial');
          ctx.issues.push({ code: 'custom', path: ['limit'], input: v, params: key, message });
          return z.NEVER;
        }
        const min = v.min ?? 1;
        const max = v.max ?? 200;
        const initial = v.initial ?? Math.min(max, Math.max(min, 10));
        if (!(min <= initial && initial <= max)) {
          const message = `expected min <= initial <= max; found min ${min}, initial ${initial}, max ${max}`;
          ctx.issues.push({ code: 'custom', path: [v.initial !== undefined ? 'initial' : 'max'], input: v, message });
          return z.NEVER;
        }
        return {
          kind: 'concurrency-limit' as const,
          limit: initial,
          queue: v.queue,
          aimd: { min, max, increase: v.increase ?? 1, decrease: v.decrease ?? 0.5, latencyMs: v.latency ?? Infinity },
        };
      })
      .describe('Limits the calls outstanding downstream (fixed, or adaptive with aimd); calls over it wait in a queue or are rejected at once.'),
    lease: strictObject(
      {
        name: name('The lease, such as primary: every lease step with this name contends for it.'),
        duration: duration('How long a grant lasts, such as 10s: the grantor counts it in true time, the holder on its own clock.', {
          positive: true,
        }),
        margin: duration('The holder gives the lease up this much early, on its own clock, such as 500ms. Default 0ms.').prefault('0ms'),
      },
      { expected: 'a map such as { name: primary, duration: 10s }' },
    )
      .transform((v, ctx) => {
        if (v.margin >= v.duration) {
          ctx.issues.push({ code: 'custom', path: ['margin'], input: v.margin, message: `expected a margin less than the duration (${v.duration}ms); found ${v.margin}ms` });
          return z.NEVER;
        }
        return { kind: 'lease' as const, name: v.name, durationMs: v.duration, marginMs: v.margin };
      })
      .describe('Passes a call on only while this node believes, on its own clock, that it holds the lease; takes it when free, else answers rejected.'),
    balancer: strictObject(
      {
        strategy: z
          .string({ error: expecting(`a strategy, one of: ${STRATEGY_NAMES.join(', ')}`) })
          .superRefine((v, ctx) => {
            if (!(STRATEGIES as readonly string[]).includes(v) && !BEST_OF_N.test(v)) {
              ctx.addIssue({ code: 'custom', input: v, message: unknownValue('strategy', v, STRATEGY_NAMES) });
            }
          })
          .meta({ anyOf: [{ enum: [...STRATEGIES] }, { pattern: BEST_OF_N.source }] })
          .describe('How to choose a backend for each request (best-of-N: best-of with choices N).'),
        backends,
        'tie-break': z
          .enum(TIE_BREAKS)
          .default('random')
          .describe('How to choose between equally good backends. Default random.'),
        'error-hold': duration('How long a backend that returned an error is avoided, such as 1s. Default 0ms.').prefault(
          '0ms',
        ),
        info: strictObject(
          {
            source: z
              .enum(['own', 'backend'])
              .optional()
              .describe(
                'own: the balancer counts its own outstanding calls; backend: it sees the calls inside each backend from every balancer. Default backend for two-choices, best-of and jsq, own otherwise.',
              ),
            refresh: duration('See the load as a snapshot refreshed this often, such as 10s.', { positive: true }).optional(),
            delay: duration('See the load as it was this long ago, such as 1s.', { positive: true }).optional(),
          },
          { expected: 'a map such as { refresh: 10s }' },
        )
          .optional()
          .describe("What the balancer knows of its backends' load, and how stale it is."),
        choices: count(1, 'best-of, least-requests: how many distinct backends to sample (default 2).').optional(),
        weights: z
          .array(z.number().positive(), { error: expecting('a list of positive weights such as [3, 1, 1]') })
          .min(1)
          .optional()
          .describe("weighted-random, weighted-round-robin: one weight per backend (default: the backends' speeds)."),
        'virtual-nodes': count(1, 'consistent-hash: points per backend on the ring (default 100).').optional(),
        'shard-size': count(1, "shuffle-shard: how many backends each key's shard holds.").optional(),
      },
      { expected: 'a map such as { strategy: random, backends: dynos }' },
    )
      .transform((v, ctx) => {
        const bestOf = BEST_OF_N.exec(v.strategy);
        const strategy = (bestOf ? 'best-of' : v.strategy) as Strategy;
        const choices = bestOf ? Number(bestOf[1]) : v.choices;
        const params: IssueParams = { at: 'key' };
        // Options a strategy does not use are ignored, so that one scenario can compare strategies
        // (--vary topology[0].balancer.strategy=random,shuffle-shard with shard-size set).
        if (v.choices !== undefined && bestOf && v.choices !== choices) {
          ctx.issues.push({
            code: 'custom',
            path: ['choices'],
            input: v,
            params,
            message: `expected choices to agree with ${v.strategy}; found choices: ${v.choices}`,
          });
        }
        if (strategy === 'shuffle-shard' && v['shard-size'] === undefined) {
          ctx.issues.push({ code: 'custom', input: v, message: say('expected shard-size with shuffle-shard; found none', 'for example shard-size: 4') });
        }
        if (v.info?.refresh !== undefined && v.info.delay !== undefined) {
          ctx.issues.push({ code: 'custom', path: ['info', 'delay'], input: v, params, message: 'expected either refresh or delay; found both' });
        }
        const info: InfoSpec = {
          source: v.info?.source ?? (BACKEND_INFO_STRATEGIES.includes(strategy) ? 'backend' : 'own'),
          ...(v.info?.refresh !== undefined && { refreshMs: v.info.refresh }),
          ...(v.info?.delay !== undefined && { delayMs: v.info.delay }),
        };
        const sampled = strategy === 'best-of' || strategy === 'least-requests';
        return {
          kind: 'balancer' as const,
          strategy,
          backends: v.backends,
          tieBreak: v['tie-break'],
          errorHoldMs: v['error-hold'],
          info,
          ...(sampled && { choices: choices ?? 2 }),
          ...(v.weights !== undefined && { weights: v.weights }),
          ...(strategy === 'consistent-hash' && { virtualNodes: v['virtual-nodes'] ?? 100 }),
          ...(v['shard-size'] !== undefined && { shardSize: v['shard-size'] }),
        };
      })
      .describe('Spreads requests over a pool of backends.'),
    service: name('The named service (under services) whose chain continues here; must be the last step.')
      .transform((serviceName) => ({ kind: 'service' as const, name: serviceName })),
    broker: strictObject(
      {
        'visibility-timeout': duration(
          "How long a received message stays invisible unless it is acked, on the broker's clock, such as 30s; then it is delivered again. Default 30s.",
          { positive: true },
        ).prefault('30s'),
        'max-receives': count(1, 'After this many receives without an ack, a message goes to the dead-letter queue (SQS maxReceiveCount). Default: never.').optional(),
        retention: duration("Messages older than this (broker's clock) are deleted unprocessed (SQS retention period), such as 1h. Default 96h (4 days).", {
          positive: true,
        }).prefault('96h'),
        poison: probability('The share of messages that fail whatever their work answers (poison messages), such as 1%. Default 0.').optional(),
        reply: z
          .enum(['accepted', 'processed'])
          .default('accepted')
          .describe('When the producer is answered: accepted (ok once the broker has the message) or processed (ok when acked, error when dead-lettered). Default accepted.'),
        consumers: strictObject(
          {
            service: name('The service (under services) each consumer runs on every message: ok acks it, any other answer nacks it.'),
            count: count(1, 'How many consumers. Default 1.').default(1),
            listeners: count(1, 'Listeners per consumer, each long-polling the broker. Default 1.').default(1),
            'dequeue-limit': count(1, 'The most messages one receive returns (SQS allows up to 10). Default 10.').default(10),
            prefetch: count(1, 'The prefetch buffer: received messages waiting for a worker, counting those asked for. Default 20 x listeners.').optional(),
            workers: count(1, 'Workers per consumer; a worker runs compute, then starts the chain. Default 1.').default(1),
            'max-concurrent-work': count(1, 'The most messages in work at once per consumer (from a worker taking it to its answer). Default: workers.').optional(),
            blocking: z
              .boolean()
              .default(false)
              .describe('true: a worker waits for the chain to answer (synchronous I/O); false: it is free once the chain starts (asynchronous I/O, as Squeedo). Default false.'),
            compute: dist.describe('Time a worker spends on each message before the chain, such as 50ms. Default none.').optional(),
            latency: dist.describe('One-way time between a consumer and the broker, such as 5ms: a receive pays it both ways, an ack or nack once. Default 0ms.').optional(),
            wait: duration('How long a receive waits at the broker for a message (long polling), such as 20s. Default 20s.', { positive: true }).prefault('20s'),
            'nack-delay': duration('A nacked message becomes visible again after this long, such as 5s. Default 0ms: at once.').prefault('0ms'),
          },
          { expected: 'a map such as { service: worker, count: 2, workers: 4 }' },
        )
          .transform((c) => ({
            service: c.service,
            count: c.count,
            listeners: c.listeners,
            dequeueLimit: c['dequeue-limit'],
            prefetch: c.prefetch ?? 20 * c.listeners,
            workers: c.workers,
            maxConcurrentWork: c['max-concurrent-work'] ?? c.workers,
            blocking: c.blocking,
            ...(c.compute !== undefined && { compute: c.compute }),
            latency: c.latency ?? { kind: 'constant' as const, value: 0 },
            waitMs: c.wait,
            nackDelayMs: c['nack-delay'],
          }))
          .describe("The consumers that pull the broker's messages, as Squeedo's knobs."),
      },
      { expected: 'a map such as { visibility-timeout: 30s, consumers: { service: worker } }' },
    )
      .transform((v) => ({
        kind: 'broker' as const,
        visibilityTimeoutMs: v['visibility-timeout'],
        ...(v['max-receives'] !== undefined && { maxReceives: v['max-receives'] }),
        retentionMs: v.retention,
        poison: v.poison ?? 0,
        reply: v.reply,
        consumers: v.consumers,
      }))
      .describe('A message queue (as SQS) with its consumers (as Squeedo): each request sends a message; must be the last step.'),
  } satisfies Record<(typeof STEP_KINDS)[number], z.ZodType>;

  const stepExample = 'a step such as { server: { service: exp(1ms) } }';
  // Every step kind is one optional key of the step map (the order of STEP_KINDS).
  type Steps = typeof steps;
  const optional = Object.fromEntries(STEP_KINDS.map((k) => [k, steps[k].optional()])) as {
    [K in keyof Steps]: z.ZodOptional<Steps[K]>;
  };
  return strictObject(optional, {
    noun: 'step',
    expected: stepExample,
    hint: (v) => (typeof v === 'string' && (STEP_KINDS as readonly string[]).includes(v) ? `write ${v}: { ... }` : undefined),
  })
    .transform((v, ctx) => {
      const kinds = STEP_KINDS.filter((k) => v[k] !== undefined);
      if (kinds.length !== 1) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message:
            kinds.length === 0
              ? `expected a step, one of: ${STEP_KINDS.join(', ')}; found an empty map`
              : say(
                  `expected one step per list item; found ${kinds.length}: ${kinds.join(', ')}`,
                  'start each step on its own line with "- "',
                ),
        });
        return z.NEVER;
      }
      return v[kinds[0]]!;
    })
    .meta({
      id: 'step',
      minProperties: 1,
      maxProperties: 1,
      description: 'One step of a chain: a map with exactly one key.',
    });
}

// Faults: a list of single-key maps, like steps.

/** The kinds of scheduled fault, in the order the JSON Schema lists them. */
export const FAULT_KINDS = ['partition', 'flaky', 'crash', 'pause', 'slow'] as const;

function faultSchema(options: SchemaOptions) {
  const dist = distribution(options);
  const serverTarget = (what: string) =>
    z.string().min(1).describe(`The servers to ${what}: a node pattern such as dynos[3]/server or balancer/dyno[0..9]/server.`);
  const group = z
    .union([z.string().min(1).transform((p) => [p]), z.array(z.string().min(1)).min(1)], {
      error: expecting('a node pattern such as balancer, or a list of them such as [balancer/dyno[0..3]/**]'),
    })
    .describe('A group of nodes: a node pattern or a list of them (* matches within a path segment, ** across, [a..b] a range of indices).');
  const kinds = {
    partition: strictObject(
      {
        between: z
          .array(group, { error: expecting('two groups of nodes such as [[balancer], [balancer/dyno[0..3]/**]]') })
          .describe('The two groups, A and B: each a node pattern or a list of them. Links between a node of one and a node of the other are cut.'),
        at: duration('When the partition starts, such as 10s.'),
        heal: duration('When it heals, such as 20s. Default: never.').optional(),
        direction: z
          .enum(['both', 'a-to-b', 'b-to-a'])
          .default('both')
          .describe('Which messages are lost: both ways, only those from A to B, or only those from B to A. Default both.'),
      },
      { expected: 'a map such as { between: [[balancer], [balancer/dyno[0..3]/**]], at: 10s, heal: 20s }' },
    )
      .transform((v, ctx) => {
        if (v.between.length !== 2) {
          ctx.issues.push({ code: 'custom', path: ['between'], input: v.between, message: `expected two groups (A and B); found ${v.between.length}` });
          return z.NEVER;
        }
        if (v.heal !== undefined && v.heal <= v.at) {
          const text = (ms: number) => (ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
          ctx.issues.push({ code: 'custom', path: ['heal'], input: v.heal, message: `expected heal after at (${text(v.at)}); found ${text(v.heal)}` });
          return z.NEVER;
        }
        return {
          kind: 'partition' as const,
          between: [v.between[0], v.between[1]] as [string[], string[]],
          atMs: v.at,
          ...(v.heal !== undefined && { healMs: v.heal }),
          direction: v.direction,
        };
      })
      .describe('Cuts the links between two groups of nodes, both ways or one way, from at until heal.'),
    flaky: strictObject(
      {
        target: z.string().min(1).describe('The links to make flaky: a pattern of link ids such as balancer/dyno[0..3]/link.'),
        at: duration('When the window opens, such as 10s.'),
        for: duration('How long it lasts, such as 5s.', { positive: true }),
        loss: probability('The share of messages lost during the window, on top of the links\' own loss, such as 50%.'),
      },
      { expected: 'a map such as { target: balancer/dyno[0]/link, at: 10s, for: 5s, loss: 50% }' },
    )
      .transform((v) => ({ kind: 'flaky' as const, target: v.target, atMs: v.at, forMs: v.for, loss: v.loss }))
      .describe('Makes links drop a share of their messages for a window.'),
    crash: strictObject(
      {
        target: serverTarget('crash'),
        at: duration('When they crash, such as 10s (or give mtbf and mttr).').optional(),
        'restart-after': duration('How long they stay down before restarting empty, such as 5s. Default: they never restart.', { positive: true }).optional(),
        mtbf: duration('Random crashes: the mean time between failures (up times are exponential, starting up), such as 60s.', { positive: true }).optional(),
        mttr: duration('Random crashes: the mean time to restart (down times are exponential), such as 5s.', { positive: true }).optional(),
      },
      { expected: 'a map such as { target: dynos[3]/server, at: 10s, restart-after: 5s }' },
    )
      .transform((v, ctx) => {
        const params: IssueParams = { at: 'key' };
        const scheduled = v.at !== undefined || v['restart-after'] !== undefined;
        if (v.mtbf !== undefined || v.mttr !== undefined) {
          if (scheduled) {
            const key = v.at !== undefined ? 'at' : 'restart-after';
            ctx.issues.push({ code: 'custom', path: [key], input: v, params, message: 'expected either at (and restart-after) or mtbf and mttr; found both' });
            return z.NEVER;
          }
          if (v.mtbf === undefined || v.mttr === undefined) {
            const [has, lacks] = v.mtbf === undefined ? ['mttr', 'mtbf'] : ['mtbf', 'mttr'];
            ctx.issues.push({ code: 'custom', input: v, message: say(`expected mtbf and mttr together; found ${has} without ${lacks}`, 'for example mtbf: 60s, mttr: 5s') });
            return z.NEVER;
          }
          return { kind: 'crash' as const, target: v.target, mtbfMs: v.mtbf, mttrMs: v.mttr };
        }
        if (v.at === undefined) {
          const message = say('expected at (when the crash happens) or mtbf and mttr; found neither', 'for example crash: { target: dynos[3]/server, at: 10s, restart-after: 5s }');
          ctx.issues.push({ code: 'custom', input: v, message });
          return z.NEVER;
        }
        return { kind: 'crash' as const, target: v.target, atMs: v.at, ...(v['restart-after'] !== undefined && { restartAfterMs: v['restart-after'] }) };
      })
      .describe('Crashes servers: every call in them, and every call that arrives while they are down, is lost (callers time out); they restart with an empty queue.'),
    pause: strictObject(
      {
        target: serverTarget('pause'),
        at: duration('When the pause (the first, with every) starts, such as 10s. Default with every: after one draw of every.').optional(),
        every: dist.describe('Periodic pauses: the time from one pause start to the next, such as 5s or exp(5s).').optional(),
        for: dist.describe('How long each pause lasts: a duration such as 200ms or a distribution such as exp(50ms).'),
      },
      { expected: 'a map such as { target: dynos[3]/server, at: 10s, for: 200ms }' },
    )
      .transform((v, ctx) => {
        if (v.at === undefined && v.every === undefined) {
          const message = say('expected at (one pause) or every (periodic pauses); found neither', 'for example pause: { target: dynos[3]/server, every: 5s, for: exp(50ms) }');
          ctx.issues.push({ code: 'custom', input: v, message });
          return z.NEVER;
        }
        return {
          kind: 'pause' as const,
          target: v.target,
          ...(v.at !== undefined && { atMs: v.at }),
          ...(v.every !== undefined && { every: v.every }),
          for: v.for,
        };
      })
      .describe('Stop-the-world pauses (such as GC): nothing is served or finished, service in progress is stretched, the queue keeps growing.'),
    slow: strictObject(
      {
        target: serverTarget('slow down'),
        at: duration('When the slowdown starts, such as 10s.'),
        for: duration('How long it lasts, such as 30s. Default: to the end of the run.', { positive: true }).optional(),
        factor: z.number().positive().describe('The service times of the calls that start during the slowdown are multiplied by this, such as 3.'),
      },
      { expected: 'a map such as { target: dynos[3]/server, at: 10s, for: 30s, factor: 3 }' },
    )
      .transform((v) => ({ kind: 'slow' as const, target: v.target, atMs: v.at, ...(v.for !== undefined && { forMs: v.for }), factor: v.factor }))
      .describe('Slows servers down for a window: service times multiplied by factor.'),
  } satisfies Record<(typeof FAULT_KINDS)[number], z.ZodType>;
  type Kinds = typeof kinds;
  const optional = Object.fromEntries(FAULT_KINDS.map((k) => [k, (kinds[k as keyof Kinds] as z.ZodType).optional()])) as {
    [K in keyof Kinds]: z.ZodOptional<Kinds[K]>;
  };
  const all = FAULT_KINDS as readonly string[];
  return strictObject(optional, { noun: 'fault', expected: 'a fault such as { crash: { target: dynos[3], at: 10s } }' })
    .transform((v, ctx) => {
      const present = all.filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (present.length !== 1) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message:
            present.length === 0
              ? `expected a fault, one of: ${all.join(', ') || '(none yet)'}; found an empty map`
              : `expected one fault per list item; found ${present.length}: ${present.join(', ')}`,
        });
        return z.NEVER;
      }
      return (v as Record<string, unknown>)[present[0]] as FaultSpec;
    })
    .meta({ id: 'fault', minProperties: 1, maxProperties: 1, description: 'One scheduled fault: a map with exactly one key.' });
}

// Clocks: each node's local clock (offset, drift, steps), by node pattern.

const SIGNED = /^\s*([+-]?)\s*(.*)$/s;

/** A duration that may be negative: -2s, +50ms, 50ms. */
function signedDuration(description: string) {
  return z
    .string({ error: expecting('a duration such as 50ms or -2s', (v) => unitHint(v, 'ms')) })
    .transform(
      parsedWith((text) => {
        const [, sign, rest] = SIGNED.exec(text) as RegExpExecArray;
        const ms = parseDuration(rest);
        return sign === '-' ? -ms : ms;
      }),
    )
    .meta({ description, pattern: `^[+-]? *${DURATION_PATTERN.slice(1)}` });
}

const PPM = /^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*ppm\s*$/;

function parseDrift(text: string): number {
  const m = PPM.exec(text);
  if (m === null) throw new UnitError(expectedFound('a drift in parts per million such as 200ppm or -50ppm', text), unitHint(text, 'ppm'));
  const ppm = Number(m[1]);
  if (!(ppm > -1e6)) throw new UnitError(expectedFound('a drift greater than -1000000ppm (a clock that stops or runs backwards)', text));
  return ppm;
}

function clockSchema() {
  const step = strictObject(
    {
      at: duration('When the clock jumps, in true time, such as 30s.'),
      by: signedDuration('How far it jumps: forwards such as 2s, backwards such as -2s.'),
    },
    { expected: 'a map such as { at: 30s, by: -2s }' },
  ).transform((v) => ({ atMs: v.at, byMs: v.by }));
  return strictObject(
    {
      target: name('The nodes this clock belongs to: a node pattern such as leaders[0]/** or balancer/dyno[0..9]/timeout.'),
      offset: signedDuration('How far ahead of true time the clock is from the start, such as 50ms or -20ms. Default 0ms.').optional(),
      drift: z
        .string({ error: expecting('a drift in parts per million such as 200ppm', (v) => unitHint(v, 'ppm')) })
        .transform(parsedWith(parseDrift))
        .optional()
        .meta({ description: 'How fast the clock runs, in parts per million of true time; positive runs fast, such as 200ppm. Default 0ppm.', pattern: '^ *[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)? *ppm *$' }),
      steps: z
        .array(step, { error: expecting('a list of steps such as [{ at: 30s, by: -2s }]') })
        .optional()
        .describe('NTP jumps: at a true time, the clock jumps by a signed duration. Default none.'),
    },
    { expected: 'a map such as { target: leaders[0]/**, drift: 200ppm }' },
  )
    .transform((v) => ({ target: v.target, offsetMs: v.offset ?? 0, driftPpm: v.drift ?? 0, steps: v.steps ?? [] }))
    .meta({ id: 'clock', description: "One node pattern's local clock: offset, drift and steps. A later entry overrides an earlier one for the nodes both match." });
}

function chainSchema(options: SchemaOptions) {
  return z
    .array(stepSchema(options), {
      error: expecting('a chain: a list of steps', (v) =>
        typeof v === 'object' && v !== null ? 'a chain is a list: start each step on its own line with "- "' : undefined,
      ),
    })
    .min(1, { error: (issue) => expectedFound('a chain of at least one step', issue.input) })
    .meta({
      id: 'chain',
      description: 'A chain of steps, read from the client towards the server; each step wraps the next.',
    });
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

// Experiments: what compare and sweep vary.

const scalarText = z
  .union([z.string(), z.number(), z.boolean()], { error: expecting('a value such as least-conn or 1ms') })
  .transform((v) => String(v));

function experimentSchema(what: 'compare' | 'sweep') {
  const values =
    what === 'compare'
      ? z
          .array(scalarText, { error: expecting('a list of values such as [random, least-conn]') })
          .min(1)
          .describe('The values to compare, in order; the first is the baseline.')
      : z
          .union([z.array(scalarText).min(1), z.string().transform((range) => ({ range }))], {
            error: expecting('a list of values, or a range such as 2ms..1ms/8'),
          })
          .describe('A list of values, or a numeric range FROM..TO/N (N evenly spaced values).');
  return strictObject(
    {
      vary: z
        .record(z.string().min(1), values)
        .refine((v) => Object.keys(v).length > 0, { error: (issue) => expectedFound('at least one path to vary', issue.input) })
        .describe('Scenario paths (as for --set) and the values each takes.'),
      replications: count(1, `Replications per ${what === 'compare' ? 'variant' : 'point'}; replication i uses seed S+i.`).optional(),
    },
    { expected: 'a map such as { vary: { topology[0].balancer.strategy: [random, least-conn] } }' },
  )
    .transform((v) => ({
      vary: Object.entries(v.vary).map(([path, vals]) => ({ path, values: vals as string[] | { range: string } })),
      ...(v.replications !== undefined && { replications: v.replications }),
    }))
    .describe(
      what === 'compare'
        ? 'The default experiment of lightcone compare: paths to vary and their values.'
        : 'The default experiment of lightcone sweep: a grid of paths and values.',
    );
}

// The scenario.

/** The scenario schema; `baseDir` is where relative file paths in the scenario start. */
export function scenarioSchema(options: SchemaOptions) {
  const names = z.string().regex(NAME);
  const chain = chainSchema(options);
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
        .boolean()
        .default(false)
        .describe("Keep every request's full path (node, time) in memory and in the report. Default false."),
      load: loadSchema(options),
      warmup: window('How much of the start of the run to leave out of the statistics. Default 0.').optional(),
      cooldown: window('How much of the end of the run to leave out of the statistics. Default 0.').optional(),
      apdex: duration('The Apdex threshold T, such as 100ms: the summary gains an Apdex score (ok within T satisfied, within 4T tolerating). Default: no score.', {
        positive: true,
      }).optional(),
      services: z
        .record(names, chain)
        .default({})
        .describe('Named services: each a chain of steps, used by service steps, pools and backends.'),
      pools: z
        .record(names, fleet('A pool of count copies of a service, shared by the balancers that name it.', 'member'))
        .default({})
        .describe('Named pools of services, shared by the balancers that name them.'),
      topology: chain.describe('The chain every request enters, read from the client towards the server.'),
      faults: z.array(faultSchema(options)).default([]).describe('Scheduled faults: crashes, pauses, slowdowns, partitions, flaky links.'),
      clocks: z
        .array(clockSchema(), { error: expecting('a list of clocks such as [{ target: leaders[0]/**, drift: 200ppm }]') })
        .optional()
        .describe("Local clocks by node pattern (offset, drift, steps); the last entry that matches a node gives its clock. Default: every clock perfect."),
      compare: experimentSchema('compare').optional(),
      sweep: experimentSchema('sweep').optional(),
    },
    { expected: 'a map with name, load and topology' },
  )
    .transform((v) => ({
      name: v.name,
      ...(v.description !== undefined && { description: v.description }),
      ...(v.seed !== undefined && { seed: v.seed }),
      load: v.load,
      warmup: v.warmup ?? { kind: 'requests' as const, count: 0 },
      cooldown: v.cooldown ?? { kind: 'requests' as const, count: 0 },
      ...(v.apdex !== undefined && { apdexMs: v.apdex }),
      roundExponential: v['round-exponential'],
      history: v.history,
      services: v.services,
      pools: v.pools,
      topology: v.topology,
      faults: v.faults,
      ...(v.clocks !== undefined && { clocks: v.clocks }),
      ...(v.compare !== undefined && { compare: v.compare }),
      ...(v.sweep !== undefined && { sweep: v.sweep }),
    }))
    .superRefine((spec, ctx) => {
      for (const problem of checkScenario(spec)) {
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: undefined });
      }
    })
    .meta({
      title: 'lightcone scenario',
      description: 'A lightcone scenario: the load, the services and the topology to simulate.',
    });
}

export type ScenarioSchema = ReturnType<typeof scenarioSchema>;

/** Compile-time check that the schema produces a ScenarioSpec: fails to compile otherwise. */
type Assert<T extends true> = T;
export type SchemaOutputIsScenarioSpec = Assert<z.output<ScenarioSchema> extends ScenarioSpec ? true : false>;


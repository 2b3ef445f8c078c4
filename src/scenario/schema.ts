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
import { BACKEND_INFO_STRATEGIES, STRATEGIES, TIE_BREAKS, type FaultSpec, type InfoSpec, type ScenarioSpec, type Strategy } from './spec.js';
import { DURATION_PATTERN, parseDuration, parseRate, RATE_PATTERN, TIME_UNITS, UnitError } from './units.js';

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
function distribution(options: SchemaOptions) {
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

function interArrival<K extends 'poisson' | 'constant'>(kind: K, description: string) {
  return strictObject({
    interval: duration('The mean time between requests, such as 1ms (or give rate).', { positive: true }).optional(),
    rate: rate('Requests per unit of time, such as 500/s (or give interval).').optional(),
  })
    .transform((v, ctx) => {
      if (v.interval !== undefined && v.rate !== undefined) {
        const params: IssueParams = { at: 'key' };
        const message = 'expected either interval or rate; found both';
        ctx.issues.push({ code: 'custom', path: ['rate'], input: v, params, message });
        return z.NEVER;
      }
      if (v.interval === undefined && v.rate === undefined) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: say(
            'expected interval (the time between requests) or rate; found neither',
            `for example ${kind}: { interval: 1ms }`,
          ),
        });
        return z.NEVER;
      }
      return { kind, intervalMs: v.interval ?? 1 / v.rate! };
    })
    .describe(description);
}

const ARRIVALS = ['poisson', 'constant', 'instant'] as const;

const loadSchema = strictObject({
  poisson: interArrival('poisson', 'Requests arrive at random (a Poisson process): give interval or rate.').optional(),
  constant: interArrival('constant', 'Requests arrive evenly spaced: give interval or rate.').optional(),
  instant: strictObject(
    { at: duration('When all the requests arrive. Default 0ms.').optional() },
    { expected: 'a map such as {} or { at: 1s }' },
  )
    .transform((v) => ({ kind: 'instant' as const, atMs: v.at ?? 0 }))
    .describe('All requests arrive at once.')
    .optional(),
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
  requests: count(1, 'How many requests to send (or give duration).').optional(),
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
    if (v.requests !== undefined && v.duration !== undefined) {
      problem('expected either requests or duration; found both', { path: ['duration'], at: 'key' });
    } else if (v.requests === undefined && v.duration === undefined) {
      problem(say('expected requests or duration, which says when the load stops; found neither', 'for example requests: 100000'));
    }
    const arrivals = v.poisson ?? v.constant ?? v.instant;
    if (!ok || arrivals === undefined) return z.NEVER;
    const keys = v.keys !== undefined ? { keys: v.keys } : {};
    return v.requests !== undefined ? { arrivals, ...keys, requests: v.requests } : { arrivals, ...keys, durationMs: v.duration };
  })
  .describe('The requests sent to the topology: one arrival process, and requests or duration.');

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

// Steps and chains.

/** `best-of-3` is `best-of` with `choices: 3`. */
const BEST_OF_N = /^best-of-([1-9][0-9]*)$/;
const STRATEGY_NAMES = [...STRATEGIES, 'best-of-N'];

export const STEP_KINDS = ['cable', 'delay', 'server', 'faulty', 'retry', 'timeout', 'balancer', 'service'] as const;

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
      },
      { expected: 'a map such as { concurrency: 1, service: exp(100ms) }' },
    )
      .transform((v, ctx) => {
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
export const FAULT_KINDS = [] as const;

function faultSchema() {
  const kinds = {} satisfies Record<(typeof FAULT_KINDS)[number], z.ZodType>;
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
      load: loadSchema,
      warmup: window('How much of the start of the run to leave out of the statistics. Default 0.').optional(),
      cooldown: window('How much of the end of the run to leave out of the statistics. Default 0.').optional(),
      services: z
        .record(names, chain)
        .default({})
        .describe('Named services: each a chain of steps, used by service steps, pools and backends.'),
      pools: z
        .record(names, fleet('A pool of count copies of a service, shared by the balancers that name it.', 'member'))
        .default({})
        .describe('Named pools of services, shared by the balancers that name them.'),
      topology: chain.describe('The chain every request enters, read from the client towards the server.'),
      faults: z.array(faultSchema()).default([]).describe('Scheduled faults: crashes, pauses, slowdowns, partitions, flaky links.'),
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
      roundExponential: v['round-exponential'],
      history: v.history,
      services: v.services,
      pools: v.pools,
      topology: v.topology,
      faults: v.faults,
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


/**
 * The schema of `load:`: one arrival process (poisson, constant, instant, on-off, mmpp, ramp,
 * daily, replay) or closed-loop users, request keys and priority classes, and when the load stops
 * (requests or duration).
 */
import { z } from 'zod';
import { formatDist, meanOf } from '../../engine/distributions.js';
import type { ArrivalSpec } from '../../spec/scenario.js';
import { expecting, periodTooShort, RATE, say, unitHint } from '../messages.js';
import { readTraceFile, TraceFileError } from '../trace-file.js';
import { MIN_PERIOD_MS, parseRate, RATE_PATTERN, TIME_UNITS } from '../units.js';
import { distribution, type DistributionSchema } from './distribution.js';
import { count, duration, parsedWith, probability, rate, strictObject, type IssueParams, type SchemaOptions } from './primitives.js';

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
      const cycle = meanOf(v.on) + meanOf(v.off);
      if (!(cycle >= MIN_PERIOD_MS)) {
        const message = periodTooShort(`on and off periods of ${+cycle.toPrecision(6)}ms together on average`);
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
      'mean-stay': duration('The mean time the load stays in this state (stays are exponential), such as 10s.', { period: true }),
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
      period: duration('The length of one cycle, such as 24h. Default 24h.', { period: true }).prefault('24h'),
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
        const trace = readTraceFile(options.baseDir, { file: v.file, column: v.column, unit: v.unit, ...(serviceColumn !== undefined && { serviceColumn }) }, options.maxFileBytes);
        return { kind: 'replay' as const, file: v.file, ...trace };
      } catch (e) {
        if (!(e instanceof TraceFileError)) throw e;
        ctx.issues.push({ code: 'custom', path: [e.key], input: (v as Record<string, unknown>)[e.key], message: say(e.message, e.hint) });
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

export function loadSchema(options: SchemaOptions) {
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

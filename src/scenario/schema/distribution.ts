/**
 * The schema of a distribution of durations: an expression (`20ms + exp(100ms)`) or an empirical
 * distribution (a list of durations, or a column of a CSV file read when the scenario is loaded).
 */
import { z } from 'zod';
import { type DistSpec, formatDist, meanOf } from '../../engine/distributions.js';
import { drawProblem, parseDistribution } from '../distribution-syntax.js';
import { EmpiricalFileError, readEmpiricalFile } from '../empirical-file.js';
import { DISTRIBUTION, expecting, periodTooShort, say, unitHint } from '../messages.js';
import { MIN_PERIOD_MS, TIME_UNITS } from '../units.js';
import { duration, parsedWith, strictObject, type SchemaOptions } from './primitives.js';

const DISTRIBUTION_DESCRIPTION =
  'A distribution of durations: a constant (20ms); exp(mean), uniform(min, max), normal(mean, sd), ' +
  'lognormal(median, sigma), pareto(scale, shape), weibull(scale, shape), empirical(1ms, 2ms, 5ms) or ' +
  'const(5ms); or a sum of them (20ms + exp(100ms)). Also { empirical: [1ms, 2ms] } or ' +
  '{ empirical: { file: data.csv, column: latency_ms, unit: ms } }.';

/** Built once per schema and named, so the JSON Schema defines it once; fields `.describe()` it. */
const distributions = new WeakMap<SchemaOptions, ReturnType<typeof makeDistributionSchema>>();
export function distribution(options: SchemaOptions) {
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
        return readEmpiricalFile(options.baseDir, spec, options.maxFileBytes);
      } catch (e) {
        if (!(e instanceof EmpiricalFileError)) throw e;
        ctx.issues.push({ code: 'custom', path: [e.key], input: (spec as Record<string, unknown>)[e.key], message: say(e.message, e.hint) });
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
    .transform((v, ctx): DistSpec => {
      const spec: DistSpec = { kind: 'empirical', values: v.empirical };
      const problem = drawProblem(spec, formatDist(spec));
      if (problem === undefined) return spec;
      ctx.issues.push({ code: 'custom', path: ['empirical'], input: v.empirical, message: say(problem.message, problem.hint) });
      return z.NEVER;
    })
    .describe('An empirical distribution: each value equally likely.');
  const hint = (v: unknown) =>
    unitHint(v, 'ms') ?? (Array.isArray(v) ? 'for an empirical distribution write { empirical: [1ms, 2ms, 5ms] }' : undefined);
  return z
    .union([expression, empirical], { error: expecting(DISTRIBUTION, hint) })
    .meta({ id: 'distribution', description: DISTRIBUTION_DESCRIPTION });
}

export type DistributionSchema = ReturnType<typeof distribution>;

/**
 * A distribution used as a period, the time between events that recur for the whole run (a pause
 * `every`): its mean must be at least 1ns (MIN_PERIOD_MS), or the events would pile up at one instant.
 */
export function period(dist: DistributionSchema) {
  // Piped rather than refined, so that the JSON Schema still refers to the one distribution definition.
  const atLeastOneNs = z.custom<DistSpec>().superRefine((spec, ctx) => {
    if (meanOf(spec) >= MIN_PERIOD_MS) return;
    const found = spec.kind === 'constant' ? formatDist(spec) : `${formatDist(spec)}, whose mean is ${+meanOf(spec).toPrecision(6)}ms`;
    ctx.addIssue({ code: 'custom', input: spec, message: periodTooShort(found) });
  });
  return dist.pipe(atLeastOneNs);
}

/** The schema of `compare:` and `sweep:`: the default experiment, what it varies and how often. */
import { z } from 'zod';
import { errorMap, expectedFound, expecting } from '../messages.js';
import { count, record, strictObject } from './primitives.js';
import { EXPERIMENT_METRICS, type ExperimentSpec, type VaryAxis } from '../../spec/scenario.js';

const scalarText = z
  .union([z.string(), z.number(), z.boolean()], { error: expecting('a value such as least-conn or 1ms') })
  .transform((v) => String(v));

/** A compare value with the name it goes by: `{ name: no-hedge, value: "{ after: 1h }" }`. */
const namedValue = strictObject(
  {
    name: z.string({ error: expecting('a name such as no-hedge') }).min(1).describe('The name the variant goes by in tables, charts and the verdict.'),
    value: scalarText.describe('The value, as for --set (shown as a detail).'),
  },
  { expected: 'a value, or { name: N, value: V }' },
);

const metricName = z.enum(EXPERIMENT_METRICS);

/** `verdict: { metric: p99 }` or `{ metric: [p99, success] }`: what the verdict of compare weighs. */
const verdictSchema = strictObject(
  {
    metric: z
      .unknown()
      .transform((v, ctx) => {
        // one metric or a list, each read by its own schema (a union would say only "expected ...; found a list")
        const r = (Array.isArray(v) ? z.array(metricName).min(1) : metricName.transform((m) => [m])).safeParse(v, { error: errorMap, reportInput: true });
        if (r.success) return r.data;
        for (const issue of r.error.issues) ctx.issues.push({ ...issue, input: issue.input } as never);
        return z.NEVER;
      })
      .meta({ anyOf: [{ enum: [...EXPERIMENT_METRICS] }, { type: 'array', items: { enum: [...EXPERIMENT_METRICS] }, minItems: 1 }] })
      .describe(`The metrics the verdict weighs, the first ranking the variants (${EXPERIMENT_METRICS.join(', ')}); --metric overrides.`),
  },
  { expected: 'a map such as { metric: p99 } or { metric: [p99, success] }' },
)
  .transform((v) => ({ metrics: v.metric }))
  .describe('What the verdict of lightcone compare weighs (default p99).');

export function experimentSchema(what: 'compare' | 'sweep') {
  const values =
    what === 'compare'
      ? z
          .array(
            z.unknown().meta({
              anyOf: [
                { type: ['string', 'number', 'boolean'] },
                {
                  type: 'object',
                  properties: {
                    name: { type: 'string', minLength: 1, description: 'The name the variant goes by in tables, charts and the verdict.' },
                    value: { type: ['string', 'number', 'boolean'], description: 'The value, as for --set (shown as a detail).' },
                  },
                  required: ['name', 'value'],
                  additionalProperties: false,
                },
              ],
            }),
            { error: expecting('a list of values such as [random, least-conn]') },
          )
          .min(1)
          .transform((vals, ctx) => {
            // a map is a named value, anything else a plain one: each read by its own schema, so a
            // mistake in a named value is told as such (a union would say only "expected a value")
            const seen = new Set<string>();
            return vals.map((v, i) => {
              const r = (typeof v === 'object' && v !== null && !Array.isArray(v) ? namedValue : scalarText).safeParse(v, { error: errorMap, reportInput: true });
              if (!r.success) {
                for (const issue of r.error.issues) ctx.issues.push({ ...issue, path: [i, ...issue.path], input: issue.input } as never);
                return '';
              }
              const name = typeof r.data === 'string' ? r.data : r.data.name;
              if (seen.has(name)) ctx.issues.push({ code: 'custom', path: [i], input: v, message: `expected each value of an axis to have its own name; found "${name}" twice` });
              seen.add(name);
              return r.data;
            });
          })
          .describe('The values to compare, in order; the first is the baseline. A value may be given a name: { name: N, value: V }.')
      : z
          .union([z.array(scalarText).min(1), z.string().transform((range) => ({ range }))], {
            error: expecting('a list of values, or a range such as 2ms..1ms/8'),
          })
          .describe('A list of values, or a numeric range FROM..TO/N (N evenly spaced values).');
  return strictObject(
    {
      vary: record(
        z
          .record(z.string().min(1), values)
          .refine((v) => Object.keys(v).length > 0, { error: (issue) => expectedFound('at least one path to vary', issue.input) })
          .describe('Scenario paths (as for --set) and the values each takes.'),
        'expected a scenario path to vary, such as topology[0].balancer.strategy; found "__proto__", which names no key of a scenario',
      ),
      replications: count(1, `Replications per ${what === 'compare' ? 'variant' : 'point'}; replication i uses seed S+i.`).optional(),
      ...(what === 'compare' && { verdict: verdictSchema.optional() }),
    },
    { expected: 'a map such as { vary: { topology[0].balancer.strategy: [random, least-conn] } }' },
  )
    .transform((v): ExperimentSpec => ({
      vary: Object.entries(v.vary).map(([path, vals]) => axisOf(path, vals as (string | { name: string; value: string })[] | { range: string })),
      ...(v.replications !== undefined && { replications: v.replications }),
      ...('verdict' in v && v.verdict !== undefined && { verdict: v.verdict as { metrics: (typeof EXPERIMENT_METRICS)[number][] } }),
    }))
    .describe(
      what === 'compare'
        ? 'The default experiment of lightcone compare: paths to vary and their values.'
        : 'The default experiment of lightcone sweep: a grid of paths and values.',
    );
}

/** An axis as the spec holds it: the values as text, and their names when any value has one. */
function axisOf(path: string, vals: (string | { name: string; value: string })[] | { range: string }): VaryAxis {
  if (!Array.isArray(vals)) return { path, values: vals };
  const values = vals.map((v) => (typeof v === 'string' ? v : v.value));
  if (vals.every((v) => typeof v === 'string')) return { path, values };
  return { path, values, names: vals.map((v) => (typeof v === 'string' ? undefined : v.name)) };
}

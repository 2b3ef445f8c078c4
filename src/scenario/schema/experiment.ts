/** The schema of `compare:` and `sweep:`: the default experiment, what it varies and how often. */
import { z } from 'zod';
import { expectedFound, expecting } from '../messages.js';
import { count, record, strictObject } from './primitives.js';

const scalarText = z
  .union([z.string(), z.number(), z.boolean()], { error: expecting('a value such as least-conn or 1ms') })
  .transform((v) => String(v));

export function experimentSchema(what: 'compare' | 'sweep') {
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
      vary: record(
        z
          .record(z.string().min(1), values)
          .refine((v) => Object.keys(v).length > 0, { error: (issue) => expectedFound('at least one path to vary', issue.input) })
          .describe('Scenario paths (as for --set) and the values each takes.'),
        'expected a scenario path to vary, such as topology[0].balancer.strategy; found "__proto__", which names no key of a scenario',
      ),
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

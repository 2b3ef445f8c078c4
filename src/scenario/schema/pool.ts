/** The schema of a pool: copies of a service (`pools:`, or a balancer's private backends), possibly unequal. */
import { z } from 'zod';
import { expecting } from '../messages.js';
import { count, name, strictObject, type IssueParams } from './primitives.js';

/**
 * `{ service, count }`, with optional per-member speed factors: `speeds: [1, 1, 0.5]` (one per
 * member) or `slow: { count: 2, factor: 4 }` (the last two members four times slower).
 */
export function poolSchema(description: string, member: string) {
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
      // `slow` stays as written: a list of speeds as long as the pool would be built before the
      // pool's size is checked against the limits
      return { service: v.service, count: v.count, ...(v.speeds !== undefined && { speeds: v.speeds }), ...(slow !== undefined && { slow }) };
    })
    .describe(description);
}

/** Where a balancer's (or a fan-out's) backends come from: a pool's name, or a private pool `{ service: NAME, count: N }`. */
export function backendsSchema() {
  return z
    .union(
      [
        z
          .string()
          .min(1)
          .transform((pool) => ({ pool }))
          .describe('The name of a pool (under pools).'),
        poolSchema('A private pool of count copies of a service.', 'backend'),
      ],
      { error: expecting('a pool name or { service: NAME, count: N }') },
    )
    .describe('The backends: a pool name, or { service: NAME, count: N } (optionally with speeds or slow).');
}

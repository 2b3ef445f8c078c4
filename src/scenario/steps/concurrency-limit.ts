/**
 * `concurrency-limit`: at most `limit` calls outstanding downstream (the initial limit when `aimd`
 * is set), `queue` more waiting; the rest are rejected at once (src/components/concurrency-limit.ts).
 */
import { z } from 'zod';
import { ConcurrencyLimit, type ConcurrencyLimitOptions } from '../../components/concurrency-limit.js';
import { concurrencyLimitLines } from '../../components/report.js';
import { say } from '../messages.js';
import { count, duration, strictObject, type IssueParams } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface ConcurrencyLimitStepSpec extends ConcurrencyLimitOptions {
  kind: 'concurrency-limit';
}

export const concurrencyLimit = stepKind<ConcurrencyLimitStepSpec>()({
  kind: 'concurrency-limit',
  place: 'wraps',
  schema: () =>
    strictObject(
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
  build: (s, c) => new ConcurrencyLimit(c.sim, c.path, { limit: s.limit, queue: s.queue, aimd: s.aimd }, c.next),
  report: { block: 'policies', lines: concurrencyLimitLines },
});

/**
 * `retry`: retries a call whose answer is one of `on` (default: error), up to `attempts` in all,
 * with an optional backoff and retry budget (src/components/retry.ts).
 */
import { z } from 'zod';
import { Retry, type RetryOptions } from '../../components/retry.js';
import { retryLines } from '../../components/report.js';
import { say } from '../messages.js';
import { count, duration, parsedWith, parsePercent, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface RetryStepSpec extends RetryOptions {
  kind: 'retry';
}

export const retry = stepKind<RetryStepSpec>()({
  kind: 'retry',
  place: 'wraps',
  schema: () =>
    strictObject(
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
      .transform((v, ctx) => {
        const b = v.backoff;
        if (b !== undefined && v.attempts > 1) {
          // the wait before the last attempt is the longest: base x growth^(attempts - 2), up to max
          const growth = b.jitter === 'decorrelated' ? 3 : b.multiplier;
          if (!Number.isFinite(Math.min(b.maxMs, b.baseMs * Math.pow(growth, v.attempts - 2)))) {
            const message = say(
              `expected backoff waits that stay finite; found waits that grow as ${growth}^n over ${v.attempts} attempts, with no max, past any duration`,
              'give the backoff a max, such as max: 10s',
            );
            ctx.issues.push({ code: 'custom', path: ['backoff'], input: v.backoff, message });
            return z.NEVER;
          }
        }
        return {
          kind: 'retry' as const,
          attempts: v.attempts,
          on: v.on,
          ...(b !== undefined && { backoff: b }),
          ...(v.budget !== undefined && { budget: v.budget }),
        };
      })
      .describe('Retries a request that fails (by default on error, at once).'),
  build: (s, c) => new Retry(c.sim, c.path, { attempts: s.attempts, on: s.on, backoff: s.backoff, budget: s.budget }, c.next),
  report: { block: 'policies', lines: retryLines },
});

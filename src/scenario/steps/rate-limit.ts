/**
 * `rate-limit`: a token bucket, `ratePerMs` tokens per ms and `burst` at most; a call without a
 * token is answered rejected at once (src/components/rate-limit.ts).
 */
import { RateLimit, type RateLimitOptions } from '../../components/rate-limit.js';
import { rateLimitLines } from '../../components/report.js';
import { count, rate, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface RateLimitStepSpec extends RateLimitOptions {
  kind: 'rate-limit';
}

export const rateLimit = stepKind<RateLimitStepSpec>()({
  kind: 'rate-limit',
  place: 'wraps',
  schema: () =>
    strictObject(
      {
        rate: rate("Tokens added per unit of time, such as 100/s, on this node's clock."),
        burst: count(1, 'Tokens the bucket holds (it starts full): calls that may pass at once. Default 1.').default(1),
      },
      { expected: 'a map such as { rate: 100/s, burst: 20 }' },
    )
      .transform((v) => ({ kind: 'rate-limit' as const, ratePerMs: v.rate, burst: v.burst }))
      .describe('A token bucket: a call without a token is answered rejected at once.'),
  build: (s, c) => new RateLimit(c.sim, c.path, { ratePerMs: s.ratePerMs, burst: s.burst }, c.next),
  report: { block: 'policies', lines: rateLimitLines },
});

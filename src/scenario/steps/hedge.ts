/**
 * `hedge`: hedged requests: another copy after `afterMs`, or at the `percentile` (0..1) of the
 * latencies seen (src/components/hedge.ts).
 */
import { z } from 'zod';
import { Hedge, type HedgeOptions } from '../../components/hedge.js';
import { hedgeLines } from '../../components/report.js';
import { expecting, say } from '../messages.js';
import { count, duration, parsedWith, parsePercentile, strictObject, type IssueParams } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface HedgeStepSpec extends HedgeOptions {
  kind: 'hedge';
}

export const hedge = stepKind<HedgeStepSpec>()({
  kind: 'hedge',
  place: 'wraps',
  schema: () =>
    strictObject(
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
  build: (s, c) => new Hedge(c.sim, c.path, { afterMs: s.afterMs, percentile: s.percentile, max: s.max, warmup: s.warmup }, c.next),
  report: { block: 'policies', lines: hedgeLines },
});

/**
 * `delay`: holds each request for a while before passing it on (src/components/delay.ts).
 */
import type { DistSpec } from '../../engine/distributions.js';
import { Delay } from '../../components/delay.js';
import { strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface DelayStepSpec {
  kind: 'delay';
  time: DistSpec;
}

export const delay = stepKind<DelayStepSpec>()({
  kind: 'delay',
  place: 'wraps',
  schema: ({ dist }) =>
    strictObject(
      { time: dist.describe('How long to hold each request, such as uniform(1ms, 5ms).') },
      { expected: 'a map such as { time: 5ms }' },
    )
      .transform((v) => ({ kind: 'delay' as const, time: v.time }))
      .describe('Holds each request for a while before passing it on.'),
  build: (s, c) => new Delay(c.sim, c.path, s.time, c.next),
});

/**
 * `timeout`: gives up waiting after `afterMs` (on this node's clock) and answers timeout
 * (src/components/timeout.ts).
 */
import { Timeout } from '../../components/timeout.js';
import { duration, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface TimeoutStepSpec {
  kind: 'timeout';
  afterMs: number;
}

export const timeout = stepKind<TimeoutStepSpec>()({
  kind: 'timeout',
  place: 'wraps',
  schema: () =>
    strictObject(
      { after: duration('How long to wait for an answer, such as 100ms, on this node\'s clock.', { positive: true }) },
      { expected: 'a map such as { after: 100ms }' },
    )
      .transform((v) => ({ kind: 'timeout' as const, afterMs: v.after }))
      .describe('Gives up waiting after a while and answers timeout: per attempt below a retry, a deadline above it.'),
  build: (s, c) => new Timeout(c.sim, c.path, s.afterMs, c.next),
});

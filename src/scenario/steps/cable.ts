/**
 * `cable`: a network link with a latency each way (src/components/cable.ts).
 */
import type { DistSpec } from '../../engine/distributions.js';
import { Cable } from '../../components/cable.js';
import { strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface CableStepSpec {
  kind: 'cable';
  latency: DistSpec;
}

export const cable = stepKind<CableStepSpec>()({
  kind: 'cable',
  place: 'wraps',
  schema: ({ dist }) =>
    strictObject(
      { latency: dist.describe('The time to cross the cable, each way, such as 2ms.') },
      { expected: 'a map such as { latency: 2ms }' },
    )
      .transform((v) => ({ kind: 'cable' as const, latency: v.latency }))
      .describe('A network link with latency, each way.'),
  build: (s, c) => new Cable(c.sim, c.path, s.latency, c.next),
});

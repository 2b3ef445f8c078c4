/**
 * `faulty`: fails now and then, up Exp(mtbf) and down Exp(mttr) in turn; while down, calls get
 * errors (src/components/faulty.ts).
 */
import { Faulty, type FaultyOptions } from '../../components/faulty.js';
import { faultyLines } from '../../components/report.js';
import { duration, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface FaultyStepSpec extends FaultyOptions {
  kind: 'faulty';
}

export const faulty = stepKind<FaultyStepSpec>()({
  kind: 'faulty',
  place: 'wraps',
  schema: () =>
    strictObject(
      {
        mtbf: duration('Mean time between failures, such as 10s.', { period: true }),
        mttr: duration('Mean time to repair, such as 1s.', { period: true }),
      },
      { expected: 'a map such as { mtbf: 10s, mttr: 1s }' },
    )
      .transform((v) => ({ kind: 'faulty' as const, mtbfMs: v.mtbf, mttrMs: v.mttr }))
      .describe('Fails now and then: while down, requests get errors.'),
  build: (s, c) => new Faulty(c.sim, c.path, { mtbfMs: s.mtbfMs, mttrMs: s.mttrMs }, c.next),
  report: { block: 'policies', lines: faultyLines },
});

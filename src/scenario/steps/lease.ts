/**
 * `lease`: acts on a call (passes it on) only while this node believes it holds the lease `name`,
 * measured on its own clock; takes the lease from the grantor (true time) when it is free, else
 * rejects (src/components/lease.ts).
 */
import { z } from 'zod';
import { Lease, type LeaseOptions } from '../../components/lease.js';
import { leaseLines } from '../../clocks/report.js';
import { duration, name, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface LeaseStepSpec extends LeaseOptions {
  kind: 'lease';
}

export const lease = stepKind<LeaseStepSpec>()({
  kind: 'lease',
  place: 'wraps',
  schema: () =>
    strictObject(
      {
        name: name('The lease, such as primary: every lease step with this name contends for it.'),
        duration: duration('How long a grant lasts, such as 10s: the grantor counts it in true time, the holder on its own clock.', {
          positive: true,
        }),
        margin: duration('The holder gives the lease up this much early, on its own clock, such as 500ms. Default 0ms.').prefault('0ms'),
      },
      { expected: 'a map such as { name: primary, duration: 10s }' },
    )
      .transform((v, ctx) => {
        if (v.margin >= v.duration) {
          ctx.issues.push({ code: 'custom', path: ['margin'], input: v.margin, message: `expected a margin less than the duration (${v.duration}ms); found ${v.margin}ms` });
          return z.NEVER;
        }
        return { kind: 'lease' as const, name: v.name, durationMs: v.duration, marginMs: v.margin };
      })
      .describe('Passes a call on only while this node believes, on its own clock, that it holds the lease; takes it when free, else answers rejected.'),
  build: (s, c) => new Lease(c.sim, c.path, { name: s.name, durationMs: s.durationMs, marginMs: s.marginMs }, c.next),
  report: { block: 'clocks', lines: leaseLines },
});

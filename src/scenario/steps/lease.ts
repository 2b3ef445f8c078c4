/**
 * `lease`: does the protected work (the steps after it) only while this node believes, on its own
 * clock, that it holds the lease `name`; counts the writes that land after the grant ended, out of
 * turn (conflicts) or refused by fencing (src/components/lease.ts, grantor.ts). With
 * `grantor-link:`, grant requests travel over a `link` (src/net/link.ts) to the grantor node
 * `grantor/<name>`.
 */
import { z } from 'zod';
import { Lease, type LeaseOptions } from '../../components/lease.js';
import { Link, type LinkOptions } from '../../net/link.js';
import { leaseLines } from '../../clocks/report.js';
import { say } from '../messages.js';
import { count, duration, name, strictObject } from '../schema/primitives.js';
import { formatPath } from '../path.js';
import { chainsOf } from '../chains.js';
import { link } from './link.js';
import { stepKind } from './step.js';

export interface LeaseStepSpec extends LeaseOptions {
  kind: 'lease';
  /** The link grant requests and answers travel over; none: a grant takes no time and is never lost. */
  grantorLink?: LinkOptions;
}

export const lease = stepKind<LeaseStepSpec>()({
  kind: 'lease',
  place: 'wraps',
  schema: (c) =>
    strictObject(
      {
        name: name('The lease, such as primary: every lease step with this name contends for it.'),
        duration: duration('How long a grant lasts, such as 10s: the grantor counts it in true time, the holder on its own clock.', {
          positive: true,
        }),
        margin: duration('The holder gives the lease up this much early, on its own clock, such as 500ms. Default 0ms.').prefault('0ms'),
        fencing: z
          .boolean()
          .default(false)
          .describe(
            'true: each grant carries a fencing token and the protected resource refuses a write under a token smaller than the largest it has taken (the caller gets error). Every lease step of one name must agree. Default false.',
          ),
        'grantor-link': link
          .schema(c)
          .optional()
          .describe('The link grant requests and answers travel over, with the options of a link step, such as { latency: 5ms, loss: 1% }. Default: none (a grant takes no time and is never lost).'),
        'grant-timeout': duration('How long the holder waits, on its own clock, for an answer to a grant request before it asks again, such as 500ms. Default 1s. Needs grantor-link.', {
          positive: true,
        }).optional(),
        'grant-attempts': count(1, 'Grant requests in a round, the first included, before the waiting calls are answered timeout. Default 3. Needs grantor-link.').optional(),
      },
      { expected: 'a map such as { name: primary, duration: 10s }' },
    )
      .transform((v, ctx) => {
        let bad = false;
        if (v.margin >= v.duration) {
          ctx.issues.push({ code: 'custom', path: ['margin'], input: v.margin, message: `expected a margin less than the duration (${v.duration}ms); found ${v.margin}ms` });
          bad = true;
        }
        for (const key of ['grant-timeout', 'grant-attempts'] as const) {
          if (v[key] !== undefined && v['grantor-link'] === undefined) {
            const message = say(`${key} applies to grant requests over a grantor-link; this lease has none, so its grants take no time and are never lost`, 'add grantor-link: { latency: 5ms }, or remove ' + key);
            ctx.issues.push({ code: 'custom', path: [key], input: v[key], message });
            bad = true;
          }
        }
        if (bad) return z.NEVER;
        const { kind: _kind, ...grantorLink } = v['grantor-link'] ?? { kind: 'link' };
        return {
          kind: 'lease' as const,
          name: v.name,
          durationMs: v.duration,
          marginMs: v.margin,
          fencing: v.fencing,
          ...(v['grantor-link'] !== undefined && { grantorLink: grantorLink as LinkOptions }),
          ...(v['grant-timeout'] !== undefined && { grantTimeoutMs: v['grant-timeout'] }),
          ...(v['grant-attempts'] !== undefined && { grantAttempts: v['grant-attempts'] }),
        };
      })
      .describe(
        'Does the protected work (the steps after it) only while this node believes, on its own clock, that it holds the lease; takes it from the grantor when free, else answers rejected. Counts the writes that land after the grant ended, out of turn, or fenced.',
      ),
  check(s, c) {
    // the protected resource of a name is one: fenced or not
    for (const { at, steps } of chainsOf(c.spec)) {
      steps.forEach((step, i) => {
        const other = step as Partial<LeaseStepSpec>;
        if (other.kind !== 'lease' || other.name !== s.name || (other.fencing ?? false) === (s.fencing ?? false)) return;
        c.problem([...c.at, 'fencing'], `expected every lease step named "${s.name}" to agree on fencing; found ${s.fencing ?? false} here and ${other.fencing ?? false} at ${formatPath([...at, i])}`);
      });
    }
  },
  build: (s, c) =>
    new Lease(
      c.sim,
      c.path,
      { name: s.name, durationMs: s.durationMs, marginMs: s.marginMs, fencing: s.fencing, grantTimeoutMs: s.grantTimeoutMs, grantAttempts: s.grantAttempts },
      c.next,
      (grantor) => {
        if (s.grantorLink === undefined) return grantor;
        const l = new Link(c.sim, `${c.path}/grantor-link`, s.grantorLink, grantor);
        c.sim.register(l);
        return l;
      },
    ),
  report: { block: 'clocks', lines: leaseLines },
});

/**
 * `fan-out`: fork-join (src/components/fan-out.ts). Each call goes to every backend of a pool; it is
 * answered when all of them, the first k, or a majority have answered ok. It ends its chain, like a
 * balancer, and takes its backends the same way: a pool name or `{ service: NAME, count: N }`.
 */
import { z } from 'zod';
import { FanOut, type FanOutWait } from '../../components/fan-out.js';
import { fanOutLines } from '../../components/report.js';
import type { BackendsSpec } from '../../spec/scenario.js';
import { expecting } from '../messages.js';
import { backendsSchema } from '../schema/pool.js';
import { strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface FanOutStepSpec {
  kind: 'fan-out';
  backends: BackendsSpec;
  wait: FanOutWait;
}

const WAIT = 'all, quorum, or a number k (the first k ok answers)';

export const fanOut = stepKind<FanOutStepSpec>()({
  kind: 'fan-out',
  place: 'ends',
  schema: () =>
    strictObject(
      {
        backends: backendsSchema()
          .describe('Where each call is sent: every member of a pool name, or of { service: NAME, count: N }.'),
        wait: z
          .union([z.literal('all'), z.literal('quorum'), z.int().min(1)], { error: expecting(WAIT) })
          .default('all')
          .describe(`How many ok answers a call waits for: ${WAIT}. Default all.`),
      },
      { expected: 'a map such as { backends: { service: leaf, count: 100 }, wait: all }' },
    )
      .transform(
        (v): FanOutStepSpec => ({
          kind: 'fan-out',
          backends: v.backends,
          wait: v.wait === 'all' ? { kind: 'all' } : v.wait === 'quorum' ? { kind: 'quorum' } : { kind: 'first', k: v.wait },
        }),
      )
      .describe('Sends each request to every backend of a pool and answers when all, the first k, or a quorum answered (fork-join); must be the last step.'),
  check(s, c) {
    const b = s.backends;
    const count = 'pool' in b ? c.spec.pools[b.pool]?.count : b.count;
    if (count !== undefined && s.wait.kind === 'first' && s.wait.k > count) {
      c.problem([...c.at, 'wait'], `expected to wait for at most the ${count} backends; found ${s.wait.k}`);
    }
    const path = [...c.at, 'backends'];
    if ('pool' in b) c.pool(b.pool, path);
    else c.service(b.service, [...path, 'service']);
  },
  build(s, c) {
    return new FanOut(c.sim, c.path, c.backends(s.backends, c.path).members, s.wait);
  },
  report: { block: 'policies', lines: fanOutLines },
});

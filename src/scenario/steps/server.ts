/**
 * `server`: serves calls, `concurrency` at a time, each taking a time drawn from `service-time`, or
 * (`tick`) completing its oldest calls on a fixed tick (src/components/server.ts); its queue's
 * options (src/components/queues/). It may end a chain, or pass each served call on.
 */
import { z } from 'zod';
import type { DistSpec } from '../../engine/distributions.js';
import type { QueueSpec } from '../../spec/scenario.js';
import { Server } from '../../components/server.js';
import { SlottedServer } from '../../components/slotted-server.js';
import { queueLines } from '../../components/queues/report.js';
import { say } from '../messages.js';
import { queueSchema } from '../schema/queue.js';
import { count, duration, strictObject, type IssueParams } from '../schema/primitives.js';
import { stepKind } from './step.js';

/** A server draws each call's service time, or (`tickMs`) completes its oldest calls on a fixed tick. */
export interface ServerStepSpec {
  kind: 'server';
  concurrency: number;
  /** Exactly one of `serviceTime` and `tickMs`. */
  serviceTime?: DistSpec;
  tickMs?: number;
  queue?: QueueSpec;
}

export const server = stepKind<ServerStepSpec>()({
  kind: 'server',
  place: 'either',
  schema: ({ dist }) =>
    strictObject(
      {
        'service-time': dist.describe('The time to serve one request, such as 20ms + exp(100ms) (or give tick).').optional(),
        tick: duration(
          'A slotted server: on every tick (each multiple of this, such as 8s) it completes its oldest requests, concurrency of them (or give service-time).',
          { period: true },
        ).optional(),
        concurrency: count(1, 'How many requests it serves at once; the rest wait in its queue. Default 1.').default(1),
        queue: queueSchema(),
      },
      { expected: 'a map such as { concurrency: 1, service-time: exp(100ms) }' },
    )
      .transform((v, ctx) => {
        if (v.tick !== undefined && v.queue !== undefined) {
          const params: IssueParams = { at: 'key' };
          const message = say('expected no queue options on a slotted server (tick); found queue', 'a slotted server has an unbounded FIFO queue');
          ctx.issues.push({ code: 'custom', path: ['queue'], input: v.queue, params, message });
          return z.NEVER;
        }
        const serviceTime = v['service-time'];
        if ((serviceTime === undefined) === (v.tick === undefined)) {
          ctx.issues.push({
            code: 'custom',
            input: v,
            message: say(
              serviceTime === undefined ? 'expected service-time (a distribution) or tick; found neither' : 'expected either service-time or tick; found both',
              'for example server: { service-time: exp(100ms) }',
            ),
          });
          return z.NEVER;
        }
        return {
          kind: 'server' as const,
          concurrency: v.concurrency,
          ...(serviceTime !== undefined && { serviceTime }),
          ...(v.tick !== undefined && { tickMs: v.tick }),
          ...(v.queue !== undefined && { queue: v.queue }),
        };
      })
      .describe('Serves requests, concurrency at a time, each taking a time drawn from service-time (or completing on a fixed tick).'),
  build: (s, c) =>
    s.serviceTime === undefined
      ? new SlottedServer(c.sim, c.path, { concurrency: s.concurrency, tickMs: s.tickMs as number, speed: c.speed }, c.next)
      : new Server(c.sim, c.path, { concurrency: s.concurrency, serviceTime: s.serviceTime, speed: c.speed, queue: s.queue }, c.next),
  report: { block: 'queues', lines: queueLines },
});

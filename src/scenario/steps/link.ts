/**
 * `link`: a lossy network link (src/net/link.ts): latency each way, loss, duplication, reordering
 * and bandwidth per one-way message.
 */
import { z } from 'zod';
import { Link, type LinkOptions } from '../../net/link.js';
import { linkLines } from '../../net/report.js';
import { expecting, say } from '../messages.js';
import { BANDWIDTH, BANDWIDTH_PATTERN, parseBandwidth } from '../sizes.js';
import { parsedWith, probability, size, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface LinkStepSpec extends LinkOptions {
  kind: 'link';
}

export const link = stepKind<LinkStepSpec>()({
  kind: 'link',
  place: 'wraps',
  schema: ({ dist }) =>
    strictObject(
      {
        latency: dist.describe('The time each one-way message takes to cross the link, drawn once per message, such as 2ms.'),
        loss: probability('The probability that each one-way message is lost, such as 1% or 0.01. Default 0.').default(0),
        duplicate: probability('The probability that each one-way message that is not lost is delivered twice, such as 0.1%. Default 0.').default(0),
        reorder: strictObject(
          {
            probability: probability('The share of messages delayed further, such as 10%.'),
            extra: dist.describe('The further delay, such as exp(5ms).'),
          },
          { expected: 'a map such as { probability: 10%, extra: exp(5ms) }' },
        )
          .optional()
          .describe('Forces reordering: a share of the messages is delayed by a further extra. Default: none (random latency reorders by itself).'),
        bandwidth: z
          .string({ error: expecting(BANDWIDTH, (v) => (typeof v === 'number' ? `did you mean "${v}Mbit/s"?` : undefined)) })
          .transform(parsedWith(parseBandwidth))
          .meta({
            description:
              'Data per unit of time, such as 10Mbit/s or 1MB/s: each message then takes size / bandwidth to transmit, one at a time per direction. Default: unlimited.',
            pattern: BANDWIDTH_PATTERN,
          })
          .optional(),
        'request-size': size('The size of a request, such as 1KB or 64B. Default 1KB.').prefault('1KB'),
        'response-size': size('The size of a response, such as 1KB or 64B. Default 1KB.').prefault('1KB'),
      },
      { expected: 'a map such as { latency: 2ms, loss: 1% }' },
    )
      .transform((v, ctx) => {
        if (v.bandwidth !== undefined && !Number.isFinite(Math.max(v['request-size'], v['response-size']) / v.bandwidth)) {
          const message = say(
            'expected messages that take a finite time to send at this bandwidth; found size / bandwidth more than a number can hold',
            'raise the bandwidth or shrink request-size and response-size',
          );
          ctx.issues.push({ code: 'custom', path: ['bandwidth'], input: v.bandwidth, message });
          return z.NEVER;
        }
        return {
          kind: 'link' as const,
          latency: v.latency,
          loss: v.loss,
          duplicate: v.duplicate,
          ...(v.reorder !== undefined && { reorder: v.reorder }),
          ...(v.bandwidth !== undefined && { bandwidthBytesPerMs: v.bandwidth }),
          requestBytes: v['request-size'],
          responseBytes: v['response-size'],
        };
      })
      .describe('A lossy network link: latency each way, loss, duplication, reordering and bandwidth per one-way message.'),
  build: (s, c) =>
    new Link(
      c.sim,
      c.path,
      {
        latency: s.latency,
        loss: s.loss,
        duplicate: s.duplicate,
        reorder: s.reorder,
        bandwidthBytesPerMs: s.bandwidthBytesPerMs,
        requestBytes: s.requestBytes,
        responseBytes: s.responseBytes,
      },
      c.next,
    ),
  report: { block: 'links', lines: linkLines },
});

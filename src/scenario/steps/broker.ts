/**
 * `broker`: a message queue (as SQS) with its consumers (as Squeedo), src/broker/: each call that
 * reaches it sends a message; it ends its chain. Its consumers talk to it over `broker-link` (a
 * `link`'s options: src/broker/broker-link.ts), or a bare `latency` (shorthand for a link with
 * that latency and nothing else).
 */
import { z } from 'zod';
import { buildBroker } from '../../broker/index.js';
import { brokerLines } from '../../broker/report.js';
import type { BrokerLinkSpec, BrokerSpec } from '../../spec/scenario.js';
import { RECEIVE_TIMEOUT_MARGIN_MS } from '../../broker/consumer.js';
import { say } from '../messages.js';
import { count, duration, name, probability, strictObject } from '../schema/primitives.js';
import { link } from './link.js';
import { stepKind } from './step.js';

export interface BrokerStepSpec extends BrokerSpec {
  kind: 'broker';
}

export const broker = stepKind<BrokerStepSpec>()({
  kind: 'broker',
  place: 'ends',
  schema: (c) => {
    const { dist } = c;
    return strictObject(
      {
        'visibility-timeout': duration(
          "How long a received message stays invisible unless it is acked, on the broker's clock, such as 30s; then it is delivered again. Default 30s.",
          { period: true },
        ).prefault('30s'),
        'max-receives': count(1, 'After this many receives without an ack, a message goes to the dead-letter queue (SQS maxReceiveCount). Default: never.').optional(),
        retention: duration("Messages older than this (broker's clock) are deleted unprocessed (SQS retention period), such as 1h. Default 96h (4 days).", {
          positive: true,
        }).prefault('96h'),
        poison: probability('The share of messages that fail whatever their work answers (poison messages), such as 1%. Default 0.').optional(),
        reply: z
          .enum(['accepted', 'processed'])
          .default('accepted')
          .describe('When the producer is answered: accepted (ok once the broker has the message) or processed (ok when acked, error when dead-lettered). Default accepted.'),
        consumers: strictObject(
          {
            service: name('The service (under services) each consumer runs on every message: ok acks it, any other answer nacks it.'),
            count: count(1, 'How many consumers. Default 1.').default(1),
            listeners: count(1, 'Listeners per consumer, each long-polling the broker. Default 1.').default(1),
            'dequeue-limit': count(1, 'The most messages one receive returns (SQS allows up to 10). Default 10.').default(10),
            prefetch: count(1, 'The prefetch buffer: received messages waiting for a worker, counting those asked for. Default 20 x listeners.').optional(),
            workers: count(1, 'Workers per consumer; a worker runs compute, then starts the chain. Default 1.').default(1),
            'max-concurrent-work': count(1, 'The most messages in work at once per consumer (from a worker taking it to its answer). Default: workers.').optional(),
            blocking: z
              .boolean()
              .default(false)
              .describe('true: a worker waits for the chain to answer (synchronous I/O); false: it is free once the chain starts (asynchronous I/O, as Squeedo). Default false.'),
            compute: dist.describe('Time a worker spends on each message before the chain, such as 50ms. Default none.').optional(),
            latency: dist
              .describe(
                'One-way time between a consumer and the broker, such as 5ms: a receive pays it both ways, an ack or nack once. Shorthand for broker-link: { latency: ... } (nothing lost). Default 0ms.',
              )
              .optional(),
            'broker-link': link
              .schema(c)
              .optional()
              .describe(
                "Each consumer's network link to the broker, with the options of a link step, such as { latency: 5ms, loss: 1% }: receives, their answers, acks and nacks can be lost, duplicated, reordered, and cut by a partition between the broker and the consumers. request-size is a receive's, an ack's or a nack's size; response-size one message's in an answer. Default: a link with the consumers' latency and nothing else.",
              ),
            'receive-timeout': duration(
              `How long a listener waits, on its consumer's clock, for the answer to a receive before it gives it up and polls again (an SDK's HTTP timeout), such as 25s. Default: the wait + ${RECEIVE_TIMEOUT_MARGIN_MS / 1000}s.`,
              { positive: true },
            ).optional(),
            wait: duration('How long a receive waits at the broker for a message (long polling), such as 20s. Default 20s.', { period: true }).prefault('20s'),
            'nack-delay': duration('A nacked message becomes visible again after this long, such as 5s. Default 0ms: at once.').prefault('0ms'),
          },
          { expected: 'a map such as { service: worker, count: 2, workers: 4 }' },
        )
          .transform((c, ctx) => {
            if (c.latency !== undefined && c['broker-link'] !== undefined) {
              const message = say(
                'expected latency or broker-link, not both; latency is shorthand for broker-link: { latency: ... }',
                'move the latency into broker-link, such as broker-link: { latency: 5ms, loss: 1% }',
              );
              ctx.issues.push({ code: 'custom', path: ['latency'], input: c.latency, message });
              return z.NEVER;
            }
            const timeout = c['receive-timeout'];
            if (timeout !== undefined && !(timeout > c.wait)) {
              const message = say(
                `expected a receive timeout longer than the long-poll wait (${c.wait}ms); found ${timeout}ms: the listener would give up on a receive still waiting at the broker, and the messages the broker then hands it would be abandoned`,
                `raise receive-timeout above the wait, such as ${c.wait + RECEIVE_TIMEOUT_MARGIN_MS}ms, or shorten wait`,
              );
              ctx.issues.push({ code: 'custom', path: ['receive-timeout'], input: timeout, message });
              return z.NEVER;
            }
            let brokerLink: BrokerLinkSpec | undefined;
            if (c['broker-link'] !== undefined) {
              const { kind: _kind, ...options } = c['broker-link'];
              brokerLink = options;
            }
            return {
            service: c.service,
            count: c.count,
            listeners: c.listeners,
            dequeueLimit: c['dequeue-limit'],
            prefetch: c.prefetch ?? 20 * c.listeners,
            workers: c.workers,
            maxConcurrentWork: c['max-concurrent-work'] ?? c.workers,
            blocking: c.blocking,
            ...(c.compute !== undefined && { compute: c.compute }),
            latency: brokerLink?.latency ?? c.latency ?? { kind: 'constant' as const, value: 0 },
            ...(brokerLink !== undefined && { brokerLink }),
            ...(c['receive-timeout'] !== undefined && { receiveTimeoutMs: c['receive-timeout'] }),
            waitMs: c.wait,
            nackDelayMs: c['nack-delay'],
          };
          })
          .describe("The consumers that pull the broker's messages, as Squeedo's knobs."),
      },
      { expected: 'a map such as { visibility-timeout: 30s, consumers: { service: worker } }' },
    )
      .transform((v) => ({
        kind: 'broker' as const,
        visibilityTimeoutMs: v['visibility-timeout'],
        ...(v['max-receives'] !== undefined && { maxReceives: v['max-receives'] }),
        retentionMs: v.retention,
        poison: v.poison ?? 0,
        reply: v.reply,
        consumers: v.consumers,
      }))
      .describe('A message queue (as SQS) with its consumers (as Squeedo): each request sends a message; must be the last step.');
  },
  check: (s, c) => c.service(s.consumers.service, [...c.at, 'consumers', 'service']),
  build: (s, c) => buildBroker(c.sim, c.path, s, (id) => c.service(s.consumers.service, id, c.speed)),
  report: { block: 'brokers', lines: brokerLines },
});

/**
 * Builds a `broker` step: the broker, and its consumers, each running its own copy of the
 * consumers' service. Ids: the broker at its step's path (`broker`), consumer j at
 * `broker/<service>[j]`, and its chain below it (`broker/worker[0]/server`), as a balancer's
 * private pool. Each consumer talks to the broker over its own link (`broker-link.ts`): the
 * consumers' `broker-link`, or a link with their `latency` and nothing else.
 */
import type { Node } from '../engine/node.js';
import type { Simulation } from '../engine/simulation.js';
import type { BrokerSpec } from '../spec/scenario.js';
import { Broker } from './broker.js';
import { Consumer, RECEIVE_TIMEOUT_MARGIN_MS } from './consumer.js';
import { BrokerLinks } from './broker-link.js';

export { Broker, type BrokerLogEntry, type BrokerOptions } from './broker.js';
export { Consumer, RECEIVE_TIMEOUT_MARGIN_MS, type ConsumerOptions } from './consumer.js';
export { BrokerLinks } from './broker-link.js';

/** `chain(id)` builds the consumers' service for the consumer whose id is `id`. */
export function buildBroker(sim: Simulation, path: string, s: BrokerSpec, chain: (id: string) => Node): Broker {
  const c = s.consumers;
  const broker = new Broker(sim, path, {
    visibilityTimeoutMs: s.visibilityTimeoutMs,
    ...(s.maxReceives !== undefined && { maxReceives: s.maxReceives }),
    retentionMs: s.retentionMs,
    poison: s.poison,
    reply: s.reply,
    waitMs: c.waitMs,
  });
  const ids = Array.from({ length: c.count }, (_, j) => `${path}/${c.service}[${j}]`);
  const link = c.brokerLink ?? { latency: c.latency, loss: 0, duplicate: 0, requestBytes: 1024, responseBytes: 1024 };
  const links = new BrokerLinks(sim, path, ids, link, c.brokerLink !== undefined);
  const consumers = ids.map(
    (id, j) =>
      new Consumer(
        sim,
        id,
        broker,
        {
          listeners: c.listeners,
          dequeueLimit: c.dequeueLimit,
          prefetch: c.prefetch,
          workers: c.workers,
          maxConcurrentWork: c.maxConcurrentWork,
          blocking: c.blocking,
          ...(c.compute !== undefined && { compute: c.compute }),
          nackDelayMs: c.nackDelayMs,
          receiveTimeoutMs: c.receiveTimeoutMs ?? c.waitMs + RECEIVE_TIMEOUT_MARGIN_MS,
        },
        chain(id),
        links,
        j,
      ),
  );
  broker.connect(links, consumers);
  return broker;
}

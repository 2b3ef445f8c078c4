/**
 * Builds a `broker` step: the broker, and its consumers, each running its own copy of the
 * consumers' service. Ids: the broker at its step's path (`broker`), consumer j at
 * `broker/<service>[j]`, and its chain below it (`broker/worker[0]/server`), as a balancer's
 * private pool.
 */
import type { Node } from '../engine/node.js';
import type { Simulation } from '../engine/simulation.js';
import type { BrokerSpec } from '../spec/scenario.js';
import { Broker } from './broker.js';
import { Consumer } from './consumer.js';

export { Broker, type BrokerLogEntry, type BrokerOptions } from './broker.js';
export { Consumer, type ConsumerOptions } from './consumer.js';

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
  for (let j = 0; j < c.count; j++) {
    const id = `${path}/${c.service}[${j}]`;
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
        latency: c.latency,
        nackDelayMs: c.nackDelayMs,
      },
      chain(id),
    );
  }
  return broker;
}

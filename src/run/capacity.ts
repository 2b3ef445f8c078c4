/**
 * Offered load and capacity, from the scenario before the run: the rate of calls each server (or
 * pool of servers) is offered, and the rate it can serve. A system that cannot keep up has no
 * steady state, and its percentiles say only how long it ran; this is how the report knows to say
 * so before anyone reads them.
 *
 * The arrival rate is the load's mean rate (open loop; a closed loop cannot be overloaded by its
 * users alone and gets no offered figure). It flows down the topology: an oblivious balancer
 * (random, round-robin, keyed) splits it evenly over its backends, a weighted one by its weights, a
 * load-aware one (least-conn, two-choices, jsq, ...) at best in proportion to their speeds; a fan-out
 * sends it to every backend, a
 * shared pool adds up what every balancer sends it, a broker hands each message to one consumer.
 * A retry or a hedge can only add calls: the offered rate below one is a lower bound (`atLeast`).
 * A server's capacity is concurrency x speed / mean service time (a slotted server: concurrency per
 * tick). Node ids are the builder's, with pool indices as `[*]`.
 */
import { meanOf } from '../engine/distributions.js';
import { groupId } from '../engine/node.js';
import type { BackendsSpec } from '../spec/scenario.js';
import { meanArrivalRatePerMs } from '../load/rate.js';
import type { ChainSpec, ScenarioSpec } from '../scenario/spec.js';

export interface ServerLoad {
  /** The servers' id, pool indices as `[*]`: `balancer/dyno[*]/server`. */
  id: string;
  /** How many servers share this id. */
  count: number;
  /** Calls per second offered to each server (the busiest, when speeds differ). */
  offeredPerSec: number;
  /** Calls per second each server can serve (the one offered `offeredPerSec`). */
  capacityPerSec: number;
  /** offered / capacity: at or above 1, the server cannot keep up. */
  utilization: number;
  /** A retry or hedge above it can send more than this. */
  atLeast: boolean;
}

/** Every server's offered load and capacity; empty when the load has no mean rate. */
export function serverLoads(spec: ScenarioSpec): ServerLoad[] {
  const rate = meanArrivalRatePerMs(spec.load.arrivals);
  if (rate === null || !(rate > 0)) return [];
  /** Per server node (its concrete id): calls per ms offered, calls per ms it can serve, and whether a retry or hedge is above it. */
  const nodes = new Map<string, { offered: number; capacity: number; atLeast: boolean }>();
  const note = (id: string, offered: number, capacity: number, atLeast: boolean) => {
    const n = nodes.get(id);
    if (n === undefined) nodes.set(id, { offered, capacity, atLeast });
    else {
      n.offered += offered;
      n.atLeast ||= atLeast;
    }
  };

  const walk = (steps: ChainSpec, prefix: string, r: number, speed: number, atLeast: boolean, depth: number): void => {
    if (depth > 32) return;
    const seen = new Map<string, number>();
    let more = atLeast;
    for (const s of steps) {
      const k = (seen.get(s.kind) ?? 0) + 1;
      seen.set(s.kind, k);
      const name = k === 1 ? s.kind : `${s.kind}${k}`;
      const path = prefix ? `${prefix}/${name}` : name;
      switch (s.kind) {
        case 'retry':
        case 'hedge':
          more = true;
          break;
        case 'server': {
          const capacity = s.serviceTime !== undefined ? (s.concurrency * speed) / meanOf(s.serviceTime) : s.tickMs !== undefined ? s.concurrency / s.tickMs : Infinity;
          note(path, r, capacity, more);
          break;
        }
        case 'service':
          walk(spec.services[s.name] ?? [], prefix ? `${prefix}/${s.name}` : s.name, r, speed, more, depth + 1);
          break;
        case 'fan-out':
          poolLoads(s.backends, path, () => r, more, depth);
          break;
        case 'balancer': {
          // oblivious strategies split evenly (weighted ones by their weights, by default the
          // speeds); load-aware ones send more where there is room: at best in proportion to capacity
          const weighted = s.strategy === 'weighted-random' || s.strategy === 'weighted-round-robin';
          const oblivious = weighted || ['random', 'round-robin', 'consistent-hash', 'shuffle-shard'].includes(s.strategy);
          poolLoads(s.backends, path, (n, j, speeds) => {
            const w = oblivious && !weighted ? null : (weighted ? s.weights : undefined) ?? speeds;
            return w === null ? r / n : (r * w[j]) / w.reduce((x, y) => x + y, 0);
          }, more, depth);
          break;
        }
        case 'broker': {
          const c = s.consumers;
          for (let j = 0; j < c.count; j++) walk(spec.services[c.service] ?? [], `${path}/${c.service}[${j}]`, r / c.count, speed, more, depth + 1);
          break;
        }
      }
    }
  };

  const poolLoads = (b: BackendsSpec, path: string, share: (n: number, j: number, speeds: number[]) => number, atLeast: boolean, depth: number) => {
    const named = 'pool' in b ? spec.pools[b.pool] : undefined;
    const service = named?.service ?? ('service' in b ? b.service : undefined);
    const n = named?.count ?? ('count' in b ? b.count : 0);
    const given = named?.speeds ?? ('speeds' in b ? b.speeds : undefined);
    const slow = named?.slow ?? ('slow' in b ? b.slow : undefined);
    // as the builder does: a speed per member, or the last `slow.count` members `slow.factor` times slower
    const speeds = Array.from({ length: n }, (_, j) => given?.[j] ?? (slow !== undefined && j >= n - slow.count ? 1 / slow.factor : 1));
    if (service === undefined || n === 0) return;
    const memberPrefix = 'pool' in b ? b.pool : `${path}/${service}`;
    for (let j = 0; j < n; j++) walk(spec.services[service] ?? [], `${memberPrefix}[${j}]`, share(n, j, speeds), speeds[j], atLeast, depth + 1);
  };

  walk(spec.topology, '', rate, 1, false, 0);
  const groups = new Map<string, ServerLoad>();
  for (const [id, n] of nodes) {
    const key = groupId(id);
    const utilization = n.offered / n.capacity;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { id: key, count: 1, offeredPerSec: n.offered * 1000, capacityPerSec: n.capacity * 1000, utilization, atLeast: n.atLeast });
    else {
      g.count++;
      g.atLeast ||= n.atLeast;
      if (utilization > g.utilization) Object.assign(g, { offeredPerSec: n.offered * 1000, capacityPerSec: n.capacity * 1000, utilization });
    }
  }
  return [...groups.values()];
}

/**
 * Builds the simulated system a scenario describes: every chain from its last step (the server
 * end) back to its first (the client end), each step wrapping the next.
 *
 * Node ids are paths that say where a node sits, and they name the node's random stream: `server`,
 * `balancer/dyno[17]/server`, or for a named (shared) pool `dynos[17]/server`. The path depends on
 * the shape of the system, never on a strategy or a parameter, so two variants of a scenario draw
 * the same numbers in the same places.
 */
import type { Node } from '../engine/node.js';
import type { Simulation } from '../engine/simulation.js';
import type { ChainSpec, ScenarioSpec, StepSpec, BackendsSpec } from '../spec/scenario.js';
import { Cable } from '../components/cable.js';
import { Link } from '../net/link.js';
import { Delay } from '../components/delay.js';
import { Server } from '../components/server.js';
import { SlottedServer } from '../components/slotted-server.js';
import { Faulty } from '../components/faulty.js';
import { Retry } from '../components/retry.js';
import { Timeout } from '../components/timeout.js';
import { Hedge } from '../components/hedge.js';
import { CircuitBreaker } from '../components/circuit-breaker.js';
import { RateLimit } from '../components/rate-limit.js';
import { ConcurrencyLimit } from '../components/concurrency-limit.js';
import { Lease } from '../components/lease.js';
import { Balancer } from '../components/balancer.js';
import { Gauge } from '../components/gauge.js';
import { LoadBoard } from '../components/load-info.js';
import { makeStrategy } from '../components/strategies/index.js';
import { rngStream } from '../engine/rng.js';
import { buildBroker } from '../broker/index.js';

import { BuildError } from '../engine/errors.js';

/** The members of a pool, their speeds, and (when some balancer reads it) the board of calls inside each. */
interface Fleet {
  members: Node[];
  speeds: number[];
  board: LoadBoard | null;
}

export function buildTopology(sim: Simulation, spec: ScenarioSpec): Node {
  const pools = new Map<string, Fleet>();
  const building = new Set<string>();
  const gauged = usesBackendInfo(spec);

  const chain = (steps: ChainSpec, prefix: string, speed: number): Node => {
    if (steps.length === 0) throw new BuildError(`empty chain at ${prefix || 'topology'}`);
    const names = segmentNames(steps);
    let next: Node | null = null;
    for (let i = steps.length - 1; i >= 0; i--) {
      next = step(steps[i], prefix ? `${prefix}/${names[i]}` : names[i], prefix, next, speed);
      sim.register(next);
    }
    return next as Node;
  };

  const service = (name: string, path: string, speed: number): Node => {
    const steps = spec.services[name];
    if (steps === undefined) throw new BuildError(`unknown service "${name}"`);
    if (building.has(name)) throw new BuildError(`service "${name}" contains itself`);
    building.add(name);
    try {
      return chain(steps, path, speed);
    } finally {
      building.delete(name);
    }
  };

  const fleet = (serviceName: string, count: number, speeds: number[] | undefined, memberPath: (j: number) => string): Fleet => {
    const board = gauged ? new LoadBoard(count) : null;
    const speedOf = (j: number) => speeds?.[j] ?? 1;
    const members = Array.from({ length: count }, (_, j) => {
      const member = service(serviceName, memberPath(j), speedOf(j));
      if (!board) return member;
      const gauge = new Gauge(sim, memberPath(j), board, j, member);
      sim.register(gauge);
      return gauge;
    });
    return { members, speeds: Array.from({ length: count }, (_, j) => speedOf(j)), board };
  };

  const backends = (b: BackendsSpec, path: string): Fleet => {
    if ('pool' in b) {
      const existing = pools.get(b.pool);
      if (existing !== undefined) return existing;
      const pool = spec.pools[b.pool];
      if (pool === undefined) throw new BuildError(`unknown pool "${b.pool}"`);
      const f = fleet(pool.service, pool.count, pool.speeds, (j) => `${b.pool}[${j}]`);
      pools.set(b.pool, f);
      return f;
    }
    return fleet(b.service, b.count, b.speeds, (j) => `${path}/${b.service}[${j}]`);
  };

  const need = (next: Node | null, s: StepSpec, path: string): Node => {
    if (next === null) throw new BuildError(`${path}: a ${s.kind} needs a next step to pass calls to`);
    return next;
  };

  const step = (s: StepSpec, path: string, prefix: string, next: Node | null, speed: number): Node => {
    switch (s.kind) {
      case 'cable':
        return new Cable(sim, path, s.latency, need(next, s, path));
      case 'link':
        return new Link(
          sim,
          path,
          {
            latency: s.latency,
            loss: s.loss,
            duplicate: s.duplicate,
            reorder: s.reorder,
            bandwidthBytesPerMs: s.bandwidthBytesPerMs,
            requestBytes: s.requestBytes,
            responseBytes: s.responseBytes,
          },
          need(next, s, path),
        );
      case 'delay':
        return new Delay(sim, path, s.time, need(next, s, path));
      case 'server':
        return s.service === undefined ? new SlottedServer(sim, path, { concurrency: s.concurrency, tickMs: s.tickMs as number, speed }, next) : new Server(sim, path, { concurrency: s.concurrency, service: s.service, speed, queue: s.queue }, next);
      case 'faulty':
        return new Faulty(sim, path, { mtbfMs: s.mtbfMs, mttrMs: s.mttrMs }, need(next, s, path));
      case 'retry':
        return new Retry(sim, path, { attempts: s.attempts, on: s.on, backoff: s.backoff, budget: s.budget }, need(next, s, path));
      case 'timeout':
        return new Timeout(sim, path, s.afterMs, need(next, s, path));
      case 'hedge':
        return new Hedge(sim, path, { afterMs: s.afterMs, percentile: s.percentile, max: s.max, warmup: s.warmup }, need(next, s, path));
      case 'circuit-breaker':
        return new CircuitBreaker(sim, path, s, need(next, s, path));
      case 'rate-limit':
        return new RateLimit(sim, path, { ratePerMs: s.ratePerMs, burst: s.burst }, need(next, s, path));
      case 'concurrency-limit':
        return new ConcurrencyLimit(sim, path, { limit: s.limit, queue: s.queue, aimd: s.aimd }, need(next, s, path));
      case 'lease':
        return new Lease(sim, path, { name: s.name, durationMs: s.durationMs, marginMs: s.marginMs }, need(next, s, path));
      case 'balancer': {
        if (next !== null) throw new BuildError(`${path}: a balancer must be the last step of its chain`);
        const f = backends(s.backends, path);
        const n = f.members.length;
        const weights = s.weights;
        if (weights !== undefined && weights.length !== n) {
          throw new BuildError(`${path}: expected one weight per backend (${n}); found ${weights.length}`);
        }
        const strategy = makeStrategy(
          s.strategy,
          { tieBreak: s.tieBreak, choices: s.choices, weights, virtualNodes: s.virtualNodes, shardSize: s.shardSize },
          { n, speeds: f.speeds, shardRng: (key) => rngStream(sim.seed, `${path}/shard/${key}`) },
        );
        return new Balancer(sim, path, strategy, f.members, {
          strategy: s.strategy,
          errorHoldMs: s.errorHoldMs,
          info: s.info,
          backendBoard: f.board,
        });
      }
      case 'service':
        if (next !== null) throw new BuildError(`${path}: a service step must be the last step of its chain`);
        return service(s.name, prefix ? `${prefix}/${s.name}` : s.name, speed);
      case 'broker':
        if (next !== null) throw new BuildError(`${path}: a broker must be the last step of its chain`);
        return buildBroker(sim, path, s, (id) => service(s.consumers.service, id, speed));
    }
  };

  return chain(spec.topology, '', 1);
}

/** Whether any balancer reads its backends' true load (then every pool member gets a gauge). */
function usesBackendInfo(spec: ScenarioSpec): boolean {
  const chains = [spec.topology, ...Object.values(spec.services)];
  return chains.some((c) => c.some((s) => s.kind === 'balancer' && s.info.source === 'backend'));
}

/** `cable`, `server`, ...; a kind that occurs again in the same chain gets a number: `cable2`. */
function segmentNames(steps: ChainSpec): string[] {
  const seen = new Map<string, number>();
  return steps.map((s) => {
    const k = (seen.get(s.kind) ?? 0) + 1;
    seen.set(s.kind, k);
    return k === 1 ? s.kind : `${s.kind}${k}`;
  });
}

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
import type { ChainSpec, ScenarioSpec, StepSpec, BackendsSpec } from './spec.js';
import { Cable } from '../components/cable.js';
import { Delay } from '../components/delay.js';
import { Server } from '../components/server.js';
import { Faulty } from '../components/faulty.js';
import { Retry } from '../components/retry.js';
import { Balancer } from '../components/balancer.js';
import { makeStrategy } from '../components/strategies/index.js';

export class BuildError extends Error {}

export function buildTopology(sim: Simulation, spec: ScenarioSpec): Node {
  const pools = new Map<string, Node[]>();
  const building = new Set<string>();

  const chain = (steps: ChainSpec, prefix: string): Node => {
    if (steps.length === 0) throw new BuildError(`empty chain at ${prefix || 'topology'}`);
    const names = segmentNames(steps);
    let next: Node | null = null;
    for (let i = steps.length - 1; i >= 0; i--) {
      next = step(steps[i], prefix ? `${prefix}/${names[i]}` : names[i], prefix, next);
    }
    return next as Node;
  };

  const service = (name: string, path: string): Node => {
    const steps = spec.services[name];
    if (steps === undefined) throw new BuildError(`unknown service "${name}"`);
    if (building.has(name)) throw new BuildError(`service "${name}" contains itself`);
    building.add(name);
    try {
      return chain(steps, path);
    } finally {
      building.delete(name);
    }
  };

  const backends = (b: BackendsSpec, path: string): Node[] => {
    if ('pool' in b) {
      const existing = pools.get(b.pool);
      if (existing !== undefined) return existing;
      const pool = spec.pools[b.pool];
      if (pool === undefined) throw new BuildError(`unknown pool "${b.pool}"`);
      const members = Array.from({ length: pool.count }, (_, j) => service(pool.service, `${b.pool}[${j}]`));
      pools.set(b.pool, members);
      return members;
    }
    return Array.from({ length: b.count }, (_, j) => service(b.service, `${path}/${b.service}[${j}]`));
  };

  const need = (next: Node | null, s: StepSpec, path: string): Node => {
    if (next === null) throw new BuildError(`${path}: a ${s.kind} needs a next step to pass calls to`);
    return next;
  };

  const step = (s: StepSpec, path: string, prefix: string, next: Node | null): Node => {
    switch (s.kind) {
      case 'cable':
        return new Cable(sim, path, s.latency, need(next, s, path));
      case 'delay':
        return new Delay(sim, path, s.time, need(next, s, path));
      case 'server':
        return new Server(sim, path, { concurrency: s.concurrency, service: s.service }, next);
      case 'faulty':
        return new Faulty(sim, path, { mtbfMs: s.mtbfMs, mttrMs: s.mttrMs }, need(next, s, path));
      case 'retry':
        return new Retry(sim, path, s.attempts, need(next, s, path));
      case 'balancer': {
        if (next !== null) throw new BuildError(`${path}: a balancer must be the last step of its chain`);
        const strategy = makeStrategy(s.strategy, { tieBreak: s.tieBreak });
        return new Balancer(sim, path, strategy, backends(s.backends, path), { strategy: s.strategy, errorHoldMs: s.errorHoldMs });
      }
      case 'service':
        if (next !== null) throw new BuildError(`${path}: a service step must be the last step of its chain`);
        return service(s.name, prefix ? `${prefix}/${s.name}` : s.name);
    }
  };

  return chain(spec.topology, '');
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

/**
 * Builds the simulated system a scenario describes: every chain from its last step (the server
 * end) back to its first (the client end), each step wrapping the next. Each step is built by its
 * kind's `build` in the step-kind registry (src/scenario/steps/); this file knows chains, services
 * and pools, not kinds.
 *
 * Node ids are paths that say where a node sits, and they name the node's random stream: `server`,
 * `balancer/dyno[17]/server`, or for a named (shared) pool `dynos[17]/server`. The path depends on
 * the shape of the system, never on a strategy or a parameter, so two variants of a scenario draw
 * the same numbers in the same places.
 */
import type { Node } from '../engine/node.js';
import type { Simulation } from '../engine/simulation.js';
import type { BackendsSpec, ScenarioSpecOf, SlowMembers } from '../spec/scenario.js';
import { LoadCounter } from '../components/load-counter.js';
import { LoadCounts } from '../components/load-info.js';
import { BuildError } from '../engine/errors.js';
import { STEPS } from './steps/index.js';
import type { BuildContext, Pool, StepKind, StepRegistry } from './steps/step.js';

type Step = { kind: string };

/** Builds the topology's chain and everything it reaches; `steps`: the step kinds (default: the registry). */
export function buildTopology(sim: Simulation, spec: ScenarioSpecOf<Step>, steps: StepRegistry = STEPS): Node {
  const kinds = new Map<string, StepKind<Step>>(steps.map((k) => [k.kind, k]));
  const kindOf = (s: Step): StepKind<Step> => {
    const kind = kinds.get(s.kind);
    if (kind === undefined) throw new BuildError(`unknown step kind "${s.kind}"`);
    return kind;
  };
  const pools = new Map<string, Pool>();
  const building = new Set<string>();
  const chains = [spec.topology, ...Object.values(spec.services)];
  const counted = chains.some((c) => c.some((s) => kindOf(s).needsGauges?.(s) ?? false));

  const chain = (steps: Step[], prefix: string, speed: number): Node => {
    if (steps.length === 0) throw new BuildError(`empty chain at ${prefix || 'topology'}`);
    const names = segmentNames(steps);
    let next: Node | null = null;
    // built from the last step to the first; traced as a call meets them: each step, then what it built (its pool, its grantor link)
    const traced: string[][] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const after: Node | null = next;
      const { built, ids } = sim.gather((): Node => {
        const n = step(steps[i], prefix ? `${prefix}/${names[i]}` : names[i], prefix, after, speed);
        sim.register(n);
        return n;
      });
      // registered last, met first
      traced[i] = ids.includes(built.id) ? [built.id, ...ids.filter((id) => id !== built.id)] : ids;
      next = built;
    }
    sim.placeInTrace(traced.flat());
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

  const buildPool = (
    serviceName: string,
    count: number,
    speeds: number[] | undefined,
    slow: SlowMembers | undefined,
    memberPath: (j: number) => string,
  ): Pool => {
    const load = counted ? new LoadCounts(count) : null;
    const speedOf = (j: number) => speeds?.[j] ?? (slow !== undefined && j >= count - slow.count ? 1 / slow.factor : 1);
    const members = Array.from({ length: count }, (_, j) => {
      const { built: member, ids } = sim.gather(() => service(serviceName, memberPath(j), speedOf(j)));
      if (load) {
        // the member's counter is met before its steps
        const counter = new LoadCounter(sim, memberPath(j), load, j, member);
        sim.register(counter);
        sim.placeInTrace(ids);
        return counter;
      }
      sim.placeInTrace(ids);
      return member;
    });
    return { members, speeds: Array.from({ length: count }, (_, j) => speedOf(j)), load };
  };

  const backends = (b: BackendsSpec, path: string): Pool => {
    if ('pool' in b) {
      const existing = pools.get(b.pool);
      if (existing !== undefined) return existing;
      const pool = spec.pools[b.pool];
      if (pool === undefined) throw new BuildError(`unknown pool "${b.pool}"`);
      const f = buildPool(pool.service, pool.count, pool.speeds, pool.slow, (j) => `${b.pool}[${j}]`);
      pools.set(b.pool, f);
      return f;
    }
    return buildPool(b.service, b.count, b.speeds, b.slow, (j) => `${path}/${b.service}[${j}]`);
  };

  const step = (s: Step, path: string, prefix: string, next: Node | null, speed: number): Node => {
    const kind = kindOf(s);
    if (kind.place === 'wraps' && next === null) throw new BuildError(`${path}: a ${s.kind} needs a next step to pass calls to`);
    if (kind.place === 'ends' && next !== null) throw new BuildError(`${path}: a ${kind.noun ?? s.kind} must be the last step of its chain`);
    const context: BuildContext = { sim, path, prefix, next, speed, service, backends };
    return kind.build(s, context);
  };

  return chain(spec.topology, '', 1);
}

/** `cable`, `server`, ...; a kind that occurs again in the same chain gets a number: `cable2`. */
function segmentNames(steps: readonly Step[]): string[] {
  const seen = new Map<string, number>();
  return steps.map((s) => {
    const k = (seen.get(s.kind) ?? 0) + 1;
    seen.set(s.kind, k);
    return k === 1 ? s.kind : `${s.kind}${k}`;
  });
}

/**
 * Checks that need the whole scenario: names that refer to services and pools, services that
 * contain themselves, service steps in the wrong place, and warm-up and cool-down windows that
 * leave nothing to measure. Run by the schema once the structure is valid; paths are those of the
 * scenario file (kebab-case keys), so problems point at the right place.
 */
import {
  instantNeedsRequests,
  loadWindowMismatch,
  nothingMeasured,
  stepNeedsNext,
  terminalStepNotLast,
  serviceCycle,
  nestedTooDeep,
  unknownPool,
  unknownService,
} from './messages.js';
import type { PathSegment } from './path.js';
import { MAX_REPORTED_PROBLEMS } from './errors.js';
import type { ScenarioSpecOf, WindowSpec } from '../spec/scenario.js';
import { STEPS } from './steps/index.js';
import type { CheckContext, StepKind, StepRegistry } from './steps/step.js';

export interface SemanticProblem {
  path: PathSegment[];
  /** The message, with its hint if any (see `say`). */
  message: string;
}

/** A reference from a chain to a service, directly or through a pool. */
interface Reference {
  service: string;
  path: PathSegment[];
}

type Step = { kind: string };

/** `steps`: the step kinds, which say where each may stand in a chain and check their references. */
export function checkScenario(spec: ScenarioSpecOf<Step>, steps: StepRegistry = STEPS): SemanticProblem[] {
  const kinds = new Map<string, StepKind<Step>>(steps.map((k) => [k.kind, k]));
  const problems: SemanticProblem[] = [];
  const services = Object.keys(spec.services);
  const pools = Object.keys(spec.pools);
  const hasService = (name: string) => Object.hasOwn(spec.services, name);
  // "did you mean" for the first unknown names only: each compares the name with every name defined
  let suggestions = MAX_REPORTED_PROBLEMS;
  const suggest = () => suggestions-- > 0;
  const hasPool = (name: string) => Object.hasOwn(spec.pools, name);

  /** The services a chain refers to, reporting the references that lead nowhere. */
  function references(chain: Step[], at: PathSegment[]): Reference[] {
    const refs: Reference[] = [];
    const context = (path: PathSegment[]): CheckContext => ({
      spec,
      at: path,
      problem: (path, message) => problems.push({ path, message }),
      service: (name, path) => {
        if (hasService(name)) refs.push({ service: name, path });
        else problems.push({ path, message: unknownService(name, services, suggest()) });
      },
      pool: (name, path) => {
        if (!hasPool(name)) problems.push({ path, message: unknownPool(name, pools, services, suggest()) });
        else if (hasService(spec.pools[name].service)) refs.push({ service: spec.pools[name].service, path });
      },
    });
    chain.forEach((step, i) => {
      const kind = kinds.get(step.kind);
      if (kind === undefined) return;
      const after = chain.length - 1 - i;
      if (after === 0 && kind.place === 'wraps') problems.push({ path: [...at, i], message: stepNeedsNext(step.kind) });
      if (after > 0 && kind.place === 'ends') {
        problems.push({ path: [...at, i], message: kind.notLast?.(step, after) ?? terminalStepNotLast(step.kind, after) });
      }
      kind.check?.(step, context([...at, i, step.kind]));
    });
    return refs;
  }

  references(spec.topology, ['topology']);
  const graph = new Map<string, Reference[]>();
  for (const name of services) graph.set(name, references(spec.services[name], ['services', name]));
  for (const name of pools) {
    if (!hasService(spec.pools[name].service)) {
      problems.push({ path: ['pools', name, 'service'], message: unknownService(spec.pools[name].service, services, suggest()) });
    }
  }
  problems.push(...cycles(graph));
  problems.push(...windows(spec));
  return problems;
}

/** Services may contain services (by service steps and pools) this many levels deep, no more. */
export const MAX_NESTING = 64;

/**
 * One problem for each cycle a depth-first walk meets, at the reference that starts it; and one for
 * the first service that nests services more than MAX_NESTING deep. The walk keeps its own stack,
 * so a chain of thousands of services cannot overflow the call stack.
 */
function cycles(graph: Map<string, Reference[]>): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  /** The levels of services each service holds, itself included (a cycle counts once). */
  const depth = new Map<string, number>();
  type Frame = { service: string; refs: Reference[]; next: number; via?: Reference; depth: number };
  const stack: Frame[] = [];
  const onStack = new Map<string, number>();
  const enter = (service: string) => {
    state.set(service, 'visiting');
    onStack.set(service, stack.length);
    stack.push({ service, refs: graph.get(service) ?? [], next: 0, depth: 1 });
  };
  for (const root of graph.keys()) {
    if (state.has(root)) continue;
    enter(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < frame.refs.length) {
        const ref = frame.refs[frame.next++];
        frame.via = ref;
        const s = state.get(ref.service);
        if (s === 'visiting') {
          const start = onStack.get(ref.service) as number;
          const cycle = [...stack.slice(start, start + MAX_CYCLE_SHOWN).map((f) => f.service), ...(stack.length - start > MAX_CYCLE_SHOWN ? ['...'] : []), ref.service];
          problems.push({ path: stack[start].via!.path, message: serviceCycle(cycle) });
        } else if (s === undefined) {
          enter(ref.service);
        } else {
          frame.depth = Math.max(frame.depth, 1 + (depth.get(ref.service) ?? 0));
        }
        continue;
      }
      stack.pop();
      onStack.delete(frame.service);
      state.set(frame.service, 'done');
      depth.set(frame.service, frame.depth);
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.depth = Math.max(parent.depth, 1 + frame.depth);
    }
  }
  // the service that nests deepest (the first in the file, of equals): the top of the chain
  let deepest: string | undefined;
  for (const service of graph.keys()) if (deepest === undefined || depth.get(service)! > depth.get(deepest)!) deepest = service;
  const d = deepest === undefined ? 0 : depth.get(deepest)!;
  if (d > MAX_NESTING) problems.push({ path: ['services', deepest!], message: nestedTooDeep(deepest!, d, MAX_NESTING) });
  return problems;
}

/** A cycle of more services than this is shown by its first ones. */
const MAX_CYCLE_SHOWN = 30;

function windows(spec: ScenarioSpecOf<Step>): SemanticProblem[] {
  const { warmup, cooldown } = spec;
  if (spec.processes !== undefined && spec.topology.length === 0) return []; // no chain: no requests to measure
  const requests = spec.load.requests;
  if (spec.load.arrivals.kind === 'instant' && requests === undefined) return [{ path: ['load', 'duration'], message: instantNeedsRequests() }];
  if (cooldown.kind === 'time' && requests !== undefined) {
    return [{ path: ['cooldown'], message: loadWindowMismatch('cooldown', 'a time', 'duration', 'with load.requests, give the cooldown as a number of requests or a fraction such as 25%') }];
  }
  if (cooldown.kind === 'requests' && cooldown.count > 0 && requests === undefined) {
    return [{ path: ['cooldown'], message: loadWindowMismatch('cooldown', 'a number of requests', 'requests', 'with load.duration, give the cooldown as a time or a fraction such as 25%') }];
  }
  const percent = (fraction: number) => `${+(fraction * 100).toPrecision(12)}%`;
  const describe = (w: WindowSpec) =>
    w.kind === 'requests' ? `${w.count} requests` : w.kind === 'fraction' ? percent(w.fraction) : `${w.ms}ms`;
  const path = cooldown.kind === 'requests' && cooldown.count === 0 ? ['warmup'] : ['cooldown'];
  if (warmup.kind === 'time' || cooldown.kind === 'time') return [];
  if (requests !== undefined) {
    const count = (w: WindowSpec) => (w.kind === 'requests' ? w.count : w.kind === 'fraction' ? w.fraction * requests : 0);
    const leftOut = count(warmup) + count(cooldown);
    if (leftOut < requests) return [];
    const left = `${+leftOut.toPrecision(12)} requests`;
    return [{ path, message: nothingMeasured(describe(warmup), describe(cooldown), `the ${requests} requests`, left) }];
  }
  // A load that runs for a duration: only shares of it can be compared.
  const share = (w: WindowSpec) => (w.kind === 'fraction' ? w.fraction : w.kind === 'requests' && w.count === 0 ? 0 : NaN);
  const leftOut = share(warmup) + share(cooldown);
  if (!(leftOut >= 1)) return [];
  return [{ path, message: nothingMeasured(describe(warmup), describe(cooldown), 'the requests', percent(leftOut)) }];
}

/**
 * The `flaky` fault: the links whose ids match `target` lose a further `loss` of their messages
 * from `at` for `for` (half-open: a message that enters the link at `at + for` is not affected), on
 * top of their own loss: a message survives with probability (1 - own loss) (1 - flaky loss). The
 * draws come from each link's loss stream.
 */
import type { Simulation } from '../engine/simulation.js';
import type { EventTarget } from '../engine/scheduler.js';
import type { FaultSpecs } from '../spec/scenario.js';
import { BuildError } from '../engine/errors.js';
import { Link } from './link.js';
import { faultWindows } from '../faults/windows.js';

type FlakySpec = FaultSpecs['flaky'];

const OPEN = 0;
const CLOSE = 1;

class Flaky implements EventTarget {
  constructor(
    private readonly links: Link[],
    private readonly loss: number,
  ) {}

  fire(kind: number): void {
    for (const link of this.links) link.setFlaky(this.loss, kind === OPEN);
  }
}

export function scheduleFlaky(sim: Simulation, spec: FlakySpec, index: number): void {
  const found = sim.find(spec.target);
  const links = found.filter((n): n is Link => n instanceof Link);
  if (links.length === 0) {
    const what = found.length === 0 ? 'no node' : `only nodes that are not links (${found.slice(0, 3).map((n) => n.id).join(', ')}${found.length > 3 ? ', ...' : ''})`;
    throw new BuildError(`faults[${index}].flaky.target: "${spec.target}" matches ${what}; expected the id of one or more link steps, such as balancer/dyno[0..3]/link`);
  }
  const flaky = new Flaky(links, spec.loss);
  sim.sched.at(spec.atMs, flaky, OPEN, undefined, true);
  sim.sched.at(spec.atMs + spec.forMs, flaky, CLOSE, undefined, true);
  faultWindows(sim).push({ node: spec.target, kind: 'flaky', start: spec.atMs, end: spec.atMs + spec.forMs });
}

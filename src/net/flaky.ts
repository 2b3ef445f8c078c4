/**
 * The `flaky` fault: the links whose ids match `target` lose a further `loss` of their messages
 * from `at` for `for` (half-open: a message that enters the link at `at + for` is not affected), on
 * top of their own loss: a message survives with probability (1 - own loss) (1 - flaky loss). The
 * draws come from each link's loss stream.
 *
 * Processes: `target` may also match process addresses (`n[0]`, `n[*]`): every pair wire from or to
 * a matching process is flaky while the window is open, the same way (net/wire.ts `setFlaky`),
 * including the wires of pairs whose first message comes during the window (the network builds a
 * pair's wire on its first message). The same holds for the other networks of addresses: a broker
 * and its consumers (`broker/worker[1]`: that consumer's link to the broker; `broker`: every
 * consumer's).
 */
import type { Simulation } from '../engine/simulation.js';
import type { EventTarget } from '../engine/scheduler.js';
import type { FaultSpecs } from '../spec/scenario.js';
import { BuildError } from '../engine/errors.js';
import { Link } from './link.js';
import { faultWindows } from '../faults/windows.js';
import { NodePattern } from '../engine/node-pattern.js';
import { addressNetworks, type AddressNetwork } from './partition.js';

type FlakySpec = FaultSpecs['flaky'];

const OPEN = 0;
const CLOSE = 1;

class Flaky implements EventTarget {
  constructor(
    private readonly links: Link[],
    private readonly networks: { network: AddressNetwork; member: boolean[] }[],
    private readonly loss: number,
  ) {}

  fire(kind: number): void {
    for (const link of this.links) link.setFlaky(this.loss, kind === OPEN);
    for (const { network, member } of this.networks) network.setFlaky(member, this.loss, kind === OPEN);
  }
}

export function scheduleFlaky(sim: Simulation, spec: FlakySpec, index: number): void {
  const found = sim.find(spec.target);
  const links = found.filter((n): n is Link => n instanceof Link);
  const pattern = new NodePattern(spec.target);
  const networks = addressNetworks(sim)
    .map((network) => ({ network, member: network.addresses.map((a) => pattern.matches(a)) }))
    .filter((n) => n.member.some((x) => x));
  if (links.length === 0 && networks.length === 0) {
    const addresses = addressNetworks(sim).flatMap((n) => n.addresses);
    const hosts = new Set(addresses);
    const others = found.filter((n) => !hosts.has(n.id));
    const what = others.length === 0 ? 'no node' : `only nodes that are not links (${others.slice(0, 3).map((n) => n.id).join(', ')}${others.length > 3 ? ', ...' : ''})`;
    const processes = addresses.length > 0 ? `, or addresses (of processes, a broker and its consumers), such as ${addresses.slice(0, 3).join(', ')}` : '';
    throw new BuildError(`faults[${index}].flaky.target: "${spec.target}" matches ${what}; expected the id of one or more link steps, such as balancer/dyno[0..3]/link${processes}`);
  }
  const flaky = new Flaky(links, networks, spec.loss);
  sim.sched.at(spec.atMs, flaky, OPEN, undefined, true);
  sim.sched.at(spec.atMs + spec.forMs, flaky, CLOSE, undefined, true);
  faultWindows(sim).push({ node: spec.target, kind: 'flaky', start: spec.atMs, end: spec.atMs + spec.forMs });
}

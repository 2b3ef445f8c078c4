/**
 * Checks the scenario's `clocks:` against the built system: a clock whose target matches no node is
 * almost certainly a typo (`leader/**` for `leaders[0]/**`), so it is an error, not a silent no-op.
 * A clock belongs to the node ids its pattern matches and to nothing else: a chain's steps inherit
 * nothing from each other, so `leaders[0]/**` gives every step of `leaders[0]` the clock, and
 * `leaders[0]/lease` only the lease. A target may also name an address of a network of addresses
 * (a broker's consumers, `broker/worker[0]`, which time their receives on their clocks).
 */
import type { Simulation } from '../engine/simulation.js';
import type { ClockSpec } from '../engine/clock.js';
import { BuildError } from '../engine/errors.js';
import { NodePattern } from '../engine/node-pattern.js';
import { addressNetworks } from '../net/partition.js';

export function checkClockTargets(sim: Simulation, clocks: readonly ClockSpec[]): void {
  // the addresses of networks count too: a broker's consumers (broker/worker[0]) read their clocks
  const addresses = addressNetworks(sim).flatMap((n) => n.addresses);
  const matches = (target: string) => sim.find(target).length > 0 || (addresses.length > 0 && addresses.some((a) => new NodePattern(target).matches(a)));
  const problems = clocks.flatMap((c, i) => (matches(c.target) ? [] : [`clocks[${i}].target: "${c.target}" matches no node (node ids look like ${example(sim)})`]));
  if (problems.length > 0) throw new BuildError(problems.join('\n'));
}

function example(sim: Simulation): string {
  const ids = sim.nodeIds();
  return ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', ...' : '');
}

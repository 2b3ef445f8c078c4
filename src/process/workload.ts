/**
 * The workload's draws: which operation each client issues next (its f from the mix, its key, its
 * values), which process takes it, and how long a client thinks. All from the workload's streams:
 * `workload` for the operations and the choice of process, `workload/client[i]` for client i's
 * think times, `workload/arrivals` for an open loop's arrival times; so a change to the processes
 * never moves them.
 */
import type { Rng } from '../engine/rng.js';
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import type { ScriptedOp, WorkloadSpec } from '../spec/process.js';

/** An operation to issue, before it has an id. */
export interface DrawnOp {
  f: string;
  key?: number;
  value?: unknown;
}

export class WorkloadDraws {
  private readonly rng: Rng;
  private readonly cumulative: number[];
  private readonly thinkRngs: Rng[];
  private readonly think: Sampler;
  private readonly arrivalRng: Rng | null;
  private next = 0;

  constructor(
    sim: Simulation,
    private readonly spec: WorkloadSpec,
    /** How many processes take operations. */
    private readonly targets: number,
  ) {
    this.rng = sim.rng('workload');
    const total = spec.mix.reduce((a, m) => a + m.weight, 0);
    let acc = 0;
    this.cumulative = spec.mix.map((m) => (acc += m.weight / total));
    this.thinkRngs = Array.from({ length: spec.clients }, (_, i) => sim.rng(`workload/client[${i}]`));
    this.think = sim.distribution(spec.think);
    this.arrivalRng = spec.ratePerMs !== undefined ? sim.rng('workload/arrivals') : null;
  }

  /** The next operation: f, then key, then values, each drawn in that order. */
  op(): DrawnOp {
    const u = this.rng();
    let i = 0;
    while (i < this.cumulative.length - 1 && u >= this.cumulative[i]) i++;
    const f = this.spec.mix[i].f;
    const op: DrawnOp = { f };
    if (this.spec.keys !== undefined) op.key = Math.floor(this.rng() * this.spec.keys);
    if (f === 'write') op.value = this.value();
    else if (f === 'cas') op.value = [this.value(), this.value()];
    else if (f !== 'read') op.value = this.value();
    return op;
  }

  /** The index (among the targets) of the process that takes client `client`'s next operation. */
  target(client: number): number {
    switch (this.spec.choose) {
      case 'same':
        return client % this.targets;
      case 'round-robin':
        return this.next++ % this.targets;
      case 'random':
        return Math.floor(this.rng() * this.targets);
    }
  }

  thinkMs(client: number): number {
    return this.think(this.thinkRngs[client]);
  }

  /** The time to the next arrival of an open loop, ms. */
  interarrivalMs(): number {
    return -Math.log(1 - (this.arrivalRng as Rng)()) / (this.spec.ratePerMs as number);
  }

  private value(): number {
    const [lo, hi] = this.spec.values;
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }
}

/**
 * A written-out workload (`operations:` as a list): each client's operations in time order (ties
 * in the order written). Nothing is drawn, so removing one operation leaves every other one as it
 * was: the operation, its client, its process and its time. This is what makes a shrunk run
 * reproducible operation by operation (run/shrink.ts writes the operations a seed drew this way).
 */
export class WorkloadScript {
  private readonly queues: ScriptedOp[][];

  constructor(script: readonly ScriptedOp[], clients: number) {
    this.queues = Array.from({ length: clients }, () => []);
    script.forEach((op) => this.queues[op.client].push(op));
    for (const q of this.queues) q.sort((a, b) => a.atMs - b.atMs); // stable: ties keep the order written
    for (const q of this.queues) q.reverse(); // taken from the end
  }

  /** Client `client`'s next operation, not yet taken (undefined: it has none left). */
  peek(client: number): ScriptedOp | undefined {
    const q = this.queues[client];
    return q[q.length - 1];
  }

  /** Takes client `client`'s next operation. */
  take(client: number): ScriptedOp {
    return this.queues[client].pop() as ScriptedOp;
  }
}

/**
 * A small harness for policy tests: a simulation without a scenario, a scripted downstream that
 * answers each call as a function of its index and arrival time, and a driver that sends requests
 * at given times and records each answer (time, outcome).
 */
import { Simulation, type SimulationOptions } from '../../src/engine/simulation.js';
import { LOSS, OUTCOMES, type Call, type Outcome, type OutcomeName, type Request } from '../../src/engine/request.js';
import { ClientRequest } from '../../src/load/request.js';
import type { Node, Caller } from '../../src/engine/node.js';
import type { EventTarget } from '../../src/engine/scheduler.js';

export const newSim = (options: Partial<SimulationOptions> = {}) => new Simulation({ seed: 1, ...options });

/** What the scripted node does with its k-th call (0-based), received at true time `now`. */
export type Script = (k: number, now: number) => { outcome: Outcome; afterMs: number } | 'lose';

/** Answers each call as its script says, after the script's delay (`lose`: never answers). */
export class Scripted implements Node, EventTarget {
  readonly id = 'scripted';
  /** [call index, time received] */
  readonly received: [number, number][] = [];
  /** The times each request's calls were received, by request id. */
  readonly byRequest = new Map<number, number[]>();
  private k = 0;
  constructor(
    private readonly sim: Simulation,
    private readonly script: Script,
  ) {}
  call(call: Call): void {
    const k = this.k++;
    const now = this.sim.sched.now;
    this.received.push([k, now]);
    const times = this.byRequest.get(call.req.id);
    if (times) times.push(now);
    else this.byRequest.set(call.req.id, [now]);
    const s = this.script(k, now);
    if (s === 'lose') return call.lose(LOSS);
    this.sim.sched.after(s.afterMs, this, s.outcome, call);
  }
  fire(kind: number, arg: unknown): void {
    (arg as Call).reply(kind as Outcome);
  }
}

export interface Answer {
  id: number;
  sent: number;
  time: number;
  outcome: OutcomeName;
}

/** Sends one request to `target` at each of `times`, runs the simulation, and returns the answers in id order. */
export function drive(sim: Simulation, target: Node, times: number[]): Answer[] {
  const answers: Answer[] = [];
  const client: Caller & EventTarget = {
    id: 'client',
    fire(_kind: number, arg: unknown) {
      const id = arg as number;
      new ClientRequest(id, sim.sched.now, true, false, sim.sched).send(target, client);
    },
    onReply(call: Call, outcome: Outcome) {
      const req = call.req as Request;
      answers.push({ id: req.id, sent: req.arrival, time: sim.sched.now, outcome: OUTCOMES[outcome] });
    },
  };
  times.forEach((t, id) => sim.sched.at(t, client, 0, id));
  sim.sched.run();
  return answers.sort((a, b) => a.id - b.id);
}

/** 0, step, 2 step, ... below `end`. */
export const every = (step: number, end: number, start = 0) => Array.from({ length: Math.ceil((end - start) / step) }, (_, i) => start + i * step);

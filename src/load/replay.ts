/**
 * `replay`: the arrival times of a trace, read from a CSV file when the scenario is loaded
 * (trace-file.ts). Request i arrives at the i-th time, as given (times are since the start of the
 * run, not shifted); equal times arrive in one event, in file order. With a service column, request
 * i carries the i-th service time and every server it reaches uses it instead of drawing one.
 */
import type { ArrivalSpec } from '../spec/scenario.js';
import type { ArrivalProcess } from './arrivals.js';

type ReplaySpec = Extract<ArrivalSpec, { kind: 'replay' }>;

export class Replay implements ArrivalProcess {
  readonly serviceMs: readonly number[] | null;
  private readonly times: readonly number[];
  private index = 0;

  constructor(spec: ReplaySpec) {
    this.times = spec.timesMs;
    this.serviceMs = spec.serviceMs ?? null;
  }

  first(): number {
    this.index = 0;
    return this.times.length > 0 ? this.times[0] : Infinity;
  }

  next(): number {
    this.index++;
    return this.index < this.times.length ? this.times[this.index] : Infinity;
  }
}

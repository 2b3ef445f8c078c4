/**
 * What a balancer knows of its backends' load. A `LoadCounts` holds live counts per backend: a
 * balancer's own outstanding calls, or (shared by every balancer over a pool) the calls inside each
 * backend. A `LoadInfo` is the balancer's view of those counts (its `info:`): live, a snapshot refreshed every T
 * (from time 0), or the counts as they were T ago.
 */
import type { EventTarget } from '../engine/scheduler.js';
import type { Simulation } from '../engine/simulation.js';
import type { InfoSpec } from '../spec/scenario.js';

export class LoadCounts {
  readonly counts: Int32Array;
  private listeners: ((index: number, value: number, now: number) => void)[] = [];

  constructor(n: number) {
    this.counts = new Int32Array(n);
  }

  add(index: number, delta: number, now: number): void {
    const v = (this.counts[index] += delta);
    for (let k = 0; k < this.listeners.length; k++) this.listeners[k](index, v, now);
  }

  /** Calls `listener` after every change. */
  watch(listener: (index: number, value: number, now: number) => void): void {
    this.listeners.push(listener);
  }
}

export interface LoadInfo {
  /** The load per backend as seen at `now`. */
  view(now: number): Int32Array;
}

export function makeLoadInfo(sim: Simulation, load: LoadCounts, spec: InfoSpec): LoadInfo {
  if (spec.refreshMs !== undefined) return new SnapshotInfo(sim, load, spec.refreshMs);
  if (spec.delayMs !== undefined) return new DelayedInfo(load, spec.delayMs);
  const counts = load.counts;
  return { view: () => counts };
}

/** A copy of the load taken at 0, T, 2T, ... */
class SnapshotInfo implements LoadInfo, EventTarget {
  private readonly snapshot: Int32Array;

  constructor(
    private readonly sim: Simulation,
    private readonly load: LoadCounts,
    private readonly everyMs: number,
  ) {
    this.snapshot = new Int32Array(load.counts.length);
    sim.sched.at(0, this, 0, undefined, true);
  }

  fire(): void {
    this.snapshot.set(this.load.counts);
    this.sim.sched.after(this.everyMs, this, 0, undefined, true);
  }

  view(): Int32Array {
    return this.snapshot;
  }
}

/** The load as it was `delayMs` ago: changes are queued and applied once they are old enough. */
class DelayedInfo implements LoadInfo {
  private readonly delayed: Int32Array;
  private times = new Float64Array(64);
  private indices = new Int32Array(64);
  private values = new Int32Array(64);
  private head = 0;
  private length = 0;

  constructor(
    load: LoadCounts,
    private readonly delayMs: number,
  ) {
    this.delayed = new Int32Array(load.counts.length);
    load.watch((i, v, now) => this.push(i, v, now));
  }

  private push(index: number, value: number, now: number): void {
    if (this.length === this.times.length) this.grow();
    const k = (this.head + this.length) % this.times.length;
    this.times[k] = now;
    this.indices[k] = index;
    this.values[k] = value;
    this.length++;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n);
    const i = new Int32Array(n);
    const v = new Int32Array(n);
    for (let k = 0; k < this.length; k++) {
      const j = (this.head + k) % this.times.length;
      t[k] = this.times[j];
      i[k] = this.indices[j];
      v[k] = this.values[j];
    }
    this.times = t;
    this.indices = i;
    this.values = v;
    this.head = 0;
  }

  view(now: number): Int32Array {
    const horizon = now - this.delayMs;
    while (this.length > 0 && this.times[this.head] <= horizon) {
      this.delayed[this.indices[this.head]] = this.values[this.head];
      this.head = (this.head + 1) % this.times.length;
      this.length--;
    }
    return this.delayed;
  }
}

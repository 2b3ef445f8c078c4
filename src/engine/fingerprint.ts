/**
 * A run's event fingerprint, for the determinism check (`hunt --double`, `replay --double`): for
 * every event the scheduler fires, its time, its target (the target's `id` when it has one, else
 * its class) and its kind. Two runs of the same scenario and seed must give the same stream; the
 * first index where two streams differ is the first event where the runs went apart.
 *
 * It costs a Map lookup (the target's number; targets are numbered once each) and three
 * typed-array writes per event, and is recorded only when asked (`Scheduler.observer`).
 */
import type { EventTarget } from './scheduler.js';

export interface EventRecord {
  /** The event's number: 1 for the first event fired (as `Scheduler.fired` counts). */
  event: number;
  timeMs: number;
  target: string;
  kind: number;
}

export class Fingerprint {
  private times = new Float64Array(1024);
  private targets = new Uint32Array(1024);
  private kinds = new Int32Array(1024);
  private n = 0;
  private readonly names: string[] = [];
  private readonly numbers = new Map<EventTarget, number>();
  private readonly byName = new Map<string, number>();

  /** Events recorded. */
  get length(): number {
    return this.n;
  }

  /** The scheduler calls this for every event it fires, before firing it. */
  readonly record = (time: number, target: EventTarget, kind: number): void => {
    if (this.n === this.times.length) this.grow();
    let t = this.numbers.get(target);
    if (t === undefined) {
      const name = nameOf(target);
      // the same name for two objects (two retries of one call): one number, compared by name
      t = this.byName.get(name);
      if (t === undefined) {
        t = this.names.length;
        this.names.push(name);
        this.byName.set(name, t);
      }
      this.numbers.set(target, t);
    }
    this.times[this.n] = time;
    this.targets[this.n] = t;
    this.kinds[this.n] = kind;
    this.n++;
  };

  at(i: number): EventRecord {
    return { event: i + 1, timeMs: this.times[i], target: this.names[this.targets[i]], kind: this.kinds[i] };
  }

  /** The index of the first event where this run and `other` differ (time, target or kind), or -1 when they agree throughout. */
  firstDifference(other: Fingerprint): number {
    const n = Math.min(this.n, other.n);
    for (let i = 0; i < n; i++) {
      if (this.times[i] !== other.times[i] || this.kinds[i] !== other.kinds[i] || this.names[this.targets[i]] !== other.names[other.targets[i]]) return i;
    }
    return this.n === other.n ? -1 : n;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n);
    t.set(this.times);
    this.times = t;
    const g = new Uint32Array(n);
    g.set(this.targets);
    this.targets = g;
    const k = new Int32Array(n);
    k.set(this.kinds);
    this.kinds = k;
  }
}

function nameOf(target: EventTarget): string {
  const id = (target as { id?: unknown }).id;
  if (typeof id === 'string') return id;
  return target.constructor?.name ?? 'anonymous';
}

/** Where two runs of one seed first differ, in words, or null when they agree. */
export interface Divergence {
  /** The number of the first event where they differ (1 = the first event). */
  event: number;
  first: EventRecord | null;
  second: EventRecord | null;
  /** Events each run fired. */
  events: [number, number];
}

export function divergence(a: Fingerprint, b: Fingerprint): Divergence | null {
  const i = a.firstDifference(b);
  if (i < 0) return null;
  return { event: i + 1, first: i < a.length ? a.at(i) : null, second: i < b.length ? b.at(i) : null, events: [a.length, b.length] };
}

/** `event 1234: at 12.5 ms leaders[0]/lease (kind 2) in the first run, at 12.5 ms leaders[1]/lease (kind 2) in the second`. */
export function describeDivergence(d: Divergence): string {
  const show = (r: EventRecord | null) => (r === null ? 'no event (the run had ended)' : `at ${Number(r.timeMs.toFixed(6))} ms ${r.target} (kind ${r.kind})`);
  return `event ${d.event}: ${show(d.first)} in the first run, ${show(d.second)} in the second (${d.events[0]} and ${d.events[1]} events in all)`;
}

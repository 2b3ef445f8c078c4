/**
 * The discrete-event scheduler: a binary heap of pending events ordered by (time, sequence).
 *
 * Events at the same virtual instant fire in the order they were scheduled, because every event
 * gets the next value of a monotonically increasing sequence number: determinism follows from the
 * data structure, not from care.
 *
 * Allocation is what costs in V8, so an event is not an object: it is a slot (target, kind,
 * argument) in parallel arrays, and the heap holds slot numbers with each one's time and sequence
 * beside it in typed arrays, so comparing two entries reads no other memory. A target is
 * any object with a `fire(kind, arg)` method, so components schedule events without closures.
 *
 * An event is one of three classes, which decide whether it keeps a run going (the whole rule of
 * when a run ends is in `end.ts`):
 *
 * - ordinary (`at`, `after`): it keeps the run going;
 * - daemon (`at(..., daemon = true)`): like a daemon thread, it never keeps the run going. Periodic
 *   work (samplers, refresh timers, heartbeats, fault schedules) is scheduled so;
 * - held by a work (`atWhile`): it keeps the run going only while that `Work` is open.
 *
 * `liveEvents` counts the pending events that keep the run going now.
 */
import type { Work } from './work.js';

/** Something that receives events. `kind` tells the target which of its events fired. */
export interface EventTarget {
  fire(kind: number, arg: unknown): void;
}

/** A handle to a scheduled event, for `cancel`. Stale handles are harmless. */
export type EventHandle = number;

/**
 * A handle is `generation * SLOT_SPACE + slot`, a safe integer: a slot number below 2^31 and the
 * slot's generation (how many events it has carried) below `GENERATIONS` = 2^22, so every handle is
 * below 2^53 and no two events ever get the same handle. A slot that has carried `GENERATIONS` events
 * is retired rather than reused (one slot of about 30 bytes per 4 million events through it), so a
 * stale handle can never cancel a later event, however long the run.
 */
const SLOT_SPACE = 2 ** 31;
export const GENERATIONS = 2 ** 22;

/** Event classes (see the module comment). */
const ORDINARY = 0;
const DAEMON = 1;
const HELD = 2;

export class SchedulerError extends Error {}

export class Scheduler {
  /** Current virtual time in milliseconds. */
  now = 0;
  /** Events fired so far. */
  fired = 0;
  /** When set, called with every event just before it fires (the determinism check's fingerprint, `fingerprint.ts`). */
  observer: ((time: number, target: EventTarget, kind: number) => void) | null = null;

  /** The heap: slot numbers, with each entry's time and sequence kept beside it (no indirection when comparing). */
  private heap: Int32Array;
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private size = 0;
  private slotGen: Uint32Array;
  private slotTarget: (EventTarget | null)[] = [];
  private slotKind: Int32Array;
  private slotClass: Uint8Array;
  /** The work that holds each `HELD` event (null for the other classes). */
  private slotWork: (Work | null)[] = [];
  /** Pending events that keep the run going: ordinary ones, and held ones whose work is open. */
  private live = 0;
  private slotArg: unknown[] = [];
  private free: Int32Array;
  private freeCount = 0;
  private slots = 0;
  private seq = 0;
  private stopped = false;

  constructor(initialCapacity = 1024) {
    this.heap = new Int32Array(initialCapacity);
    this.heapTime = new Float64Array(initialCapacity);
    this.heapSeq = new Float64Array(initialCapacity);
    this.slotGen = new Uint32Array(initialCapacity);
    this.slotKind = new Int32Array(initialCapacity);
    this.slotClass = new Uint8Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
  }

  /** Pending events that keep the run going (ordinary ones, held ones whose work is open; not cancelled). */
  get liveEvents(): number {
    return this.live;
  }

  /** Number of events waiting to fire (cancelled ones included until they are reached). */
  get pending(): number {
    return this.size;
  }

  /**
   * Schedules `target.fire(kind, arg)` at absolute virtual time `time`. A `daemon` event never
   * keeps the run going.
   */
  at(time: number, target: EventTarget, kind = 0, arg: unknown = undefined, daemon = false): EventHandle {
    if (!(time >= this.now)) this.refuse(time);
    const slot = this.allocSlot();
    this.slotTarget[slot] = target;
    this.slotKind[slot] = kind;
    this.slotArg[slot] = arg;
    this.slotClass[slot] = daemon ? DAEMON : ORDINARY;
    if (!daemon) this.live++;
    this.push(slot, time, this.seq++);
    return this.slotGen[slot] * SLOT_SPACE + slot;
  }

  /**
   * Schedules `target.fire(kind, arg)` at absolute virtual time `time`, held by `work`: the event
   * keeps the run going only while `work` is open, and is a daemon the rest of the time (a
   * consumer's idle poll, while its broker has unfinished messages).
   */
  atWhile(work: Work, time: number, target: EventTarget, kind = 0, arg: unknown = undefined): EventHandle {
    if (!(time >= this.now)) this.refuse(time);
    const slot = this.allocSlot();
    this.slotTarget[slot] = target;
    this.slotKind[slot] = kind;
    this.slotArg[slot] = arg;
    this.slotClass[slot] = HELD;
    this.slotWork[slot] = work;
    if (work.hold()) this.live++;
    this.push(slot, time, this.seq++);
    return this.slotGen[slot] * SLOT_SPACE + slot;
  }

  /** A work that holds `held` pending events opened (positive) or closed (negative). Called by `Work`. */
  heldChanged(held: number): void {
    this.live += held;
  }

  /** Schedules `target.fire(kind, arg)` after `delay` milliseconds. */
  after(delay: number, target: EventTarget, kind = 0, arg: unknown = undefined, daemon = false): EventHandle {
    if (!(delay >= 0)) throw new SchedulerError(`negative or invalid delay ${delay} ms`);
    return this.at(this.now + delay, target, kind, arg, daemon);
  }

  /** Cancels a scheduled event. Returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    if (slot >= this.slots || this.slotGen[slot] !== gen || this.slotTarget[slot] === null) return false;
    this.slotTarget[slot] = null; // skipped when popped
    this.forget(slot);
    this.slotArg[slot] = undefined;
    return true;
  }

  /** Stops the current `run` after the event that is firing now. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Fires events in (time, sequence) order until `done()` returns true (checked after each event),
   * `stop()` is called, or:
   * - with a finite `until`, the next event lies after it: every event up to `until` fires, daemons
   *   included, and the clock then reads `until`;
   * - without one, no event that keeps the run going remains (only daemons, or nothing).
   */
  run(until = Infinity, done?: () => boolean): void {
    this.stopped = false;
    const timed = until !== Infinity;
    const observer = this.observer; // read once: a run is observed whole or not at all
    let reached = false;
    while ((this.live > 0 || (timed && this.size > 0)) && !this.stopped) {
      const slot = this.heap[0];
      const time = this.heapTime[0];
      if (time > until) break;
      this.pop();
      const target = this.slotTarget[slot];
      if (target === null) {
        this.releaseSlot(slot); // cancelled
        continue;
      }
      const arg = this.slotArg[slot];
      const kind = this.slotKind[slot];
      this.forget(slot);
      this.releaseSlot(slot);
      this.now = time;
      this.fired++;
      if (observer !== null) observer(time, target, kind);
      target.fire(kind, arg);
      if (done !== undefined && done()) {
        reached = true;
        break;
      }
    }
    if (timed && !reached && !this.stopped && until > this.now) this.now = until;
  }

  /** A pending event leaves (fires or is cancelled): it no longer keeps the run going. */
  private forget(slot: number): void {
    const c = this.slotClass[slot];
    if (c === ORDINARY) this.live--;
    else if (c === HELD) this.releaseHeld(slot);
  }

  private releaseHeld(slot: number): void {
    if ((this.slotWork[slot] as Work).release()) this.live--;
    this.slotWork[slot] = null;
  }

  private refuse(time: number): never {
    throw new SchedulerError(
      Number.isNaN(time)
        ? `cannot schedule an event at time NaN`
        : `cannot schedule an event at ${time} ms: it is before the current time ${this.now} ms`,
    );
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.slots === this.slotGen.length) this.grow();
    return this.slots++;
  }

  private releaseSlot(slot: number): void {
    this.slotTarget[slot] = null;
    this.slotArg[slot] = undefined;
    const gen = this.slotGen[slot] + 1;
    this.slotGen[slot] = gen;
    if (gen < GENERATIONS) this.free[this.freeCount++] = slot; // else retired: its handles are never reused
  }

  private grow(): void {
    const n = this.slotGen.length * 2;
    if (n > SLOT_SPACE) throw new SchedulerError(`more than ${SLOT_SPACE} events pending at once`);
    const grow = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.heap = grow(this.heap, (k) => new Int32Array(k));
    this.heapTime = grow(this.heapTime, (k) => new Float64Array(k));
    this.heapSeq = grow(this.heapSeq, (k) => new Float64Array(k));
    this.slotGen = grow(this.slotGen, (k) => new Uint32Array(k));
    this.slotKind = grow(this.slotKind, (k) => new Int32Array(k));
    this.slotClass = grow(this.slotClass, (k) => new Uint8Array(k));
    this.free = grow(this.free, (k) => new Int32Array(k));
  }

  private push(slot: number, time: number, seq: number): void {
    const heap = this.heap;
    const ht = this.heapTime;
    const hs = this.heapSeq;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = ht[parent];
      if (pt < time || (pt === time && hs[parent] < seq)) break;
      heap[i] = heap[parent];
      ht[i] = pt;
      hs[i] = hs[parent];
      i = parent;
    }
    heap[i] = slot;
    ht[i] = time;
    hs[i] = seq;
  }

  private pop(): void {
    const heap = this.heap;
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const n = --this.size;
    if (n === 0) return;
    const slot = heap[n];
    const time = ht[n];
    const seq = hs[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = ht[child];
      let cs = hs[child];
      const right = child + 1;
      if (right < n) {
        const rt = ht[right];
        if (rt < ct || (rt === ct && hs[right] < cs)) {
          child = right;
          ct = rt;
          cs = hs[right];
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      heap[i] = heap[child];
      ht[i] = ct;
      hs[i] = cs;
      i = child;
    }
    heap[i] = slot;
    ht[i] = time;
    hs[i] = seq;
  }
}

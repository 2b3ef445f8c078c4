/**
 * A double-ended ring buffer of waiting items, each with two times: when it entered the queue and
 * when it arrived at the node (earlier, if it first waited at the door of a full queue). Grows as
 * needed. `shift` takes the oldest, `pop` the newest; either sets `enqueuedAt` and `arrivedAt` to
 * the times of the item it returns, so taking an item allocates nothing.
 */
export class Deque<T> {
  private items: (T | undefined)[];
  private enqueued: Float64Array;
  private arrived: Float64Array;
  private head = 0;
  length = 0;
  /** When the item last taken entered the queue. */
  enqueuedAt = NaN;
  /** When the item last taken arrived at the node. */
  arrivedAt = NaN;

  constructor(capacity = 16) {
    this.items = new Array(capacity);
    this.enqueued = new Float64Array(capacity);
    this.arrived = new Float64Array(capacity);
  }

  push(item: T, enqueuedAt: number, arrivedAt: number): void {
    if (this.length === this.items.length) this.grow();
    const i = (this.head + this.length) % this.items.length;
    this.items[i] = item;
    this.enqueued[i] = enqueuedAt;
    this.arrived[i] = arrivedAt;
    this.length++;
  }

  /** When the oldest item entered the queue (NaN when empty). */
  peekEnqueued(): number {
    return this.length > 0 ? this.enqueued[this.head] : NaN;
  }

  /** Takes the oldest item. */
  shift(): T {
    if (this.length === 0) throw new Error('shift from an empty queue');
    const i = this.head;
    const item = this.items[i] as T;
    this.items[i] = undefined;
    this.enqueuedAt = this.enqueued[i];
    this.arrivedAt = this.arrived[i];
    this.head = (i + 1) % this.items.length;
    this.length--;
    return item;
  }

  /** Takes the newest item. */
  pop(): T {
    if (this.length === 0) throw new Error('pop from an empty queue');
    const i = (this.head + this.length - 1) % this.items.length;
    const item = this.items[i] as T;
    this.items[i] = undefined;
    this.enqueuedAt = this.enqueued[i];
    this.arrivedAt = this.arrived[i];
    this.length--;
    return item;
  }

  private grow(): void {
    const n = this.items.length * 2;
    const items: (T | undefined)[] = new Array(n);
    const enqueued = new Float64Array(n);
    const arrived = new Float64Array(n);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) % this.items.length;
      items[k] = this.items[i];
      enqueued[k] = this.enqueued[i];
      arrived[k] = this.arrived[i];
    }
    this.items = items;
    this.enqueued = enqueued;
    this.arrived = arrived;
    this.head = 0;
  }
}

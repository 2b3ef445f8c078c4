/** A first-in first-out ring buffer of items, each with the time it entered. Grows as needed. */
export class Fifo<T> {
  private items: (T | undefined)[];
  private times: Float64Array;
  private head = 0;
  length = 0;

  constructor(capacity = 16) {
    this.items = new Array(capacity);
    this.times = new Float64Array(capacity);
  }

  push(item: T, time: number): void {
    if (this.length === this.items.length) this.grow();
    const i = (this.head + this.length) % this.items.length;
    this.items[i] = item;
    this.times[i] = time;
    this.length++;
  }

  /** Time the oldest item entered (undefined behaviour when empty). */
  peekTime(): number {
    return this.times[this.head];
  }

  shift(): T {
    if (this.length === 0) throw new Error('shift from an empty queue');
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.length--;
    return item;
  }

  private grow(): void {
    const n = this.items.length * 2;
    const items: (T | undefined)[] = new Array(n);
    const times = new Float64Array(n);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) % this.items.length;
      items[k] = this.items[i];
      times[k] = this.times[i];
    }
    this.items = items;
    this.times = times;
    this.head = 0;
  }
}

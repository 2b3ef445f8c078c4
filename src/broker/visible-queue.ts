/**
 * The broker's visible messages, oldest sent first (SQS's best-effort ordering): a binary heap on
 * the message id, which grows in send order. A message that becomes visible again after a
 * visibility timeout or a nack takes its place among the others by when it was sent, so it is
 * received again ahead of newer messages.
 */
import type { Message } from './message.js';

export class VisibleQueue {
  private heap: Message[] = [];

  get length(): number {
    return this.heap.length;
  }

  push(m: Message): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(m);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].id <= m.id) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = m;
  }

  /** The oldest message, left in place (undefined behaviour when empty). */
  peek(): Message {
    return this.heap[0];
  }

  /** Removes and returns the oldest message (undefined behaviour when empty). */
  shift(): Message {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as Message;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && heap[child + 1].id < heap[child].id) child++;
        if (heap[child].id >= last.id) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

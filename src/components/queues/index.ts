/** Queue disciplines for servers: fifo, lifo, priority classes and CoDel. */
import type { QueueSpec } from '../../spec/scenario.js';
import { CodelQueue, CODEL_DEFAULTS, type DropHook } from './codel.js';
import { FifoQueue, LifoQueue, PriorityQueue, type Discipline } from './discipline.js';

export type { Discipline, DropHook };
export { Deque } from './deque.js';
export { CodelQueue, CODEL_DEFAULTS, FifoQueue, LifoQueue, PriorityQueue };

/** The discipline a queue spec names; `dropped` hears of every call CoDel drops. */
export function makeDiscipline(spec: QueueSpec | undefined, dropped: DropHook): Discipline {
  switch (spec?.discipline ?? 'fifo') {
    case 'fifo':
      return new FifoQueue();
    case 'lifo':
      return new LifoQueue();
    case 'priority':
      return new PriorityQueue();
    case 'codel':
      return new CodelQueue(spec?.codel ?? CODEL_DEFAULTS, dropped);
  }
}

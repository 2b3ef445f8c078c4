/** The schema of a server's queue (`server: { queue: ... }`): capacity, overflow, discipline, CoDel, deadline. */
import { z } from 'zod';
import { CODEL_DEFAULTS } from '../../components/queues/codel.js';
import { QUEUE_DISCIPLINES, QUEUE_OVERFLOWS } from '../../spec/scenario.js';
import { count, duration, strictObject } from './primitives.js';

export function queueSchema() {
  const ms = (v: number) => `${v}ms`;
  return strictObject(
    {
      capacity: count(0, 'How many calls may wait, not counting those in service, such as 100. Default: no limit.').optional(),
      overflow: z
        .enum(QUEUE_OVERFLOWS)
        .default('drop-tail')
        .describe(
          'What happens to a call that finds the queue full: drop-tail (it is lost: its caller learns by a timeout), drop-head (it goes in and the oldest waiting call of the lowest class is lost instead), reject (it is answered rejected at once), block (it waits outside the queue, in arrival order, until there is room: its caller stays busy). Default drop-tail.',
        ),
      discipline: z
        .enum(QUEUE_DISCIPLINES)
        .default('fifo')
        .describe(
          'The order waiting calls are served in: fifo, lifo (newest first), priority (class 0 first, see load.priorities; fifo within a class), codel (fifo with CoDel drops from the head). Default fifo.',
        ),
      codel: strictObject(
        {
          target: duration(`The sojourn time CoDel tolerates, such as 5ms. Default ${ms(CODEL_DEFAULTS.targetMs)}.`, { positive: true }).optional(),
          interval: duration(`How long the sojourn time may stay above target before CoDel drops, such as 100ms. Default ${ms(CODEL_DEFAULTS.intervalMs)}.`, {
            positive: true,
          }).optional(),
        },
        { expected: 'a map such as { target: 5ms, interval: 100ms }' },
      )
        .optional()
        .describe('CoDel settings, for discipline: codel (ignored otherwise).'),
      deadline: duration('Drop, instead of serving, a call that has already waited at this server longer than this, such as 500ms. Default: none.', {
        positive: true,
      }).optional(),
    },
    { expected: 'a map such as { capacity: 100, overflow: reject }' },
  )
    .transform((v) => ({
      ...(v.capacity !== undefined && { capacity: v.capacity }),
      overflow: v.overflow,
      discipline: v.discipline,
      ...(v.discipline === 'codel' && {
        codel: { targetMs: v.codel?.target ?? CODEL_DEFAULTS.targetMs, intervalMs: v.codel?.interval ?? CODEL_DEFAULTS.intervalMs },
      }),
      ...(v.deadline !== undefined && { deadlineMs: v.deadline }),
    }))
    .optional()
    .describe('The queue: its capacity, what happens when it is full, its discipline, a deadline. Default: unbounded FIFO.');
}

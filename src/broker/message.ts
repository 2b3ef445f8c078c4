/**
 * A message in a broker, and one delivery of it to a consumer.
 *
 * A `Message` is a request of its own (not the producer's): the calls that process it travel
 * through the consumer's chain on its behalf, so with `history: true` a message's history is its
 * whole path, delivery after delivery. It is a `ClientRequest` with the load's defaults (no key,
 * class 0, no replayed service time), as every request in the model is one. A `Delivery` is one receive of a message: the call that
 * runs the consumer's work, and the receipt (which receive it was) that an ack or nack presents.
 */
import { Call, type CallTracer } from '../engine/request.js';
import { ClientRequest } from '../load/request.js';
import type { EventHandle, Scheduler } from '../engine/scheduler.js';

/** Waiting in the queue, visible to receives. */
export const VISIBLE = 0;
/** Nacked with a delay: visible again when the delay is over. */
export const DELAYED = 1;
/** Received and not yet acked, nacked or timed out (invisible). */
export const IN_FLIGHT = 2;
/** Acked: deleted from the queue. */
export const PROCESSED = 3;
/** Moved to the dead-letter queue after `max-receives` receives without an ack. */
export const DEAD_LETTERED = 4;
/** Deleted unprocessed at the end of the retention period. */
export const EXPIRED = 5;
export type MessageState =
  | typeof VISIBLE
  | typeof DELAYED
  | typeof IN_FLIGHT
  | typeof PROCESSED
  | typeof DEAD_LETTERED
  | typeof EXPIRED;

export class Message extends ClientRequest {
  state: MessageState = VISIBLE;
  /** Times it was received; the latest delivery's receipt is this number. */
  receives = 0;
  /** The pending visibility timeout (in flight) or nack delay (delayed). */
  timer: EventHandle = -1;
  /** When it last became visible. */
  visibleSince = 0;
  /** Acks its consumers sent for it, stale and lost ones included: each one is a processing that succeeded. */
  acks = 0;
  /** Nacks with no delay at the instant `zeroTimeAt` (a loop that does not let time pass: broker.ts). */
  zeroTimeNacks = 0;
  zeroTimeAt = -1;

  constructor(
    id: number,
    /** When it was sent (true time, ms). */
    sentAt: number,
    /** When it was sent by the broker's clock (for the retention period). */
    readonly sentLocal: number,
    measured: boolean,
    keepHistory: boolean,
    sched: Scheduler,
    /** A poison message fails whatever its work answers. */
    readonly poison: boolean,
    /** With `reply: processed`, the producer's call, answered when the message is finished. */
    public producer: Call | null,
    tracer: CallTracer | null = null,
  ) {
    super(id, sentAt, measured, keepHistory, sched, tracer);
  }

  /** A trace names its calls by message, not request (see trace/chain.ts). */
  get traceAs(): 'message' {
    return 'message';
  }

  /** Acked, dead-lettered or expired: nothing more can happen to it. */
  get finished(): boolean {
    return this.state >= PROCESSED;
  }
}

export class Delivery extends Call {
  constructor(
    readonly message: Message,
    /** Which receive of the message this is (1-based): the receipt its ack or nack presents. */
    readonly receipt: number,
    /** The consumer it was delivered to. */
    readonly consumer: string,
    sched: Scheduler,
  ) {
    super(message, sched);
  }
}

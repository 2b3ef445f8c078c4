/**
 * A queue with Amazon SQS's delivery semantics, consumers that apply each message to a ledger, and
 * two ledgers: `Ledger` applies every message it is given (the bug), `IdempotentLedger` applies a
 * message id once and acknowledges a repeat without applying it again (the fix). A third consumer,
 * `HeartbeatConsumer`, extends the visibility while it works: the other fix, which a GC pause
 * defeats. See README.md.
 *
 * The protocol, as SQS defines it:
 *
 *   client   --send{amount}-->        queue     the queue keeps the message, the client's send is ok
 *   consumer --receive-->             queue     the queue hands out the oldest visible message and
 *   consumer <--message{id, receipt}- queue     hides it for VISIBILITY ms (its visibility timeout)
 *   consumer --apply{id, amount}-->   ledger    the consumer works on it, then applies it
 *   consumer --delete{id, receipt}--> queue     and deletes it, with the receipt of its receive
 *
 * A message that is not deleted before its visibility timeout ends becomes visible again, and the
 * next receive hands it out a second time, with a new receipt: delivery is at least once. That is
 * how SQS survives a consumer that crashes while it holds a message; it is also how a message gets
 * applied twice, when the consumer did not crash but was only slow: a GC pause (the scenario's
 * `pause` fault) longer than what is left of the timeout, and a second consumer applies the same
 * message while the first one is still on it.
 *
 * Messages between processes are maps with a `type`, as in Maelstrom.
 */
import type { Context, Operation, Process, World } from 'lightcone';

type Msg =
  | { type: 'receive' }
  | { type: 'message'; id: number; amount: number; receipt: number }
  | { type: 'empty' }
  | { type: 'delete'; id: number; receipt: number }
  | { type: 'change-visibility'; id: number; receipt: number; timeout: number }
  | { type: 'apply'; id: number; amount: number }
  | { type: 'applied'; id: number };

/** The visibility timeout: how long a received message stays hidden, ms of the queue's clock. */
const VISIBILITY = 100;
/** How long a consumer waits before it asks again when the queue had nothing visible, ms. */
const POLL = 10;
/** HeartbeatConsumer: how often it extends the visibility of the message it holds, ms. */
const HEARTBEAT = 40;
/** How long a consumer works on a message before it applies it: uniform between these, ms. */
const WORK_MIN = 20;
const WORK_MAX = 60;

interface Stored {
  id: number;
  amount: number;
  /** When it may be handed out again (queue clock, ms); 0 while it was never received. */
  visibleAt: number;
  /** The receipt of its latest receive: only that receive may delete it. */
  receipt: number;
}

/** The queue: client operations `send` add a message; consumers receive, delete and change visibility. */
export class Queue implements Process<Msg> {
  /** The messages not deleted yet, oldest first. */
  messages: Stored[] = [];
  /** How many messages were sent in all: ids are 0 .. sent - 1. */
  sent = 0;
  receipts = 0;

  operation(ctx: Context<Msg>, op: Operation) {
    if (op.f !== 'send') return ctx.fail(op, `the queue takes send operations, not ${op.f}`);
    const id = this.sent++;
    this.messages.push({ id, amount: op.value as number, visibleAt: 0, receipt: 0 });
    ctx.reply(op, id);
  }

  message(ctx: Context<Msg>, from: string, msg: Msg) {
    switch (msg.type) {
      case 'receive': {
        const m = this.messages.find((m) => m.visibleAt <= ctx.now());
        if (m === undefined) return ctx.send(from, { type: 'empty' });
        m.visibleAt = ctx.now() + VISIBILITY;
        m.receipt = ++this.receipts;
        return ctx.send(from, { type: 'message', id: m.id, amount: m.amount, receipt: m.receipt });
      }
      case 'delete': {
        // a delete with the receipt of an earlier receive is ignored: the message was handed out again since
        const i = this.messages.findIndex((m) => m.id === msg.id && m.receipt === msg.receipt);
        if (i >= 0) this.messages.splice(i, 1);
        return;
      }
      case 'change-visibility': {
        // SQS's ChangeMessageVisibility: the holder of the latest receipt hides the message for longer
        const m = this.messages.find((m) => m.id === msg.id && m.receipt === msg.receipt);
        if (m !== undefined) m.visibleAt = ctx.now() + msg.timeout;
        return;
      }
    }
  }
}

/**
 * A consumer: receive a message, work on it for WORK_MIN..WORK_MAX ms, apply it to the ledger, and
 * delete it once the ledger has applied it; then the next one. Well inside the visibility timeout,
 * unless the consumer is paused while it works.
 */
export class Consumer implements Process<Msg> {
  holding: { id: number; amount: number; receipt: number } | null = null;

  start(ctx: Context<Msg>) {
    ctx.send('queue', { type: 'receive' });
  }

  message(ctx: Context<Msg>, _from: string, msg: Msg) {
    switch (msg.type) {
      case 'empty':
        return ctx.setTimer('poll', POLL);
      case 'message':
        this.holding = { id: msg.id, amount: msg.amount, receipt: msg.receipt };
        return ctx.setTimer('worked', WORK_MIN + ctx.random() * (WORK_MAX - WORK_MIN));
      case 'applied': {
        const m = this.holding;
        if (m === null || m.id !== msg.id) return;
        ctx.send('queue', { type: 'delete', id: m.id, receipt: m.receipt });
        this.holding = null;
        return ctx.send('queue', { type: 'receive' });
      }
    }
  }

  timer(ctx: Context<Msg>, name: string) {
    if (name === 'poll') ctx.send('queue', { type: 'receive' });
    // the work is done: apply it. The consumer does not look at the clock here, and could not do
    // much if it did: a pause can come between any check and the apply.
    if (name === 'worked' && this.holding !== null) ctx.send('ledger', { type: 'apply', id: this.holding.id, amount: this.holding.amount });
  }
}

/**
 * The other fix SQS offers, which is not enough: while it works, the consumer extends the
 * visibility of its message every HEARTBEAT ms (`change-visibility`), so a slow step no longer lets
 * the message out. A paused consumer sends no heartbeat, though: a pause longer than what is left
 * of the timeout still does (heartbeat.yaml fails, less often than buggy.yaml).
 */
export class HeartbeatConsumer extends Consumer {
  override message(ctx: Context<Msg>, from: string, msg: Msg) {
    super.message(ctx, from, msg);
    if (msg.type === 'message') ctx.setTimer('heartbeat', HEARTBEAT);
  }

  override timer(ctx: Context<Msg>, name: string) {
    super.timer(ctx, name);
    const m = this.holding;
    if (name === 'heartbeat' && m !== null) {
      ctx.send('queue', { type: 'change-visibility', id: m.id, receipt: m.receipt, timeout: VISIBILITY });
      ctx.setTimer('heartbeat', HEARTBEAT);
    }
  }
}

/** The ledger without idempotency keys: it applies every message it is given to the balance, on disk. */
export class Ledger implements Process<Msg> {
  /** For each message id, the consumers that applied it, in order: what the invariant reads. */
  appliedBy = new Map<number, string[]>();

  message(ctx: Context<Msg>, from: string, msg: Msg) {
    if (msg.type !== 'apply') return;
    if (this.seen(ctx, msg.id)) return ctx.send(from, { type: 'applied', id: msg.id }); // applied before: acknowledge, change nothing
    ctx.durable.set('balance', (ctx.durable.get<number>('balance') ?? 0) + msg.amount);
    this.appliedBy.set(msg.id, [...(this.appliedBy.get(msg.id) ?? []), from]);
    ctx.send(from, { type: 'applied', id: msg.id });
  }

  /** Whether the message was applied before: this ledger does not know. */
  seen(_ctx: Context<Msg>, _id: number): boolean {
    return false;
  }
}

/**
 * The ledger with idempotency keys: the message id is the key. It records every id it applies on
 * disk, in the same step (one handler) as the balance (a database would commit both in one
 * transaction), and a repeat is acknowledged without being applied again.
 */
export class IdempotentLedger extends Ledger {
  override seen(ctx: Context<Msg>, id: number): boolean {
    const key = `applied/${id}`;
    if (ctx.durable.has(key)) return true;
    ctx.durable.set(key, true);
    return false;
  }
}

export const invariants = {
  /** Each message changes the balance at most once. */
  appliedAtMostOnce(world: World) {
    const ledger = world.processes.ledger as Ledger | undefined;
    if (ledger === undefined) return true;
    for (const [id, by] of ledger.appliedBy) {
      if (by.length > 1) return `the ledger applied message ${id} ${by.length === 2 ? 'twice' : `${by.length} times`}: by ${by.join(', then ')}`;
    }
    return true;
  },
};

export const atEnd = {
  /** Once the consumers have had time to drain the queue, every message sent was applied: at least once. */
  everyMessageApplied(world: World) {
    const queue = world.processes.queue as Queue;
    const ledger = world.processes.ledger as Ledger;
    const missing: number[] = [];
    for (let id = 0; id < queue.sent; id++) if (!ledger.appliedBy.has(id)) missing.push(id);
    if (missing.length > 0) return `${missing.length} of ${queue.sent} messages never reached the ledger: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`;
    return true;
  },
};

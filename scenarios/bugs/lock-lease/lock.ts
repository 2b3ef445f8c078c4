/**
 * A lock service with leases, workers that write to a storage node while they hold the lock, and
 * two storages: `Storage` takes every write (the bug), `FencedStorage` refuses a write whose fencing
 * token is older than one it has already taken (the fix). See README.md.
 *
 * Messages are maps with a `type`, as in Maelstrom.
 */
import type { Context, Operation, Process, World } from 'lightcone';

type Msg =
  | { type: 'acquire' }
  | { type: 'granted'; token: number; ttl: number }
  | { type: 'busy' }
  | { type: 'release'; token: number }
  | { type: 'write'; value: unknown; token: number; op: number }
  | { type: 'written'; op: number }
  | { type: 'rejected'; op: number };

/** How long a lease lasts, ms of the lock service's clock. */
const TTL = 100;
/** How long a worker takes to prepare its write once it holds the lock, ms. */
const PREPARE = 5;
/** How long a worker waits before asking again when the lock is busy, ms. */
const RETRY = 20;

/** The lock service: one holder at a time, for TTL ms; each grant gets the next fencing token. */
export class LockService implements Process<Msg> {
  holder: string | null = null;
  until = 0;

  message(ctx: Context<Msg>, from: string, msg: Msg) {
    if (msg.type === 'acquire') {
      if (this.holder !== null && this.holder !== from && ctx.now() < this.until) return ctx.send(from, { type: 'busy' });
      const token = (ctx.durable.get<number>('token') ?? 0) + 1;
      ctx.durable.set('token', token); // tokens survive a crash of the lock service
      this.holder = from;
      this.until = ctx.now() + TTL;
      ctx.send(from, { type: 'granted', token, ttl: TTL });
    } else if (msg.type === 'release' && this.holder === from && msg.token === ctx.durable.get('token')) {
      this.holder = null;
    }
  }
}

/**
 * A worker: for each client operation (a write), it acquires the lock, prepares its write for
 * PREPARE ms, writes with its token, and releases the lock. It checks its lease when the grant
 * arrives, not when it writes: a pause in between (a GC) and the lease may be long gone.
 */
export class Worker implements Process<Msg> {
  op: Operation | null = null;
  token = 0;

  operation(ctx: Context<Msg>, op: Operation) {
    this.op = op;
    ctx.send('locks', { type: 'acquire' });
  }

  message(ctx: Context<Msg>, _from: string, msg: Msg) {
    const op = this.op;
    if (op === null) return;
    switch (msg.type) {
      case 'granted':
        this.token = msg.token;
        ctx.setTimer('prepared', PREPARE);
        return;
      case 'busy':
        ctx.setTimer('retry', RETRY);
        return;
      case 'written':
      case 'rejected':
        if (msg.op !== op.id) return;
        ctx.send('locks', { type: 'release', token: this.token });
        this.op = null;
        if (msg.type === 'written') ctx.reply(op);
        else ctx.fail(op, 'fenced off: a newer lock holder wrote first');
    }
  }

  timer(ctx: Context<Msg>, name: string) {
    const op = this.op;
    if (op === null) return;
    if (name === 'retry') ctx.send('locks', { type: 'acquire' });
    if (name === 'prepared') ctx.send('storage', { type: 'write', value: op.value, token: this.token, op: op.id });
  }
}

/** The storage without fencing: it takes every write. */
export class Storage implements Process<Msg> {
  value: unknown = null;
  /** The token of the last write taken, and the highest token of any write taken. */
  lastToken = 0;
  highest = 0;
  lastWriter = '';

  message(ctx: Context<Msg>, from: string, msg: Msg) {
    if (msg.type !== 'write') return;
    if (!this.accepts(msg.token)) return ctx.send(from, { type: 'rejected', op: msg.op });
    this.value = msg.value;
    this.lastToken = msg.token;
    this.highest = Math.max(this.highest, msg.token);
    this.lastWriter = from;
    ctx.send(from, { type: 'written', op: msg.op });
  }

  accepts(_token: number): boolean {
    return true;
  }
}

/** The storage with fencing: a write whose token is older than the highest it has taken is refused. */
export class FencedStorage extends Storage {
  override accepts(token: number): boolean {
    return token >= this.highest;
  }
}

export const invariants = {
  /** Writes reach the storage in the order of their leases: one lock holder at a time. */
  oneWriterAtATime(world: World) {
    const s = world.processes.storage as Storage | undefined;
    if (s === undefined || s.lastToken >= s.highest) return true;
    return `storage took a write from ${s.lastWriter} with token ${s.lastToken} after a write with token ${s.highest}: two workers held the lock at once`;
  },
};

/**
 * A replicated register that clients read, write and compare-and-set, two ways:
 *
 * - `PrimaryBackup` (the bug): two replicas. The primary serves every operation from its own copy,
 *   sends each change to the backup without waiting (asynchronous replication) and heartbeats the
 *   backup every HEARTBEAT ms. The backup takes over when it has heard no heartbeat for
 *   FAILOVER ms. Under a partition the backup cannot tell a dead primary from an unreachable
 *   one: it promotes itself while the old primary, alive on the other side, goes on acknowledging
 *   writes. Two primaries (split brain): reads on one side miss writes acknowledged on the other,
 *   and when the partition heals one primary steps down and throws its writes away.
 * - `QuorumReplica` (the fix): three replicas, and nothing is answered until a majority has taken
 *   it. A leader is elected for a term (a number that only grows, kept on disk) by a majority of
 *   promises; each operation, reads included, is accepted by a majority at the leader's term before
 *   the client hears back. Two majorities of three always share a replica, and a replica that has
 *   promised a newer term refuses an older leader, so an old leader cut off with a minority can
 *   acknowledge nothing: its clients time out (`info`: it may or may not have happened), which
 *   the linearizability checker allows. This is single-value Paxos (Multi-Paxos with a log of one
 *   register), the core of Raft and Viewstamped Replication.
 *
 * Clients may send an operation to any replica: one that is not the primary (the leader) forwards
 * it there, and the primary answers the client directly (`ctx.reply` works from any process).
 * The scenario checks the history of operations with `history: { model: cas-register }`.
 */
import type { Context, Operation, Process } from 'lightcone';

/** A leader's heartbeat period, ms. */
const HEARTBEAT = 10;
/** How long without a heartbeat before a backup takes over (or a follower starts an election): uniform between these, ms. */
const FAILOVER_MIN = 40;
const FAILOVER_MAX = 80;

type Value = number | null;

function failoverAfter(ctx: Context<any>): number {
  return FAILOVER_MIN + ctx.random() * (FAILOVER_MAX - FAILOVER_MIN);
}

/** What an operation does to the register: its new value and what the client hears. */
function apply(value: Value, op: Operation): { value: Value; ok: boolean; result?: Value } {
  switch (op.f) {
    case 'read':
      return { value, ok: true, result: value };
    case 'write':
      return { value: op.value as number, ok: true };
    case 'cas': {
      const [expected, next] = op.value as [number, number];
      return value === expected ? { value: next, ok: true } : { value, ok: false };
    }
    default:
      return { value, ok: false };
  }
}

// ---------------------------------------------------------------------------------------------
// The bug: primary-backup with failover on a timeout.

type PbMsg =
  | { type: 'heartbeat'; value: Value }
  | { type: 'replicate'; value: Value }
  | { type: 'forward'; op: Operation };

export class PrimaryBackup implements Process<PbMsg> {
  primary = false;
  value: Value = null;

  start(ctx: Context<PbMsg>) {
    this.primary = ctx.self === 'replica[0]';
    if (this.primary) ctx.setTimer('heartbeat', HEARTBEAT);
    else ctx.setTimer('failover', failoverAfter(ctx));
  }

  operation(ctx: Context<PbMsg>, op: Operation) {
    if (!this.primary) return ctx.send(this.other(ctx), { type: 'forward', op });
    const r = apply(this.value, op);
    if (r.value !== this.value) {
      this.value = r.value;
      ctx.send(this.other(ctx), { type: 'replicate', value: r.value }); // asynchronous: the client hears back before the backup has it
    }
    if (r.ok) ctx.reply(op, r.result);
    else ctx.fail(op, 'cas: the register does not hold the expected value');
  }

  message(ctx: Context<PbMsg>, from: string, msg: PbMsg) {
    switch (msg.type) {
      case 'forward':
        if (this.primary) this.operation(ctx, msg.op);
        return; // a backup that receives a forward drops it: the client times out
      case 'replicate':
        if (!this.primary) this.value = msg.value;
        return;
      case 'heartbeat':
        if (this.primary) {
          // Two primaries: the partition has healed. Without a way to tell which one is newer, the
          // rule is that replica[0] wins; the other steps down and takes its value, losing every
          // write it acknowledged as primary.
          if (from !== 'replica[0]') return;
          this.primary = false;
          ctx.cancelTimer('heartbeat');
          ctx.log('two primaries: stepping down, taking replica[0] value');
        }
        this.value = msg.value;
        ctx.setTimer('failover', failoverAfter(ctx));
        return;
    }
  }

  timer(ctx: Context<PbMsg>, name: string) {
    if (name === 'heartbeat' && this.primary) {
      ctx.send(this.other(ctx), { type: 'heartbeat', value: this.value });
      ctx.setTimer('heartbeat', HEARTBEAT);
    }
    if (name === 'failover' && !this.primary) {
      // No heartbeat for a while: the primary looks dead. It may only be unreachable.
      ctx.log('no heartbeat: promoting myself to primary');
      this.primary = true;
      ctx.setTimer('heartbeat', 0);
    }
  }

  other(ctx: Context<PbMsg>): string {
    return ctx.peers[0];
  }
}

// ---------------------------------------------------------------------------------------------
// The fix: a majority quorum with terms.

/** A value with the (term, seq) at which a leader proposed it: versions order every change ever accepted. */
interface Accepted {
  term: number;
  seq: number;
  value: Value;
}

type QMsg =
  | { type: 'prepare'; term: number }
  | { type: 'promise'; term: number; accepted: Accepted }
  | { type: 'accept'; term: number; accepted: Accepted }
  | { type: 'accepted'; term: number; seq: number }
  | { type: 'heartbeat'; term: number }
  | { type: 'newer-term'; term: number }
  | { type: 'forward'; op: Operation };

function newer(a: Accepted, b: Accepted): boolean {
  return a.term > b.term || (a.term === b.term && a.seq > b.seq);
}

/**
 * A replica of the quorum register. On disk (`ctx.durable`, survives a crash): `promised`, the
 * newest term it has heard of (it refuses anything older), and `accepted`, the newest value it
 * has accepted with its version. In memory: its role and, as leader, the operation in progress.
 */
export class QuorumReplica implements Process<QMsg> {
  role: 'follower' | 'candidate' | 'leader' = 'follower';
  leader: string | null = null;
  /** As candidate: the promises of this term (its own included). */
  promises = new Map<string, Accepted>();
  /** As leader: the register's value at the newest version it proposed, and that version's seq. */
  value: Value = null;
  seq = 0;
  /** As leader: the operations waiting, and the one being accepted (one at a time, in order). */
  queue: Operation[] = [];
  inProgress: { op: Operation; seq: number; ok: boolean; result?: Value; acks: Set<string> } | null = null;

  start(ctx: Context<QMsg>) {
    ctx.setTimer('election', failoverAfter(ctx));
  }

  /** More than half of the replicas: 2 of 3. Any two majorities share a replica. */
  majority(ctx: Context<QMsg>): number {
    return Math.floor((ctx.peers.length + 1) / 2) + 1;
  }

  promised(ctx: Context<QMsg>): number {
    return ctx.durable.get<number>('promised') ?? 0;
  }

  accepted(ctx: Context<QMsg>): Accepted {
    return ctx.durable.get<Accepted>('accepted') ?? { term: 0, seq: 0, value: null };
  }

  /** A newer term: remember it on disk, and whatever this replica was, it is now a follower. */
  adopt(ctx: Context<QMsg>, term: number, leader: string | null) {
    if (term > this.promised(ctx)) ctx.durable.set('promised', term);
    if (this.role === 'leader') ctx.log(`term ${term}: stepping down`);
    this.role = 'follower';
    this.leader = leader;
    // Operations in progress are dropped unanswered: one may have been accepted by some replica,
    // so neither ok nor fail would be true; its client times out (info). The waiting ones were
    // never proposed: they certainly did not happen.
    this.inProgress = null;
    for (const op of this.queue) ctx.fail(op, 'the leader stepped down before proposing it');
    this.queue = [];
    ctx.cancelTimer('heartbeat');
    ctx.setTimer('election', failoverAfter(ctx));
  }

  operation(ctx: Context<QMsg>, op: Operation) {
    if (this.role === 'leader') {
      this.queue.push(op);
      return this.next(ctx);
    }
    if (this.leader !== null) return ctx.send(this.leader, { type: 'forward', op });
    ctx.fail(op, 'no leader known yet');
  }

  message(ctx: Context<QMsg>, from: string, msg: QMsg) {
    const promised = this.promised(ctx);
    switch (msg.type) {
      case 'forward':
        return this.operation(ctx, msg.op);
      case 'prepare':
        // A candidate asks for this term: promise it (and report the newest value accepted) unless a newer one was promised.
        if (msg.term <= promised) return ctx.send(from, { type: 'newer-term', term: promised });
        this.adopt(ctx, msg.term, null);
        return ctx.send(from, { type: 'promise', term: msg.term, accepted: this.accepted(ctx) });
      case 'promise':
        if (this.role !== 'candidate' || msg.term !== promised) return;
        this.promises.set(from, msg.accepted);
        if (this.promises.size >= this.majority(ctx)) this.lead(ctx);
        return;
      case 'heartbeat':
      case 'accept':
        if (msg.term < promised) return ctx.send(from, { type: 'newer-term', term: promised });
        if (msg.term > promised || this.role !== 'follower' || this.leader !== from) this.adopt(ctx, msg.term, from);
        ctx.setTimer('election', failoverAfter(ctx));
        if (msg.type === 'accept') {
          ctx.durable.set('accepted', msg.accepted);
          ctx.send(from, { type: 'accepted', term: msg.term, seq: msg.accepted.seq });
        }
        return;
      case 'accepted': {
        const p = this.inProgress;
        if (this.role !== 'leader' || msg.term !== promised || p === null || msg.seq !== p.seq) return;
        p.acks.add(from);
        if (p.acks.size < this.majority(ctx)) return;
        // A majority holds it: it is chosen, whatever happens to this leader now.
        this.inProgress = null;
        if (p.ok) ctx.reply(p.op, p.result);
        else ctx.fail(p.op, 'cas: the register does not hold the expected value');
        return this.next(ctx);
      }
      case 'newer-term':
        if (msg.term > promised) this.adopt(ctx, msg.term, null);
        return;
    }
  }

  timer(ctx: Context<QMsg>, name: string) {
    if (name === 'heartbeat' && this.role === 'leader') {
      for (const peer of ctx.peers) ctx.send(peer, { type: 'heartbeat', term: this.promised(ctx) });
      ctx.setTimer('heartbeat', HEARTBEAT);
    }
    if (name === 'election') {
      // No word from a leader for a while: stand for the next term.
      const term = this.promised(ctx) + 1;
      this.adopt(ctx, term, null);
      this.role = 'candidate';
      this.promises = new Map([[ctx.self, this.accepted(ctx)]]);
      for (const peer of ctx.peers) ctx.send(peer, { type: 'prepare', term });
    }
  }

  /** Promised by a majority: lead from the newest value any of them accepted (it holds every chosen change). */
  lead(ctx: Context<QMsg>) {
    let newest: Accepted = { term: 0, seq: 0, value: null };
    for (const a of this.promises.values()) if (newer(a, newest)) newest = a;
    this.role = 'leader';
    this.leader = ctx.self;
    this.value = newest.value;
    this.seq = 0;
    ctx.log(`term ${this.promised(ctx)}: leading with value ${newest.value}`);
    ctx.cancelTimer('election');
    ctx.setTimer('heartbeat', 0);
    this.next(ctx);
  }

  /** Proposes the next waiting operation: the register's new value (unchanged for a read or a failed cas) at the next version. */
  next(ctx: Context<QMsg>) {
    if (this.inProgress !== null || this.queue.length === 0) return;
    const op = this.queue.shift() as Operation;
    const r = apply(this.value, op);
    this.value = r.value;
    const accepted: Accepted = { term: this.promised(ctx), seq: ++this.seq, value: r.value };
    this.inProgress = { op, seq: accepted.seq, ok: r.ok, result: r.result, acks: new Set([ctx.self]) };
    ctx.durable.set('accepted', accepted);
    for (const peer of ctx.peers) ctx.send(peer, { type: 'accept', term: accepted.term, accepted });
  }
}

/**
 * The `lock` model: "at most one lock holder at a time". Clients `acquire` and `release` a lock;
 * an event's `key` field names the lock (`{"f": "acquire", "key": "orders"}`), and each lock is
 * checked on its own. Without a key, all operations are on one lock.
 *
 * A process holds the lock for certain from the completion of its `ok` acquire until the
 * invocation of its next release (an ok or indeterminate one; a failed release did not happen), or
 * to the end of the history when it never releases: the grant took effect at or before the
 * acquire's completion, the release at or after the release's invocation. Two processes whose
 * certain holds overlap held the lock at the same time in every order of events the history
 * allows: that is a violation, reported with the two holders and the lines between which both held
 * it. Holds that only may overlap are not reported, so the checker is sound (every violation it
 * reports is one) and, for ok acquires, complete: if no two certain holds overlap, the holds can
 * be ordered one after another (ordered by the completions of their acquires, each release can
 * take effect before the next grant).
 *
 * An indeterminate acquire (info, or never completed) may or may not have been granted: it is never
 * reported. A failed acquire did not happen. An acquire by a process that already holds the lock
 * is taken as reentrant and changes nothing; a release by a process that holds nothing is ignored.
 * A lock with an expiry (a lease) is not this model: a lease holder that outlives its lease is
 * found by fencing or linearizability, not here.
 */
import type { History, Operation } from './history.js';
import { countOperations, expectFunction, jsonOperation, nameOperation, operationAt, operationRows, plural, SHOWN, type OperationCounts, type Violation } from './operations.js';
import { jsonValue, showValue, valueKey, type Notation, type Value } from './values.js';

export const LOCK_FUNCTIONS = ['acquire', 'release'] as const;

/** A certain hold: from an ok acquire's completion to the next release's invocation (or the end). */
export interface Hold {
  lock: Value | undefined;
  acquire: Operation;
  /** The release that ends it; undefined when the process never released. */
  release: Operation | undefined;
  /** Positions in real-time order (events of the history): from the acquire's completion to the release's invocation (+Infinity: the end). */
  from: number;
  until: number;
}

/** Two holds that overlap for certain. */
export interface Overlap {
  lock: Value | undefined;
  /** The hold that began first, and the one that began while it lasted. */
  first: Hold;
  second: Hold;
  /** The lines of the events between which both held the lock: the second's acquire completion, the first release invoked (undefined: the end of the history). */
  fromLine: number;
  untilLine: number | undefined;
}

export interface LockResult {
  valid: boolean;
  counts: OperationCounts;
  locks: number;
  holds: number;
  overlaps: Overlap[];
}

/** Checks a lock history. Throws HistoryError for an operation the model has no meaning for. */
export function checkLock(history: History): LockResult {
  const n = history.notation;
  for (const op of history.operations) expectFunction(op, LOCK_FUNCTIONS, 'lock', n);
  const opAt = operationAt(history);
  const byLock = new Map<string, { lock: Value | undefined; holds: Hold[] }>();
  const open = new Map<string, Hold>();
  for (const ev of history.events) {
    const op = opAt[ev.position];
    const lock = op.invoke.key;
    const lockKey = lock === undefined ? '' : valueKey(lock);
    const who = valueKey(op.process) + ' ' + lockKey;
    if (op.f === 'acquire' && ev === op.complete && op.status === 'ok' && !open.has(who)) {
      const hold: Hold = { lock, acquire: op, release: undefined, from: ev.position, until: Infinity };
      open.set(who, hold);
      let l = byLock.get(lockKey);
      if (l === undefined) byLock.set(lockKey, (l = { lock, holds: [] }));
      l.holds.push(hold);
    } else if (op.f === 'release' && ev === op.invoke && op.status !== 'fail') {
      const hold = open.get(who);
      if (hold !== undefined) {
        hold.release = op;
        hold.until = ev.position;
        open.delete(who);
      }
    }
  }
  const overlaps: Overlap[] = [];
  let holds = 0;
  for (const { lock, holds: hs } of byLock.values()) {
    holds += hs.length;
    // hs is in order of `from` already (acquire completions, in real-time order).
    let current: Hold | undefined;
    for (const h of hs) {
      if (current !== undefined && h.from < current.until) {
        const until = Math.min(current.until, h.until);
        overlaps.push({ lock, first: current, second: h, fromLine: history.events[h.from].line, untilLine: until === Infinity ? undefined : history.events[until].line });
      }
      if (current === undefined || h.until > current.until) current = h;
    }
  }
  return { valid: overlaps.length === 0, counts: countOperations(history), locks: byLock.size, holds, overlaps };
}

const lockName = (o: Overlap, n: Notation) => (o.lock === undefined ? 'the lock' : `the lock ${showValue(o.lock, n)}`);
const span = (o: Overlap) => `from line ${o.fromLine} ${o.untilLine === undefined ? 'to the end of the history' : `to line ${o.untilLine}`}`;

/** One sentence per overlap, naming the two holders. */
export function lockViolations(r: LockResult, n: Notation): Violation[] {
  return r.overlaps.map((o) => ({
    message: `two holders at once: ${nameOperation(o.first.acquire, undefined, n)} and ${nameOperation(o.second.acquire, undefined, n)} both hold ${lockName(o, n)} ${span(o)}${o.first.release === undefined ? ' (the first never releases it)' : ''}`,
    operations: [o.first.acquire, ...(o.first.release ? [o.first.release] : []), o.second.acquire],
  }));
}

export function lockProblems(r: LockResult): string {
  return r.overlaps.length === 0 ? '' : `${plural(r.overlaps.length, 'overlap')}: two processes held a lock at the same time`;
}

/** The verdict's lines after its first (its own layout: a heading per overlap). */
export function describeLock(r: LockResult, n: Notation): string[] {
  const out: string[] = [];
  for (const o of r.overlaps.slice(0, SHOWN)) {
    out.push('', `  Two holders of ${lockName(o, n)} at once, ${span(o)}:`);
    const rows = [{ op: o.first.acquire, value: undefined, note: `completed ok at line ${(o.first.acquire.complete as { line: number }).line}: holds it from there${o.first.release === undefined ? ', and never releases it' : ''}` }];
    if (o.first.release !== undefined) rows.push({ op: o.first.release, value: undefined, note: `invoked at line ${o.first.release.invoke.line}: holds it until there` });
    rows.push({ op: o.second.acquire, value: undefined, note: `completed ok at line ${o.fromLine}: holds it too` });
    out.push(...operationRows(rows, n));
  }
  if (r.overlaps.length > SHOWN) out.push('', `  ... and ${r.overlaps.length - SHOWN} more (--json lists them all)`);
  return out;
}

export function lockCounts(r: LockResult): string {
  return `${plural(r.locks, 'lock')}, ${plural(r.holds, 'hold')}`;
}

export function lockJson(r: LockResult): Record<string, unknown> {
  return {
    locks: r.locks,
    holds: r.holds,
    overlaps: r.overlaps.map((o) => ({
      ...(o.lock !== undefined ? { lock: jsonValue(o.lock) } : {}),
      fromLine: o.fromLine,
      untilLine: o.untilLine ?? null,
      first: { acquire: jsonOperation(o.first.acquire, undefined), release: o.first.release === undefined ? null : jsonOperation(o.first.release, undefined) },
      second: { acquire: jsonOperation(o.second.acquire, undefined), release: o.second.release === undefined ? null : jsonOperation(o.second.release, undefined) },
    })),
  };
}

/**
 * The history checkers by model name: one entry point, `checkHistory(history, model, options)`,
 * for the command line (`lightcone check-history FILE --model NAME`) and for a run's
 * `history: { model: NAME }`. Every verdict says whether the history is valid, in one line why
 * not, and which operations broke the property; the text and JSON forms name each operation with
 * its process, its value and its lines.
 *
 * - `cas-register`, `kv`: linearizability (linearizability.ts).
 * - `set`: no acknowledged write lost (set.ts).
 * - `lock`: at most one lock holder at a time (lock.ts).
 * - `queue`: every message processed exactly once (queue.ts).
 */
import type { History } from './history.js';
import { checkLinearizability, type Verdict as LinearizabilityVerdict } from './linearizability.js';
import { describeVerdict, showOp, verdictJson } from './describe.js';
import { REGISTER_FUNCTIONS, REGISTER_MODELS, type RegisterModelName } from './models.js';
import { SET_FUNCTIONS, checkSet, describeSet, setCounts, setJson, setProblems, setViolations, type SetResult } from './set.js';
import { LOCK_FUNCTIONS, checkLock, describeLock, lockCounts, lockJson, lockProblems, lockViolations, type LockResult } from './lock.js';
import { QUEUE_FUNCTIONS, checkQueue, describeQueue, queueCounts, queueJson, queueProblems, queueViolations, type QueueResult } from './queue.js';
import { verdictSubject, whereOperation, type OperationCounts, type Violation } from './operations.js';
import { showValue, type Notation } from './values.js';

export const HISTORY_MODELS = [...REGISTER_MODELS, 'set', 'lock', 'queue'] as const;
export type HistoryModel = (typeof HISTORY_MODELS)[number];

/** What each model checks, for help texts and messages. */
export const MODEL_PROPERTIES: Record<HistoryModel, string> = {
  'cas-register': 'linearizable as one register (read, write, cas)',
  kv: 'linearizable as a map of registers, key by key (read, write, cas)',
  set: 'no acknowledged write lost (add, read)',
  lock: 'at most one lock holder at a time (acquire, release)',
  queue: 'every message processed exactly once (enqueue, dequeue, process, drain)',
};

/** The operations (`f`) each model's histories may hold. */
export const MODEL_FUNCTIONS: Record<HistoryModel, readonly string[]> = {
  'cas-register': REGISTER_FUNCTIONS,
  kv: REGISTER_FUNCTIONS,
  set: SET_FUNCTIONS,
  lock: LOCK_FUNCTIONS,
  queue: QUEUE_FUNCTIONS,
};

/** What `model` checks, without its operations: `no acknowledged write lost`. */
export const modelProperty = (model: HistoryModel) => MODEL_PROPERTIES[model].replace(/ \(.*\)$/, '');

export interface HistoryCheckOptions {
  /** cas-register, kv: give up on a register (or key) after exploring this many configurations; the verdict is then undecided. Default: no limit. */
  maxStates?: number;
  /** queue: the history ends after the queue was drained, so every acknowledged message must have been taken out. Default false. */
  drained?: boolean;
}

interface VerdictBase {
  /** true: the property holds; false: it does not; undefined: undecided (linearizability gave up, --max-states). */
  valid: boolean | undefined;
  /** One line: what is wrong and the first operations that show it (`` when valid). */
  summary: string;
  counts: OperationCounts;
  /** Every problem found, each naming its operations. */
  violations: Violation[];
}

export type HistoryVerdict =
  | (VerdictBase & { model: RegisterModelName; linearizability: LinearizabilityVerdict })
  | (VerdictBase & { model: 'set'; set: SetResult })
  | (VerdictBase & { model: 'lock'; lock: LockResult })
  | (VerdictBase & { model: 'queue'; queue: QueueResult });

/** Checks `history` against `model`. Throws HistoryError for an operation the model has no meaning for. */
export function checkHistory(history: History, model: HistoryModel, options: HistoryCheckOptions = {}): HistoryVerdict {
  const n = history.notation;
  const summarize = (problems: string, violations: Violation[]) => (violations.length === 0 ? '' : `${problems}; first: ${violations[0].message}`);
  switch (model) {
    case 'set': {
      const r = checkSet(history);
      const violations = setViolations(r, n);
      return { model, valid: r.valid, summary: summarize(setProblems(r), violations), counts: r.counts, violations, set: r };
    }
    case 'lock': {
      const r = checkLock(history);
      const violations = lockViolations(r, n);
      return { model, valid: r.valid, summary: summarize(lockProblems(r), violations), counts: r.counts, violations, lock: r };
    }
    case 'queue': {
      const r = checkQueue(history, { drained: options.drained });
      const violations = queueViolations(r, n);
      return { model, valid: r.valid, summary: summarize(queueProblems(r), violations), counts: r.counts, violations, queue: r };
    }
    default: {
      const v = checkLinearizability(history, model, { maxStates: options.maxStates });
      const violations: Violation[] = [];
      for (const p of v.partitions) {
        const stuck = p.failure?.stuck;
        if (stuck === undefined) continue;
        const key = p.key === undefined ? '' : `key ${showValue(p.key, n)}: `;
        violations.push({ message: `${key}no order of the operations explains ${showOp(stuck, n)} (${whereOperation(stuck.source)})`, operations: [stuck.source] });
      }
      const summary =
        v.linearizable === false
          ? `not linearizable as a ${model}: ${violations[0]?.message ?? ''}`
          : v.linearizable === undefined
            ? 'undecided: the search gave up (--max-states) before a verdict'
            : '';
      return { model, valid: v.linearizable, summary, counts: v.counts, violations, linearizability: v };
    }
  }
}

/** The verdict as text for a terminal: one line when valid; otherwise every problem with its operations and their lines. */
export function describeHistoryVerdict(verdict: HistoryVerdict, file: string, notation: Notation): string {
  let counts: string;
  let problems: string;
  let lines: string[];
  switch (verdict.model) {
    case 'set':
      [counts, problems, lines] = [setCounts(verdict.set), setProblems(verdict.set), describeSet(verdict.set, notation)];
      break;
    case 'lock':
      [counts, problems, lines] = [lockCounts(verdict.lock), lockProblems(verdict.lock), describeLock(verdict.lock, notation)];
      break;
    case 'queue':
      [counts, problems, lines] = [queueCounts(verdict.queue), queueProblems(verdict.queue), describeQueue(verdict.queue, notation)];
      break;
    default:
      return describeVerdict(verdict.linearizability, file, notation);
  }
  const subject = verdictSubject(file, verdict.model, verdict.counts, counts);
  if (verdict.valid) return `valid: ${subject}\n  ${modelProperty(verdict.model)}: holds\n`;
  return [`invalid: ${subject}`, `  ${problems}`, ...lines].join('\n') + '\n';
}

/** The verdict as one JSON document: `valid`, the counts, the summary and every problem with its operations. */
export function historyVerdictJson(verdict: HistoryVerdict, file: string): Record<string, unknown> {
  const common = { file, model: verdict.model, valid: verdict.valid ?? null, summary: verdict.summary, operations: verdict.counts };
  switch (verdict.model) {
    case 'set':
      return { ...common, ...setJson(verdict.set) };
    case 'lock':
      return { ...common, ...lockJson(verdict.lock) };
    case 'queue':
      return { ...common, ...queueJson(verdict.queue) };
    default: {
      const { file: _f, model: _m, ...rest } = verdictJson(verdict.linearizability, file);
      return { ...common, ...rest };
    }
  }
}

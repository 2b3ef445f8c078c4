/**
 * A verdict in words (for a terminal) and as plain JSON (for `--json`): whether the history is
 * linearizable and, when it is not, which operations could not be linearized, each named by its
 * lines in the file, its process, its operation and its value.
 */
import type { PartitionFailure, PartitionResult, Verdict } from './linearizability.js';
import type { RegisterOp } from './models.js';
import { showProcess } from './history.js';
import { jsonOperation, operationRows } from './operations.js';
import { jsonValue, showValue, type Notation, type Value } from './values.js';

/** How many operations of the linearized prefix the text shows (its end). */
export const PREFIX_SHOWN = 8;

const count = (n: number) => n.toLocaleString('en-US');

/** `process 1 read 3`, `process 0 cas 1 -> 2`. */
export function showOp(op: RegisterOp, notation: Notation): string {
  const v = (x: Value) => showValue(x, notation);
  return `${showProcess(op.source.process)} ${op.f === 'cas' ? `cas ${v(op.a)} -> ${v(op.b)}` : `${op.f} ${v(op.a)}`}`;
}

/** Why the model refuses `op` when the register holds `value`. */
function reason(op: RegisterOp, value: Value, notation: Notation, subject: string): string {
  const v = (x: Value) => showValue(x, notation);
  return `${op.f === 'read' ? 'reads' : 'expects'} ${v(op.a)}, but ${subject} holds ${v(value)}`;
}

function summary(verdict: Verdict, file: string): string {
  const c = verdict.counts;
  const parts = [`${count(c.operations)} operations: ${count(c.ok)} ok`];
  if (c.fail > 0) parts.push(`${count(c.fail)} failed (left out)`);
  if (c.info > 0) parts.push(`${count(c.info)} indeterminate`);
  const keys = verdict.model === 'kv' ? `, ${count(verdict.partitions.length)} ${verdict.partitions.length === 1 ? 'key' : 'keys'}` : '';
  return `${file} (${verdict.model}${keys}; ${parts.join(', ')})`;
}

/** The verdict as text for a terminal: one line when linearizable, the failing operations otherwise. */
export function describeVerdict(verdict: Verdict, file: string, notation: Notation): string {
  if (verdict.linearizable === true) return `linearizable: ${summary(verdict, file)}\n`;
  const lines: string[] = [];
  if (verdict.linearizable === undefined) {
    lines.push(`undecided: ${summary(verdict, file)}`);
    for (const p of verdict.partitions.filter((q) => q.linearizable === undefined)) {
      lines.push(`  ${p.key === undefined ? 'the register' : `key ${showValue(p.key, notation)}`}: gave up after exploring ${count(p.states)} states`);
    }
    return lines.join('\n') + '\n';
  }
  lines.push(`not linearizable: ${summary(verdict, file)}`);
  for (const p of verdict.partitions) if (p.failure !== undefined) lines.push('', ...describeFailure(p.failure, notation));
  return lines.join('\n') + '\n';
}

function describeFailure(f: PartitionFailure, notation: Notation): string[] {
  const rows = (ops: { op: RegisterOp; note?: string }[]) => operationRows(ops.map((o) => ({ op: o.op.source, value: undefined, note: o.note, shown: showOp(o.op, notation) })), notation);
  const subject = f.key === undefined ? 'the register' : 'the key';
  const out: string[] = [];
  const n = f.linearized.length;
  const key = f.key === undefined ? '' : `Key ${showValue(f.key, notation)}: `;
  out.push(
    n === 0
      ? `  ${key}No operation could be linearized first; ${subject} holds ${showValue(f.value, notation)} initially.`
      : `  ${key}The longest linearizable prefix has ${count(n)} ${n === 1 ? 'operation' : 'operations'}; after it ${subject} holds ${showValue(f.value, notation)}.`,
  );
  out.push('  The first operation that could not be placed (it completed before any order could fit it in):');
  out.push(...rows([{ op: f.stuck }]));
  out.push('  The operations that could have gone next, and why none could:');
  out.push(...rows(f.candidates.map((op) => ({ op, note: reason(op, f.value, notation, subject) }))));
  if (n > 0) {
    out.push(n <= PREFIX_SHOWN ? '  The prefix:' : `  The end of the prefix (the last ${PREFIX_SHOWN} of ${count(n)}):`);
    out.push(...rows(f.linearized.slice(-PREFIX_SHOWN).map((op) => ({ op }))));
  }
  return out;
}

/** An operation as plain JSON: a cas's value is `[old, new]`. */
const jsonOp = (op: RegisterOp) => jsonOperation(op.source, op.f === 'cas' ? [op.a, op.b] : op.a);

function jsonPartition(p: PartitionResult): Record<string, unknown> {
  const f = p.failure;
  return {
    ...(p.key !== undefined ? { key: jsonValue(p.key) } : {}),
    linearizable: p.linearizable ?? null,
    states: p.states,
    ...(f === undefined
      ? {}
      : {
          linearized: f.linearized.length,
          value: jsonValue(f.value),
          stuck: jsonOp(f.stuck),
          candidates: f.candidates.map(jsonOp),
          prefix: f.linearized.map(jsonOp),
        }),
  };
}

/**
 * The verdict as one JSON document: `linearizable` (true, false, or null when undecided), the
 * operation counts, and per register (per key for kv) that was not linearizable: the length of the
 * longest linearizable prefix, the value after it, the first operation that could not be placed,
 * the operations that could have gone next (the model refuses each), and the prefix itself. Linearizable keys are left out.
 */
export function verdictJson(verdict: Verdict, file: string): Record<string, unknown> {
  return {
    file,
    model: verdict.model,
    linearizable: verdict.linearizable ?? null,
    operations: verdict.counts,
    keys: verdict.model === 'kv' ? verdict.partitions.length : undefined,
    states: verdict.partitions.reduce((s, p) => s + p.states, 0),
    failures: verdict.partitions.filter((p) => p.linearizable !== true).map(jsonPartition),
  };
}

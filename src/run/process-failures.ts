/**
 * A process run's part of the summary, and its failures: the first invariant violation (the run
 * stopped there), and the history checker's verdict when the scenario asks for one
 * (`history: { model }`: any model of check/check.ts, through its `checkHistory`).
 */
import type { RunFailure } from './failure.js';
import type { ProcessFigures, ProcessRuntime } from '../process/runtime.js';
import { parseHistory } from '../check/history.js';
import { checkHistory, MODEL_PROPERTIES, modelProperty, type HistoryVerdict } from '../check/check.js';
import { HistoryError } from '../check/history-error.js';
import { BuildError } from '../engine/errors.js';
import type { HistoryModelName } from '../spec/process.js';
import { showOp } from '../check/describe.js';
import { whereOperation } from '../check/operations.js';

/** The `processes` block of a summary. */
export type ProcessSummary = ProcessFigures;

/** The most configurations the history checker explores per register before it gives up. */
export const HISTORY_MAX_STATES = 2_000_000;

/** The history of client operations, as `history.jsonl` holds it (check/history.ts's JSON Lines). */
export function historyText(runtime: ProcessRuntime): string {
  return runtime.history.length === 0 ? '' : runtime.history.join('\n') + '\n';
}

export function processFailures(runtime: ProcessRuntime, model: HistoryModelName | undefined): RunFailure[] {
  const failures: RunFailure[] = runtime.violations.map((v) => ({ kind: 'invariant', ...v }));
  if (model !== undefined && !runtime.violated && runtime.history.length > 0) {
    let verdict: HistoryVerdict;
    try {
      verdict = checkHistory(parseHistory(historyText(runtime), 'json'), model, { maxStates: HISTORY_MAX_STATES });
    } catch (e) {
      if (e instanceof HistoryError) throw new BuildError(`history: { model: ${model} }: the workload's operations do not fit the model (${MODEL_PROPERTIES[model]}): ${e.message}`);
      throw e;
    }
    const property = `history: ${model}`;
    const check = `(check it with lightcone check-history history.jsonl --model ${model})`;
    const before = failures.length;
    if (verdict.valid === false && verdict.model !== 'cas-register' && verdict.model !== 'kv') {
      failures.push({ kind: 'history', property, message: `the history of ${verdict.counts.operations} operations breaks ${modelProperty(model)}: ${verdict.summary} ${check}` });
    } else if (verdict.valid === false && 'linearizability' in verdict) {
      const bad = verdict.linearizability.partitions.find((p) => p.linearizable === false);
      const stuck = bad?.failure?.stuck;
      const ops = stuck !== undefined ? [`${showOp(stuck, 'json')} (${whereOperation(stuck.source)} of history.jsonl)`] : [];
      failures.push({
        kind: 'history',
        property,
        message: `the history of ${verdict.counts.operations} operations is not linearizable as a ${model}${ops.length > 0 ? `; no order explains ${ops.join(', ')}` : ''} ${check}`,
      });
    } else if (verdict.valid === undefined) {
      failures.push({ kind: 'history', property, message: `the checker gave up after ${HISTORY_MAX_STATES} states of one register, before a verdict` });
    }
    // the trace marks it: a violation event about the operations the checker names (their complete, or invoke if never completed)
    if (failures.length > before) {
      const lines = verdict.violations.flatMap((v) => v.operations.map((op) => (op.complete ?? op.invoke).line));
      runtime.historyViolation(property, failures[failures.length - 1].message, lines);
    }
  }
  return failures;
}

/**
 * Comparing the traces of two runs of one seed, event by event (the determinism check of a
 * scenario with processes: `hunt --double`, `replay --double`). The scheduler's fingerprint
 * (engine/fingerprint.ts) sees when and where each event fires; the trace also sees what it
 * carries (payloads, timer names, clock readings), so a program whose messages depend on state
 * kept from an earlier run (a module-level counter) is caught even when its timing is not.
 *
 * The first run's lines are kept (a hash of each past `KEEP_LINES`), the second run's are compared
 * as they come; the first line where they differ is kept from both.
 */
import type { TraceSink } from './writer.js';

/** Lines of the first run kept whole; past them only a hash, and the difference names the event without its text. */
export const KEEP_LINES = 200_000;

export interface TraceDifference {
  /** The event's number in the trace (its seq), or -1 for the header line. */
  seq: number;
  /** The two lines (null: that run had ended; undefined: not kept). */
  first: string | null | undefined;
  second: string | null;
  /** Events in each run's trace. */
  events: [number, number];
}

/** Splits what a TraceWriter writes into lines. */
function lineSink(onLine: (line: string) => void): TraceSink {
  let rest = '';
  return {
    write: (text) => {
      const parts = (rest + text).split('\n');
      rest = parts.pop() as string;
      for (const p of parts) onLine(p);
    },
    close: () => {
      if (rest !== '') onLine(rest);
      rest = '';
    },
  };
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class TraceComparison {
  private readonly lines: string[] = [];
  private readonly hashes: number[] = [];
  private secondCount = 0;
  private diff: { index: number; second: string | null } | null = null;

  /** The sink of the first run's TraceWriter. */
  readonly first: TraceSink = lineSink((line) => {
    if (this.lines.length < KEEP_LINES) this.lines.push(line);
    this.hashes.push(hash(line));
  });

  /** The sink of the second run's TraceWriter. */
  readonly second: TraceSink = lineSink((line) => {
    const i = this.secondCount++;
    if (this.diff !== null) return;
    const same = i < this.lines.length ? this.lines[i] === line : i < this.hashes.length && this.hashes[i] === hash(line);
    if (!same) this.diff = { index: i, second: line };
  });

  /** The first difference (after both runs), or null when the traces are the same. */
  difference(): TraceDifference | null {
    const n1 = this.hashes.length;
    const n2 = this.secondCount;
    let d = this.diff;
    if (d === null && n1 !== n2) d = { index: Math.min(n1, n2), second: null };
    if (d === null) return null;
    const i = d.index;
    const first = i >= n1 ? null : i < this.lines.length ? this.lines[i] : undefined;
    return { seq: i - 1, first, second: i >= n2 ? null : d.second, events: [Math.max(0, n1 - 1), Math.max(0, n2 - 1)] };
  }
}

/** `event 12 (trace line 14): {...} in the first run, {...} in the second`. */
export function describeTraceDifference(d: TraceDifference): string {
  const show = (l: string | null | undefined) => (l === null ? 'no event (the run had ended)' : l === undefined ? '(not kept)' : l);
  const where = d.seq < 0 ? 'the trace header' : `trace event ${d.seq}`;
  return `${where}: ${show(d.first)} in the first run, ${show(d.second)} in the second (${d.events[0]} and ${d.events[1]} events in all)`;
}

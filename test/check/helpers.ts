/** Small histories written compactly, for the checker's tests. */
import { parseHistory } from '../../src/check/history.js';
import { checkLinearizability as checkHistory, type Verdict } from '../../src/check/linearizability.js';
import type { ModelName } from '../../src/check/models.js';
import type { PlainEvent } from './brute-force.js';

/** `[process, type, f, value]` or `[process, type, f, value, key]`: one event. */
export type Row = [number, PlainEvent['type'], PlainEvent['f'], unknown, string?];

export function events(rows: readonly Row[]): PlainEvent[] {
  return rows.map(([process, type, f, value, key]) => ({ process, type, f, value, ...(key === undefined ? {} : { key }) }));
}

export function jsonl(rows: readonly Row[] | readonly PlainEvent[]): string {
  const evs = rows.length > 0 && Array.isArray(rows[0]) ? events(rows as Row[]) : (rows as PlainEvent[]);
  return evs.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

export function check(rows: readonly Row[] | readonly PlainEvent[], model: ModelName = 'cas-register'): Verdict {
  return checkHistory(parseHistory(jsonl(rows), 'json'), model);
}

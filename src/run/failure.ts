/**
 * A run's failed properties: a `checks:` entry over its figures, an invariant over the state of its
 * processes, a history checker. A run with at least one failure exits with code 1, and `hunt`
 * looks for seeds whose run has one. Like everything in a summary, a failure is a pure function of
 * (scenario, seed).
 */
export type FailureKind = 'check' | 'invariant' | 'history';

export interface RunFailure {
  kind: FailureKind;
  /** The property, as the scenario states it: the check's text, the invariant's name, the checker's name. */
  property: string;
  /** What was found, in words ("lease.conflicts is 3; expected == 0"). */
  message: string;
  /** Simulated time (ms) of the event after which it was seen, for properties checked at events. */
  atMs?: number;
  /** The number (`seq`) of that event. */
  event?: number;
}

/**
 * A failure in one line, as `run`, `replay` and `hunt` print it after `FAILED `: its kind and
 * property, where it was seen (the seed when given, the simulated time to the microsecond, the
 * event), then what was found: `invariant converged (seed 3 at 3006.874 ms of simulated time, event 557): ...`.
 */
export function describeFailure(f: RunFailure, seed?: number): string {
  const at = f.atMs !== undefined ? `at ${+f.atMs.toFixed(3)} ms of simulated time${f.event !== undefined ? `, event ${f.event}` : ''}` : '';
  const where = [seed !== undefined ? `seed ${seed}` : '', at].filter((x) => x !== '').join(' ');
  return `${f.kind} ${f.property}${where !== '' ? ` (${where})` : ''}: ${f.message}`;
}

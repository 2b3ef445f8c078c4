/**
 * Scenario errors: every problem found in a scenario file (and its `--set` overrides), collected
 * and reported together.
 */

export interface Problem {
  /** The scenario file. */
  file: string;
  /** 1-based line and column in `file`; 0 when the problem has no place in the file. */
  line: number;
  col: number;
  /** Where in the scenario, as in `topology[0].balancer.strategy` ('' for the whole scenario). */
  path: string;
  /** What is wrong: what was expected and what was found. */
  message: string;
  hint?: string;
  /** The `--set path=value` override the problem comes from, if it comes from one. */
  override?: string;
}

/** The report lists at most this many problems, then says how many more there are. */
export const MAX_REPORTED_PROBLEMS = 100;

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super();
    this.name = 'ScenarioError';
    this.message = this.format();
  }

  /**
   * The report printed for the user:
   *
   *     error: scenarios/p2c.yaml is not a valid scenario (1 problem)
   *
   *       scenarios/p2c.yaml:14:31  topology[0].balancer.strategy
   *         unknown strategy "two-choice"; expected one of: random, round-robin, least-conn, one-conn
   *         hint: did you mean "two-choices"?
   *
   * After the first MAX_REPORTED_PROBLEMS problems, one line says how many more there are
   * (`problems` holds them all).
   */
  format(): string {
    const n = this.problems.length;
    const lines = [`error: ${this.file} is not a valid scenario (${n} ${n === 1 ? 'problem' : 'problems'})`];
    for (const p of this.problems.slice(0, MAX_REPORTED_PROBLEMS)) {
      lines.push('', `  ${[location(p), p.path].filter((s) => s !== '').join('  ')}`);
      for (const line of p.message.split('\n')) lines.push(`    ${line}`);
      if (p.hint !== undefined) lines.push(`    hint: ${p.hint}`);
    }
    const more = n - MAX_REPORTED_PROBLEMS;
    if (more > 0) lines.push('', `  and ${more} more ${more === 1 ? 'problem' : 'problems'}, not shown: fix these first`);
    return lines.join('\n');
  }
}

/**
 * A warning about a scenario that still runs (an old spelling), as printed:
 *
 *     warning: scenarios/mm1.yaml:12:15  topology[0].server.service
 *       "service" is an old spelling, read as "service-time": write service-time (...)
 */
export function formatWarning(p: Problem): string {
  return `warning: ${[location(p), p.path].filter((s) => s !== '').join('  ')}\n    ${p.message}`;
}

function location(p: Problem): string {
  if (p.override !== undefined) return `--set ${p.override}`;
  if (p.line === 0) return p.file;
  return `${p.file}:${p.line}:${p.col}`;
}

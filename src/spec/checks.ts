/**
 * The plain data of a scenario's `checks:` (the grammar, the figures and the parser are in
 * `check/figures.ts`; the evaluation over a run's summary in `run/checks.ts`).
 */

export const CHECK_OPERATORS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type CheckOperator = (typeof CHECK_OPERATORS)[number];

/** What a figure measures, which decides the units a check may write after its number. */
export type Dimension = 'count' | 'fraction' | 'ms' | 'number';

/** How a figure of several nodes becomes one: summed (counts), the largest, the smallest. */
export type Aggregate = 'sum' | 'max' | 'min';

export interface FigureInfo {
  dimension: Dimension;
  aggregate: Aggregate;
}

/** Which nodes a check's figure is over. */
export type FigureTarget =
  | { of: 'summary' }
  /** Every node of this step kind. */
  | { of: 'kind'; kind: string }
  /** The nodes a pattern matches (as fault targets). */
  | { of: 'nodes'; pattern: string };

export interface CheckSpec {
  /** The check as written. */
  text: string;
  target: FigureTarget;
  /** The figure's path: in the summary, or in a node's figures (`conflicts`, `queue.max`, `endToEnd.p99`). */
  figure: string;
  info: FigureInfo;
  op: CheckOperator;
  /** The number as written, in the figure's own unit (a fraction, ms, a count). */
  value: number;
  /** The unit written after the number, if any. */
  unit?: '%' | 'ms' | 's';
}

/**
 * Evaluating a scenario's `checks:` over a run's summary (the grammar and the figures are in
 * `check/figures.ts`). A check that fails is a RunFailure of kind 'check'; every check's verdict
 * and figure goes into the summary's `checks`, so the report can print PASS or FAIL for each.
 */
import { BuildError } from '../engine/errors.js';
import { NodePattern } from '../engine/node-pattern.js';
import type { Simulation } from '../engine/simulation.js';
import { holds, isNodeFigure, nodeFigures, showFigure, type CheckSpec } from '../check/figures.js';
import type { NodeSummary } from '../clocks/figures.js';
import type { RunFailure } from './failure.js';

/** One check's verdict, as the summary holds it. */
export interface CheckResult {
  /** The check as written. */
  check: string;
  passed: boolean;
  /** The figure the run reached, in the figure's own unit (ms, a fraction, a count); null when it had no data. */
  value: number | null;
  /** The figure as the check writes it (`612ms`, `98.5%`, `3`). */
  reached: string;
}

/**
 * Checks that name nodes (`nodes["leaders[0]/lease"].conflicts`) against the built system: the
 * pattern must match a node that has the figure. Throws a BuildError whose lines begin with the
 * check's path (`checks[2]: ...`), which the scenario front end places in the file.
 */
export function checkCheckTargets(sim: Simulation, checks: readonly CheckSpec[] | undefined): void {
  if (checks === undefined) return;
  const nodes = sim.observedNodes().map((n) => n as unknown as { id: string; kind: string });
  const lines: string[] = [];
  checks.forEach((c, i) => {
    if (c.target.of !== 'nodes') return;
    const p = new NodePattern(c.target.pattern);
    const matched = nodes.filter((n) => p.matches(n.id));
    if (matched.length === 0) {
      lines.push(`checks[${i}]: nodes["${c.target.pattern}"] matches no node of the system; its nodes: ${nodes.slice(0, 12).map((n) => n.id).join(', ')}${nodes.length > 12 ? ', ...' : ''}`);
    } else if (!matched.some((n) => Object.hasOwn(nodeFigures(n.kind), c.figure))) {
      const kinds = [...new Set(matched.map((n) => n.kind))];
      lines.push(`checks[${i}]: nodes["${c.target.pattern}"] matches ${kinds.join(' and ')} nodes, which have no figure ${c.figure}`);
    }
  });
  if (lines.length > 0) throw new BuildError(lines.join('\n'));
}

/** Each check's verdict over a run's summary (the summary's figures, its nodes), in the order written. */
export function evaluateChecks(checks: readonly CheckSpec[], summary: { nodes: readonly NodeSummary[] }): { results: CheckResult[]; failures: RunFailure[] } {
  const results: CheckResult[] = [];
  const failures: RunFailure[] = [];
  for (const c of checks) {
    const value = figureOf(c, summary);
    const passed = holds(c, value);
    const reached = showFigure(c, value);
    results.push({ check: c.text.trim(), passed, value: Number.isNaN(value) ? null : value, reached });
    if (!passed) {
      failures.push({ kind: 'check', property: c.text.trim(), message: `${figureName(c)} is ${reached}; expected ${c.op} ${c.value}${c.unit ?? ''}` });
    }
  }
  return { results, failures };
}

function figureName(c: CheckSpec): string {
  if (c.target.of === 'kind') return `${c.target.kind}.${c.figure}`;
  if (c.target.of === 'nodes') return `nodes["${c.target.pattern}"].${c.figure}`;
  return c.figure;
}

/** The figure a check names, in the run: NaN when it has no data (a percentile of no requests). */
function figureOf(c: CheckSpec, summary: { nodes: readonly NodeSummary[] }): number {
  if (c.target.of === 'summary') return numberAt(summary, c.figure);
  const target = c.target;
  const pattern = target.of === 'nodes' ? new NodePattern(target.pattern) : null;
  const values: number[] = [];
  for (const n of summary.nodes) {
    if (target.of === 'kind' ? n.kind !== target.kind : !(pattern as NodePattern).matches(n.id)) continue;
    if (!Object.hasOwn(nodeFigures(n.kind), c.figure)) continue;
    const v = numberAt(isNodeFigure(c.figure) ? n : (n.extra ?? {}), c.figure);
    if (!Number.isNaN(v)) values.push(v);
  }
  if (values.length === 0) return c.info.aggregate === 'sum' ? 0 : NaN;
  if (c.info.aggregate === 'sum') return values.reduce((a, b) => a + b, 0);
  return c.info.aggregate === 'max' ? Math.max(...values) : Math.min(...values);
}

function numberAt(root: unknown, path: string): number {
  let v: unknown = root;
  for (const seg of path.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, seg)) return NaN;
    v = (v as Record<string, unknown>)[seg];
  }
  return typeof v === 'number' ? v : NaN; // null: a figure with no data (NaN in the summary's JSON)
}

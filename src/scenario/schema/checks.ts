/**
 * The schema of `checks:`: a list of assertions over the run's figures, each a string such as
 * `lease.conflicts == 0` (the grammar and the figures are in `check/figures.ts`). Each is read when
 * the scenario loads: a check that cannot be read, or names an unknown figure, is a problem at its
 * place in the file (the column of the word that is wrong), with "did you mean".
 */
import { z } from 'zod';
import { CheckSyntaxError, KIND_FIGURES, parseCheck, type CheckSpec } from '../../check/figures.js';
import { didYouMeanHint, expecting, say } from '../messages.js';
import type { IssueParams } from './primitives.js';
import type { SemanticProblem } from '../semantics.js';

const EXAMPLE = 'a list of checks such as ["lease.conflicts == 0", "success >= 99%", "p99 < 500ms"]';

export function checksSchema() {
  return z
    .array(
      z.string({ error: expecting('a check such as "p99 < 500ms" (a figure, an operator, a number)') }).transform((text, ctx): CheckSpec => {
        try {
          return parseCheck(text);
        } catch (e) {
          if (!(e instanceof CheckSyntaxError)) throw e;
          const params: IssueParams = { offset: e.offset };
          ctx.issues.push({ code: 'custom', input: text, message: say(e.message, hintOf(e)), params });
          return z.NEVER;
        }
      }),
      { error: expecting(EXAMPLE) },
    )
    .describe(
      'Properties the run must have, over its figures: "figure op number unit", such as "lease.conflicts == 0", "success >= 99%", ' +
        '"p99 < 500ms" or nodes["leaders[0]/lease"].conflicts == 0. A failed check makes the run exit with code 1.',
    );
}

function hintOf(e: CheckSyntaxError): string | undefined {
  if (e.hint !== undefined) return `did you mean ${JSON.stringify(e.hint)}?`;
  if (e.unknown !== undefined) return didYouMeanHint(e.unknown.word, e.unknown.candidates);
  return undefined;
}

/** The step kinds of a scenario's chains (a broker's consumers count as `consumer` steps). */
function stepKindsOf(spec: { services: Record<string, unknown>; topology: unknown }): string[] {
  const kinds = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (typeof v === 'object' && v !== null) {
      const kind = (v as { kind?: unknown }).kind;
      if (typeof kind === 'string' && Object.hasOwn(KIND_FIGURES, kind)) kinds.add(kind);
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(spec.topology);
  walk(spec.services);
  if (kinds.has('broker')) kinds.add('consumer');
  return [...kinds].sort();
}

/** A `kind.figure` check whose scenario has no step of that kind would pass for ever: a problem. */
export function checkKinds(spec: { services: Record<string, unknown>; topology: unknown; checks?: readonly CheckSpec[] }): SemanticProblem[] {
  const kinds = stepKindsOf(spec);
  const problems: SemanticProblem[] = [];
  (spec.checks ?? []).forEach((c, i) => {
    if (c.target.of !== 'kind' || kinds.includes(c.target.kind)) return;
    const hint = kinds.length > 0 ? `its step kinds: ${kinds.join(', ')}` : undefined;
    problems.push({ path: ['checks', i], message: say(`${c.text.trim()}: ${c.target.kind}.${c.figure} is a figure of ${c.target.kind} steps, and this scenario has none`, hint) });
  });
  return problems;
}

/**
 * The schema of a step and of a chain, read from the step-kind registry (src/scenario/steps/): a
 * step is a map with exactly one key, a kind of the registry, whose value that kind's schema
 * checks; the JSON Schema lists the kinds in the registry's order.
 */
import { z } from 'zod';
import { expectedFound, expecting, say } from '../messages.js';
import type { StepRegistry, StepSchemaContext, StepSpecOf } from '../steps/step.js';
import { distribution } from './distribution.js';
import { strictObject, type SchemaOptions } from './primitives.js';

export function stepSchema<R extends StepRegistry>(options: SchemaOptions, steps: R) {
  const c: StepSchemaContext = { options, dist: distribution(options) };
  const names: readonly string[] = steps.map((s) => s.kind);
  const stepExample = 'a step such as { server: { service-time: exp(1ms) } }';
  // Every step kind is one optional key of the step map (the order of the registry).
  const optional = Object.fromEntries(steps.map((s) => [s.kind, s.schema(c).optional()])) as Record<string, z.ZodOptional<z.ZodType<StepSpecOf<R>>>>;
  return strictObject(optional, {
    noun: 'step',
    expected: stepExample,
    hint: (v) => (typeof v === 'string' && names.includes(v) ? `write ${v}: { ... }` : undefined),
  })
    .transform((v, ctx): StepSpecOf<R> => {
      const kinds = names.filter((k) => v[k] !== undefined);
      if (kinds.length !== 1) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message:
            kinds.length === 0
              ? `expected a step, one of: ${names.join(', ')}; found an empty map`
              : say(
                  `expected one step per list item; found ${kinds.length}: ${kinds.join(', ')}`,
                  'start each step on its own line with "- "',
                ),
        });
        return z.NEVER;
      }
      return v[kinds[0]]!;
    })
    .meta({
      id: 'step',
      minProperties: 1,
      maxProperties: 1,
      description: 'One step of a chain: a map with exactly one key.',
    });
}

export function chainSchema<R extends StepRegistry>(options: SchemaOptions, steps: R) {
  return z
    .array(stepSchema(options, steps), {
      error: expecting('a chain: a list of steps', (v) =>
        typeof v === 'object' && v !== null ? 'a chain is a list: start each step on its own line with "- "' : undefined,
      ),
    })
    .min(1, { error: (issue) => expectedFound('a chain of at least one step', issue.input) })
    .meta({
      id: 'chain',
      description: 'A chain of steps, read from the client towards the server; each step wraps the next.',
    });
}

/**
 * The JSON Schema of scenario files, generated from the zod schema, for editors: with
 * `# yaml-language-server: $schema=../schema/scenario.schema.json` at the top of a YAML file (or a
 * `"$schema"` key in a JSON one) they complete keys, list strategies and show each key's description.
 * The checked-in copy is `schema/scenario.schema.json`; a test keeps it in sync (run it with
 * UPDATE_SCHEMA=1 to rewrite it).
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.js';
import { STEPS } from './steps/index.js';
import type { StepRegistry } from './steps/step.js';

/** Where the checked-in copy lives, relative to the package root. */
export const SCENARIO_JSON_SCHEMA_FILE = 'schema/scenario.schema.json';

/** The JSON Schema of scenario files whose chains use `steps` (default: the registry). */
export function scenarioJsonSchema(steps: StepRegistry = STEPS): object {
  // What a file may say (io: 'input'), not what it becomes; draft-07 is what most editors read.
  const schema = z.toJSONSchema(scenarioSchema({ baseDir: '.' }, steps), { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  // load and topology are required unless the scenario has processes (a zod refinement the conversion cannot see)
  return { ...schema, anyOf: [{ required: ['load', 'topology'] }, { required: ['processes'] }] };
}

/** The schema as the text of `schema/scenario.schema.json`. */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

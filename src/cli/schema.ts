/** `lightcone schema`: the JSON Schema of scenario files, for editors. */
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import { EXIT_OK } from './exit-codes.js';

export function schemaCommand(): number {
  process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  return EXIT_OK;
}

/** `lightcone list`: the bundled scenarios with their one-line descriptions. */
import { bundledScenarios } from './scenario-path.js';
import { EXIT_OK } from './exit-codes.js';

export function listCommand(): number {
  const all = bundledScenarios();
  const w = Math.max(...all.map((s) => s.name.length), 4);
  for (const s of all) process.stdout.write(`${s.name.padEnd(w)}  ${s.description}\n`);
  return EXIT_OK;
}

/**
 * Finds a scenario file: a path as given, or the name of a bundled scenario (`timelike/random`,
 * with or without `.yaml`), and lists the bundled scenarios with their descriptions.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from './exit-codes.js';

export { BUNDLED_DIR } from '../scenario/bundled.js';
import { BUNDLED_DIR } from '../scenario/bundled.js';

export function resolveScenario(arg: string): string {
  if (existsSync(arg) && statSync(arg).isFile()) return arg;
  for (const candidate of [join(BUNDLED_DIR, arg), join(BUNDLED_DIR, `${arg}.yaml`), join(BUNDLED_DIR, `${arg}.json`)]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(process.cwd(), candidate) || candidate;
  }
  const names = bundledScenarios().map((s) => s.name);
  const near = names.filter((n) => n.endsWith(`/${arg}`) || n === arg);
  throw new UsageError(
    `no scenario file "${arg}"` +
      (near.length ? `; did you mean "${near[0]}"?` : '; give a path to a .yaml or .json file, or a bundled name from `lightcone list`'),
  );
}

export interface BundledScenario {
  name: string;
  path: string;
  description: string;
}

export function bundledScenarios(): BundledScenario[] {
  const out: BundledScenario[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.replace(/\.(ya?ml|json)$/, '').localeCompare(b.name.replace(/\.(ya?ml|json)$/, '')))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(entry.name)) {
        let description = '';
        try {
          const doc = parse(readFileSync(p, 'utf8')) as { description?: unknown };
          if (typeof doc?.description === 'string') description = doc.description;
        } catch {
          description = '(unreadable)';
        }
        out.push({ name: relative(BUNDLED_DIR, p).replace(/\.(ya?ml|json)$/, ''), path: p, description });
      }
    }
  };
  if (existsSync(BUNDLED_DIR)) walk(BUNDLED_DIR);
  return out;
}

/**
 * The scenarios that ship with lightcone (scenarios/ in the package), and how stamps and command
 * lines name them: by their place in the package, never by a path relative to the folder a
 * command ran in, so the same run gives the same bytes and the same reproduce line from anywhere.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';

export const BUNDLED_DIR = join(PACKAGE_ROOT, 'scenarios');

/** The bundled name (`timelike/random`) of a file inside scenarios/, or null. */
export function bundledName(file: string): string | null {
  const rel = relative(BUNDLED_DIR, resolve(file));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join('/').replace(/\.(ya?ml|json)$/, '');
}

/** The file as stamps record it: a bundled scenario as `scenarios/<name>.yaml`, the same from any folder; any other file as given. */
export function stampFile(file: string): string {
  return bundledName(file) === null ? file : relative(PACKAGE_ROOT, resolve(file)).split(sep).join('/');
}

/** How a command line names the file: a bundled scenario by its name (works from any folder), any other file as given. */
export function commandArgument(file: string): string {
  return bundledName(file) ?? file;
}

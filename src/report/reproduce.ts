/** The command lines that reproduce a run or an experiment exactly, as the CLI prints them and the reports show them. */
import { commandArgument } from '../scenario/bundled.js';

/** A shell word: as is when it is safe, else in single quotes. */
export function shellQuote(s: string): string {
  return /^[\w./:=\[\]@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `lightcone <name> <file> <flags> --vary ... --set ...`, the file named as a user would type it (a bundled scenario by name). */
export function commandLine(name: string, file: string, flags: string[], vary: readonly { path: string; values: string }[], set: readonly string[]): string {
  return [
    `lightcone ${name}`,
    shellQuote(commandArgument(file)),
    ...flags,
    ...vary.flatMap((a) => ['--vary', shellQuote(`${a.path}=${a.values}`)]),
    ...set.flatMap((o) => ['--set', shellQuote(o)]),
  ].join(' ');
}

/** The command line that reproduces a run. */
export function reproduceRun(file: string, seed: number, overrides: readonly string[]): string {
  return commandLine('run', file, ['--seed', String(seed)], [], overrides);
}

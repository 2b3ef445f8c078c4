/** Numbers given on the command line: counts of at least 1 (`--jobs`, `--replications`, `--max-runs`) and wall-clock durations (`--time-limit`). */
import { parseDuration, UnitError } from '../scenario/units.js';
import { UsageError } from './exit-codes.js';

/** A whole number of at least 1, or a usage error naming `flag`. */
export function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag}: expected a whole number of at least 1; found "${text}"`);
  return n;
}

/** A duration greater than 0, in ms, written as in a scenario (`30s`, `10m`, `2h`), or a usage error naming `flag`. */
export function positiveDuration(text: string, flag: string): number {
  let ms: number;
  try {
    ms = parseDuration(text.trim());
  } catch (e) {
    if (!(e instanceof UnitError)) throw e;
    throw new UsageError(`${flag}: expected a duration such as 30s, 10m or 2h; found "${text}"`);
  }
  if (!(ms > 0)) throw new UsageError(`${flag}: expected a duration greater than 0; found "${text}"`);
  return ms;
}

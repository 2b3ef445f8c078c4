/** `--limit name=value` flags as size limits; a malformed one is a usage error (exit 2). */
import { limitsFrom, type Limits } from '../scenario/limits.js';
import { UsageError } from './exit-codes.js';

export function cliLimits(flags: readonly string[] = []): Limits {
  try {
    return limitsFrom(flags);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

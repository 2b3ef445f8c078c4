/**
 * A program error: the user's program cannot be loaded (missing file, syntax or type error, a kind
 * it does not export, an invariant that is not a function) or one of its handlers threw. It is the
 * user's to fix: printed without a stack trace, exit code 2, and no output is written.
 */
import { BuildError } from '../engine/errors.js';

export class ProgramError extends BuildError {}

/** Exit codes: 0 ran and all checks passed; 1 a check or invariant failed; 2 usage or scenario error, nothing simulated; 3 internal error. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** An error that is the user's to fix: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** Exit codes, as linters use them: 0 clean, 1 findings (or files that could not be handled), 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** `fix` stopped by SIGINT (as shells report 128 + the signal's number). */
export const EXIT_INTERRUPTED = 130;
export const EXIT_TERMINATED = 143;

/** An error the user can fix by changing the command line or settings: printed without a stack, exit 2. */
export class UsageError extends Error {}

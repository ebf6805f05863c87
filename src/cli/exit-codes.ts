/** Exit codes shared by every command (spec §2); 0, 1 and 2 are each command's verdicts. */

/** A usage error, or a target or input the command refuses. */
export const EXIT_REFUSED = 3;

/** An error the user cannot fix: a bug. */
export const EXIT_INTERNAL = 4;

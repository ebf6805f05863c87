/**
 * A mistake on the command line (an unknown option, a missing argument, a value of the wrong form): printed
 * as one line naming it, exit 3. Commands throw it for values only they can judge (--backend, --connect-to).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

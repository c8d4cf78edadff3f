/** Catching the located errors (UserError) that bad input must give, in tests. */
import { UserError } from '../../src/cli/errors.ts';

/** The UserError `fn` throws; any other error is rethrown, and no error fails the test. */
export function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

/** The UserError `p` rejects with; any other error is rethrown, and no error fails the test. */
export async function userErrorOfAsync(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

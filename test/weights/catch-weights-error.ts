/** Runs `run` and returns what it throws, so a test can assert on the error's fields. */
export function catchError(run: () => unknown): Error & { code?: string; index?: number } {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) {
      return error;
    }
    throw new Error(`expected an Error, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to throw, but it returned');
}

/** An error with the fields drivers attach (the Postgres SQLSTATE in `code`). */
export interface CodedError {
  code?: unknown;
  message?: unknown;
}

/**
 * The first error along `err`'s `cause` chain that `matches` — drizzle wraps the driver's error,
 * so its Postgres `code` sits one or more causes deep.
 */
export function findCause(err: unknown, matches: (e: CodedError) => boolean): CodedError | undefined {
  for (let e: any = err; e; e = e.cause) if (matches(e)) return e;
  return undefined;
}

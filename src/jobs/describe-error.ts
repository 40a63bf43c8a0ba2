/** A log-safe one-liner: message plus the Postgres code when there is one (drizzle wraps it in `cause`). */
export function describeError(err: unknown): string {
  const codes: string[] = [];
  for (let e: any = err; e; e = e.cause) if (typeof e.code === 'string') codes.push(e.code);
  const message = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return codes.length > 0 ? `${message} [${codes[0]}]` : message;
}

import { findCause } from '../lib/cause-chain.ts';
import { redactSecrets } from '../lib/redact.ts';

/** A log-safe one-liner: message plus the Postgres code when there is one (drizzle wraps it in `cause`). */
export function describeError(err: unknown): string {
  const code = findCause(err, (e) => typeof e.code === 'string')?.code;
  const message = redactSecrets(err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err));
  return code !== undefined ? `${message} [${code as string}]` : message;
}

/**
 * Connection strings inside error texts, as drivers quote them (`… (connection string: postgres://u:pw@h/db)`).
 * Anything that can reach a client or a log line goes through `redactSecrets` first.
 */
// The credentials run up to the last `@` before the host; a password may hold quotes and brackets.
const CONNECTION_STRING = /\b(postgres(?:ql)?|rediss?|https?):\/\/[^\s/]*@\S*/gi;

/** `text` with every credential-bearing URL reduced to its scheme: `postgres://***`. */
export function redactSecrets(text: string): string {
  return text.replace(CONNECTION_STRING, (_, scheme: string) => `${scheme}://***`);
}

import { stack } from './stack.ts';

export interface TokenOptions {
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  expiresIn?: number;
}

/** A real RS256 access token from the local identity provider (its JWKS is what the worker trusts). */
export async function tokenFor(sub: string | null, options: TokenOptions = {}): Promise<string> {
  const claims = { ...(sub === null ? {} : { sub }), ...options.claims };
  const res = await fetch(`${stack().idp.url}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...options, claims }),
  });
  if (!res.ok) throw new Error(`idp /token answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

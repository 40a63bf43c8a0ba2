import { importJWK, type JWK } from 'jose';

/**
 * JWKS cache per isolate (keys only, never a client). Rules:
 * - keys are refreshed after an hour; while one request refreshes, others keep the old keys, and a
 *   failed refresh keeps serving them (an identity-provider blip must not log everybody out);
 * - after a failure nobody fetches again for a cooldown, so an outage is not hammered;
 * - a `kid` missing from the cache triggers ONE refetch (the original waited for the TTL, contract
 *   §i.1 item 19), at most one per cooldown, so forged kids cannot stampede the identity provider.
 * No promise is shared between requests: a Worker must not await another request's I/O.
 */
const CACHE_TTL_MS = 3600_000;
const REFETCH_COOLDOWN_MS = 30_000;
const FAILURE_COOLDOWN_MS = 10_000;
const FETCH_TIMEOUT_MS = 5_000;

interface KeySet {
  url: string;
  keys: Map<string, CryptoKey>;
  fetchedAt: number;
}

let current: KeySet | null = null;
let refreshingSince = 0;
let lastFailure = 0;
let lastUnknownKidRefetch = 0;

export class JwksUnavailableError extends Error {}

async function fetchKeySet(url: string): Promise<KeySet> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch((e: unknown) => {
    throw new JwksUnavailableError(String(e));
  });
  if (!res.ok) throw new JwksUnavailableError(`JWKS answered ${res.status}`);
  const body = (await res.json().catch(() => null)) as { keys?: JWK[] } | null;
  if (!body || !Array.isArray(body.keys)) throw new JwksUnavailableError('JWKS has no keys');
  const keys = new Map<string, CryptoKey>();
  for (const jwk of body.keys) {
    if (!jwk.kid || jwk.kty !== 'RSA' || (jwk.use && jwk.use !== 'sig')) continue;
    // One unusable key must not cost the others: tokens signed with it just find no key.
    const key = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256').catch((e: unknown) => {
      console.error(JSON.stringify({ level: 'warn', msg: 'JWKS key skipped', kid: jwk.kid, cause: String(e) }));
      return null;
    });
    if (key) keys.set(jwk.kid, key as CryptoKey);
  }
  return { url, keys, fetchedAt: Date.now() };
}

/** Fetches the key set; on failure keeps what it had, and throws only when nothing usable is known. */
async function refresh(url: string): Promise<KeySet> {
  const usable = current?.url === url ? current : null;
  if (Date.now() - lastFailure < FAILURE_COOLDOWN_MS) {
    if (usable) return usable;
    throw new JwksUnavailableError('JWKS failed moments ago');
  }
  refreshingSince = Date.now();
  try {
    current = await fetchKeySet(url);
    return current;
  } catch (e) {
    lastFailure = Date.now();
    console.error(JSON.stringify({ level: usable ? 'warn' : 'error', msg: 'JWKS refresh failed', stale_keys: Boolean(usable), cause: String(e) }));
    if (usable) return usable;
    throw e;
  } finally {
    refreshingSince = 0;
  }
}

/** The RS256 key for `kid`, or null when the identity provider does not publish it. */
export async function signingKey(url: string, kid: string): Promise<CryptoKey | null> {
  let set = current?.url === url ? current : null;
  const expired = !set || Date.now() - set.fetchedAt > CACHE_TTL_MS;
  const someoneRefreshing = Date.now() - refreshingSince < FETCH_TIMEOUT_MS;
  if (!set || (expired && !someoneRefreshing)) set = await refresh(url);
  const known = set.keys.get(kid);
  if (known) return known;
  if (Date.now() - lastUnknownKidRefetch < REFETCH_COOLDOWN_MS) return null;
  lastUnknownKidRefetch = Date.now();
  return (await refresh(url)).keys.get(kid) ?? null;
}

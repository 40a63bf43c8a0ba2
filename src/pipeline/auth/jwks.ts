import { importJWK, type JWK } from 'jose';

/**
 * JWKS cache per isolate. A `kid` missing from the cache triggers ONE refetch (the original waited
 * for the TTL, contract §i.1 item 19), but at most one per cooldown and never concurrently, so
 * forged kids cannot stampede the identity provider. Holds keys, never a client.
 */
const CACHE_TTL_MS = 3600_000;
const REFETCH_COOLDOWN_MS = 30_000;
const FETCH_TIMEOUT_MS = 5_000;

interface KeySet {
  url: string;
  keys: Map<string, CryptoKey>;
  fetchedAt: number;
}

let current: KeySet | null = null;
let inFlight: Promise<KeySet> | null = null;
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
    keys.set(jwk.kid, (await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')) as CryptoKey);
  }
  return { url, keys, fetchedAt: Date.now() };
}

function refresh(url: string): Promise<KeySet> {
  inFlight ??= fetchKeySet(url)
    .then((set) => (current = set))
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** The RS256 key for `kid`, or null when the identity provider does not publish it. */
export async function signingKey(url: string, kid: string): Promise<CryptoKey | null> {
  if (!current || current.url !== url || Date.now() - current.fetchedAt > CACHE_TTL_MS) await refresh(url);
  const known = current!.keys.get(kid);
  if (known) return known;
  if (Date.now() - lastUnknownKidRefetch < REFETCH_COOLDOWN_MS) return null;
  lastUnknownKidRefetch = Date.now();
  return (await refresh(url)).keys.get(kid) ?? null;
}

import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { JwksUnavailableError, signingKey } from '../../src/pipeline/auth/jwks.ts';

// The cache's outage rules, with the identity provider's answers scripted (fetch is the IdP here, not
// the database) and the clock moved by hand. Its own file: the cache is per isolate.
const URL_ = 'https://idp.example/.well-known/jwks.json';
let jwks: unknown;
let idpUp = true;
let fetches = 0;

beforeAll(async () => {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', use: 'sig' }] };
  vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
    fetches++;
    return idpUp ? Response.json(jwks) : new Response('down', { status: 503 });
  });
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  idpUp = true;
});

it('keeps serving the known keys when a refresh fails, and does not hammer the identity provider', async () => {
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  expect(await signingKey(URL_, 'k1')).not.toBeNull();
  expect(fetches).toBe(1);

  // Two hours later the keys are stale and the IdP is down: the old key still verifies.
  vi.setSystemTime(new Date('2026-01-01T02:00:00Z'));
  idpUp = false;
  expect(await signingKey(URL_, 'k1')).not.toBeNull();
  expect(fetches).toBe(2);
  // Within the failure cooldown nobody asks the IdP again.
  expect(await signingKey(URL_, 'k1')).not.toBeNull();
  expect(fetches).toBe(2);

  // After the cooldown the next request retries, and a recovered IdP refreshes the cache.
  vi.setSystemTime(new Date('2026-01-01T02:00:11Z'));
  idpUp = true;
  expect(await signingKey(URL_, 'k1')).not.toBeNull();
  expect(fetches).toBe(3);
  expect(await signingKey(URL_, 'k1')).not.toBeNull();
  expect(fetches).toBe(3);
});

it('fails with JwksUnavailableError when no keys were ever fetched', async () => {
  vi.setSystemTime(new Date('2026-01-02T00:00:00Z'));
  idpUp = false;
  const other = 'https://other-idp.example/jwks.json';
  await expect(signingKey(other, 'k1')).rejects.toBeInstanceOf(JwksUnavailableError);
  // ...and within the cooldown it fails fast, without a fetch.
  const before = fetches;
  await expect(signingKey(other, 'k1')).rejects.toBeInstanceOf(JwksUnavailableError);
  expect(fetches).toBe(before);
});

it('skips a malformed key instead of failing the whole key set', async () => {
  vi.setSystemTime(new Date('2026-01-03T00:00:00Z'));
  const good = (jwks as { keys: Record<string, unknown>[] }).keys[0]!;
  jwks = { keys: [{ kty: 'RSA', kid: 'broken', use: 'sig', n: '', e: 'AQAB' }, good] };
  const url = 'https://third-idp.example/jwks.json';
  expect(await signingKey(url, 'k1')).not.toBeNull();
  expect(await signingKey(url, 'broken')).toBeNull();
});

// The local IdP mints RS256 tokens that verify against its JWKS, as Auth0's would.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { expect, it } from 'vitest';
import { getJson, stack } from './support.ts';

const token = async (body: object = {}) =>
  (await getJson<{ access_token: string }>(`${stack.idp.url}/token`, { method: 'POST', body: JSON.stringify(body) })).access_token;

it('mints a token that verifies with the published JWKS, issuer and audience', async () => {
  const jwt = await token({ claims: { sub: 'auth0|user-1', scope: 'read:orders' } });
  const { payload, protectedHeader } = await jwtVerify(jwt, createRemoteJWKSet(new URL(stack.idp.jwksUrl)), {
    issuer: stack.idp.issuer,
    audience: stack.idp.audience,
  });
  expect(protectedHeader.alg).toBe('RS256');
  expect(payload).toMatchObject({ sub: 'auth0|user-1', scope: 'read:orders' });
  expect(payload.exp! - payload.iat!).toBe(3600);
});

it('rotation adds a new current key and keeps the old one published', async () => {
  const before = decodeProtectedHeader(await token()).kid;
  const { kid } = await getJson<{ kid: string }>(`${stack.idp.url}/rotate`, { method: 'POST' });
  expect(decodeProtectedHeader(await token()).kid).toBe(kid);
  const jwks = await getJson<{ keys: { kid: string }[] }>(stack.idp.jwksUrl);
  expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([before, kid]));
});

it('counts JWKS fetches', async () => {
  const { jwksFetches } = await getJson<{ jwksFetches: number }>(`${stack.idp.url}/__stats`);
  await fetch(stack.idp.jwksUrl).then((r) => r.arrayBuffer());
  expect(await getJson(`${stack.idp.url}/__stats`)).toEqual({ jwksFetches: jwksFetches + 1 });
});

it('can mint expired tokens for negative tests', async () => {
  const jwt = await token({ expiresIn: -60 });
  await expect(
    jwtVerify(jwt, createRemoteJWKSet(new URL(stack.idp.jwksUrl)), { issuer: stack.idp.issuer, audience: stack.idp.audience }),
  ).rejects.toThrow(/exp/);
});

// A local identity provider standing in for Auth0: publishes a JWKS and mints real RS256 access
// tokens, so the worker's JWT verification runs the production code path. Keys live in memory.
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { listen, readJson, requestUrl, sendJson } from './http.ts';

export type IdP = {
  url: string;
  jwksUrl: string;
  issuer: string;
  audience: string;
  stop(): Promise<void>;
};

/** issuer defaults to the IdP's own base URL with a trailing slash (Auth0's `https://domain/` form). */
export type IdPOptions = { issuer?: string; audience: string; port?: number };

type TokenRequest = { claims?: JWTPayload; header?: Record<string, unknown>; expiresIn?: number };
type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

const DEFAULT_TTL_SECONDS = 3600;

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `local-${randomUUID().slice(0, 8)}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startIdP(options: IdPOptions): Promise<IdP> {
  // Old keys stay published after a rotation, as Auth0 does while tokens signed with them live on.
  const keys: SigningKey[] = [await newKey()];
  let jwksFetches = 0;

  let issuer = options.issuer ?? '';
  const running = await listen('idp', options.port ?? 0, async (req, res) => {
    const path = requestUrl(req).pathname;
    if (req.method === 'GET' && path === '/.well-known/jwks.json') {
      jwksFetches++;
      return sendJson(res, 200, { keys: keys.map((k) => k.publicJwk) });
    }
    if (req.method === 'GET' && path === '/__stats') return sendJson(res, 200, { jwksFetches });
    if (req.method === 'POST' && path === '/rotate') {
      keys.push(await newKey());
      return sendJson(res, 200, { kid: keys.at(-1)!.kid, kids: keys.map((k) => k.kid) });
    }
    if (req.method === 'POST' && path === '/token') {
      const body = (await readJson(req, res)) as TokenRequest | undefined;
      if (body === undefined) return;
      return sendJson(res, 200, { access_token: await mint(keys.at(-1)!, issuer, options.audience, body), token_type: 'Bearer' });
    }
    sendJson(res, 404, { error: `idp: no route ${req.method} ${path}` });
  });

  issuer ||= `${running.url}/`;

  return {
    url: running.url,
    jwksUrl: `${running.url}/.well-known/jwks.json`,
    issuer,
    audience: options.audience,
    stop: () => running.close(),
  };
}

/** Defaults (iss, aud, sub, iat, exp) first; the request's claims and header override them, so tests
 *  can mint expired, wrong-audience or unknown-kid tokens on purpose. A claim given as null is left out. */
async function mint(key: SigningKey, issuer: string, audience: string, request: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iss: issuer,
    aud: audience,
    sub: 'auth0|local-dev-user',
    iat: now,
    exp: now + (request.expiresIn ?? DEFAULT_TTL_SECONDS),
    ...request.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === null) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...request.header } as { alg: string })
    .sign(key.privateKey);
}

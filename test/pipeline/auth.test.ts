import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  decodeToken,
  hs256Token,
  ownerQuery,
  roundTripsOf,
  seedTenants,
  stack,
  tokenFor,
  unsignedToken,
  withBadSignature,
  withHeader,
  type Tenants,
} from '../harness/index.ts';
import { expectError } from '../harness/expect-error.ts';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const BALANCE = '/api/v1/allocations/balance/';
const get = (token: string | null, headers?: Record<string, string>) =>
  call(BALANCE, { site: t.a.code, ...(token === null ? {} : { token }), ...(headers ? { headers } : {}) });

async function expectUnauthorized(res: Response, text: string) {
  expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
  await expectError(res, 401, 'AUTH.UNAUTHORIZED', { detail: text });
}

const now = () => Math.floor(Date.now() / 1000);

describe('credentials', () => {
  it('accepts a valid RS256 token', async () => {
    expect((await get(t.alice.token)).status).toBe(200);
  });

  it.each([
    ['no header', {}],
    ['another scheme', { Authorization: `Token abc` }],
    ['lower-case bearer', { Authorization: 'bearer abc' }],
    ['an empty token', { Authorization: 'Bearer ' }],
  ])('is anonymous with %s → 401', async (_, headers) => {
    await expectUnauthorized(await get(null, headers as Record<string, string>), 'Authentication credentials were not provided.');
  });
});

describe('token failures (contract §c.4 messages)', () => {
  it('expired beyond the leeway', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { exp: now() - 60, iat: now() - 120 } });
    await expectUnauthorized(await get(token), 'Invalid token: Token has expired');
  });

  it('expired within the leeway is still accepted', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { exp: now() - 3, iat: now() - 120 } });
    expect((await get(token)).status).toBe(200);
  });

  it('not yet valid', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { nbf: now() + 600 } });
    await expectUnauthorized(await get(token), 'Invalid token: Token validation failed: The token is not yet valid (nbf)');
  });

  it('issued in the future (beyond the leeway)', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { iat: now() + 600 } });
    await expectUnauthorized(await get(token), 'Invalid token: Token validation failed: The token is not yet valid (iat)');
  });

  it('a non-numeric iat', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { iat: 'yesterday' } });
    await expectUnauthorized(await get(token), 'Invalid token: Token validation failed: Issued At claim (iat) must be an integer.');
  });

  it.each(['aud', 'iss'])('missing %s', async (claim) => {
    const token = await tokenFor(t.alice.sub, { claims: { [claim]: null } });
    await expectUnauthorized(await get(token), `Invalid token: Token validation failed: Token is missing the "${claim}" claim`);
  });

  it('wrong issuer', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { iss: 'https://evil.example/' } });
    await expectUnauthorized(await get(token), 'Invalid token: Invalid issuer');
  });

  it('issuer compared exactly (trailing slash matters)', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { iss: stack().idp.issuer.replace(/\/$/, '') } });
    await expectUnauthorized(await get(token), 'Invalid token: Invalid issuer');
  });

  it('wrong audience', async () => {
    const token = await tokenFor(t.alice.sub, { claims: { aud: 'https://other-api/' } });
    await expectUnauthorized(await get(token), 'Invalid token: Invalid audience');
  });

  it('bad signature', async () => {
    await expectUnauthorized(await get(withBadSignature(t.alice.token)), 'Invalid token: Token decode error');
  });

  it('payload swapped under a valid signature', async () => {
    const [h, , s] = t.alice.token.split('.');
    const [, p] = t.bob.token.split('.');
    await expectUnauthorized(await get(`${h}.${p}.${s}x`), 'Invalid token: Token decode error');
  });

  it('garbage', async () => {
    await expectUnauthorized(await get('not-a-jwt'), 'Invalid token: Invalid token header');
  });

  it('missing kid', async () => {
    const { header } = decodeToken(t.alice.token);
    const { kid: _, ...noKid } = header;
    await expectUnauthorized(await get(withHeader(t.alice.token, noKid)), "Invalid token: Token missing 'kid' in header");
  });

  it('alg none', async () => {
    const { header, payload } = decodeToken(t.alice.token);
    await expectUnauthorized(
      await get(unsignedToken(header, payload)),
      'Invalid token: Token validation failed: The specified alg value is not allowed',
    );
  });

  it('HS256 signed with the public key', async () => {
    const { header, payload } = decodeToken(t.alice.token);
    const jwks = (await (await fetch(stack().idp.jwksUrl)).json()) as { keys: Record<string, unknown>[] };
    const publicKey = jwks.keys.find((k) => k.kid === header.kid)!;
    for (const secret of [JSON.stringify(publicKey), String(publicKey.n)]) {
      const token = await hs256Token(header, payload, secret);
      await expectUnauthorized(await get(token), 'Invalid token: Token validation failed: The specified alg value is not allowed');
    }
  });

  it('missing sub (not wrapped, as upstream)', async () => {
    const token = await tokenFor(null, { claims: { sub: null } });
    await expectUnauthorized(await get(token), "Token missing 'sub' claim");
  });

  it('a sub longer than users.auth0_sub can hold is refused (never a 500)', async () => {
    const token = await tokenFor(`test|${'x'.repeat(300)}`);
    await expectUnauthorized(await get(token), "Invalid token: Token validation failed: The 'sub' claim is longer than 255 characters");
  });

  it('a failed token never reaches the database', async () => {
    const res = await get(withBadSignature(t.alice.token));
    expect(await roundTripsOf(res)).toBe(0);
  });
});

describe('users (decision D9)', () => {
  it('creates a first-seen sub just in time, with a G- referral code and its email', async () => {
    const sub = `test|jit-${crypto.randomUUID()}`;
    const email = `${crypto.randomUUID()}@jit.posx.test`;
    const res = await get(await tokenFor(sub, { claims: { email } }));
    expect(res.status).toBe(200);
    const rows = await ownerQuery(null, 'select referral_code, email, is_active from users where auth0_sub = $1', [sub]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.referral_code).toMatch(/^G-[A-Z0-9]{8}$/);
    expect(rows[0]!.email).toBe(email);
    expect(rows[0]!.is_active).toBe(true);
  });

  it('concurrent first requests of the same sub create exactly one user and all succeed', async () => {
    const sub = `test|race-${crypto.randomUUID()}`;
    const token = await tokenFor(sub);
    const responses = await Promise.all(Array.from({ length: 8 }, () => get(token)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const rows = await ownerQuery(null, 'select user_id from users where auth0_sub = $1', [sub]);
    expect(rows).toHaveLength(1);
  });

  it('an email longer than users.email can hold is not copied (never a 500)', async () => {
    const sub = `test|long-mail-${crypto.randomUUID()}`;
    expect((await get(await tokenFor(sub, { claims: { email: `${'m'.repeat(300)}@posx.test` } }))).status).toBe(200);
    const rows = await ownerQuery(null, 'select email from users where auth0_sub = $1', [sub]);
    expect(rows[0]!.email).toBeNull();
  });

  it('an email already taken does not fail provisioning (the original answered 500)', async () => {
    const taken = (await ownerQuery(null, 'select email from users where user_id = $1', [t.alice.userId]))[0]!.email;
    const sub = `test|dup-${crypto.randomUUID()}`;
    expect((await get(await tokenFor(sub, { claims: { email: taken } }))).status).toBe(200);
    const rows = await ownerQuery(null, 'select email from users where auth0_sub = $1', [sub]);
    expect(rows[0]!.email).toBeNull();
  });

  it('refuses an inactive user with 401, and its request writes nothing', async () => {
    await expectUnauthorized(await get(t.dave.token), 'User inactive or deleted.');
    const res = await call('/api/v1/notifications/mark-read/', {
      method: 'PATCH',
      site: t.a.code,
      token: t.dave.token,
      body: { mark_all: true },
    });
    await expectUnauthorized(res, 'User inactive or deleted.');
    const users = await ownerQuery(null, 'select count(*)::int as n from users where auth0_sub = $1', [t.dave.sub]);
    expect(users[0]!.n).toBe(1);
    const receipts = await ownerQuery(t.a.siteId, 'select count(*)::int as n from notification_read_receipts where user_id = $1', [t.dave.userId]);
    expect(receipts[0]!.n).toBe(0);
  });

  it('one database round trip for a known user once the caches are warm; two the first time a user is seen', async () => {
    await get(t.bob.token);
    expect(await roundTripsOf(await get(t.bob.token))).toBe(1);
    const fresh = await tokenFor(`test|rt-${crypto.randomUUID()}`);
    expect(await roundTripsOf(await get(fresh))).toBe(2);
    expect(await roundTripsOf(await get(fresh))).toBe(1);
  });
});

import { beforeAll, expect, it } from 'vitest';
import { call, seedTenants, stack, tokenFor, withHeader, decodeToken, type Tenants } from '../harness/index.ts';
import { expectError } from '../harness/expect-error.ts';

// Its own file: the JWKS cache is per isolate, and this test rotates the identity provider's key.
let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const jwksFetches = async () => ((await (await fetch(`${stack().idp.url}/__stats`)).json()) as { jwksFetches: number }).jwksFetches;
const get = (token: string) => call('/api/v1/allocations/balance/', { site: t.a.code, token });

it('refetches the JWKS once for a new kid, and forged kids cannot stampede the identity provider', async () => {
  expect((await get(t.alice.token)).status).toBe(200); // cache warm

  // The identity provider rotates its key: a token with the new kid triggers one refetch.
  await fetch(`${stack().idp.url}/rotate`, { method: 'POST' });
  const before = await jwksFetches();
  const rotated = await tokenFor(t.alice.sub);
  expect((await get(rotated)).status).toBe(200);
  expect(await jwksFetches()).toBe(before + 1);
  expect((await get(rotated)).status).toBe(200);
  expect(await jwksFetches()).toBe(before + 1);

  // Forged kids within the cooldown: refused without asking the identity provider again.
  const { header } = decodeToken(rotated);
  for (const kid of ['forged-1', 'forged-2', 'forged-3']) {
    await expectError(await get(withHeader(rotated, { ...header, kid })), 401, 'AUTH.UNAUTHORIZED', {
      detail: `Invalid token: Public key not found for kid: ${kid}`,
    });
  }
  expect(await jwksFetches()).toBe(before + 1);

  // Tokens signed with the old key stay valid while it is published.
  expect((await get(t.bob.token)).status).toBe(200);
});

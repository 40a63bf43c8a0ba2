import { beforeAll, describe, expect, it } from 'vitest';
import { call, roundTripsOf, seedTenants, type Tenants } from '../harness/index.ts';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const BALANCE = '/api/v1/allocations/balance/';

async function expectInvalidSite(res: Response) {
  expect(res.status).toBe(400);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error', 'message']);
  expect(body.error).toBe('invalid_site');
  // Unlike the original, the site error carries a request id header too (D5).
  expect(res.headers.get('X-Request-ID')).toMatch(/^[0-9a-f-]{36}$/);
}

describe('site resolution (contract §c.2)', () => {
  it('resolves by X-Site-Code', async () => {
    const res = await call(BALANCE, { site: t.a.code, token: t.alice.token });
    expect(res.status).toBe(200);
  });

  it('refuses a request without a site, before auth and routing', async () => {
    await expectInvalidSite(await call(BALANCE, { token: t.alice.token }));
    await expectInvalidSite(await call(BALANCE));
    await expectInvalidSite(await call('/api/v1/no-such-route/'));
  });

  it('treats an empty header as absent', async () => {
    await expectInvalidSite(await call(BALANCE, { headers: { 'X-Site-Code': '' }, token: t.alice.token }));
    const byHost = await call(BALANCE, { headers: { 'X-Site-Code': '' }, host: t.a.domain, token: t.alice.token });
    expect(byHost.status).toBe(200);
  });

  it('refuses unknown, inactive and differently-cased codes', async () => {
    await expectInvalidSite(await call(BALANCE, { site: 'NOPE', token: t.alice.token }));
    await expectInvalidSite(await call(BALANCE, { site: t.inactive.code, token: t.alice.token }));
    await expectInvalidSite(await call(BALANCE, { site: t.a.code.toLowerCase(), token: t.alice.token }));
  });

  it('never falls back to Host once the header is present', async () => {
    await expectInvalidSite(await call(BALANCE, { site: 'NOPE', host: t.a.domain, token: t.alice.token }));
  });

  it('resolves by Host with the port stripped', async () => {
    expect((await call(BALANCE, { host: t.a.domain, token: t.alice.token })).status).toBe(200);
    expect((await call(BALANCE, { host: `${t.a.domain}:8443`, token: t.alice.token })).status).toBe(200);
    await expectInvalidSite(await call(BALANCE, { host: t.inactive.domain, token: t.alice.token }));
  });

  it('lets the exempt paths through without a site', async () => {
    for (const path of ['/health/', '/ready/', '/version/']) {
      const res = await call(path);
      expect(res.status, path).not.toBe(400);
    }
    // The slash-less twin redirects instead of failing the site check (contract §i.1 item 28).
    const res = await call('/health');
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe('/health/');
  });

  it('a flood of unknown codes never pushes a real site out of the cache', async () => {
    expect((await call(BALANCE, { site: t.a.code, token: t.alice.token })).status).toBe(200);
    for (let i = 0; i < 1100; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => call(BALANCE, { site: `BOGUS-${i + j}` })));
    }
    // The site still comes from the cache: the request's only round trip is its own transaction.
    const res = await call(BALANCE, { site: t.a.code, token: t.alice.token });
    expect(res.status).toBe(200);
    expect(await roundTripsOf(res)).toBe(1);
  });
});

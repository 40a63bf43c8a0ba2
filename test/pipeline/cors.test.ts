import { beforeAll, describe, expect, it } from 'vitest';
import { call, seedTenants, type Tenants } from '../harness/index.ts';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const ORIGIN = 'https://app.posx.test';

describe('CORS', () => {
  it('answers a preflight before the site and auth checks', async () => {
    const res = await call('/api/v1/notifications/', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,x-site-code' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const allowed = res.headers.get('Access-Control-Allow-Headers')!.toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-site-code']) expect(allowed).toContain(h);
  });

  it('exposes X-Request-ID to the allowed origin and ignores others', async () => {
    const ok = await call('/health/', { headers: { Origin: ORIGIN } });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(ok.headers.get('Access-Control-Expose-Headers')).toContain('X-Request-ID');
    const other = await call('/health/', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('a plain OPTIONS (no Access-Control-Request-Method) is no preflight: site and auth apply, then Allow', async () => {
    const path = '/api/v1/notifications/';
    expect((await call(path, { method: 'OPTIONS', headers: { Origin: ORIGIN } })).status).toBe(400);
    expect((await call(path, { method: 'OPTIONS', site: t.a.code })).status).toBe(401);
    const res = await call(path, { method: 'OPTIONS', site: t.a.code, token: t.alice.token });
    expect(res.status).toBe(204);
    expect(res.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
  });
});

import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { call, seedTenants, type Tenants } from '../harness/index.ts';
import { expectError } from '../harness/expect-error.ts';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

describe('error envelope (contract §c.6)', () => {
  it('unknown routes are 404 JSON, without needing a token', async () => {
    await expectError(await call('/api/v1/nowhere/', { site: t.a.code }), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
    await expectError(await call('/nowhere/', { site: t.a.code }), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
  });

  it('a wrong method on a known route is 405 with Allow, after authentication', async () => {
    await expectError(await call('/api/v1/allocations/balance/', { method: 'POST', site: t.a.code }), 401, 'AUTH.UNAUTHORIZED', {
      detail: 'Authentication credentials were not provided.',
    });
    const res = await call('/api/v1/allocations/balance/', { method: 'DELETE', site: t.a.code, token: t.alice.token });
    expect(res.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
    await expectError(res, 405, 'ERROR.HTTP_405', { detail: 'Method "DELETE" not allowed.' });
    const get = await call('/api/v1/notifications/mark-read/', { site: t.a.code, token: t.alice.token });
    expect(get.headers.get('Allow')).toBe('PATCH, OPTIONS');
    await expectError(get, 405, 'ERROR.HTTP_405', { detail: 'Method "GET" not allowed.' });
  });

  it('malformed JSON is 400 and another media type is 415', async () => {
    const bad = await call('/api/v1/notifications/mark-read/', { method: 'PATCH', site: t.a.code, token: t.alice.token, body: '{"mark_all": tru' });
    const body = await expectError(bad, 400, 'VALIDATION.INVALID_INPUT', expect.anything());
    expect((body.detail as { detail: string }).detail).toMatch(/^JSON parse error - /);
    const xml = await call('/api/v1/notifications/mark-read/', {
      method: 'PATCH',
      site: t.a.code,
      token: t.alice.token,
      body: '<x/>',
      headers: { 'Content-Type': 'application/xml' },
    });
    await expectError(xml, 415, 'ERROR.HTTP_415', { detail: 'Unsupported media type "application/xml" in request.' });
  });

  it('accepts ?format=json, answers 404 for any other format, 400 for NUL characters', async () => {
    const opts = { site: t.a.code, token: t.alice.token };
    expect((await call('/api/v1/allocations/balance/?format=json', opts)).status).toBe(200);
    await expectError(await call('/api/v1/allocations/balance/?format=xml', opts), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
    await expectError(await call('/api/v1/allocations/?status=%00', opts), 400, 'VALIDATION.INVALID_INPUT', {
      detail: 'Null characters are not allowed.',
    });
  });

  it('answers the DRF format-suffix twins (.json, slash optional) like their URLs, 404 for another suffix', async () => {
    const opts = { site: t.a.code, token: t.alice.token };
    const same = async (twin: string, canonical: string) => {
      const res = await call(twin, opts);
      expect(res.status, twin).toBe(200);
      expect(await res.text(), twin).toBe(await (await call(canonical, opts)).text());
    };
    await same('/api/v1/allocations/balance.json', '/api/v1/allocations/balance/');
    await same('/api/v1/allocations/balance.json/?format=xml', '/api/v1/allocations/balance/'); // the suffix wins
    await same('/api/v1/notifications/unread-count.json/', '/api/v1/notifications/unread-count/');
    await same('/api/v1/notifications/.json?page_size=1', '/api/v1/notifications/?page_size=1');
    for (const path of ['/api/v1/allocations/balance.xml', '/api/v1/notifications/.api/', '/api/v1/allocations/balance.JSON/']) {
      await expectError(await call(path, opts), 404, 'RESOURCE.NOT_FOUND', expect.anything());
    }
    const patched = await call('/api/v1/notifications/mark-read.json', { ...opts, method: 'PATCH', body: { mark_all: true } });
    expect(patched.status).toBe(200);
  });

  it('a GET without the trailing slash redirects to the slashed URL, query kept', async () => {
    const res = await call('/api/v1/allocations/balance?x=1', { site: t.a.code, token: t.alice.token });
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe('/api/v1/allocations/balance/?x=1');
  });

  it('anything unexpected is a JSON 500 with the request id, never HTML or a stack', async () => {
    const app = createApp();
    // The database endpoint is unreachable: the request fails in an unplanned way.
    const broken = { ...env, NEON_FETCH_ENDPOINT: 'http://127.0.0.1:9/sql' };
    const req = new Request('http://api.posx.test/api/v1/allocations/balance/', {
      headers: { 'X-Site-Code': t.a.code, Authorization: `Bearer ${t.alice.token}` },
    });
    const res = await app.fetch(req, broken, createExecutionContext());
    const body = await expectError(res, 500, 'SERVER.INTERNAL_ERROR', { detail: 'A server error occurred.' });
    expect(JSON.stringify(body)).not.toMatch(/at |stack|127\.0\.0\.1/);
  });

  it('an anonymous request to an unknown URL refused by the query rules is a quiet 404 (no caller to check)', async () => {
    const errors = vi.spyOn(console, 'error');
    const req = new Request('http://api.posx.test/api/v1/nope/?format=xml', { headers: { 'X-Site-Code': t.a.code } });
    const res = await createApp().fetch(req, env, createExecutionContext());
    await expectError(res, 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('a hanging database fails the request with a JSON 500 after DATABASE_TIMEOUT_SECONDS, never holds it', async () => {
    const hanging = { ...env, NEON_FETCH_ENDPOINT: `${inject('blackholeUrl')}/sql`, DATABASE_TIMEOUT_SECONDS: '1' };
    const req = new Request('http://api.posx.test/api/v1/allocations/balance/', {
      headers: { 'X-Site-Code': `HANG-${crypto.randomUUID().slice(0, 8)}`, Authorization: `Bearer ${t.alice.token}` },
    });
    const res = await createApp().fetch(req, hanging, createExecutionContext());
    await expectError(res, 500, 'SERVER.INTERNAL_ERROR', { detail: 'A server error occurred.' });
  });

  it('a misconfigured worker answers its API with a JSON 500 naming nothing secret', async () => {
    const app = createApp();
    const { DATABASE_URL: _, ...missing } = env as Record<string, unknown>;
    const req = new Request('http://api.posx.test/api/v1/allocations/balance/', {
      headers: { 'X-Site-Code': t.a.code, Authorization: `Bearer ${t.alice.token}` },
    });
    const res = await app.fetch(req, missing, createExecutionContext());
    const body = await expectError(res, 500, 'SERVER.INTERNAL_ERROR', { detail: 'A server error occurred.' });
    expect(JSON.stringify(body)).not.toMatch(/DATABASE_URL/);
  });
});

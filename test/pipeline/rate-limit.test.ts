import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { beforeAll, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { seedTenants, type Tenants } from '../harness/index.ts';
import { expectError } from '../harness/expect-error.ts';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

function balance(overrides: Record<string, string>, token: string, ip = '203.0.113.7') {
  const req = new Request('http://api.posx.test/api/v1/allocations/balance/', {
    headers: { 'X-Site-Code': t.a.code, Authorization: `Bearer ${token}`, 'CF-Connecting-IP': ip },
  });
  return createApp().fetch(req, { ...env, ...overrides }, createExecutionContext());
}

it('limits each user per minute with 429, Retry-After and RateLimit-* headers', async () => {
  const limits = { RATE_LIMIT_USER_PER_MINUTE: '3' };
  const ok = await balance(limits, t.carol.token);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('RateLimit-Limit')).toBe('3');
  await balance(limits, t.carol.token);
  await balance(limits, t.carol.token);
  const limited = await balance(limits, t.carol.token);
  expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
  expect(limited.headers.get('RateLimit-Remaining')).toBe('0');
  await expectError(limited, 429, 'ERROR.HTTP_429', expect.objectContaining({ detail: expect.stringMatching(/throttled/) }));
  // Another user is not affected.
  expect((await balance(limits, t.bob.token)).status).toBe(200);
});

it('limits each client IP per minute', async () => {
  const limits = { RATE_LIMIT_IP_PER_MINUTE: '2' };
  const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
  expect((await balance(limits, t.alice.token, ip)).status).toBe(200);
  expect((await balance(limits, t.bob.token, ip)).status).toBe(200);
  expect((await balance(limits, t.alice.token, ip)).status).toBe(429);
});

it('counts requests with bad tokens against the IP limit too (checked before auth)', async () => {
  const limits = { RATE_LIMIT_IP_PER_MINUTE: '2' };
  const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
  expect((await balance(limits, 'garbage', ip)).status).toBe(401);
  expect((await balance(limits, 'garbage', ip)).status).toBe(401);
  expect((await balance(limits, 'garbage', ip)).status).toBe(429);
  expect((await balance(limits, t.alice.token, ip)).status).toBe(429);
});

it('counts requests for unknown sites against the IP limit too (checked before the site lookup), never the probes', async () => {
  const limits = { RATE_LIMIT_IP_PER_MINUTE: '2' };
  const ip = `198.18.0.${Math.floor(Math.random() * 250)}`;
  const bogus = () =>
    createApp().fetch(
      new Request('http://api.posx.test/api/v1/allocations/balance/', { headers: { 'X-Site-Code': 'NOPE', 'CF-Connecting-IP': ip } }),
      { ...env, ...limits },
      createExecutionContext(),
    );
  expect((await bogus()).status).toBe(400);
  expect((await bogus()).status).toBe(400);
  expect((await bogus()).status).toBe(429);
  const probe = await createApp().fetch(new Request('http://api.posx.test/health/', { headers: { 'CF-Connecting-IP': ip } }), { ...env, ...limits }, createExecutionContext());
  expect(probe.status).toBe(200);
});

it('serves the request when Redis is unreachable (availability first)', async () => {
  const res = await balance({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' }, t.alice.token);
  expect(res.status).toBe(200);
});

it('serves the request when Redis hangs, without made-up RateLimit headers, and then leaves Redis alone', async () => {
  const hanging = { UPSTASH_REDIS_REST_URL: inject('blackholeUrl') };
  const hits = async () => ((await (await fetch(`${hanging.UPSTASH_REDIS_REST_URL}/__hits`)).json()) as { hits: number }).hits;
  const before = await hits();
  const first = await balance(hanging, t.alice.token);
  expect(first.status).toBe(200);
  expect(first.headers.get('RateLimit-Limit')).toBeNull();
  const second = await balance(hanging, t.alice.token);
  expect(second.status).toBe(200);
  // Only the first limiter of the first request waited on Redis; the cooldown skipped the rest.
  expect(await hits()).toBe(before + 1);
});

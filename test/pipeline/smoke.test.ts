import { expect, it } from 'vitest';
import { call, seedTenants } from '../harness/index.ts';

it('health and site', async () => {
  const res = await call('/health/');
  expect(res.status).toBe(200);
  const t = await seedTenants();
  const r2 = await call('/api/v1/nothing/', { site: t.a.code, token: t.alice.token });
  console.log(r2.status, await r2.text());
  const r3 = await call('/ready/');
  console.log(r3.status, await r3.text());
});

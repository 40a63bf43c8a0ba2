// Allocations API, the paths that answer 4xx: every error is the one envelope with a stable code
// and detail (never a 500, never HTML). HTTP in, JSON out, real Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, seedTenants, type Tenants } from '../harness/index.ts';
import { createAllocation, createSchedule, get, SETUP_TIMEOUT_MS, WALLET, warmUp, type CreatedAllocation } from './fixtures.ts';

const BASE = '/api/v1/allocations/';
const NOT_FOUND = { detail: 'Not found.' };

let t: Tenants;
let mine: CreatedAllocation;

beforeAll(async () => {
  t = await seedTenants();
  mine = await createAllocation({ site: t.a, buyer: t.alice, tokenAmount: '1000', releasedTokens: '100' });
  await createSchedule(mine, t.alice, { total: '1000', tge: '100', locked: '900', tgePercent: '10.00', periods: 1 }, [
    { periodNo: 0, releaseDate: '2025-11-10', amount: '100', status: 'released' },
    { periodNo: 1, releaseDate: '2025-12-10', amount: '900' },
  ]);
  await warmUp(t);
}, SETUP_TIMEOUT_MS);

const endpoints = () => [BASE, `${BASE}balance/`, `${BASE}${mine.allocationId}/`, `${BASE}${mine.allocationId}/releases/`];

function expectEnvelope(body: any, code: string, detail: unknown) {
  expect(Object.keys(body)).toEqual(['code', 'message', 'detail', 'request_id']);
  expect(body.code).toBe(code);
  expect(body.detail).toEqual(detail);
  expect(typeof body.request_id).toBe('string');
}

describe('authentication', () => {
  it('every endpoint needs a bearer token: 401 with WWW-Authenticate', async () => {
    for (const path of endpoints()) {
      const res = await call(path, { site: t.a.code });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
      expectEnvelope(await res.json(), 'AUTH.UNAUTHORIZED', { detail: 'Authentication credentials were not provided.' });
    }
  });

  it('a garbage token is 401 too', async () => {
    for (const path of endpoints()) {
      const res = await call(path, { site: t.a.code, token: 'not.a.jwt' });
      expect(res.status, path).toBe(401);
      expect(((await res.json()) as any).code).toBe('AUTH.UNAUTHORIZED');
    }
  });

  it('an inactive user is 401', async () => {
    for (const path of endpoints()) {
      const { status, body } = await get(path, t.a, t.dave);
      expect(status, path).toBe(401);
      expect(body.code).toBe('AUTH.UNAUTHORIZED');
    }
  });

  it('an inactive user is 401 even on a request refused before any query (malformed id, bad page, wrong method)', async () => {
    for (const path of [`${BASE}not-a-uuid/`, `${BASE}?page=abc`, `${BASE}balance/?format=api`]) {
      const { status, body } = await get(path, t.a, t.dave);
      expect(status, path).toBe(401);
      expect(body.detail).toEqual({ detail: 'User inactive or deleted.' });
    }
    const posted = await call(BASE, { method: 'POST', site: t.a.code, token: t.dave.token, body: {} });
    expect(posted.status).toBe(401);
  });

  it('an inactive or unknown site is 400 invalid_site', async () => {
    for (const site of [t.inactive.code, 'NOPE']) {
      const res = await call(BASE, { site, token: t.alice.token });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error).toBe('invalid_site');
    }
  });
});

describe('not found', () => {
  it('an unknown id is 404 on detail and releases', async () => {
    const id = crypto.randomUUID();
    for (const path of [`${BASE}${id}/`, `${BASE}${id}/releases/`]) {
      const { status, body } = await get(path, t.a, t.alice);
      expect(status, path).toBe(404);
      expectEnvelope(body, 'RESOURCE.NOT_FOUND', NOT_FOUND);
    }
  });

  it('a malformed id is 404 (never 400 or 500)', async () => {
    const malformed = [
      'not-a-uuid',
      'summary',
      '12345',
      `${mine.allocationId}0`,
      mine.allocationId.slice(1),
      'gggggggg-gggg-gggg-gggg-gggggggggggg',
      "1'%20or%20'1'='1",
      '%00',
    ];
    for (const id of malformed) {
      for (const path of [`${BASE}${id}/`, `${BASE}${id}/releases/`]) {
        const { status, body } = await get(path, t.a, t.alice);
        expect(status, path).toBe(404);
        expectEnvelope(body, 'RESOURCE.NOT_FOUND', NOT_FOUND);
      }
    }
  });

  it('ids outside RFC 4122 versions are still ids (404 when unknown, not a validation error)', async () => {
    const { status, body } = await get(`${BASE}11111111-1111-1111-1111-111111111111/`, t.a, t.alice);
    expect(status).toBe(404);
    expectEnvelope(body, 'RESOURCE.NOT_FOUND', NOT_FOUND);
  });

  it('balance is never taken as an id, but its sub-paths are', async () => {
    expect((await get(`${BASE}balance/`, t.a, t.alice)).status).toBe(200);
    const { status, body } = await get(`${BASE}balance/releases/`, t.a, t.alice);
    expect(status).toBe(404);
    expectEnvelope(body, 'RESOURCE.NOT_FOUND', NOT_FOUND);
  });

  it('a list filter that does not match is 404 on detail and releases', async () => {
    for (const query of ['status=completed', 'wallet_address=0x0000000000000000000000000000000000000001', 'status=bogus']) {
      for (const path of [`${BASE}${mine.allocationId}/?${query}`, `${BASE}${mine.allocationId}/releases/?${query}`]) {
        const { status, body } = await get(path, t.a, t.alice);
        expect(status, path).toBe(404);
        expectEnvelope(body, 'RESOURCE.NOT_FOUND', NOT_FOUND);
      }
    }
    // …and the matching filter (in any case) finds it.
    expect((await get(`${BASE}${mine.allocationId}/?wallet_address=${WALLET.toUpperCase()}`, t.a, t.alice)).status).toBe(200);
  });

  it('unknown paths under /api/v1/allocations/ are 404', async () => {
    for (const path of [`${BASE}${mine.allocationId}/releases/x/`, `${BASE}${mine.allocationId}/nothing/`]) {
      const { status, body } = await get(path, t.a, t.alice);
      expect(status, path).toBe(404);
      expect(body.code).toBe('RESOURCE.NOT_FOUND');
    }
  });
});

describe('pagination errors', () => {
  it.each(['page=0', 'page=-1', 'page=abc', 'page=', 'page=2.0', 'page=2', 'page=99', 'page=LAST', 'page=99999999999999999999'])('%s is 404 Invalid page.', async (query) => {
    const { status, body } = await get(`${BASE}?${query}`, t.a, t.alice);
    expect(status).toBe(404);
    expectEnvelope(body, 'RESOURCE.NOT_FOUND', { detail: 'Invalid page.' });
  });
});

describe('methods', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s is 405 with Allow on every endpoint', async (method) => {
    for (const path of endpoints()) {
      const res = await call(path, { method, site: t.a.code, token: t.alice.token, body: method === 'DELETE' ? undefined : {} });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
      expectEnvelope(await res.json(), 'ERROR.HTTP_405', { detail: `Method "${method}" not allowed.` });
    }
  });

  it('405 is decided after authentication', async () => {
    const res = await call(BASE, { method: 'POST', site: t.a.code, body: {} });
    expect(res.status).toBe(401);
  });

  it('HEAD answers like GET without a body', async () => {
    for (const path of endpoints()) {
      const res = await call(path, { method: 'HEAD', site: t.a.code, token: t.alice.token });
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe('');
    }
  });
});

describe('routing', () => {
  it('a slash-less GET is redirected to the slashed URL', async () => {
    for (const path of ['/api/v1/allocations', '/api/v1/allocations/balance', `/api/v1/allocations/${mine.allocationId}`, `/api/v1/allocations/${mine.allocationId}/releases`]) {
      const res = await call(`${path}?page_size=5`, { site: t.a.code, token: t.alice.token });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('Location')).toBe(`${path}/?page_size=5`);
    }
  });
});

describe('hostile filter values', () => {
  it('a NUL byte in a filter is a clear 400 (the pipeline refuses it before SQL)', async () => {
    for (const query of ['status=%00', 'wallet_address=0x%00']) {
      for (const path of [BASE, `${BASE}${mine.allocationId}/`, `${BASE}${mine.allocationId}/releases/`]) {
        const { status, body } = await get(`${path}?${query}`, t.a, t.alice);
        expect(status, path).toBe(400);
        expectEnvelope(body, 'VALIDATION.INVALID_INPUT', { detail: 'Null characters are not allowed.' });
      }
    }
  });

  it('invalid UTF-8 or a huge filter matches nothing (never a 500)', async () => {
    for (const query of ['status=%FF', 'wallet_address=%C3%28', `status=${'x'.repeat(5000)}`]) {
      const list = await get(`${BASE}?${query}`, t.a, t.alice);
      expect(list.status, query).toBe(200);
      expect(list.body.count, query).toBe(0);
      for (const path of [`${BASE}${mine.allocationId}/?${query}`, `${BASE}${mine.allocationId}/releases/?${query}`]) {
        const { status, body } = await get(path, t.a, t.alice);
        expect(status, path).toBe(404);
        expectEnvelope(body, 'RESOURCE.NOT_FOUND', NOT_FOUND);
      }
    }
  });
});

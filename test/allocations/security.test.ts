// Allocations API, isolation: a buyer sees only allocations whose order is theirs AND belongs to
// the requesting site — on all four endpoints. Two sites, several buyers, real Postgres with RLS.
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTenants, tokenFor, type Tenants } from '../harness/index.ts';
import { createAllocation, createBuyer, createSchedule, get, SETUP_TIMEOUT_MS, warmUp, type CreatedAllocation } from './fixtures.ts';

const BASE = '/api/v1/allocations/';
const SHARED_WALLET = '0x1111111111111111111111111111111111111111';

let t: Tenants;
/** alice on site a and on site b; bob on site a — all three paying into the same wallet. */
let aliceOnA: CreatedAllocation;
let aliceOnB: CreatedAllocation;
let bobOnA: CreatedAllocation;

beforeAll(async () => {
  t = await seedTenants();
  aliceOnA = await createAllocation({ site: t.a, buyer: t.alice, tokenAmount: '100', releasedTokens: '10', wallet: SHARED_WALLET });
  aliceOnB = await createAllocation({ site: t.b, buyer: t.alice, tokenAmount: '200', releasedTokens: '20', wallet: SHARED_WALLET });
  bobOnA = await createAllocation({ site: t.a, buyer: t.bob, tokenAmount: '400', releasedTokens: '40', status: 'completed', wallet: SHARED_WALLET });
  for (const [allocation, buyer, amount] of [[aliceOnA, t.alice, '100'], [aliceOnB, t.alice, '200'], [bobOnA, t.bob, '400']] as const) {
    await createSchedule(allocation, buyer, { total: amount, tge: '0', locked: amount, tgePercent: '0.00', periods: 1 }, [
      { periodNo: 1, releaseDate: '2026-01-01', amount },
    ]);
  }
  await warmUp(t);
}, SETUP_TIMEOUT_MS);

const ids = (body: { results: { allocation_id: string }[] }) => body.results.map((r) => r.allocation_id);

describe('list', () => {
  it('shows only the caller\'s allocations of the requesting site', async () => {
    expect(ids((await get(BASE, t.a, t.alice)).body)).toEqual([aliceOnA.allocationId]);
    expect(ids((await get(BASE, t.b, t.alice)).body)).toEqual([aliceOnB.allocationId]);
    expect(ids((await get(BASE, t.a, t.bob)).body)).toEqual([bobOnA.allocationId]);
    expect((await get(BASE, t.b, t.bob)).body).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect((await get(BASE, t.a, t.carol)).body.count).toBe(0);
  });

  it('filters never widen the set: a shared wallet or another status shows nobody else\'s rows', async () => {
    expect(ids((await get(`${BASE}?wallet_address=${SHARED_WALLET}`, t.a, t.alice)).body)).toEqual([aliceOnA.allocationId]);
    expect((await get(`${BASE}?status=completed`, t.a, t.alice)).body.count).toBe(0);
    expect((await get(`${BASE}?wallet_address=${SHARED_WALLET}`, t.a, t.carol)).body.count).toBe(0);
  });

  it('ordering and page=last stay inside the set', async () => {
    expect(ids((await get(`${BASE}?ordering=-token_amount&page=last&page_size=1`, t.a, t.alice)).body)).toEqual([aliceOnA.allocationId]);
  });

  it('a first-time user (provisioned on the fly) owns nothing', async () => {
    const token = await tokenFor(`test|newcomer-${crypto.randomUUID()}`);
    const { status, body } = await get(BASE, t.a, { token });
    expect(status).toBe(200);
    expect(body.count).toBe(0);
  });
});

describe('detail', () => {
  it('404 for another buyer\'s allocation', async () => {
    expect((await get(`${BASE}${bobOnA.allocationId}/`, t.a, t.alice)).status).toBe(404);
    expect((await get(`${BASE}${aliceOnA.allocationId}/`, t.a, t.bob)).status).toBe(404);
    expect((await get(`${BASE}${aliceOnA.allocationId}/`, t.a, t.carol)).status).toBe(404);
  });

  it('404 for the caller\'s own allocation asked through another site', async () => {
    expect((await get(`${BASE}${aliceOnB.allocationId}/`, t.a, t.alice)).status).toBe(404);
    expect((await get(`${BASE}${aliceOnA.allocationId}/`, t.b, t.alice)).status).toBe(404);
  });

  it('the same 404 body whether the id exists elsewhere or nowhere (nothing to probe)', async () => {
    const foreign = await get(`${BASE}${bobOnA.allocationId}/`, t.a, t.alice);
    const unknown = await get(`${BASE}${crypto.randomUUID()}/`, t.a, t.alice);
    const strip = (b: any) => ({ ...b, request_id: null });
    expect(strip(foreign.body)).toEqual(strip(unknown.body));
  });

  it('200 only for the owner on the right site', async () => {
    const { status, body } = await get(`${BASE}${aliceOnB.allocationId}/`, t.b, t.alice);
    expect(status).toBe(200);
    expect(body).toMatchObject({ site_id: t.b.siteId, buyer_id: t.alice.userId, token_amount: '200.000000' });
  });
});

describe('balance', () => {
  it('sums only the caller\'s allocations of the requesting site', async () => {
    expect((await get(`${BASE}balance/`, t.a, t.alice)).body).toMatchObject({ total_tokens: '100.000000', released_tokens: '10.000000', active_allocations: 1, completed_allocations: 0 });
    expect((await get(`${BASE}balance/`, t.b, t.alice)).body).toMatchObject({ total_tokens: '200.000000', released_tokens: '20.000000', active_allocations: 1 });
    expect((await get(`${BASE}balance/`, t.a, t.bob)).body).toMatchObject({ total_tokens: '400.000000', active_allocations: 0, completed_allocations: 1 });
    expect((await get(`${BASE}balance/`, t.b, t.bob)).body).toMatchObject({ total_tokens: '0.000000', active_allocations: 0, completed_allocations: 0 });
  });
});

describe('releases', () => {
  it('404 for another buyer\'s allocation and for another site', async () => {
    expect((await get(`${BASE}${bobOnA.allocationId}/releases/`, t.a, t.alice)).status).toBe(404);
    expect((await get(`${BASE}${aliceOnA.allocationId}/releases/`, t.a, t.bob)).status).toBe(404);
    expect((await get(`${BASE}${aliceOnB.allocationId}/releases/`, t.a, t.alice)).status).toBe(404);
    expect((await get(`${BASE}${aliceOnA.allocationId}/releases/`, t.b, t.alice)).status).toBe(404);
  });

  it('the owner sees their own schedule on the right site', async () => {
    const { status, body } = await get(`${BASE}${aliceOnB.allocationId}/releases/`, t.b, t.alice);
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({ total: '200.000000', next_release_amount: '200.000000' });
  });

  it('a schedule filed under another site is refused by RLS, and one from before the policy is never joined', async () => {
    const owner = await createBuyer('stray');
    const stray = await createAllocation({ site: t.a, buyer: owner, tokenAmount: '70' });
    const amounts = { total: '70', tge: '0', locked: '70', tgePercent: '0.00', periods: 1 };
    const releases = [{ periodNo: 1, releaseDate: '2026-01-01', amount: '70' }];
    await expect(createSchedule(stray, owner, amounts, releases, { scheduleSite: t.b })).rejects.toThrow(/row-level security/);
    // Legacy data (written past RLS): the query's own site predicate still keeps it out.
    await createSchedule(stray, owner, amounts, releases, { scheduleSite: t.b, superuser: true });
    const { status, body } = await get(`${BASE}${stray.allocationId}/releases/`, t.a, owner);
    expect(status).toBe(200);
    expect(body).toEqual({ results: [], summary: { total: '0.000000', released: '0.000000', next_release_date: null, next_release_amount: null } });
  });
});

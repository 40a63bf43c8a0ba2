// Allocations API, the paths that answer 200: shapes (keys AND their order), formats, filters,
// pagination, ordering, releases and the one-round-trip budget. HTTP in, JSON out, real Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, roundTripsOf, seedTenants, type Tenants, type UserFixture } from '../harness/index.ts';
import {
  BALANCE_KEYS,
  createAllocation,
  createBuyer,
  createSchedule,
  DETAIL_KEYS,
  get,
  LIST_KEYS,
  RELEASE_KEYS,
  SETUP_TIMEOUT_MS,
  SUMMARY_KEYS,
  WALLET,
  warmUp,
  type CreatedAllocation,
} from './fixtures.ts';

const BASE = '/api/v1/allocations/';
const OTHER_WALLET = '0x00000000219ab540356cbb839cbe05303d7705fa';

let t: Tenants;
let lister: UserFixture;
/** lister's allocations on site a, oldest first (a1 … a6); the list default is newest first. */
let a: CreatedAllocation[];

beforeAll(async () => {
  t = await seedTenants();
  lister = await createBuyer('lister');
  const specs = [
    { tokenAmount: '1000', releasedTokens: '0', createdAt: '2025-11-01 10:00:00+00' },
    // 123.45 / 1000 = 12.345 % → "12.34" (half-even); microseconds kept in created_at.
    {
      tokenAmount: '1000',
      releasedTokens: '123.45',
      createdAt: '2025-11-02 10:00:00.123456+00',
      updatedAt: '2025-11-12 08:30:00.5+00',
      orderCreatedAt: '2025-10-31 09:00:00+00',
    },
    // 12.335 % → "12.34" (half-even rounds up to the even digit).
    { tokenAmount: '1000', releasedTokens: '123.35', createdAt: '2025-11-03 10:00:00+00' },
    // 2/3 → "66.67".
    { tokenAmount: '3', releasedTokens: '2', createdAt: '2025-11-04 10:00:00+00', wallet: OTHER_WALLET },
    // More released than bought (inconsistent data): "150.00", negative pending, no cap.
    { tokenAmount: '100', releasedTokens: '150', status: 'completed' as const, createdAt: '2025-11-05 10:00:00+00', wallet: OTHER_WALLET },
    // Zero total: progress "0.00".
    { tokenAmount: '0', releasedTokens: '0', createdAt: '2025-11-06 10:00:00+00' },
  ];
  a = [];
  for (const spec of specs) a.push(await createAllocation({ site: t.a, buyer: lister, ...spec }));
  // Noise that must never show up in lister's answers on site a.
  await createAllocation({ site: t.b, buyer: lister, tokenAmount: '5', createdAt: '2025-11-07 10:00:00+00' });
  await createAllocation({ site: t.a, buyer: t.bob, tokenAmount: '7', createdAt: '2025-11-07 10:00:00+00' });
  await warmUp(t);
}, SETUP_TIMEOUT_MS);

const ids = (body: { results: { allocation_id: string }[] }) => body.results.map((r) => r.allocation_id);
const idsOf = (...indexes: number[]) => indexes.map((i) => a[i - 1]!.allocationId);

describe('list', () => {
  it('returns the 9-key items, newest first, with exact amount and percentage strings', async () => {
    const { status, body } = await get(BASE, t.a, lister);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(body.count).toBe(6);
    expect(body.next).toBeNull();
    expect(body.previous).toBeNull();
    expect(ids(body)).toEqual(idsOf(6, 5, 4, 3, 2, 1));
    for (const item of body.results) expect(Object.keys(item)).toEqual(LIST_KEYS);

    const byId = new Map(body.results.map((r: any) => [r.allocation_id, r]));
    expect(byId.get(a[0]!.allocationId)).toEqual({
      allocation_id: a[0]!.allocationId,
      order_id: a[0]!.orderId,
      wallet_address: WALLET,
      token_amount: '1000.000000',
      released_tokens: '0.000000',
      pending_tokens: '1000.000000',
      release_progress: '0.00',
      status: 'active',
      created_at: '2025-11-01T10:00:00Z',
    });
    const pick = (i: number) => byId.get(a[i - 1]!.allocationId) as Record<string, string>;
    expect(pick(2)).toMatchObject({ released_tokens: '123.450000', pending_tokens: '876.550000', release_progress: '12.34', created_at: '2025-11-02T10:00:00.123456Z' });
    expect(pick(3)).toMatchObject({ released_tokens: '123.350000', pending_tokens: '876.650000', release_progress: '12.34' });
    expect(pick(4)).toMatchObject({ token_amount: '3.000000', released_tokens: '2.000000', pending_tokens: '1.000000', release_progress: '66.67' });
    expect(pick(5)).toMatchObject({ token_amount: '100.000000', released_tokens: '150.000000', pending_tokens: '-50.000000', release_progress: '150.00', status: 'completed' });
    expect(pick(6)).toMatchObject({ token_amount: '0.000000', released_tokens: '0.000000', pending_tokens: '0.000000', release_progress: '0.00' });
  });

  it('sends amounts as JSON strings, never numbers', async () => {
    const { text } = await get(BASE, t.a, lister);
    expect(text).toContain('"token_amount":"1000.000000"');
    expect(text).toContain('"release_progress":"66.67"');
    expect(text).not.toMatch(/"(token_amount|released_tokens|pending_tokens|release_progress)":-?\d/);
  });

  it('filters by status (exact; unknown values give an empty page)', async () => {
    expect(ids((await get(`${BASE}?status=completed`, t.a, lister)).body)).toEqual(idsOf(5));
    expect(ids((await get(`${BASE}?status=active`, t.a, lister)).body)).toEqual(idsOf(6, 4, 3, 2, 1));
    const bogus = await get(`${BASE}?status=pending`, t.a, lister);
    expect(bogus.status).toBe(200);
    expect(bogus.body).toEqual({ count: 0, next: null, previous: null, results: [] });
    // An empty value filters nothing, as the original's truthiness test did.
    expect((await get(`${BASE}?status=`, t.a, lister)).body.count).toBe(6);
  });

  it('filters by wallet_address given in any case (lower-cased, then exact)', async () => {
    const mixed = '0x00000000219AB540356cBB839Cbe05303d7705Fa';
    expect(ids((await get(`${BASE}?wallet_address=${mixed}`, t.a, lister)).body)).toEqual(idsOf(5, 4));
    expect(ids((await get(`${BASE}?wallet_address=${OTHER_WALLET.toUpperCase().replace('0X', '0x')}`, t.a, lister)).body)).toEqual(idsOf(5, 4));
    // Exact, not a prefix match.
    expect((await get(`${BASE}?wallet_address=${OTHER_WALLET.slice(0, 20)}`, t.a, lister)).body.count).toBe(0);
    // Both filters together.
    expect(ids((await get(`${BASE}?wallet_address=${mixed}&status=active`, t.a, lister)).body)).toEqual(idsOf(4));
  });

  it('a repeated parameter counts with its last value, as DRF reads it', async () => {
    const { status, body } = await get(`${BASE}?status=active&status=completed`, t.a, lister);
    expect(status).toBe(200);
    expect(ids(body)).toEqual(idsOf(5));
  });

  it('paginates with DRF links (sorted keys, page 1 without `page`)', async () => {
    const host = 'http://api.posx.test';
    const p1 = (await get(`${BASE}?page_size=2`, t.a, lister)).body;
    expect(p1).toMatchObject({ count: 6, next: `${host}${BASE}?page=2&page_size=2`, previous: null });
    expect(ids(p1)).toEqual(idsOf(6, 5));

    const p2 = (await get(`${BASE}?page_size=2&page=2`, t.a, lister)).body;
    expect(p2).toMatchObject({ count: 6, next: `${host}${BASE}?page=3&page_size=2`, previous: `${host}${BASE}?page_size=2` });
    expect(ids(p2)).toEqual(idsOf(4, 3));

    const last = (await get(`${BASE}?page=last&page_size=2`, t.a, lister)).body;
    expect(last).toMatchObject({ count: 6, next: null, previous: `${host}${BASE}?page=2&page_size=2` });
    expect(ids(last)).toEqual(idsOf(2, 1));

    // Filters are kept in the links and apply to the count; 5 active → page 3 of size 2 holds one.
    const filtered = (await get(`${BASE}?status=active&page_size=2&page=3`, t.a, lister)).body;
    expect(filtered).toMatchObject({ count: 5, next: null, previous: `${host}${BASE}?page=2&page_size=2&status=active` });
    expect(ids(filtered)).toEqual(idsOf(1));

    // page=last of a partial last page, and of a single page.
    expect(ids((await get(`${BASE}?page=last&page_size=4`, t.a, lister)).body)).toEqual(idsOf(2, 1));
    expect(ids((await get(`${BASE}?page=last`, t.a, lister)).body)).toEqual(idsOf(6, 5, 4, 3, 2, 1));
  });

  it('page_size: bad values fall back to 20, large ones are capped at 100', async () => {
    for (const size of ['0', '-1', 'abc', '2.5']) {
      const { status, body } = await get(`${BASE}?page_size=${size}`, t.a, lister);
      expect(status).toBe(200);
      expect(body.results).toHaveLength(6);
    }
    expect((await get(`${BASE}?page_size=1000`, t.a, lister)).body.results).toHaveLength(6);
  });

  it('page 1 of nothing is an empty page, not 404', async () => {
    const { status, body } = await get(`${BASE}?page=1`, t.a, t.carol);
    expect(status).toBe(200);
    expect(body).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect((await get(`${BASE}?page=last`, t.a, t.carol)).body.results).toEqual([]);
  });

  describe('ordering (contract §c.8 keys)', () => {
    it('by one key, ascending and descending', async () => {
      expect(ids((await get(`${BASE}?ordering=created_at`, t.a, lister)).body)).toEqual(idsOf(1, 2, 3, 4, 5, 6));
      expect(ids((await get(`${BASE}?ordering=-created_at`, t.a, lister)).body)).toEqual(idsOf(6, 5, 4, 3, 2, 1));
      // Numeric, not textual, order ("1000" sorts after "3" and "100").
      const byAmount = ids((await get(`${BASE}?ordering=token_amount`, t.a, lister)).body);
      expect(byAmount.slice(0, 3)).toEqual(idsOf(6, 4, 5));
      expect(new Set(byAmount.slice(3))).toEqual(new Set(idsOf(1, 2, 3)));
      const byReleased = ids((await get(`${BASE}?ordering=-released_tokens`, t.a, lister)).body);
      expect(byReleased.slice(0, 4)).toEqual(idsOf(5, 2, 3, 4));
    });

    it('by the ids, including `order__order_id`', async () => {
      const sorted = (key: 'allocationId' | 'orderId') => [...a].sort((x, y) => (x[key] < y[key] ? -1 : 1)).map((x) => x.allocationId);
      expect(ids((await get(`${BASE}?ordering=order__order_id`, t.a, lister)).body)).toEqual(sorted('orderId'));
      expect(ids((await get(`${BASE}?ordering=allocation_id`, t.a, lister)).body)).toEqual(sorted('allocationId'));
      expect(ids((await get(`${BASE}?ordering=-allocation_id`, t.a, lister)).body)).toEqual(sorted('allocationId').reverse());
    });

    it('by several keys; unknown keys are dropped; none valid keeps the default', async () => {
      expect(ids((await get(`${BASE}?ordering=status,-created_at`, t.a, lister)).body)).toEqual(idsOf(6, 4, 3, 2, 1, 5));
      expect(ids((await get(`${BASE}?ordering=-wallet_address,created_at`, t.a, lister)).body)).toEqual(idsOf(1, 2, 3, 6, 4, 5));
      expect(ids((await get(`${BASE}?ordering=bogus,created_at`, t.a, lister)).body)).toEqual(idsOf(1, 2, 3, 4, 5, 6));
      expect(ids((await get(`${BASE}?ordering=bogus`, t.a, lister)).body)).toEqual(idsOf(6, 5, 4, 3, 2, 1));
      // Not a model field of the list serializer (computed) → ignored.
      expect(ids((await get(`${BASE}?ordering=pending_tokens`, t.a, lister)).body)).toEqual(idsOf(6, 5, 4, 3, 2, 1));
    });

    it('applies before pagination', async () => {
      const page2 = (await get(`${BASE}?ordering=created_at&page_size=4&page=2`, t.a, lister)).body;
      expect(ids(page2)).toEqual(idsOf(5, 6));
      expect(page2.previous).toBe(`http://api.posx.test${BASE}?ordering=created_at&page_size=4`);
    });
  });
});

describe('detail', () => {
  it('returns the 14 keys in contract order', async () => {
    const target = a[1]!;
    const { status, body } = await get(`${BASE}${target.allocationId}/`, t.a, lister);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(DETAIL_KEYS);
    expect(body).toEqual({
      allocation_id: target.allocationId,
      order_id: target.orderId,
      site_id: t.a.siteId,
      buyer_id: lister.userId,
      wallet_address: WALLET,
      token_amount: '1000.000000',
      released_tokens: '123.450000',
      pending_tokens: '876.550000',
      release_progress: '12.34',
      status: 'active',
      order_status: 'paid',
      order_created_at: '2025-10-31T09:00:00Z',
      created_at: '2025-11-02T10:00:00.123456Z',
      updated_at: '2025-11-12T08:30:00.500000Z',
    });
  });

  it('accepts the id in upper case or without hyphens', async () => {
    const id = a[0]!.allocationId;
    for (const form of [id.toUpperCase(), id.replace(/-/g, '')]) {
      const { status, body } = await get(`${BASE}${form}/`, t.a, lister);
      expect(status).toBe(200);
      expect(body.allocation_id).toBe(id);
    }
  });

  it('honours the list filters when they match', async () => {
    const target = a[4]!;
    const { status, body } = await get(`${BASE}${target.allocationId}/?status=completed&wallet_address=${OTHER_WALLET.toUpperCase().replace('0X', '0x')}`, t.a, lister);
    expect(status).toBe(200);
    expect(body).toMatchObject({ allocation_id: target.allocationId, release_progress: '150.00', pending_tokens: '-50.000000', status: 'completed' });
  });
});

describe('balance', () => {
  it('sums the caller\'s allocations on this site: 6 keys in order', async () => {
    const { status, body, text } = await get(`${BASE}balance/`, t.a, lister);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(BALANCE_KEYS);
    // 3×1000 + 3 + 100 + 0; released 123.45 + 123.35 + 2 + 150; 398.8 / 3103 = 12.852…%.
    expect(text).toBe(
      '{"total_tokens":"3103.000000","released_tokens":"398.800000","pending_tokens":"2704.200000",' +
        '"active_allocations":5,"completed_allocations":1,"release_progress":"12.85"}',
    );
  });

  it('ignores the list filters', async () => {
    const plain = (await get(`${BASE}balance/`, t.a, lister)).text;
    expect((await get(`${BASE}balance/?status=completed&wallet_address=${OTHER_WALLET}`, t.a, lister)).text).toBe(plain);
  });

  it('is all zeros without allocations', async () => {
    const { status, text } = await get(`${BASE}balance/`, t.a, t.carol);
    expect(status).toBe(200);
    expect(text).toBe(
      '{"total_tokens":"0.000000","released_tokens":"0.000000","pending_tokens":"0.000000",' +
        '"active_allocations":0,"completed_allocations":0,"release_progress":"0.00"}',
    );
  });

  it('sums beyond 12 integer digits exactly (the original answered 500)', async () => {
    const whale = await createBuyer('whale');
    const max = '999999999999.999999'; // the largest numeric(18,6)
    await createAllocation({ site: t.a, buyer: whale, tokenAmount: max, releasedTokens: max, status: 'completed' });
    await createAllocation({ site: t.a, buyer: whale, tokenAmount: max });
    await createAllocation({ site: t.a, buyer: whale, tokenAmount: max, releasedTokens: '0.000001' });
    const { status, body } = await get(`${BASE}balance/`, t.a, whale);
    expect(status).toBe(200);
    expect(body).toEqual({
      total_tokens: '2999999999999.999997',
      released_tokens: '1000000000000.000000',
      pending_tokens: '1999999999999.999997',
      active_allocations: 2,
      completed_allocations: 1,
      release_progress: '33.33',
    });
    // And the items themselves keep every digit.
    const list = (await get(`${BASE}?ordering=released_tokens`, t.a, whale)).body;
    expect(list.results.map((r: any) => [r.token_amount, r.released_tokens, r.pending_tokens, r.release_progress])).toEqual([
      [`${max}`, '0.000000', max, '0.00'],
      [`${max}`, '0.000001', '999999999999.999998', '0.00'],
      [`${max}`, max, '0.000000', '100.00'],
    ]);
  });
});

/** `start` + n×30 days, as the schedule generator spaces monthly tranches (contract §a.6). */
const plusDays = (start: string, days: number) => new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('releases (addition to the original)', () => {
  let vester: UserFixture;
  let vested: CreatedAllocation;
  let releaseIds: string[];
  const start = '2025-11-10';
  // 1000 tokens, 10 % TGE = 100 (period 0), 900 over 7 periods: 900/7 = 128.571428… → 128.571429
  // half-even for periods 1–6, and period 7 takes the remainder 900 − 6×128.571429 = 128.571426.
  const amounts = ['100', ...Array(6).fill('128.571429'), '128.571426'];

  beforeAll(async () => {
    vester = await createBuyer('vester');
    vested = await createAllocation({ site: t.a, buyer: vester, tokenAmount: '1000', releasedTokens: '100' });
    const statuses = ['released', 'processing', 'unlocked', 'locked', 'locked', 'locked', 'locked', 'locked'] as const;
    ({ releaseIds } = await createSchedule(
      vested,
      vester,
      { total: '1000', tge: '100', locked: '900', tgePercent: '10.00', periods: 7 },
      // Inserted out of order on purpose: the answer is ordered by period_no.
      amounts
        .map((amount, n) => ({
          periodNo: n,
          releaseDate: plusDays(start, 30 * n),
          amount,
          status: statuses[n],
          unlockedAt: n <= 2 ? `${plusDays(start, 30 * n)} 00:00:05+00` : null,
          releasedAt: n === 0 ? '2025-11-10 12:00:00.5+00' : null,
          txHash: n === 0 ? `0xmock${'ab'.repeat(20)}` : null,
        }))
        .reverse(),
    ));
    releaseIds.reverse();
  }, SETUP_TIMEOUT_MS);

  it('lists every tranche by period_no, TGE first, with a summary', async () => {
    const { status, body } = await get(`${BASE}${vested.allocationId}/releases/`, t.a, vester);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['results', 'summary']);
    expect(body.results.map((r: any) => r.period_no)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const r of body.results) expect(Object.keys(r)).toEqual(RELEASE_KEYS);
    expect(body.results[0]).toEqual({
      release_id: releaseIds[0],
      period_no: 0,
      release_date: '2025-11-10',
      amount: '100.000000',
      status: 'released',
      unlocked_at: '2025-11-10T00:00:05Z',
      released_at: '2025-11-10T12:00:00.500000Z',
      tx_hash: `0xmock${'ab'.repeat(20)}`,
    });
    expect(body.results[1]).toEqual({
      release_id: releaseIds[1],
      period_no: 1,
      release_date: '2025-12-10',
      amount: '128.571429',
      status: 'processing',
      unlocked_at: '2025-12-10T00:00:05Z',
      released_at: null,
      tx_hash: null,
    });
    expect(body.results.map((r: any) => r.status)).toEqual(['released', 'processing', 'unlocked', 'locked', 'locked', 'locked', 'locked', 'locked']);
    expect(body.results[7]).toMatchObject({ period_no: 7, amount: '128.571426', release_date: plusDays(start, 210) });

    expect(Object.keys(body.summary)).toEqual(SUMMARY_KEYS);
    expect(body.summary).toEqual({
      total: '1000.000000',
      released: '100.000000',
      next_release_date: '2025-12-10',
      next_release_amount: '128.571429',
    });
  });

  it('the remainder tranche makes the tranches add up to the allocation exactly', async () => {
    const { body } = await get(`${BASE}${vested.allocationId}/releases/`, t.a, vester);
    const micro = (s: string) => BigInt(s.replace('.', ''));
    const sum = body.results.reduce((acc: bigint, r: any) => acc + micro(r.amount), 0n);
    const detail = (await get(`${BASE}${vested.allocationId}/`, t.a, vester)).body;
    expect(sum).toBe(micro(detail.token_amount));
    expect(body.summary.total).toBe(detail.token_amount);
  });

  it('an allocation without a schedule gives an empty list and a zero summary', async () => {
    const bare = await createAllocation({ site: t.a, buyer: vester, tokenAmount: '50' });
    const { status, text } = await get(`${BASE}${bare.allocationId}/releases/`, t.a, vester);
    expect(status).toBe(200);
    expect(text).toBe('{"results":[],"summary":{"total":"0.000000","released":"0.000000","next_release_date":null,"next_release_amount":null}}');
  });

  it('without a TGE tranche the schedule starts at period 1; fully released → nothing next', async () => {
    const done = await createAllocation({ site: t.a, buyer: vester, tokenAmount: '10', releasedTokens: '10', status: 'completed' });
    await createSchedule(done, vester, { total: '10', tge: '0', locked: '10', tgePercent: '0.00', periods: 3 }, [
      { periodNo: 1, releaseDate: '2025-01-01', amount: '3.333333', status: 'released', releasedAt: '2025-01-02 00:00:00+00', txHash: '0x1' },
      { periodNo: 2, releaseDate: '2025-01-31', amount: '3.333333', status: 'released', releasedAt: '2025-02-01 00:00:00+00', txHash: '0x2' },
      { periodNo: 3, releaseDate: '2025-03-02', amount: '3.333334', status: 'released', releasedAt: '2025-03-03 00:00:00+00', txHash: '0x3' },
    ]);
    const { body } = await get(`${BASE}${done.allocationId}/releases/`, t.a, vester);
    expect(body.results.map((r: any) => [r.period_no, r.amount])).toEqual([[1, '3.333333'], [2, '3.333333'], [3, '3.333334']]);
    expect(body.summary).toEqual({ total: '10.000000', released: '10.000000', next_release_date: null, next_release_amount: null });
  });

  it('the next release is the first tranche not yet released, even when it is already unlocked', async () => {
    const partly = await createAllocation({ site: t.a, buyer: vester, tokenAmount: '30', releasedTokens: '10' });
    await createSchedule(partly, vester, { total: '30', tge: '10', locked: '20', tgePercent: '33.33', periods: 2 }, [
      { periodNo: 0, releaseDate: '2025-01-01', amount: '10', status: 'released' },
      { periodNo: 1, releaseDate: '2025-01-31', amount: '10', status: 'unlocked', unlockedAt: '2025-01-31 00:00:00+00' },
      { periodNo: 2, releaseDate: '2025-03-02', amount: '10', status: 'locked' },
    ]);
    const { body } = await get(`${BASE}${partly.allocationId}/releases/`, t.a, vester);
    expect(body.summary).toEqual({ total: '30.000000', released: '10.000000', next_release_date: '2025-01-31', next_release_amount: '10.000000' });
  });

  it("only the schedule of the allocation's own order counts (allocation_id is not unique in vesting_schedules)", async () => {
    const own = await createAllocation({ site: t.a, buyer: vester, tokenAmount: '100' });
    const sibling = await createAllocation({ site: t.a, buyer: vester, tokenAmount: '100' });
    await createSchedule(own, vester, { total: '100', tge: '0', locked: '100', tgePercent: '0.00', periods: 1 }, [
      { periodNo: 1, releaseDate: '2026-01-01', amount: '100' },
    ]);
    // Inconsistent (adopted) data: the sibling order's schedule names `own` as its allocation.
    await createSchedule({ ...own, orderId: sibling.orderId }, vester, { total: '50', tge: '0', locked: '50', tgePercent: '0.00', periods: 1 }, [
      { periodNo: 1, releaseDate: '2025-06-01', amount: '50' },
    ]);
    const { body } = await get(`${BASE}${own.allocationId}/releases/`, t.a, vester);
    expect(body.results.map((r: any) => [r.period_no, r.release_date, r.amount])).toEqual([[1, '2026-01-01', '100.000000']]);
    expect(body.summary).toMatchObject({ total: '100.000000', next_release_date: '2026-01-01' });
  });

  it('answers the format-suffix twins of releases and detail like their URLs', async () => {
    const canonical = (await get(`${BASE}${vested.allocationId}/releases/`, t.a, vester)).text;
    for (const twin of [`${BASE}${vested.allocationId}/releases.json`, `${BASE}${vested.allocationId}/releases.json/`]) {
      const { status, text } = await get(twin, t.a, vester);
      expect(status, twin).toBe(200);
      expect(text, twin).toBe(canonical);
    }
    const detail = await get(`${BASE}${vested.allocationId}.json`, t.a, vester);
    expect(detail.text).toBe((await get(`${BASE}${vested.allocationId}/`, t.a, vester)).text);
    expect((await get(`${BASE}${vested.allocationId}/releases.xml`, t.a, vester)).status).toBe(404);
  });

  it('honours the list filters like the detail does', async () => {
    const { status } = await get(`${BASE}${vested.allocationId}/releases/?status=active&wallet_address=${WALLET.toUpperCase().replace('0X', '0x')}`, t.a, vester);
    expect(status).toBe(200);
  });
});

describe('one database round trip per request', () => {
  it('list, list page=last, detail, balance and releases each cost exactly one', async () => {
    await get(BASE, t.a, lister); // warms this isolate's site cache
    const paths = [
      BASE,
      `${BASE}?page=last&page_size=2&status=active`,
      `${BASE}${a[0]!.allocationId}/`,
      `${BASE}balance/`,
      `${BASE}${a[0]!.allocationId}/releases/`,
    ];
    for (const path of paths) {
      const res = await call(path, { site: t.a.code, token: lister.token });
      expect(res.status, path).toBe(200);
      expect(await roundTripsOf(res), path).toBe(1);
    }
  });

  it('a 404 costs one too', async () => {
    const res = await call(`${BASE}${crypto.randomUUID()}/`, { site: t.a.code, token: lister.token });
    expect(res.status).toBe(404);
    expect(await roundTripsOf(res)).toBe(1);
  });
});

describe('OpenAPI document', () => {
  it('describes the four endpoints, the releases one as an addition', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as any;
    for (const path of ['/api/v1/allocations/', '/api/v1/allocations/balance/', '/api/v1/allocations/{allocation_id}/', '/api/v1/allocations/{allocation_id}/releases/']) {
      expect(doc.paths[path]?.get, path).toBeDefined();
      expect(doc.paths[path].get.responses['200'], path).toBeDefined();
      expect(doc.paths[path].get.security, path).toEqual([{ bearerAuth: [] }]);
    }
    const releases = doc.paths['/api/v1/allocations/{allocation_id}/releases/'].get;
    expect(releases.description).toMatch(/Addition to the original/);
    expect(Object.keys(doc.components.schemas.Allocation.properties)).toEqual(LIST_KEYS);
    expect(Object.keys(doc.components.schemas.AllocationDetail.properties)).toEqual(DETAIL_KEYS);
    expect(Object.keys(doc.components.schemas.AllocationBalance.properties)).toEqual(BALANCE_KEYS);
    expect(Object.keys(doc.components.schemas.AllocationRelease.properties)).toEqual(RELEASE_KEYS);
  });
});

// The `order.paid` job and the receiving route, delivered in-process with signatures made exactly
// as QStash makes them (see qstash-e2e.test.ts for the same through the QStash stand-in).
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerQuery, seedTenants, stack, type SiteFixture, type Tenants } from '../harness/index.ts';
import { allocationOf, deliver, insertOrder, insertPolicy, orderPaidEffects, releasesOf, sign, type PolicyOptions } from './support.ts';

let t: Tenants;
let noPolicySite: SiteFixture;
beforeAll(async () => {
  t = await seedTenants();
  // Site a: a policy made long ago and a newer one (the newest active one is used by default).
  await insertPolicy(t.a, { tgePercent: '50.00', linearPeriods: 1, createdAt: '2020-01-01T00:00:00Z' });
  await insertPolicy(t.a, { tgePercent: '10.00', cliffMonths: 1, linearPeriods: 3, periodUnit: 'month' });
  await insertPolicy(t.b, { tgePercent: '10.00', linearPeriods: 12 });
  noPolicySite = (await seedTenants()).a;
});

/** The §a.6 rules in BigInt, as the reference the SQL must match. Amounts in 10^-6 units. */
function expectedSchedule(total: bigint, tgePercentCents: bigint, n: bigint) {
  const halfEven = (num: bigint, den: bigint) => {
    const q = num / den;
    const r = num % den;
    return 2n * r > den || (2n * r === den && q % 2n === 1n) ? q + 1n : q;
  };
  const tge = halfEven(total * tgePercentCents, 10000n);
  const locked = total - tge;
  const per = n > 0n && locked > 0n ? halfEven(locked, n) : 0n;
  const amounts: Record<number, bigint> = {};
  if (tge > 0n) amounts[0] = tge;
  if (locked > 0n) for (let k = 1n; k <= n; k++) amounts[Number(k)] = k === n ? locked - (n - 1n) * per : per;
  return { tge, locked, amounts };
}
const units = (s: string) => BigInt(s.replace('.', ''));
const text = (u: bigint) => `${u / 1_000_000n}.${(u % 1_000_000n).toString().padStart(6, '0')}`;

async function dates(): Promise<{ today: string; plus: (days: number) => string }> {
  const [row] = await ownerQuery(null, `select (now() at time zone 'UTC')::date::text as today`);
  const today = row!.today as string;
  return { today, plus: (days) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10) };
}

async function scheduleOf(site: SiteFixture, orderId: string) {
  const [row] = await ownerQuery(
    site.siteId,
    `select schedule_id, allocation_id, user_id, policy_id, total_tokens::text as total, tge_tokens::text as tge, locked_tokens::text as locked, unlock_start_date::text as start
     from vesting_schedules where order_id = $1`,
    [orderId],
  );
  return row;
}

const paid = (site: SiteFixture, orderId: string, extra: Record<string, unknown> = {}) => ({ order_id: orderId, site_id: site.siteId, ...extra });

describe('order.paid creates the allocation, schedule and releases (§a.5, §a.6)', () => {
  it('one allocation from the items (incl. bonus), TGE unlocked now, linear periods after the cliff, exact remainder', async () => {
    // As the original's OrderItem.token_amount = base + tier bonus + promo bonus, on a tier of 100
    // tokens + 10 bonus tokens per unit: 10 units → 1000 + 100; 1 unit → 100 + 10 + 24.567891 promo.
    // Base tokens are 1100; the allocation must also hold the 134.567891 bonus tokens.
    const order = await insertOrder(t.a, t.alice, {
      items: ['1100.000000', '134.567891'],
      quantities: [10, 1],
      tierTokens: { perUnit: '100.000000', bonusPerUnit: '10.000000' },
      wallet: '0xAbCDef0123456789aBcDeF0123456789ABCDEF01',
    });
    const [base] = await ownerQuery(
      t.a.siteId,
      `select sum(i.quantity * t.tokens_per_unit)::text as base, sum(i.quantity * t.bonus_tokens_per_unit)::text as tier_bonus
       from order_items i join tiers t using (tier_id) where i.order_id = $1`,
      [order.orderId],
    );
    expect(base).toEqual({ base: '1100.000000', tier_bonus: '110.000000' });
    const res = await deliver('order.paid', paid(t.a, order.orderId));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ job: 'order.paid', outcome: 'applied', order_id: order.orderId, releases_created: 4 });
    expect(body.message_id).toMatch(/^msg_test_/);

    const allocation = await allocationOf(t.a, body.allocation_id);
    expect(allocation).toEqual({
      allocation_id: body.allocation_id,
      order_id: order.orderId,
      wallet_address: '0xabcdef0123456789abcdef0123456789abcdef01',
      token_amount: '1234.567891',
      released_tokens: '0.000000',
      status: 'active',
    });

    const { today, plus } = await dates();
    const expected = expectedSchedule(units('1234.567891'), 1000n, 3n);
    expect(text(expected.tge)).toBe('123.456789'); // 123.4567891 → half-even
    const schedule = await scheduleOf(t.a, order.orderId);
    expect(schedule).toMatchObject({ allocation_id: body.allocation_id, user_id: t.alice.userId, total: '1234.567891', tge: '123.456789', locked: '1111.111102', start: plus(30) });

    const releases = await releasesOf(t.a, schedule!.schedule_id);
    expect(releases.map((r) => [r.period_no, r.release_date, r.amount, r.status])).toEqual([
      [0, today, '123.456789', 'unlocked'],
      [1, plus(30), '370.370367', 'locked'],
      [2, plus(60), '370.370367', 'locked'],
      [3, plus(90), '370.370368', 'locked'],
    ]);
    expect(releases[0]!.unlocked_at).not.toBeNull();
    expect(releases.slice(1).every((r) => r.unlocked_at === null)).toBe(true);
    expect(releases.reduce((sum, r) => sum + units(r.amount), 0n)).toBe(units('1234.567891'));
    expect(await orderPaidEffects(t.a, order.orderId)).toEqual({ allocations: 1, schedules: 1, releases: 4, records: 1 });
  });

  const cases: Array<{ name: string; total: string; policy: PolicyOptions; step: number; cliffDays: number }> = [
    // tge 0.5 units → 0 (even): no TGE tranche; 12.5 units per period → 12 (even); remainder 14.
    { name: 'half-even ties round to even (down)', total: '0.000050', policy: { tgePercent: '1.00', linearPeriods: 4, periodUnit: 'day' }, step: 1, cliffDays: 0 },
    // tge 1.5 units → 2 (odd rounds up); 148/8 = 18.5 → 18; remainder 22.
    { name: 'half-even ties round to even (up)', total: '0.000150', policy: { tgePercent: '1.00', linearPeriods: 8, periodUnit: 'week', cliffMonths: 2 }, step: 7, cliffDays: 60 },
    { name: 'tge 0% has no period 0', total: '100.000000', policy: { tgePercent: '0.00', linearPeriods: 3, periodUnit: 'month' }, step: 30, cliffDays: 0 },
    { name: 'tge 100% is only period 0', total: '77.000001', policy: { tgePercent: '100.00', linearPeriods: 6 }, step: 30, cliffDays: 0 },
    { name: 'one linear period takes all the locked tokens', total: '10.000003', policy: { tgePercent: '33.33', linearPeriods: 1, periodUnit: 'day' }, step: 1, cliffDays: 0 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const site = (await seedTenants()).a;
      const policyId = await insertPolicy(site, c.policy);
      const order = await insertOrder(site, t.alice, { items: [c.total] });
      const res = await deliver('order.paid', paid(site, order.orderId));
      expect(res.status, await res.clone().text()).toBe(200);
      const schedule = await scheduleOf(site, order.orderId);
      expect(schedule!.policy_id).toBe(policyId);
      const pct = BigInt(c.policy.tgePercent!.replace('.', ''));
      const expected = expectedSchedule(units(c.total), pct, BigInt(c.policy.linearPeriods!));
      const { today, plus } = await dates();
      const releases = await releasesOf(site, schedule!.schedule_id);
      expect(releases.map((r) => [r.period_no, r.amount])).toEqual(Object.entries(expected.amounts).map(([k, v]) => [Number(k), text(v)]));
      expect(releases.reduce((sum, r) => sum + units(r.amount), 0n)).toBe(units(c.total));
      for (const r of releases) {
        expect(r.release_date).toBe(r.period_no === 0 ? today : plus(c.cliffDays + (r.period_no - 1) * c.step));
        expect(r.status).toBe(r.period_no === 0 ? 'unlocked' : 'locked');
      }
      expect(schedule).toMatchObject({ tge: text(expected.tge), locked: text(expected.locked), start: plus(c.cliffDays) });
    });
  }

  it('uses policy_id when the payload names one', async () => {
    const site = (await seedTenants()).a;
    await insertPolicy(site, { tgePercent: '10.00', linearPeriods: 2 });
    const chosen = await insertPolicy(site, { tgePercent: '0.00', linearPeriods: 2, createdAt: '2019-01-01T00:00:00Z' });
    const order = await insertOrder(site, t.alice, { items: ['10.000000'] });
    expect((await deliver('order.paid', paid(site, order.orderId, { policy_id: chosen }))).status).toBe(200);
    expect((await scheduleOf(site, order.orderId))!.policy_id).toBe(chosen);
  });
});

describe('redelivery', () => {
  it('the same message delivered three times (twice at once) yields one allocation, one schedule, one set of releases', async () => {
    const order = await insertOrder(t.a, t.alice, { items: ['500.000000'] });
    const payload = paid(t.a, order.orderId);
    const body = JSON.stringify(payload);
    const signature = await sign('order.paid', body);
    const headers = { 'Upstash-Message-Id': 'msg_same_message' };
    const concurrent = await Promise.all([deliver('order.paid', body, { signature, headers }), deliver('order.paid', body, { signature, headers })]);
    const third = await deliver('order.paid', body, { signature, headers: { ...headers, 'Upstash-Retried': '2' } });
    const outcomes = await Promise.all([...concurrent, third].map(async (r) => [r.status, ((await r.json()) as any).outcome]));
    expect(outcomes.filter(([, o]) => o === "applied"), JSON.stringify(outcomes)).toHaveLength(1);
    expect(outcomes.filter(([, o]) => o === 'duplicate')).toHaveLength(2);
    expect(outcomes.every(([s]) => s === 200)).toBe(true);
    expect(await orderPaidEffects(t.a, order.orderId)).toEqual({ allocations: 1, schedules: 1, releases: 4, records: 1 });
  });
});

describe('permanent failures stop retries (Upstash-NonRetryable-Error) and change nothing', () => {
  /** QStash stops retrying only for 489 with the header; the reason stays in `detail`. */
  const nonRetryable = async (res: Response, detail?: unknown) => {
    expect(res.status).toBe(489);
    expect(res.headers.get('Upstash-NonRetryable-Error')).toBe('true');
    expect(await res.json()).toMatchObject({ code: 'ERROR.HTTP_489', request_id: expect.any(String), ...(detail ? { detail } : {}) });
  };

  it('an order that is not paid', async () => {
    const order = await insertOrder(t.a, t.alice, { status: 'pending' });
    const res = await deliver('order.paid', paid(t.a, order.orderId));
    await nonRetryable(res, { order_id: ['The order is pending, not paid.'] });
    expect(await orderPaidEffects(t.a, order.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
  });

  it('an unknown order, and an order of another site (cross-site)', async () => {
    const notFound = { detail: 'No Order matches the given query.' };
    await nonRetryable(await deliver('order.paid', paid(t.a, crypto.randomUUID())), notFound);
    const bobs = await insertOrder(t.b, t.bob);
    await nonRetryable(await deliver('order.paid', paid(t.a, bobs.orderId)), notFound);
    expect(await orderPaidEffects(t.b, bobs.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
  });

  it('invalid payloads, bodies and job names', async () => {
    const order = await insertOrder(t.a, t.alice);
    const invalid = async (name: string, body: unknown, detail?: unknown) => nonRetryable(await deliver(name, body), detail);
    await invalid('order.paid', { site_id: t.a.siteId });
    await invalid('order.paid', { order_id: 'not-a-uuid', site_id: t.a.siteId });
    await invalid('order.paid', { ...paid(t.a, order.orderId), surprise: true });
    await invalid('order.paid', 'not json{');
    await invalid('order.paid', '[]');
    await invalid('order.refunded', paid(t.a, order.orderId), { detail: 'No job named "order.refunded".' });
    expect(await orderPaidEffects(t.a, order.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
  });

  it('a policy_id that is not an active policy of the site, or a policy that cannot split the order', async () => {
    const order = await insertOrder(t.a, t.alice);
    const inactive = await insertPolicy(t.a, { isActive: false });
    const res = await deliver('order.paid', paid(t.a, order.orderId, { policy_id: inactive }));
    await nonRetryable(res, { policy_id: ['Not an active vesting policy of this site.'] });

    const site = (await seedTenants()).a;
    await insertPolicy(site, { tgePercent: '0.00', linearPeriods: 3 });
    const tiny = await insertOrder(site, t.alice, { items: ['0.000002'] }); // 2 units into 3 periods: 1, 1, 0
    const res2 = await deliver('order.paid', paid(site, tiny.orderId));
    await nonRetryable(res2.clone());
    expect(((await res2.json()) as any).detail.policy_id[0]).toMatch(/too few/);
    expect(await orderPaidEffects(site, tiny.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
  });

  it('a site without an active policy is retried later (503, no NonRetryable header)', async () => {
    const order = await insertOrder(noPolicySite, t.alice);
    const res = await deliver('order.paid', paid(noPolicySite, order.orderId));
    expect(res.status).toBe(503);
    expect(res.headers.get('Upstash-NonRetryable-Error')).toBeNull();
    expect(await res.json()).toMatchObject({ code: 'ERROR.HTTP_503', detail: { detail: 'The site has no active vesting policy yet.' } });
    expect(await orderPaidEffects(noPolicySite, order.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
  });
});

describe('Upstash-Signature is checked against the raw body before anything runs', () => {
  const refused = async (res: Response, orderId: string) => {
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBeNull();
    expect(await res.json()).toMatchObject({ code: 'AUTH.UNAUTHORIZED', request_id: expect.any(String) });
    expect(await orderPaidEffects(t.a, orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
  };

  it('missing, forged, stale, for another body, for another URL: 401 in the envelope, no effect', async () => {
    const order = await insertOrder(t.a, t.alice);
    const payload = paid(t.a, order.orderId);
    const body = JSON.stringify(payload);
    await refused(await deliver('order.paid', payload, { signature: null }), order.orderId);
    await refused(await deliver('order.paid', payload, { signature: 'not-a-jwt' }), order.orderId);
    await refused(await deliver('order.paid', payload, { key: 'sig_notTheRealKeyNotTheRealKey00' }), order.orderId);
    await refused(await deliver('order.paid', payload, { issuedAt: -600, expiresIn: 300 }), order.orderId);
    await refused(await deliver('order.paid', payload, { signedBody: JSON.stringify({ ...payload, policy_id: crypto.randomUUID() }) }), order.orderId);
    // The same bytes re-serialized differently (as a JSON-parsing middleware would) no longer match.
    await refused(await deliver('order.paid', JSON.stringify(payload, null, 1), { signedBody: body }), order.orderId);
    await refused(await deliver('order.paid', payload, { url: `${stack().qstash.url}/__sink/elsewhere` }), order.orderId);
    await refused(await deliver('order.paid', payload, { url: `${new URL(stack().qstash.url).origin}/api/v1/jobs/order.paid/` }), order.orderId);
  });

  it('accepts the next signing key (key rotation)', async () => {
    const order = await insertOrder(t.a, t.alice);
    const res = await deliver('order.paid', paid(t.a, order.orderId), { key: stack().qstash.nextSigningKey });
    expect(res.status).toBe(200);
    expect(await orderPaidEffects(t.a, order.orderId)).toMatchObject({ allocations: 1 });
  });

  it('needs no bearer token and no site header, and is documented in the OpenAPI document', async () => {
    const doc = (await (await deliverDoc()).json()) as any;
    const op = doc.paths['/api/v1/jobs/{job}/'].post;
    expect(op.security).toEqual([]);
    expect(op.requestBody.content['application/json'].schema.oneOf).toHaveLength(3);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['OrderPaidJob', 'ReleaseCompletedJob', 'ReleaseFailedJob', 'JobAccepted']));
    expect(doc.paths['/api/v1/admin/vesting/payouts/'].post).toBeDefined();
  });
});

async function deliverDoc(): Promise<Response> {
  const { call } = await import('../harness/index.ts');
  return call('/api/v1/openapi.json');
}

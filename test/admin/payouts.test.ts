// POST /api/v1/admin/vesting/payouts/ and the release completion flow on the mock custody: the
// payout claims releases, the mock custody completes each through a delayed, signed QStash job
// delivered to the listening worker, and released_tokens / allocation status / balance follow.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, ownerQuery, seedTenants, tokenFor, type Tenants } from '../harness/index.ts';
import { expectError } from '../harness/expect-error.ts';
import { allocationOf, deliver, insertVesting, releaseOf, waitFor } from '../jobs/support.ts';

const PAYOUTS = '/api/v1/admin/vesting/payouts/';
let t: Tenants;
let admin: string;
beforeAll(async () => {
  t = await seedTenants();
  admin = await tokenFor(`test|admin-${crypto.randomUUID()}`, { claims: { permissions: ['notifications:write', 'vesting:payout'] } });
});

const payout = (releaseIds: unknown, options: { token?: string; site?: string } = {}) =>
  call(PAYOUTS, { method: 'POST', site: options.site ?? t.a.code, token: options.token ?? admin, body: { release_ids: releaseIds } });

const statusOf = async (site: typeof t.a, releaseId: string) => (await releaseOf(site, releaseId))!.status;

async function balanceOf(token: string, site: string) {
  const res = await call('/api/v1/allocations/balance/', { site, token });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}

describe('authorization', () => {
  it('needs a token (401) and the vesting:payout permission (403 AUTH.FORBIDDEN); nothing changes', async () => {
    const v = await insertVesting(t.a, t.alice, [{ amount: '1.000000' }]);
    const anonymous = await payout([v.releases[0]], { token: '' });
    expect(anonymous.status).toBe(401);
    const forbidden = await payout([v.releases[0]], { token: t.alice.token });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'AUTH.FORBIDDEN', request_id: expect.any(String) });
    const otherPermission = await tokenFor(t.bob.sub, { claims: { permissions: ['vesting:read'] } });
    expect((await payout([v.releases[0]], { token: otherPermission })).status).toBe(403);
    expect(await statusOf(t.a, v.releases[0]!)).toBe('unlocked');
  });

  it('other methods are 405 with Allow', async () => {
    const res = await call(PAYOUTS, { site: t.a.code, token: admin });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toContain('POST');
  });
});

describe('validation (400, nothing claimed)', () => {
  it('rejects bad bodies', async () => {
    const bad = async (body: unknown) => {
      const res = await call(PAYOUTS, { method: 'POST', site: t.a.code, token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION.INVALID_INPUT' });
    };
    await bad({});
    await bad({ release_ids: [] });
    await bad({ release_ids: ['nope'] });
    await bad({ release_ids: 'x' });
    const id = crypto.randomUUID();
    await bad({ release_ids: [id, id.toUpperCase()] });
    await bad({ release_ids: Array.from({ length: 101 }, () => crypto.randomUUID()) });
    await bad('{"release_ids": [');
    const field = await call(PAYOUTS, { method: 'POST', site: t.a.code, token: admin, body: { release_ids: ['nope'] } });
    await expectError(field, 400, 'VALIDATION.INVALID_INPUT', { release_ids: { '0': ['Must be a valid UUID.'] } });
    const malformed = await call(PAYOUTS, { method: 'POST', site: t.a.code, token: admin, body: '{"release_ids": [' });
    await expectError(malformed, 400, 'VALIDATION.INVALID_INPUT', {
      detail: 'JSON parse error - Expecting value: line 1 column 18 (char 17)',
    });
    const notJson = await call(PAYOUTS, { method: 'POST', site: t.a.code, token: admin, body: 'release_ids=1', headers: { 'Content-Type': 'text/plain' } });
    await expectError(notJson, 415, 'ERROR.HTTP_415', { detail: 'Unsupported media type "text/plain" in request.' });
  });

  it('all ids must be unlocked releases of the current site — else nothing is claimed and each offender is named', async () => {
    const a = await insertVesting(t.a, t.alice, [{ amount: '1.000000' }, { amount: '2.000000', status: 'locked' }, { amount: '3.000000', status: 'released' }]);
    const b = await insertVesting(t.b, t.bob, [{ amount: '4.000000' }]);
    const unknown = crypto.randomUUID();
    const releasedUpper = a.releases[2]!.toUpperCase(); // named as the request spelled it
    const res = await payout([a.releases[0], a.releases[1], b.releases[0], unknown, releasedUpper]);
    // DRF's index keys, and each message names its id (the README promises "400 naming each id").
    await expectError(res, 400, 'VALIDATION.INVALID_INPUT', {
      release_ids: {
        '1': [`Release ${a.releases[1]} is locked, not unlocked.`],
        '2': [`Release ${b.releases[0]} not found in this site.`], // another site's release is not found, not "forbidden"
        '3': [`Release ${unknown} not found in this site.`],
        '4': [`Release ${releasedUpper} is released, not unlocked.`],
      },
    });
    expect(await statusOf(t.a, a.releases[0]!)).toBe('unlocked');
    expect(await statusOf(t.b, b.releases[0]!)).toBe('unlocked');
  });

  it('cross-site: a release of site b cannot be paid through site a', async () => {
    const b = await insertVesting(t.b, t.bob, [{ amount: '4.000000' }]);
    expect((await payout([b.releases[0]], { site: t.a.code })).status).toBe(400);
    expect((await releaseOf(t.b, b.releases[0]!))!.fireblocks_tx_id).toBeNull();
  });
});

describe('payout flow on the mock custody', () => {
  it('releases complete asynchronously; released_tokens, status and balance/ follow exactly', async () => {
    const buyer = await seedTenants(); // a buyer with no other allocations, so balance/ is exactly this one
    const v = await insertVesting(buyer.a, buyer.alice, [{ amount: '10.000000' }, { amount: '40.000000' }, { amount: '50.000000' }], { tokenAmount: '100.000000' });

    const res = await payout([v.releases[0], v.releases[1]], { site: buyer.a.code });
    expect(res.status).toBe(202);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ submitted: 2, failed: 0, total_amount: '50.000000' });
    expect(body.releases).toEqual([
      { release_id: v.releases[0], amount: '10.000000', status: 'processing', transfer_id: expect.stringMatching(/^posx_[0-9a-f]{32}$/) },
      { release_id: v.releases[1], amount: '40.000000', status: 'processing', transfer_id: expect.stringMatching(/^posx_/) },
    ]);
    const processing = await releaseOf(buyer.a, v.releases[0]!);
    expect(processing).toMatchObject({ status: 'processing', fireblocks_tx_id: body.releases[0].transfer_id });
    expect(await allocationOf(buyer.a, v.allocationId)).toMatchObject({ released_tokens: '0.000000', status: 'active' });

    // A second payout of the same releases is refused while they are processing.
    expect((await payout([v.releases[0]], { site: buyer.a.code })).status).toBe(400);

    await waitFor(async () => ((await allocationOf(buyer.a, v.allocationId))!.released_tokens === '50.000000' ? true : undefined), 'the mock custody completions');
    const released = await releaseOf(buyer.a, v.releases[0]!);
    expect(released).toMatchObject({ status: 'released', fireblocks_tx_id: body.releases[0].transfer_id, tx_hash: expect.stringMatching(/^0xmock[0-9a-f]{40}$/) });
    expect(released!.released_at).not.toBeNull();
    expect(await allocationOf(buyer.a, v.allocationId)).toMatchObject({ released_tokens: '50.000000', status: 'active' });
    expect(await balanceOf(buyer.alice.token, buyer.a.code)).toEqual({
      total_tokens: '100.000000',
      released_tokens: '50.000000',
      pending_tokens: '50.000000',
      active_allocations: 1,
      completed_allocations: 0,
      release_progress: '50.00',
    });

    expect((await payout([v.releases[2]], { site: buyer.a.code })).status).toBe(202);
    await waitFor(async () => ((await allocationOf(buyer.a, v.allocationId))!.status === 'completed' ? true : undefined), 'the allocation to complete');
    expect(await allocationOf(buyer.a, v.allocationId)).toMatchObject({ released_tokens: '100.000000', status: 'completed' });
    expect(await balanceOf(buyer.alice.token, buyer.a.code)).toEqual({
      total_tokens: '100.000000',
      released_tokens: '100.000000',
      pending_tokens: '0.000000',
      active_allocations: 0,
      completed_allocations: 1,
      release_progress: '100.00',
    });
  });

  it('two admins paying the same release at once: one claims it, the other is refused', async () => {
    const v = await insertVesting(t.a, t.alice, [{ amount: '5.000000' }]);
    const results = await Promise.all([payout([v.releases[0]]), payout([v.releases[0]])]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 400]);
  });
});

describe('completion and failure jobs', () => {
  const completion = (v: { releases: string[] }, transferId: string, site = t.a) => ({
    site_id: site.siteId,
    release_id: v.releases[0],
    transfer_id: transferId,
    tx_hash: `0x${'ab'.repeat(32)}`,
  });

  it('concurrent completions of the same release count once', async () => {
    const v = await insertVesting(t.a, t.alice, [{ amount: '25.000000', status: 'processing', transferId: 'posx_concurrent' }], { tokenAmount: '100.000000' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver('vesting.release.completed', completion(v, 'posx_concurrent'))));
    const outcomes = await Promise.all(responses.map(async (r) => [r.status, ((await r.json()) as any).outcome]));
    expect(outcomes.filter(([s]) => s === 200)).toHaveLength(5);
    expect(outcomes.filter(([, o]) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter(([, o]) => o === 'duplicate')).toHaveLength(4);
    expect(await allocationOf(t.a, v.allocationId)).toMatchObject({ released_tokens: '25.000000', status: 'active' });
    expect(await releaseOf(t.a, v.releases[0]!)).toMatchObject({ status: 'released', tx_hash: `0x${'ab'.repeat(32)}` });
    const [records] = await ownerQuery(null, `select count(*)::int as n from idempotency_keys where source = 'qstash' and key = $1`, [`vesting.release.completed:${v.releases[0]}:posx_concurrent`]);
    expect(records!.n).toBe(1);
  });

  it('a completion for another transfer, an unknown release or another site changes nothing', async () => {
    const v = await insertVesting(t.a, t.alice, [{ amount: '25.000000', status: 'processing', transferId: 'posx_current' }]);
    const stale = await deliver('vesting.release.completed', completion(v, 'posx_previous_attempt'));
    expect(await stale.json()).toMatchObject({ outcome: 'ignored', release_status: 'processing' });
    const unknown = await deliver('vesting.release.completed', { ...completion(v, 'posx_current'), release_id: crypto.randomUUID() });
    expect(unknown.status).toBe(489);
    expect(unknown.headers.get('Upstash-NonRetryable-Error')).toBe('true');
    const crossSite = await deliver('vesting.release.completed', completion(v, 'posx_current', t.b));
    expect(crossSite.status).toBe(489);
    expect(await releaseOf(t.a, v.releases[0]!)).toMatchObject({ status: 'processing', tx_hash: null });
    expect(await allocationOf(t.a, v.allocationId)).toMatchObject({ released_tokens: '0.000000' });
  });

  it('a failure puts the release back to unlocked (payable again); a late completion of that transfer is ignored', async () => {
    const v = await insertVesting(t.a, t.alice, [{ amount: '25.000000', status: 'processing', transferId: 'posx_doomed' }]);
    const failed = await deliver('vesting.release.failed', { site_id: t.a.siteId, release_id: v.releases[0], transfer_id: 'posx_doomed', reason: 'insufficient funds' });
    expect(await failed.json()).toMatchObject({ outcome: 'applied' });
    expect(await releaseOf(t.a, v.releases[0]!)).toMatchObject({ status: 'unlocked', fireblocks_tx_id: null });
    const late = await deliver('vesting.release.completed', completion(v, 'posx_doomed'));
    expect(await late.json()).toMatchObject({ outcome: 'ignored', release_status: 'unlocked' });
    expect(await allocationOf(t.a, v.allocationId)).toMatchObject({ released_tokens: '0.000000', status: 'active' });
    expect((await payout([v.releases[0]])).status).toBe(202);
  });
});

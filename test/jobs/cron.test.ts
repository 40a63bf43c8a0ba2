/// <reference types="vite/client" />
// The cron triggers through the worker's `scheduled` entry, against real Postgres. Each firing is
// made "in 2001" (scheduledTime): the jobs decide what is due against the firing's time, so only
// the deliberately old rows made here are due — never another test file's fixtures.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';
import worker from '../../src/index.ts';
import { CRON_SCHEDULE, runJobs } from '../../src/jobs/cron/index.ts';
import { unlockVestingReleases } from '../../src/jobs/cron/unlock-vesting-releases.ts';
import { getSettings } from '../../src/env.ts';
import { ownerQuery, ownerSql, seedTenants, type Tenants } from '../harness/index.ts';
import { allocationOf, insertOrder, insertVesting, releaseOf, releasesOf } from './support.ts';

type Summary = Record<string, any>;

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Fires `cron` through the worker's scheduled entry as of `asOf`; returns the summary lines logged. */
async function fire(cron: string, asOf: string): Promise<Summary[]> {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'error').mockImplementation(capture);
  vi.spyOn(console, 'warn').mockImplementation(capture);
  const controller = createScheduledController({ cron, scheduledTime: new Date(asOf) });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env as any, ctx);
  await waitOnExecutionContext(ctx);
  vi.restoreAllMocks();
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Summary);
}

const summaryOf = (lines: Summary[], job: string) => {
  const found = lines.filter((l) => l.job === job);
  expect(found, `one summary line for ${job}`).toHaveLength(1);
  return found[0]!;
};

describe('schedule', () => {
  it('wrangler.toml [triggers] crons are exactly the expressions that have jobs (D11 union)', () => {
    const crons = JSON.parse(/^crons\s*=\s*(\[.*\])\s*$/m.exec(wranglerToml)![1]!) as string[];
    expect([...crons].sort()).toEqual(Object.keys(CRON_SCHEDULE).sort());
    expect(Object.fromEntries(Object.entries(CRON_SCHEDULE).map(([c, jobs]) => [c, jobs.map((j) => j.name)]))).toEqual({
      '0 0 * * *': ['unlock-vesting-releases'],
      '*/5 * * * *': ['reconcile-stuck-releases', 'expire-pending-orders'],
      '0 2 * * *': ['cleanup-idempotency-keys'],
    });
  });

  it('an unknown trigger logs a warning and does nothing', async () => {
    const lines = await fire('7 7 * * *', '2001-01-01T07:07:00Z');
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'cron: no jobs for this trigger', cron: '7 7 * * *' })]);
  });

  it('a failing job is logged and does not stop the others', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l) => void lines.push(String(l)));
    vi.spyOn(console, 'error').mockImplementation((l) => void lines.push(String(l)));
    const broken = { name: 'broken', run: async () => { throw new Error('boom'); } };
    await runJobs([broken, unlockVestingReleases], { settings: getSettings(env as any), cron: 'test', asOf: new Date('1990-01-01T00:00:00Z') });
    const parsed = lines.map((l) => JSON.parse(l) as Summary);
    expect(parsed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', job: 'broken', error: 'boom' }),
        expect.objectContaining({ level: 'info', job: 'unlock-vesting-releases', failed_sites: 0 }),
      ]),
    );
  });
});

describe('unlock-vesting-releases (daily 00:00)', () => {
  it('unlocks due locked releases per active site, once; leaves others and inactive sites alone', async () => {
    const due = { amount: '10.000000', status: 'locked' as const, releaseDate: '2001-01-01' };
    const a = await insertVesting(t.a, t.alice, [
      due,
      { ...due, releaseDate: '2001-01-02' }, // due on the firing's own date
      { ...due, releaseDate: '2001-01-03' }, // tomorrow
      { amount: '10.000000', status: 'processing', releaseDate: '2001-01-01', transferId: 'posx_x' },
    ]);
    const b = await insertVesting(t.b, t.bob, [due]);
    const x = await insertVesting(t.inactive, t.carol, [due]);

    const lines = await fire('0 0 * * *', '2001-01-02T00:00:00Z');
    const summary = summaryOf(lines, 'unlock-vesting-releases');
    expect(summary).toMatchObject({ level: 'info', cron: '0 0 * * *', as_of: '2001-01-02T00:00:00.000Z', failed_sites: 0 });
    expect(summary.by_site[t.a.code]).toEqual({ unlocked: 2, backlog: 0 });
    expect(summary.by_site[t.b.code]).toEqual({ unlocked: 1, backlog: 0 });
    expect(summary.by_site[t.inactive.code]).toBeUndefined();
    expect(summary.unlocked).toBeGreaterThanOrEqual(3);

    const ra = await releasesOf(t.a, a.scheduleId);
    expect(ra.map((r) => r.status)).toEqual(['unlocked', 'unlocked', 'locked', 'processing']);
    expect(ra[0]!.unlocked_at).not.toBeNull();
    expect(ra[2]!.unlocked_at).toBeNull();
    expect((await releasesOf(t.b, b.scheduleId))[0]!.status).toBe('unlocked');
    expect((await releasesOf(t.inactive, x.scheduleId))[0]!.status).toBe('locked');

    // Idempotent: a second firing finds nothing and changes nothing.
    const before = await releasesOf(t.a, a.scheduleId);
    const again = summaryOf(await fire('0 0 * * *', '2001-01-02T00:00:00Z'), 'unlock-vesting-releases');
    expect(again.by_site[t.a.code]).toEqual({ unlocked: 0, backlog: 0 });
    expect(again.by_site[t.b.code]).toEqual({ unlocked: 0, backlog: 0 });
    expect(await releasesOf(t.a, a.scheduleId)).toEqual(before);
  });
});

describe('reconcile-stuck-releases (every 5 min)', () => {
  it('completes releases processing for over 15 minutes through custody (mock), counted once', async () => {
    const old = '2000-06-01T00:00:00Z';
    const a = await insertVesting(
      t.a,
      t.alice,
      [
        { amount: '30.000000', status: 'processing', transferId: 'posx_stuck_a1', updatedAt: old },
        { amount: '20.000000', status: 'processing', transferId: 'posx_stuck_a2', updatedAt: old },
        { amount: '50.000000', status: 'processing', transferId: 'posx_recent', updatedAt: '2000-12-31T23:50:00Z' },
        { amount: '0.000000', status: 'processing', transferId: null, updatedAt: old },
      ],
      { tokenAmount: '100.000000' },
    );
    const b = await insertVesting(t.b, t.bob, [{ amount: '100.000000', status: 'processing', transferId: 'posx_stuck_b', updatedAt: old }], { tokenAmount: '100.000000' });

    const lines = await fire('*/5 * * * *', '2001-01-01T00:00:00Z');
    const summary = summaryOf(lines, 'reconcile-stuck-releases');
    expect(summary.failed_sites).toBe(0);
    expect(summary.by_site[t.a.code]).toEqual({ reconciled: 2, failed: 0, pending: 0 });
    expect(summary.by_site[t.b.code]).toEqual({ reconciled: 1, failed: 0, pending: 0 });
    summaryOf(lines, 'expire-pending-orders'); // the same trigger's other job ran too

    const ra = await releasesOf(t.a, a.scheduleId);
    expect(ra.map((r) => r.status)).toEqual(['released', 'released', 'processing', 'processing']);
    expect(ra[0]!.tx_hash).toMatch(/^0xmock[0-9a-f]{40}$/);
    expect(ra[0]!.released_at).not.toBeNull();
    expect(await allocationOf(t.a, a.allocationId)).toMatchObject({ released_tokens: '50.000000', status: 'active' });
    expect(await allocationOf(t.b, b.allocationId)).toMatchObject({ released_tokens: '100.000000', status: 'completed' });

    const again = summaryOf(await fire('*/5 * * * *', '2001-01-01T00:00:00Z'), 'reconcile-stuck-releases');
    expect(again.by_site[t.a.code]).toEqual({ reconciled: 0, failed: 0, pending: 0 });
    expect(await allocationOf(t.a, a.allocationId)).toMatchObject({ released_tokens: '50.000000' });
  });
});

describe('expire-pending-orders (every 5 min)', () => {
  it('cancels pending orders past expires_at and returns their units to the tier, once', async () => {
    const expired = await insertOrder(t.a, t.alice, { status: 'pending', expiresAt: '2000-12-31T23:00:00Z', items: ['1.000000', '2.000000'], quantities: [2, 3], tierUnits: { total: 100, sold: 7 } });
    const notYet = await insertOrder(t.a, t.alice, { status: 'pending', expiresAt: '2001-01-01T00:00:01Z' });
    const noExpiry = await insertOrder(t.a, t.alice, { status: 'pending', expiresAt: null });
    const paid = await insertOrder(t.a, t.alice, { status: 'paid', expiresAt: '2000-12-31T23:00:00Z' });
    const otherSite = await insertOrder(t.b, t.bob, { status: 'pending', expiresAt: '2000-12-31T23:00:00Z', quantities: [4], tierUnits: { total: 10, sold: 4 } });
    const inactiveSite = await insertOrder(t.inactive, t.carol, { status: 'pending', expiresAt: '2000-12-31T23:00:00Z' });

    const lines = await fire('*/5 * * * *', '2001-01-01T00:00:00Z');
    const summary = summaryOf(lines, 'expire-pending-orders');
    expect(summary.failed_sites, JSON.stringify(summary.errors)).toBe(0);
    expect(summary.by_site[t.a.code]).toEqual({ cancelled: 1, units_returned: 5, backlog: 0 });
    expect(summary.by_site[t.b.code]).toEqual({ cancelled: 1, units_returned: 4, backlog: 0 });

    const status = async (site: typeof t.a, id: string) => (await ownerQuery(site.siteId, 'select status from orders where order_id = $1', [id]))[0]!.status;
    const tier = async (site: typeof t.a, id: string) => (await ownerQuery(site.siteId, 'select sold_units, available_units, version from tiers where tier_id = $1', [id]))[0];
    expect(await status(t.a, expired.orderId)).toBe('cancelled');
    expect(await tier(t.a, expired.tierId)).toEqual({ sold_units: 2, available_units: 98, version: 1 });
    expect(await status(t.a, notYet.orderId)).toBe('pending');
    expect(await status(t.a, noExpiry.orderId)).toBe('pending');
    expect(await status(t.a, paid.orderId)).toBe('paid');
    expect(await status(t.b, otherSite.orderId)).toBe('cancelled');
    expect(await tier(t.b, otherSite.tierId)).toEqual({ sold_units: 0, available_units: 10, version: 1 });
    expect(await status(t.inactive, inactiveSite.orderId)).toBe('pending');

    const again = summaryOf(await fire('*/5 * * * *', '2001-01-01T00:00:00Z'), 'expire-pending-orders');
    expect(again.by_site[t.a.code]).toEqual({ cancelled: 0, units_returned: 0, backlog: 0 });
    expect(await tier(t.a, expired.tierId)).toEqual({ sold_units: 2, available_units: 98, version: 1 });
  });
});

describe('cleanup-idempotency-keys (daily)', () => {
  it('deletes keys older than the retention (48 h) before the firing, once', async () => {
    const key = (name: string) => `cron-test:${name}:${crypto.randomUUID()}`;
    const oldKey = key('old');
    const borderKey = key('border');
    const freshKey = key('fresh');
    await ownerSql(null, [
      { text: `insert into idempotency_keys (key, source, processed_at) values ($1, 'stripe', '1999-06-01T00:00:00Z')`, params: [oldKey] },
      // exactly 48 h before the firing: not older than the retention, kept
      { text: `insert into idempotency_keys (key, source, processed_at) values ($1, 'fireblocks', '1999-12-30T02:00:00Z')`, params: [borderKey] },
      { text: `insert into idempotency_keys (key, source, processed_at) values ($1, 'qstash', '1999-12-31T02:00:00Z')`, params: [freshKey] },
    ]);
    const lines = await fire('0 2 * * *', '2000-01-01T02:00:00Z');
    const summary = summaryOf(lines, 'cleanup-idempotency-keys');
    expect(summary).toMatchObject({ level: 'info', retention_hours: 48, cutoff: '1999-12-30T02:00:00.000Z' });
    expect(summary.deleted).toBeGreaterThanOrEqual(1);
    const left = async () => (await ownerQuery(null, 'select key from idempotency_keys where key = any($1::text[])', [[oldKey, borderKey, freshKey]])).map((r) => r.key).sort();
    expect(await left()).toEqual([borderKey, freshKey].sort());

    const again = summaryOf(await fire('0 2 * * *', '2000-01-01T02:00:00Z'), 'cleanup-idempotency-keys');
    expect(again.deleted).toBe(0);
    expect(await left()).toEqual([borderKey, freshKey].sort());
  });
});

it('releaseOf helper sees a site\'s rows only in that site (fixture sanity)', async () => {
  const v = await insertVesting(t.a, t.alice, [{ amount: '1.000000' }]);
  expect(await releaseOf(t.a, v.releases[0]!)).toBeDefined();
  expect(await releaseOf(t.b, v.releases[0]!)).toBeUndefined();
});

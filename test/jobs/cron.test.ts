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
import { reconcileStuckReleasesWith } from '../../src/jobs/cron/reconcile-stuck-releases.ts';
import { unlockVestingReleases } from '../../src/jobs/cron/unlock-vesting-releases.ts';
import type { CustodyClient, TransferStatus } from '../../src/jobs/custody/custody.ts';
import { mockCustody } from '../../src/jobs/custody/mock.ts';
import { getSettings, type Settings } from '../../src/env.ts';
import { ownerQuery, ownerSql, seedTenants, type Tenants } from '../harness/index.ts';
import { allocationOf, insertManyReleases, insertOrder, insertVesting, releaseOf, releasesOf } from './support.ts';

type Summary = Record<string, any>;

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `work` and returns the JSON lines it logged. */
async function logsOf(work: () => Promise<void>): Promise<Summary[]> {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'error').mockImplementation(capture);
  vi.spyOn(console, 'warn').mockImplementation(capture);
  try {
    await work();
  } finally {
    vi.restoreAllMocks();
  }
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Summary);
}

/** Fires `cron` through the worker's scheduled entry as of `asOf`; returns the lines logged. */
async function fire(cron: string, asOf: string): Promise<Summary[]> {
  return logsOf(async () => {
    const controller = createScheduledController({ cron, scheduledTime: new Date(asOf) });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env as any, ctx);
    await waitOnExecutionContext(ctx);
  });
}

const summaryOf = (lines: Summary[], job: string) => {
  const found = lines.filter((l) => l.msg === 'cron job' && l.job === job);
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
  it('unlocks due locked releases per site — inactive sites too — once; leaves the others alone', async () => {
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
    // A deactivated site stops serving, but its vesting still falls due.
    expect(summary.by_site[t.inactive.code]).toEqual({ unlocked: 1, backlog: 0 });
    expect(summary.unlocked).toBeGreaterThanOrEqual(4);

    const ra = await releasesOf(t.a, a.scheduleId);
    expect(ra.map((r) => r.status)).toEqual(['unlocked', 'unlocked', 'locked', 'processing']);
    expect(ra[0]!.unlocked_at).not.toBeNull();
    expect(ra[2]!.unlocked_at).toBeNull();
    expect((await releasesOf(t.b, b.scheduleId))[0]!.status).toBe('unlocked');
    expect((await releasesOf(t.inactive, x.scheduleId))[0]!.status).toBe('unlocked');

    // Idempotent: a second firing finds nothing and changes nothing.
    const before = await releasesOf(t.a, a.scheduleId);
    const again = summaryOf(await fire('0 0 * * *', '2001-01-02T00:00:00Z'), 'unlock-vesting-releases');
    expect(again.by_site[t.a.code]).toEqual({ unlocked: 0, backlog: 0 });
    expect(again.by_site[t.b.code]).toEqual({ unlocked: 0, backlog: 0 });
    expect(again.by_site[t.inactive.code]).toEqual({ unlocked: 0, backlog: 0 });
    expect(await releasesOf(t.a, a.scheduleId)).toEqual(before);
  });

  it('a backlog beyond 10,000 releases of one site is unlocked in one firing', async () => {
    const s = await seedTenants(); // a site of its own: its by_site counts are exactly these rows
    const v = await insertVesting(s.a, s.alice, []);
    await insertManyReleases(s.a, v.scheduleId, 12_000, { amount: '0.000001', status: 'locked', releaseDate: '2001-01-01' });
    const summary = summaryOf(await fire('0 0 * * *', '2001-01-02T00:00:00Z'), 'unlock-vesting-releases');
    expect(summary.by_site[s.a.code]).toEqual({ unlocked: 12_000, backlog: 0 });
    const [left] = await ownerQuery(s.a.siteId, `select count(*) filter (where status = 'locked')::int as locked, count(*)::int as total from vesting_releases where schedule_id = $1`, [v.scheduleId]);
    expect(left).toEqual({ locked: 0, total: 12_000 });
  });
});

/** The reconcile job's log lines, run as its 5-minute trigger would at 2001-01-01, asking `custodyFor`'s client. */
const reconcileWith = (custodyFor: (settings: Settings) => CustodyClient) =>
  logsOf(() => runJobs([reconcileStuckReleasesWith(custodyFor)], { settings: getSettings(env as any), cron: '*/5 * * * *', asOf: new Date('2001-01-01T00:00:00Z') }));

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
    // A payout in flight when its site was deactivated must still settle.
    const x = await insertVesting(t.inactive, t.carol, [{ amount: '40.000000', status: 'processing', transferId: 'posx_stuck_x', updatedAt: old }], { tokenAmount: '100.000000' });

    const lines = await fire('*/5 * * * *', '2001-01-01T00:00:00Z');
    const summary = summaryOf(lines, 'reconcile-stuck-releases');
    expect(summary.failed_sites).toBe(0);
    const settled = (reconciled: number) => ({ reconciled, failed: 0, pending: 0, custody_errors: 0, backlog: 0 });
    expect(summary.by_site[t.a.code]).toEqual(settled(2));
    expect(summary.by_site[t.b.code]).toEqual(settled(1));
    expect(summary.by_site[t.inactive.code]).toEqual(settled(1));
    summaryOf(lines, 'expire-pending-orders'); // the same trigger's other job ran too

    const ra = await releasesOf(t.a, a.scheduleId);
    expect(ra.map((r) => r.status)).toEqual(['released', 'released', 'processing', 'processing']);
    expect(ra[0]!.tx_hash).toMatch(/^0xmock[0-9a-f]{40}$/);
    expect(ra[0]!.released_at).not.toBeNull();
    expect(await allocationOf(t.a, a.allocationId)).toMatchObject({ released_tokens: '50.000000', status: 'active' });
    expect(await allocationOf(t.b, b.allocationId)).toMatchObject({ released_tokens: '100.000000', status: 'completed' });
    expect((await releasesOf(t.inactive, x.scheduleId))[0]).toMatchObject({ status: 'released', tx_hash: expect.stringMatching(/^0xmock/) });
    expect(await allocationOf(t.inactive, x.allocationId)).toMatchObject({ released_tokens: '40.000000', status: 'active' });

    const again = summaryOf(await fire('*/5 * * * *', '2001-01-01T00:00:00Z'), 'reconcile-stuck-releases');
    expect(again.by_site[t.a.code]).toEqual(settled(0));
    expect(again.by_site[t.inactive.code]).toEqual(settled(0));
    expect(await allocationOf(t.a, a.allocationId)).toMatchObject({ released_tokens: '50.000000' });
    expect(await allocationOf(t.inactive, x.allocationId)).toMatchObject({ released_tokens: '40.000000' });
  });

  it('a custody lookup that throws costs only its release: logged with its id, counted, the others applied', async () => {
    const s = await seedTenants();
    const old = '2000-06-01T00:00:00Z';
    const stuck = (transferId: string) => ({ amount: '10.000000', status: 'processing' as const, transferId, updatedAt: old });
    const v = await insertVesting(s.a, s.alice, [stuck('posx_t_done'), stuck('posx_t_boom'), stuck('posx_t_failed'), stuck('posx_t_wait')], { tokenAmount: '40.000000' });
    const [done, boom, failed, wait] = v.releases as [string, string, string, string];
    // A live client as the job sees it: answers per transfer, and throws for one (an outage, a timeout).
    const answers = new Map<string, () => TransferStatus>([
      [done, () => ({ state: 'completed', txHash: `0x${'cd'.repeat(32)}` })],
      [boom, () => { throw new Error('custody API timed out'); }],
      [failed, () => ({ state: 'failed', reason: 'unknown transfer' })],
      [wait, () => ({ state: 'pending' })],
    ]);
    const flaky = (settings: Settings): CustodyClient => {
      const mock = mockCustody(settings); // any other site's stuck release: as the scheduled job would
      return {
        mode: 'test',
        submit: mock.submit,
        async status(ref) {
          const answer = answers.get(ref.releaseId);
          return answer ? answer() : mock.status(ref);
        },
      };
    };

    const lines = await reconcileWith(flaky);
    const summary = summaryOf(lines, 'reconcile-stuck-releases');
    expect(summary.failed_sites, JSON.stringify(summary.errors)).toBe(0);
    expect(summary.by_site[s.a.code]).toEqual({ reconciled: 1, failed: 1, pending: 1, custody_errors: 1, backlog: 0 });
    const errors = lines.filter((l) => l.msg === 'cron: custody status failed');
    expect(errors).toEqual([
      expect.objectContaining({ level: 'error', job: 'reconcile-stuck-releases', site: s.a.code, release_id: boom, transfer_id: 'posx_t_boom', error: 'custody API timed out' }),
    ]);

    expect(await releaseOf(s.a, done)).toMatchObject({ status: 'released', tx_hash: `0x${'cd'.repeat(32)}` });
    expect(await releaseOf(s.a, boom)).toMatchObject({ status: 'processing', fireblocks_tx_id: 'posx_t_boom' }); // for the next run
    expect(await releaseOf(s.a, failed)).toMatchObject({ status: 'unlocked', fireblocks_tx_id: null });
    expect(await releaseOf(s.a, wait)).toMatchObject({ status: 'processing' });
    expect(await allocationOf(s.a, v.allocationId)).toMatchObject({ released_tokens: '10.000000', status: 'active' });

    // The next scheduled run (custody healthy again, mock) settles what was left.
    const next = summaryOf(await fire('*/5 * * * *', '2001-01-01T00:00:00Z'), 'reconcile-stuck-releases');
    expect(next.by_site[s.a.code]).toEqual({ reconciled: 2, failed: 0, pending: 0, custody_errors: 0, backlog: 0 });
    expect(await allocationOf(s.a, v.allocationId)).toMatchObject({ released_tokens: '30.000000', status: 'active' });
  });

  it('more stuck releases than one run takes (1,000 per site): the summary flags the backlog, the next run takes the rest', async () => {
    const s = await seedTenants();
    const v = await insertVesting(s.a, s.alice, [], { tokenAmount: '1001.000000' });
    await insertManyReleases(s.a, v.scheduleId, 1001, { amount: '1.000000', status: 'processing', transferPrefix: 'posx_bulk_', updatedAt: '2000-06-01T00:00:00Z' });
    const first = summaryOf(await fire('*/5 * * * *', '2001-01-01T00:00:00Z'), 'reconcile-stuck-releases');
    expect(first.by_site[s.a.code]).toEqual({ reconciled: 1000, failed: 0, pending: 0, custody_errors: 0, backlog: 1 });
    const second = summaryOf(await fire('*/5 * * * *', '2001-01-01T00:00:00Z'), 'reconcile-stuck-releases');
    expect(second.by_site[s.a.code]).toEqual({ reconciled: 1, failed: 0, pending: 0, custody_errors: 0, backlog: 0 });
    expect(await allocationOf(s.a, v.allocationId)).toMatchObject({ released_tokens: '1001.000000', status: 'completed' });
  });

  it('releases that stay pending never hide the ones behind them', async () => {
    const s = await seedTenants();
    const v = await insertVesting(s.a, s.alice, [], { tokenAmount: '101.000000' });
    // 100 still pending at the provider, all older than the one that has completed.
    await insertManyReleases(s.a, v.scheduleId, 100, { amount: '1.000000', status: 'processing', transferPrefix: 'posx_wait_', updatedAt: '2000-06-01T00:00:00Z' });
    const [behind] = (await insertVesting(s.a, s.alice, [{ amount: '1.000000', status: 'processing', transferId: 'posx_done', updatedAt: '2000-06-02T00:00:00Z' }])).releases;
    const patient = (settings: Settings): CustodyClient => ({
      ...mockCustody(settings),
      async status(ref) {
        return ref.transferId.startsWith('posx_wait_') ? { state: 'pending' } : { state: 'completed', txHash: `0x${'ef'.repeat(32)}` };
      },
    });
    const summary = summaryOf(await reconcileWith(patient), 'reconcile-stuck-releases');
    expect(summary.by_site[s.a.code]).toEqual({ reconciled: 1, failed: 0, pending: 100, custody_errors: 0, backlog: 0 });
    expect(await releaseOf(s.a, behind!)).toMatchObject({ status: 'released', tx_hash: `0x${'ef'.repeat(32)}` });
  });
});

describe('expire-pending-orders (every 5 min)', () => {
  it('cancels pending orders past expires_at and returns their units to the tier, once', async () => {
    const expired = await insertOrder(t.a, t.alice, { status: 'pending', expiresAt: '2000-12-31T23:00:00Z', items: ['1.000000', '2.000000'], quantities: [2, 3], tierUnits: { total: 100, sold: 7 } });
    const notYet = await insertOrder(t.a, t.alice, { status: 'pending', expiresAt: '2001-01-01T00:00:01Z' });
    const noExpiry = await insertOrder(t.a, t.alice, { status: 'pending', expiresAt: null });
    const paid = await insertOrder(t.a, t.alice, { status: 'paid', expiresAt: '2000-12-31T23:00:00Z' });
    const otherSite = await insertOrder(t.b, t.bob, { status: 'pending', expiresAt: '2000-12-31T23:00:00Z', quantities: [4], tierUnits: { total: 10, sold: 4 } });
    // Deactivating a site must not strand the stock its unpaid orders reserved.
    const inactiveSite = await insertOrder(t.inactive, t.carol, { status: 'pending', expiresAt: '2000-12-31T23:00:00Z', quantities: [3], tierUnits: { total: 10, sold: 5 } });

    const lines = await fire('*/5 * * * *', '2001-01-01T00:00:00Z');
    const summary = summaryOf(lines, 'expire-pending-orders');
    expect(summary.failed_sites, JSON.stringify(summary.errors)).toBe(0);
    expect(summary.by_site[t.a.code]).toEqual({ cancelled: 1, units_returned: 5, backlog: 0 });
    expect(summary.by_site[t.b.code]).toEqual({ cancelled: 1, units_returned: 4, backlog: 0 });
    expect(summary.by_site[t.inactive.code]).toEqual({ cancelled: 1, units_returned: 3, backlog: 0 });

    const status = async (site: typeof t.a, id: string) => (await ownerQuery(site.siteId, 'select status from orders where order_id = $1', [id]))[0]!.status;
    const tier = async (site: typeof t.a, id: string) => (await ownerQuery(site.siteId, 'select sold_units, available_units, version from tiers where tier_id = $1', [id]))[0];
    expect(await status(t.a, expired.orderId)).toBe('cancelled');
    expect(await tier(t.a, expired.tierId)).toEqual({ sold_units: 2, available_units: 98, version: 1 });
    expect(await status(t.a, notYet.orderId)).toBe('pending');
    expect(await status(t.a, noExpiry.orderId)).toBe('pending');
    expect(await status(t.a, paid.orderId)).toBe('paid');
    expect(await status(t.b, otherSite.orderId)).toBe('cancelled');
    expect(await tier(t.b, otherSite.tierId)).toEqual({ sold_units: 0, available_units: 10, version: 1 });
    expect(await status(t.inactive, inactiveSite.orderId)).toBe('cancelled');
    expect(await tier(t.inactive, inactiveSite.tierId)).toEqual({ sold_units: 2, available_units: 8, version: 1 });

    const again = summaryOf(await fire('*/5 * * * *', '2001-01-01T00:00:00Z'), 'expire-pending-orders');
    expect(again.by_site[t.a.code]).toEqual({ cancelled: 0, units_returned: 0, backlog: 0 });
    expect(again.by_site[t.inactive.code]).toEqual({ cancelled: 0, units_returned: 0, backlog: 0 });
    expect(await tier(t.a, expired.tierId)).toEqual({ sold_units: 2, available_units: 98, version: 1 });
    expect(await tier(t.inactive, inactiveSite.tierId)).toEqual({ sold_units: 2, available_units: 8, version: 1 });
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

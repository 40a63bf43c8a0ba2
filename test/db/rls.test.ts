// Site isolation of every site-scoped table, checked through the worker's own transaction helper
// as the runtime login (posx_edge → posx_app), and for the RLS layer itself as the table owner
// (who has every privilege but is under FORCE RLS). Site A's rows must be invisible from site B,
// writes into site A from site B's context are refused (42501), and with no site set every
// site-scoped table returns zero rows without an error.
import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema/index.ts';
import { runInTransaction } from '../../src/db/tx.ts';
import { ownerSql, seedTenants, type Statement, type Tenants } from '../harness/index.ts';

const settings = env as unknown as { DATABASE_URL: string; NEON_FETCH_ENDPOINT?: string };

/** Ids of one site's fixture rows, one row per site-scoped table (two notifications). */
interface SiteRows {
  siteId: string;
  tier: string;
  order: string;
  /** An order of the site without allocation/schedule, for insert attempts. */
  spareOrder: string;
  item: string;
  allocation: string;
  chainAssetConfig: string;
  policy: string;
  schedule: string;
  release: string;
  template: string;
  notification: string;
  broadcast: string;
  channelTask: string;
  preference: string;
  receipt: string;
}

const uuid = () => crypto.randomUUID();

function siteRows(siteId: string): SiteRows {
  return {
    siteId,
    tier: uuid(),
    order: uuid(),
    spareOrder: uuid(),
    item: uuid(),
    allocation: uuid(),
    chainAssetConfig: uuid(),
    policy: uuid(),
    schedule: uuid(),
    release: uuid(),
    template: uuid(),
    notification: uuid(),
    broadcast: uuid(),
    channelTask: uuid(),
    preference: uuid(),
    receipt: uuid(),
  };
}

/** One row in every site-scoped table, written as the owner inside the site's context. */
function fixtureStatements(r: SiteRows, buyer: string): Statement[] {
  return [
    {
      text: `insert into tiers (tier_id, site_id, name, list_price_usd, tokens_per_unit, total_units, available_units)
             values ($1, $2, 'RLS tier', '100.000000', '1000.000000', 10, 10)`,
      params: [r.tier, r.siteId],
    },
    ...[r.order, r.spareOrder].map((orderId) => ({
      text: `insert into orders (order_id, buyer_id, site_id, status, list_price_usd, final_price_usd, wallet_address)
             values ($1, $2, $3, 'paid', '100.000000', '100.000000', '0xabc')`,
      params: [orderId, buyer, r.siteId],
    })),
    {
      text: `insert into order_items (item_id, order_id, tier_id, quantity, unit_price_usd, token_amount) values ($1, $2, $3, 1, '100.000000', '1000.000000')`,
      params: [r.item, r.order, r.tier],
    },
    {
      text: `insert into allocations (allocation_id, order_id, wallet_address, token_amount) values ($1, $2, '0xabc', '1000.000000')`,
      params: [r.allocation, r.order],
    },
    {
      text: `insert into chain_asset_configs (config_id, site_id, chain, token_symbol, token_decimals, fireblocks_asset_id)
             values ($1, $2, 'ETH', 'POSX', 18, 'POSX_ETH')`,
      params: [r.chainAssetConfig, r.siteId],
    },
    {
      text: `insert into vesting_policies (policy_id, site_id, name, tge_percent, linear_periods) values ($1, $2, 'RLS policy', '10.00', 12)`,
      params: [r.policy, r.siteId],
    },
    {
      text: `insert into vesting_schedules (schedule_id, site_id, order_id, user_id, allocation_id, policy_id, total_tokens,
               tge_tokens, locked_tokens, unlock_start_date)
             values ($1, $2, $3, $4, $5, $6, '1000.000000', '100.000000', '900.000000', '2026-01-01')`,
      params: [r.schedule, r.siteId, r.order, buyer, r.allocation, r.policy],
    },
    {
      text: `insert into vesting_releases (release_id, schedule_id, period_no, release_date, amount) values ($1, $2, 0, '2026-01-01', '100.000000')`,
      params: [r.release, r.schedule],
    },
    {
      text: `insert into notification_templates (template_id, site_id, name, category, subcategory, title_template, body_template)
             values ($1, $2, 'rls.template', 'system', 'test', 'T', 'B')`,
      params: [r.template, r.siteId],
    },
    {
      text: `insert into notifications (notification_id, site_id, recipient_type, recipient_id, category, subcategory, severity, title, body, visible_at)
             values ($1, $2, 'user', $3, 'order', 'payment_success', 'info', 'Personal', 'B', now()),
                    ($4, $2, 'site_broadcast', null, 'system', 'announcement', 'info', 'Broadcast', 'B', now())`,
      params: [r.notification, r.siteId, buyer, r.broadcast],
    },
    {
      text: `insert into notification_channel_tasks (task_id, notification_id, channel, target) values ($1, $2, 'email', 'a@posx.test')`,
      params: [r.channelTask, r.notification],
    },
    {
      text: `insert into notification_preferences (preference_id, site_id, user_id, channel, category) values ($1, $2, $3, 'email', 'order')`,
      params: [r.preference, r.siteId, buyer],
    },
    {
      text: `insert into notification_read_receipts (receipt_id, notification_id, user_id) values ($1, $2, $3)`,
      params: [r.receipt, r.broadcast, buyer],
    },
  ];
}

interface TableCase {
  table: string;
  drizzleTable: PgTable;
  id: PgColumn;
  /** The fixture ids of one site in this table. */
  ids: (r: SiteRows) => string[];
  /** A new row that belongs to site `into` (directly or through its parent). */
  insertInto: (into: SiteRows, user: string) => { text: string; params: unknown[]; drizzle: (db: Db) => BatchItem<'pg'> };
  /** Owner-level move of an existing row of `from` into `into` (child tables: re-parenting). */
  moveInto?: (from: SiteRows, into: SiteRows) => Statement;
}

const s = schema;
const CASES: TableCase[] = [
  {
    table: 'tiers',
    drizzleTable: s.tiers,
    id: s.tiers.tierId,
    ids: (r) => [r.tier],
    insertInto: (into) => {
      const row = { siteId: into.siteId, name: 'x', listPriceUsd: '1.000000', tokensPerUnit: '1.000000', totalUnits: 1, availableUnits: 1 };
      return {
        text: `insert into tiers (site_id, name, list_price_usd, tokens_per_unit, total_units, available_units) values ($1, 'x', 1, 1, 1, 1)`,
        params: [into.siteId],
        drizzle: (db) => db.insert(s.tiers).values(row),
      };
    },
  },
  {
    table: 'orders',
    drizzleTable: s.orders,
    id: s.orders.orderId,
    ids: (r) => [r.order, r.spareOrder],
    insertInto: (into, user) => ({
      text: `insert into orders (buyer_id, site_id, list_price_usd, final_price_usd, wallet_address) values ($1, $2, 1, 1, '0x1')`,
      params: [user, into.siteId],
      drizzle: (db) =>
        db.insert(s.orders).values({ buyerId: user, siteId: into.siteId, listPriceUsd: '1.000000', finalPriceUsd: '1.000000', walletAddress: '0x1' }),
    }),
  },
  {
    table: 'order_items',
    drizzleTable: s.orderItems,
    id: s.orderItems.itemId,
    ids: (r) => [r.item],
    insertInto: (into) => ({
      text: `insert into order_items (order_id, tier_id, quantity, unit_price_usd, token_amount) values ($1, $2, 1, 1, 1)`,
      params: [into.spareOrder, into.tier],
      drizzle: (db) =>
        db.insert(s.orderItems).values({ orderId: into.spareOrder, tierId: into.tier, quantity: 1, unitPriceUsd: '1.000000', tokenAmount: '1.000000' }),
    }),
    moveInto: (from, into) => ({ text: `update order_items set order_id = $1 where item_id = $2`, params: [into.spareOrder, from.item] }),
  },
  {
    table: 'allocations',
    drizzleTable: s.allocations,
    id: s.allocations.allocationId,
    ids: (r) => [r.allocation],
    insertInto: (into) => ({
      text: `insert into allocations (order_id, wallet_address, token_amount) values ($1, '0x1', 1)`,
      params: [into.spareOrder],
      drizzle: (db) => db.insert(s.allocations).values({ orderId: into.spareOrder, walletAddress: '0x1', tokenAmount: '1.000000' }),
    }),
    moveInto: (from, into) => ({ text: `update allocations set order_id = $1 where allocation_id = $2`, params: [into.spareOrder, from.allocation] }),
  },
  {
    table: 'chain_asset_configs',
    drizzleTable: s.chainAssetConfigs,
    id: s.chainAssetConfigs.configId,
    ids: (r) => [r.chainAssetConfig],
    insertInto: (into) => ({
      text: `insert into chain_asset_configs (site_id, chain, token_symbol, token_decimals, fireblocks_asset_id) values ($1, 'TRON', 'POSX', 6, 'X')`,
      params: [into.siteId],
      drizzle: (db) =>
        db.insert(s.chainAssetConfigs).values({ siteId: into.siteId, chain: 'TRON', tokenSymbol: 'POSX', tokenDecimals: 6, fireblocksAssetId: 'X' }),
    }),
  },
  {
    table: 'vesting_policies',
    drizzleTable: s.vestingPolicies,
    id: s.vestingPolicies.policyId,
    ids: (r) => [r.policy],
    insertInto: (into) => ({
      text: `insert into vesting_policies (site_id, name, tge_percent, linear_periods) values ($1, 'x', 1, 1)`,
      params: [into.siteId],
      drizzle: (db) => db.insert(s.vestingPolicies).values({ siteId: into.siteId, name: 'x', tgePercent: '1.00', linearPeriods: 1 }),
    }),
  },
  {
    table: 'vesting_schedules',
    drizzleTable: s.vestingSchedules,
    id: s.vestingSchedules.scheduleId,
    ids: (r) => [r.schedule],
    insertInto: (into, user) => ({
      text: `insert into vesting_schedules (site_id, order_id, user_id, allocation_id, policy_id, total_tokens, tge_tokens, locked_tokens, unlock_start_date)
             values ($1, $2, $3, $4, $5, 1, 0, 1, '2026-01-01')`,
      params: [into.siteId, into.spareOrder, user, into.allocation, into.policy],
      drizzle: (db) =>
        db.insert(s.vestingSchedules).values({
          siteId: into.siteId,
          orderId: into.spareOrder,
          userId: user,
          allocationId: into.allocation,
          policyId: into.policy,
          totalTokens: '1.000000',
          tgeTokens: '0.000000',
          lockedTokens: '1.000000',
          unlockStartDate: '2026-01-01',
        }),
    }),
  },
  {
    table: 'vesting_releases',
    drizzleTable: s.vestingReleases,
    id: s.vestingReleases.releaseId,
    ids: (r) => [r.release],
    insertInto: (into) => ({
      text: `insert into vesting_releases (schedule_id, period_no, release_date, amount) values ($1, 99, '2026-01-01', 1)`,
      params: [into.schedule],
      drizzle: (db) => db.insert(s.vestingReleases).values({ scheduleId: into.schedule, periodNo: 99, releaseDate: '2026-01-01', amount: '1.000000' }),
    }),
    moveInto: (from, into) => ({ text: `update vesting_releases set schedule_id = $1, period_no = 98 where release_id = $2`, params: [into.schedule, from.release] }),
  },
  {
    table: 'notification_templates',
    drizzleTable: s.notificationTemplates,
    id: s.notificationTemplates.templateId,
    ids: (r) => [r.template],
    insertInto: (into) => ({
      text: `insert into notification_templates (site_id, name, category, subcategory, title_template, body_template) values ($1, 'x.y', 'system', 'x', 'T', 'B')`,
      params: [into.siteId],
      drizzle: (db) =>
        db.insert(s.notificationTemplates).values({ siteId: into.siteId, name: 'x.y', category: 'system', subcategory: 'x', titleTemplate: 'T', bodyTemplate: 'B' }),
    }),
  },
  {
    table: 'notifications',
    drizzleTable: s.notifications,
    id: s.notifications.notificationId,
    ids: (r) => [r.notification, r.broadcast],
    insertInto: (into) => ({
      text: `insert into notifications (site_id, recipient_type, category, subcategory, severity, title, body, visible_at)
             values ($1, 'site_broadcast', 'system', 'x', 'info', 'T', 'B', now())`,
      params: [into.siteId],
      drizzle: (db) =>
        db.insert(s.notifications).values({
          siteId: into.siteId,
          recipientType: 'site_broadcast',
          category: 'system',
          subcategory: 'x',
          severity: 'info',
          title: 'T',
          body: 'B',
          visibleAt: sql`now()` as unknown as string,
        }),
    }),
  },
  {
    table: 'notification_channel_tasks',
    drizzleTable: s.notificationChannelTasks,
    id: s.notificationChannelTasks.taskId,
    ids: (r) => [r.channelTask],
    insertInto: (into) => ({
      text: `insert into notification_channel_tasks (notification_id, channel, target) values ($1, 'slack', '#x')`,
      params: [into.notification],
      drizzle: (db) => db.insert(s.notificationChannelTasks).values({ notificationId: into.notification, channel: 'slack', target: '#x' }),
    }),
    moveInto: (from, into) => ({
      text: `update notification_channel_tasks set notification_id = $1 where task_id = $2`,
      params: [into.notification, from.channelTask],
    }),
  },
  {
    table: 'notification_preferences',
    drizzleTable: s.notificationPreferences,
    id: s.notificationPreferences.preferenceId,
    ids: (r) => [r.preference],
    insertInto: (into, user) => ({
      text: `insert into notification_preferences (site_id, user_id, channel, category) values ($1, $2, 'slack', 'system')`,
      params: [into.siteId, user],
      drizzle: (db) => db.insert(s.notificationPreferences).values({ siteId: into.siteId, userId: user, channel: 'slack', category: 'system' }),
    }),
  },
  {
    table: 'notification_read_receipts',
    drizzleTable: s.notificationReadReceipts,
    id: s.notificationReadReceipts.receiptId,
    ids: (r) => [r.receipt],
    insertInto: (into, user) => ({
      text: `insert into notification_read_receipts (notification_id, user_id) values ($1, $2)`,
      params: [into.broadcast, user],
      drizzle: (db) => db.insert(s.notificationReadReceipts).values({ notificationId: into.broadcast, userId: user }),
    }),
    moveInto: (from, into) => ({
      text: `update notification_read_receipts set notification_id = $1 where receipt_id = $2`,
      params: [into.broadcast, from.receipt],
    }),
  },
];

/** The Postgres SQLSTATE of a failed call: on the error itself or, for drizzle errors, its cause. */
async function sqlState(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string } };
    return e.cause?.code ?? e.code ?? String(error);
  }
}

const idsIn = async (siteId: string | null, c: TableCase) => {
  const [rows] = await runInTransaction(settings, { siteId, readOnly: true }, (db) => [db.select({ id: c.id }).from(c.drizzleTable)]);
  return (rows as { id: string }[]).map((r) => r.id).sort();
};

describe('row-level security of every site-scoped table (runtime login, worker transaction helper)', () => {
  let tenants: Tenants;
  let A: SiteRows;
  let B: SiteRows;

  beforeAll(async () => {
    tenants = await seedTenants();
    A = siteRows(tenants.a.siteId);
    B = siteRows(tenants.b.siteId);
    await ownerSql(A.siteId, fixtureStatements(A, tenants.alice.userId));
    await ownerSql(B.siteId, fixtureStatements(B, tenants.bob.userId));
  });

  it('covers every table under RLS in the database', async () => {
    const [rows] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [
      db.execute<{ relname: string }>(sql`select relname from pg_class where relnamespace = 'public'::regnamespace and relrowsecurity order by 1`),
    ]);
    const underRls = rows.rows.map((r) => r.relname);
    expect(underRls).toEqual(CASES.map((c) => c.table).sort());
  });

  it('with no site set, every site-scoped table returns zero rows, without an error', async () => {
    const results = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) =>
      CASES.map((c) => db.select({ n: sql<number>`count(*)::int` }).from(c.drizzleTable)) as unknown as [BatchItem<'pg'>, ...BatchItem<'pg'>[]],
    );
    expect((results as unknown as { n: number }[][]).map((r) => r[0]!.n)).toEqual(CASES.map(() => 0));
  });

  it('FORCE: the table owner, connecting directly, sees no rows of any site-scoped table without the GUC', async () => {
    const counts = await ownerSql(null, CASES.map((c) => ({ text: `select count(*)::int as n from ${c.table}` })));
    expect(counts.map((rows) => rows[0]!.n)).toEqual(CASES.map(() => 0));
  });

  it("a vesting schedule of site B cannot point at site A's order, by insert or by update (42501)", async () => {
    const intoA = {
      text: `insert into vesting_schedules (site_id, order_id, user_id, allocation_id, policy_id, total_tokens, tge_tokens, locked_tokens, unlock_start_date)
             values ($1, $2, $3, $4, $5, 1, 0, 1, '2026-01-01')`,
      params: [B.siteId, A.spareOrder, tenants.bob.userId, B.allocation, B.policy],
    };
    const code = await sqlState(() =>
      runInTransaction(settings, { siteId: B.siteId }, (db) => [
        db.insert(s.vestingSchedules).values({
          siteId: B.siteId,
          orderId: A.spareOrder,
          userId: tenants.bob.userId,
          allocationId: B.allocation,
          policyId: B.policy,
          totalTokens: '1.000000',
          tgeTokens: '0.000000',
          lockedTokens: '1.000000',
          unlockStartDate: '2026-01-01',
        }),
      ]),
    );
    expect(code).toBe('42501');
    await expect(ownerSql(B.siteId, [intoA])).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('row-level security') });
    const repoint = { text: `update vesting_schedules set order_id = $1 where schedule_id = $2`, params: [A.spareOrder, B.schedule] };
    await expect(ownerSql(B.siteId, [repoint])).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('row-level security') });
    const [schedules] = await ownerSql(A.siteId, [{ text: `select schedule_id from vesting_schedules where order_id = $1`, params: [A.spareOrder] }]);
    expect(schedules).toEqual([]);
  });

  for (const c of CASES) {
    describe(c.table, () => {
      it("site B's context sees exactly site B's rows, none of site A's", async () => {
        expect(await idsIn(B.siteId, c)).toEqual(c.ids(B).sort());
        expect(await idsIn(A.siteId, c)).toEqual(c.ids(A).sort());
        const [byId] = await runInTransaction(settings, { siteId: B.siteId, readOnly: true }, (db) => [
          db.select({ id: c.id }).from(c.drizzleTable).where(eq(c.id, c.ids(A)[0]!)),
        ]);
        expect(byId).toEqual([]);
      });

      it("inserting a row into site A from site B's context is refused (42501)", async () => {
        const attempt = c.insertInto(A, tenants.bob.userId);
        const code = await sqlState(() => runInTransaction(settings, { siteId: B.siteId }, (db) => [attempt.drizzle(db)]));
        expect(code).toBe('42501');
        // The RLS layer itself refuses it too, for the owner who holds every privilege (FORCE).
        await expect(ownerSql(B.siteId, [attempt])).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('row-level security') });
        expect(await idsIn(A.siteId, c)).toEqual(c.ids(A).sort());
      });

      it("updating a row into site A from site B's context is refused, and site A's rows cannot be updated from B", async () => {
        // As the runtime: no site_id/parent column is writable for posx_app at all (42501).
        const parent = c.moveInto ? c.moveInto(B, A) : { text: `update ${c.table} set site_id = $1 where ${c.id.name} = $2`, params: [A.siteId, c.ids(B)[0]] };
        const column = /set (\w+)/.exec(parent.text)![1]!;
        const target = c.moveInto ? (parent.params![0] as string) : A.siteId;
        const code = await sqlState(() =>
          runInTransaction(settings, { siteId: B.siteId }, (db) => [
            db.execute(sql`update ${c.drizzleTable} set ${sql.identifier(column)} = ${target} where ${c.id} = ${c.ids(B)[0]!}`),
          ]),
        );
        expect(code).toBe('42501');
        // As the owner: re-parenting a child under site A fails RLS WITH CHECK (42501); a site_id
        // change fails the immutability trigger first (23514).
        const ownerCode = await sqlState(() => ownerSql(B.siteId, [parent]));
        expect(ownerCode).toBe(c.moveInto ? '42501' : '23514');
        // Site A's rows are invisible from B: an update matches nothing (as the owner, every column is writable).
        const [touched] = await ownerSql(B.siteId, [
          { text: `update ${c.table} set ${c.id.name} = ${c.id.name} where ${c.id.name} = any($1::uuid[]) returning 1`, params: [c.ids(A)] },
        ]);
        expect(touched).toEqual([]);
      });
    });
  }
});

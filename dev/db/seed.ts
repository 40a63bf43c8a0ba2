// Demo data for local use (`npm run db:seed`, `npm run dev`). Idempotent: every row has a fixed id
// and is inserted with ON CONFLICT DO NOTHING, so a second run adds nothing and never overwrites.
//
// Sites are the original's seed (contract §h). Users include the acceptance users
// 450e8400-…-44665544000{0,1,2}; every demo user has an auth0_sub `dev|<name>` the local IdP can
// mint tokens for. Amounts are computed in micro-units (bigint), never JS floating point.
//
// The owner is subject to FORCE row-level security, so site-scoped rows are written in one
// transaction per site with app.current_site_id set to that site.
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import {
  allocations,
  chainAssetConfigs,
  idempotencyKeys,
  notificationChannelTasks,
  notificationPreferences,
  notificationReadReceipts,
  notifications,
  notificationTemplates,
  orderItems,
  orders,
  sites,
  tiers,
  users,
  vestingPolicies,
  vestingReleases,
  vestingSchedules,
  type NewAllocation,
  type NewNotification,
  type NewOrder,
  type NewOrderItem,
  type NewVestingRelease,
  type NewVestingSchedule,
} from '../../src/db/schema/index.ts';

/** Fixed ids of the demo data, for tests and docs. */
export const DEMO = {
  sites: {
    NA: '550e8400-e29b-41d4-a716-446655440000',
    ASIA: '550e8400-e29b-41d4-a716-446655440001',
    EU: '550e8400-e29b-41d4-a716-446655440002',
  },
  users: {
    agent1: '450e8400-e29b-41d4-a716-446655440000',
    agent2: '450e8400-e29b-41d4-a716-446655440001',
    agent3: '450e8400-e29b-41d4-a716-446655440002',
    alice: '450e8400-e29b-41d4-a716-446655440010',
    bob: '450e8400-e29b-41d4-a716-446655440011',
    carol: '450e8400-e29b-41d4-a716-446655440012',
  },
} as const;

type SiteCode = keyof typeof DEMO.sites;
type UserName = keyof typeof DEMO.users;
type Db = NodePgDatabase<Record<string, never>>;

/** A fixed uuid: 8 hex digits naming the kind of row, then a running number. */
function id(kind: string, n: number): string {
  return `${kind}-e29b-41d4-a716-${n.toString(16).padStart(12, '0')}`;
}

// Exact decimal helpers over micro-units (numeric(18,6)).
const MICRO = 1_000_000n;
function micro(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole) * MICRO + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}
function decimal(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / MICRO}.${(abs % MICRO).toString().padStart(6, '0')}`;
}
/** a / b rounded half-even (b > 0). */
function divideHalfEven(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r2 = (a % b) * 2n;
  if (r2 > b || (r2 === b && q % 2n === 1n)) return q + 1n;
  return q;
}

function isoDate(base: Date, addDays: number): string {
  const d = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + addDays));
  return d.toISOString().slice(0, 10);
}
/** `addHours` after midnight UTC of `base` + `addDays` (a tranche unlocks and pays out on its day, never later than now). */
function isoTime(base: Date, addDays: number, addHours = 0): string {
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + addDays, addHours)).toISOString();
}

const USER_ROWS: { name: UserName; email: string; referralCode: string; auth0Sub: string }[] = [
  { name: 'agent1', email: 'agent1@test.com', referralCode: 'NA-AGENT1', auth0Sub: 'dev|agent1' },
  { name: 'agent2', email: 'agent2@test.com', referralCode: 'NA-AGENT2', auth0Sub: 'dev|agent2' },
  { name: 'agent3', email: 'agent3@test.com', referralCode: 'NA-AGENT3', auth0Sub: 'dev|agent3' },
  { name: 'alice', email: 'alice@example.com', referralCode: 'DEMO-ALICE', auth0Sub: 'dev|alice' },
  { name: 'bob', email: 'bob@example.com', referralCode: 'DEMO-BOB', auth0Sub: 'dev|bob' },
  { name: 'carol', email: 'carol@example.com', referralCode: 'DEMO-CAROL', auth0Sub: 'dev|carol' },
];

const POLICIES = [
  { key: 'tge10', name: '10% TGE + 12 Months Linear', tgePercent: '10.00', periods: 12 },
  { key: 'tge20', name: '20% TGE + 6 Months Linear', tgePercent: '20.00', periods: 6 },
] as const;

interface DemoOrder {
  n: number;
  site: SiteCode;
  buyer: UserName;
  tier: number;
  quantity: number;
  status: 'paid' | 'pending';
  policy?: 'tge10' | 'tge20';
  /** How many tranches (TGE first) are released on chain; the next one is unlocked. */
  released?: number;
  daysAgo: number;
}

// Orders 1–6 paid with allocations and vesting; 7 pending (no allocation).
const ORDERS: DemoOrder[] = [
  { n: 1, site: 'NA', buyer: 'alice', tier: 1, quantity: 5, status: 'paid', policy: 'tge10', released: 2, daysAgo: 60 },
  { n: 2, site: 'NA', buyer: 'alice', tier: 2, quantity: 2, status: 'paid', policy: 'tge20', released: 7, daysAgo: 200 },
  { n: 3, site: 'NA', buyer: 'bob', tier: 1, quantity: 1, status: 'paid', policy: 'tge10', released: 0, daysAgo: 10 },
  { n: 4, site: 'ASIA', buyer: 'alice', tier: 3, quantity: 3, status: 'paid', policy: 'tge10', released: 1, daysAgo: 30 },
  { n: 5, site: 'ASIA', buyer: 'carol', tier: 3, quantity: 7, status: 'paid', policy: 'tge20', released: 3, daysAgo: 100 },
  { n: 6, site: 'NA', buyer: 'agent1', tier: 2, quantity: 1, status: 'paid', policy: 'tge20', released: 1, daysAgo: 45 },
  { n: 7, site: 'NA', buyer: 'bob', tier: 2, quantity: 1, status: 'pending', daysAgo: 0 },
];

const TIERS = [
  { n: 1, site: 'NA', name: 'Genesis', price: '100.000000', tokens: '1000.000000', total: 1000, order: 1 },
  { n: 2, site: 'NA', name: 'Builder', price: '500.000000', tokens: '5500.000000', total: 200, order: 2 },
  { n: 3, site: 'ASIA', name: 'Pioneer', price: '80.000000', tokens: '1000.000000', total: 1500, order: 1 },
  { n: 4, site: 'EU', name: 'Founder', price: '90.000000', tokens: '1000.000000', total: 500, order: 1 },
] as const;

export interface SeedResult {
  /** Rows inserted per table by this run (0 everywhere when already seeded). */
  inserted: Record<string, number>;
}

/** Loads the demo data into the database at ownerUrl (the table owner). */
export async function seedDemo(ownerUrl: string): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const db = drizzle({ client });
  const inserted: Record<string, number> = {};
  const count = (table: string, rows: { rowCount?: number | null }) => {
    inserted[table] = (inserted[table] ?? 0) + (rows.rowCount ?? 0);
  };
  // Relative dates are anchored on the first seeding day of this run; rows already present keep
  // theirs (ids are fixed and nothing is overwritten).
  const today = new Date();
  try {
    await db.transaction(async (tx) => {
      count(
        'sites',
        await tx
          .insert(sites)
          .values([
            { siteId: DEMO.sites.NA, code: 'NA', name: 'North America', domain: 'na.posx.io', isActive: true, createdAt: '2025-11-01T00:00:00Z' },
            { siteId: DEMO.sites.ASIA, code: 'ASIA', name: 'Asia Pacific', domain: 'asia.posx.io', isActive: true, createdAt: '2025-11-01T00:00:00Z' },
            { siteId: DEMO.sites.EU, code: 'EU', name: 'Europe', domain: 'eu.posx.io', isActive: false, createdAt: '2025-11-01T00:00:00Z' },
          ])
          .onConflictDoNothing(),
      );
      count(
        'users',
        await tx
          .insert(users)
          .values(
            USER_ROWS.map((u) => ({
              userId: DEMO.users[u.name],
              auth0Sub: u.auth0Sub,
              email: u.email,
              referralCode: u.referralCode,
              // alice and bob were referred by agent1.
              referrerId: u.name === 'alice' || u.name === 'bob' ? DEMO.users.agent1 : null,
              createdAt: '2025-11-02T00:00:00Z',
              updatedAt: '2025-11-02T00:00:00Z',
            })),
          )
          .onConflictDoNothing(),
      );
    });
    for (const site of Object.keys(DEMO.sites) as SiteCode[]) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.current_site_id', ${DEMO.sites[site]}, true)`);
        await seedSite(tx as unknown as Db, site, today, count);
      });
    }
    await db.transaction(async (tx) => {
      count(
        'idempotency_keys',
        await tx
          .insert(idempotencyKeys)
          .values({ key: 'evt_demo_payment_intent_succeeded', source: 'stripe', payload: { type: 'payment_intent.succeeded' } })
          .onConflictDoNothing(),
      );
    });
    return { inserted };
  } finally {
    await client.end();
  }
}

async function seedSite(
  tx: Db,
  site: SiteCode,
  today: Date,
  count: (table: string, rows: { rowCount?: number | null }) => void,
): Promise<void> {
  const siteId = DEMO.sites[site];
  const siteNo = Object.keys(DEMO.sites).indexOf(site) + 1;

  count(
    'chain_asset_configs',
    await tx
      .insert(chainAssetConfigs)
      .values(
        (['ETH', 'POLYGON'] as const).map((chain, i) => ({
          configId: id('a50e8400', siteNo * 10 + i),
          siteId,
          chain,
          tokenSymbol: 'POSX',
          tokenDecimals: 18,
          fireblocksAssetId: `POSX_${chain}`,
          fireblocksVaultId: '0',
          addressType: 'EVM',
        })),
      )
      .onConflictDoNothing(),
  );

  const policyIds = Object.fromEntries(POLICIES.map((p, i) => [p.key, id('b50e8400', siteNo * 10 + i)])) as Record<
    (typeof POLICIES)[number]['key'],
    string
  >;
  count(
    'vesting_policies',
    await tx
      .insert(vestingPolicies)
      .values(
        POLICIES.map((p) => ({
          policyId: policyIds[p.key],
          siteId,
          name: p.name,
          description: `${p.tgePercent}% at TGE, the rest in ${p.periods} monthly tranches`,
          tgePercent: p.tgePercent,
          cliffMonths: 0,
          linearPeriods: p.periods,
          periodUnit: 'month',
        })),
      )
      .onConflictDoNothing(),
  );

  const siteTiers = TIERS.filter((t) => t.site === site);
  if (siteTiers.length > 0) {
    count(
      'tiers',
      await tx
        .insert(tiers)
        .values(
          siteTiers.map((t) => {
            const sold = ORDERS.filter((o) => o.tier === t.n && o.status === 'paid').reduce((s, o) => s + o.quantity, 0);
            return {
              tierId: id('350e8400', t.n),
              siteId,
              name: t.name,
              description: `${t.name} tier`,
              listPriceUsd: t.price,
              tokensPerUnit: t.tokens,
              totalUnits: t.total,
              soldUnits: sold,
              availableUnits: t.total - sold,
              displayOrder: t.order,
            };
          }),
        )
        .onConflictDoNothing(),
    );
  }

  const orderRows: NewOrder[] = [];
  const itemRows: NewOrderItem[] = [];
  const allocationRows: NewAllocation[] = [];
  const scheduleRows: NewVestingSchedule[] = [];
  const releaseRows: NewVestingRelease[] = [];
  for (const o of ORDERS.filter((order) => order.site === site)) {
    const tier = TIERS.find((t) => t.n === o.tier)!;
    const price = micro(tier.price) * BigInt(o.quantity);
    const tokens = micro(tier.tokens) * BigInt(o.quantity);
    const orderId = id('760e8400', o.n);
    const createdAt = isoTime(today, -o.daysAgo);
    const wallet = `0x${(0xa11ce0 + o.n).toString(16).padStart(40, '0')}`;
    orderRows.push({
      orderId,
      buyerId: DEMO.users[o.buyer],
      siteId,
      referrerId: o.buyer === 'alice' || o.buyer === 'bob' ? DEMO.users.agent1 : null,
      status: o.status,
      stripePaymentIntentId: o.status === 'paid' ? `pi_demo_${o.n}` : null,
      idempotencyKey: `demo-order-${o.n}`,
      listPriceUsd: decimal(price),
      discountUsd: '0.000000',
      finalPriceUsd: decimal(price),
      walletAddress: wallet,
      chain: 'ETH',
      expiresAt: o.status === 'pending' ? new Date(today.getTime() + 15 * 60_000).toISOString() : null,
      createdAt,
      updatedAt: createdAt,
    });
    itemRows.push({
      itemId: id('770e8400', o.n),
      orderId,
      tierId: id('350e8400', o.tier),
      quantity: o.quantity,
      unitPriceUsd: tier.price,
      tokenAmount: decimal(tokens),
      createdAt,
    });
    if (o.status !== 'paid' || !o.policy) continue;

    // Vesting as the original's service computes it (contract §a.6).
    const policy = POLICIES.find((p) => p.key === o.policy)!;
    const tge = (tokens * micro(policy.tgePercent)) / (100n * MICRO);
    const locked = tokens - tge;
    const periodAmount = divideHalfEven(locked, BigInt(policy.periods));
    const tranches: bigint[] = [tge];
    for (let p = 1; p <= policy.periods; p++) {
      tranches.push(p < policy.periods ? periodAmount : locked - periodAmount * BigInt(policy.periods - 1));
    }
    const released = tranches.slice(0, o.released ?? 0).reduce((s, a) => s + a, 0n);
    const allocationId = id('780e8400', o.n);
    allocationRows.push({
      allocationId,
      orderId,
      walletAddress: wallet,
      tokenAmount: decimal(tokens),
      releasedTokens: decimal(released),
      status: released >= tokens ? 'completed' : 'active',
      createdAt,
      updatedAt: createdAt,
    });
    const scheduleId = id('790e8400', o.n);
    scheduleRows.push({
      scheduleId,
      siteId,
      orderId,
      userId: DEMO.users[o.buyer],
      allocationId,
      policyId: policyIds[policy.key],
      totalTokens: decimal(tokens),
      tgeTokens: decimal(tge),
      lockedTokens: decimal(locked),
      unlockStartDate: isoDate(today, -o.daysAgo),
      createdAt,
    });
    tranches.forEach((amount, periodNo) => {
      const releaseDate = isoDate(today, -o.daysAgo + periodNo * 30);
      const isReleased = periodNo < (o.released ?? 0);
      const isUnlocked = !isReleased && periodNo === (o.released ?? 0) && periodNo * 30 <= o.daysAgo;
      const when = isoTime(today, -o.daysAgo + periodNo * 30, 1);
      releaseRows.push({
        releaseId: id('7a0e8400', o.n * 100 + periodNo),
        scheduleId,
        periodNo,
        releaseDate,
        amount: decimal(amount),
        status: isReleased ? 'released' : isUnlocked ? 'unlocked' : 'locked',
        txHash: isReleased ? `0xmock${(o.n * 100 + periodNo).toString(16).padStart(40, '0')}` : null,
        fireblocksTxId: isReleased ? `mock-tx-${o.n}-${periodNo}` : null,
        unlockedAt: isReleased || isUnlocked ? when : null,
        releasedAt: isReleased ? isoTime(today, -o.daysAgo + periodNo * 30, 2) : null,
        createdAt,
        updatedAt: isReleased ? isoTime(today, -o.daysAgo + periodNo * 30, 2) : createdAt,
      });
    });
  }
  if (orderRows.length > 0) {
    count('orders', await tx.insert(orders).values(orderRows).onConflictDoNothing());
    count('order_items', await tx.insert(orderItems).values(itemRows).onConflictDoNothing());
  }
  if (allocationRows.length > 0) {
    count('allocations', await tx.insert(allocations).values(allocationRows).onConflictDoNothing());
    count('vesting_schedules', await tx.insert(vestingSchedules).values(scheduleRows).onConflictDoNothing());
    count('vesting_releases', await tx.insert(vestingReleases).values(releaseRows).onConflictDoNothing());
  }

  if (site === 'EU') return; // inactive site: configuration only
  await seedNotifications(tx, site, siteNo, today, count);
}

async function seedNotifications(
  tx: Db,
  site: Exclude<SiteCode, 'EU'>,
  siteNo: number,
  today: Date,
  count: (table: string, rows: { rowCount?: number | null }) => void,
): Promise<void> {
  const siteId = DEMO.sites[site];
  // Per-site templates only: RLS lets no login under it (the owner included) write a global
  // (site_id NULL) template; an operator adds those as a BYPASSRLS/superuser role.
  count(
    'notification_templates',
    await tx
      .insert(notificationTemplates)
      .values({
        templateId: id('840e8400', siteNo),
        siteId,
        name: 'order.payment.success',
        category: 'order',
        subcategory: 'payment_success',
        language: 'en',
        titleTemplate: 'Payment received',
        bodyTemplate: 'Your order {{ order_id }} of {{ amount }} USD is paid.',
        channels: ['in_app', 'email'],
        channelConfigs: { email: { subject: 'POSX: payment received' } },
      })
      .onConflictDoNothing(),
  );

  const n = (k: number) => id('850e8400', siteNo * 100 + k);
  const mine = site === 'NA' ? DEMO.users.alice : DEMO.users.carol;
  const other = site === 'NA' ? DEMO.users.bob : DEMO.users.alice;
  const rows: NewNotification[] = [
    {
      notificationId: n(1),
      siteId,
      recipientType: 'user',
      recipientId: mine,
      category: 'order',
      subcategory: 'payment_success',
      severity: 'info',
      sourceType: 'order',
      sourceId: id('760e8400', site === 'NA' ? 1 : 5),
      title: 'Payment received',
      body: 'Your order is paid; tokens are allocated.',
      payload: { amount: '500.000000', final_price: '500.000000' },
      actionUrl: `posx://orders/${id('760e8400', site === 'NA' ? 1 : 5)}`,
      readAt: isoTime(today, -59),
      visibleAt: isoTime(today, -60),
      createdAt: isoTime(today, -60),
      updatedAt: isoTime(today, -60),
    },
    {
      notificationId: n(2),
      siteId,
      recipientType: 'user',
      recipientId: mine,
      category: 'finance',
      subcategory: 'vesting_release',
      severity: 'info',
      title: site === 'NA' ? 'Tokens released' : '代币已发放',
      // Non-ASCII on purpose: payload and text must round-trip unchanged.
      body: site === 'NA' ? 'A vesting tranche was released to your wallet.' : '您的代币已发放到钱包。',
      payload: { amount: '375.000000', note: 'Grüße — 日本語 — emoji 🚀' },
      visibleAt: isoTime(today, -2),
      createdAt: isoTime(today, -2),
      updatedAt: isoTime(today, -2),
    },
    {
      notificationId: n(3),
      siteId,
      recipientType: 'user',
      recipientId: mine,
      category: 'security',
      subcategory: 'new_login',
      severity: 'warning',
      title: 'New sign-in',
      body: 'A new device signed in to your account.',
      visibleAt: isoTime(today, -1),
      createdAt: isoTime(today, -1),
      updatedAt: isoTime(today, -1),
    },
    {
      notificationId: n(4),
      siteId,
      recipientType: 'user',
      recipientId: other,
      category: 'order',
      subcategory: 'payment_success',
      severity: 'info',
      title: 'Payment received',
      body: 'Your order is paid.',
      payload: { amount: '100.000000' },
      visibleAt: isoTime(today, -10),
      createdAt: isoTime(today, -10),
      updatedAt: isoTime(today, -10),
    },
    {
      notificationId: n(5),
      siteId,
      recipientType: 'site_broadcast',
      recipientId: null,
      category: 'system',
      subcategory: 'maintenance',
      severity: 'high',
      title: `${site} maintenance window`,
      body: 'Scheduled maintenance on Sunday 02:00–03:00 UTC.',
      visibleAt: isoTime(today, -3),
      createdAt: isoTime(today, -3),
      updatedAt: isoTime(today, -3),
    },
    {
      notificationId: n(6),
      siteId,
      recipientType: 'site_broadcast',
      recipientId: null,
      category: 'system',
      subcategory: 'announcement',
      severity: 'info',
      title: `Welcome to POSX ${site}`,
      body: 'The token sale is open.',
      visibleAt: isoTime(today, -30),
      createdAt: isoTime(today, -30),
      updatedAt: isoTime(today, -30),
    },
    {
      // Scheduled: not visible yet.
      notificationId: n(7),
      siteId,
      recipientType: 'site_broadcast',
      recipientId: null,
      category: 'system',
      subcategory: 'announcement',
      severity: 'info',
      title: 'Coming soon',
      body: 'A new tier opens next week.',
      visibleAt: isoTime(today, 7),
      createdAt: isoTime(today, -1),
      updatedAt: isoTime(today, -1),
    },
    {
      // Expired: no longer shown.
      notificationId: n(8),
      siteId,
      recipientType: 'site_broadcast',
      recipientId: null,
      category: 'system',
      subcategory: 'announcement',
      severity: 'warning',
      title: 'Early-bird ends today',
      body: 'Last chance for early-bird pricing.',
      visibleAt: isoTime(today, -20),
      expiresAt: isoTime(today, -19),
      createdAt: isoTime(today, -20),
      updatedAt: isoTime(today, -20),
    },
  ];
  count('notifications', await tx.insert(notifications).values(rows).onConflictDoNothing());
  // Email delivery of the two newest personal notifications: one sent, one waiting for a retry.
  count(
    'notification_channel_tasks',
    await tx
      .insert(notificationChannelTasks)
      .values([
        {
          taskId: id('880e8400', siteNo * 10 + 1),
          notificationId: n(1),
          channel: 'email',
          target: site === 'NA' ? 'alice@example.com' : 'carol@example.com',
          status: 'sent',
          payload: { subject: 'Payment received' },
          sentAt: isoTime(today, -60, 1),
          createdAt: isoTime(today, -60),
          updatedAt: isoTime(today, -60, 1),
        },
        {
          taskId: id('880e8400', siteNo * 10 + 2),
          notificationId: n(2),
          channel: 'email',
          target: site === 'NA' ? 'alice@example.com' : 'carol@example.com',
          status: 'pending',
          retryCount: 1,
          lastError: 'SMTP 451: try again later',
          nextRetryAt: isoTime(today, 0, 1),
          createdAt: isoTime(today, -2),
          updatedAt: isoTime(today, -1),
        },
      ])
      .onConflictDoNothing(),
  );
  // `mine` has read the oldest broadcast; the newer one stays unread.
  count(
    'notification_read_receipts',
    await tx
      .insert(notificationReadReceipts)
      .values({ receiptId: id('860e8400', siteNo), notificationId: n(6), userId: mine, readAt: isoTime(today, -29) })
      .onConflictDoNothing(),
  );
  count(
    'notification_preferences',
    await tx
      .insert(notificationPreferences)
      .values({
        preferenceId: id('870e8400', siteNo),
        siteId,
        userId: mine,
        channel: 'email',
        category: 'system',
        isEnabled: false,
        quietHoursStart: '22:00:00',
        quietHoursEnd: '07:00:00',
      })
      .onConflictDoNothing(),
  );
}
